"""Textual widgets of the chat app (imported only by the UI)."""
