"""The chat app: a conversation of questions and answer cards over the loaded data (Textual).

One message in, one message out per question: Enter starts a thread worker that asks the engine
and posts `JobDone` back; widgets are only touched on the app's thread. Esc interrupts DuckDB and
drops the running answer. Every question is saved (before it is answered) in the history.

The app takes a loaded Catalog or a zero-argument loader: with a loader the first frame shows at once
("loading samples…"), the data loads in a background thread, and questions asked meanwhile wait for it.
Workers share the catalog's DuckDB connection and take turns on it (`db_lock`).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import sqlite3
import threading
from collections import deque
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from textual import on, work
from textual.app import App, ComposeResult, SystemCommand
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.events import Resize
from textual.highlight import highlight
from textual.message import Message
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Collapsible, Footer, Static
from textual.worker import get_current_worker

from assistant.export import WRITERS, ExportError, export_answer, format_of
from assistant.history import DATA_DIR_ENV, History, data_dir
from assistant.output import FileExists, OutputError
from assistant.widgets.answer_card import AnswerCard, ResultTable, format_cell
from assistant.widgets.catalog_panel import CatalogPanel
from assistant.widgets.plain import plain
from assistant.widgets.prompt_input import PromptInput, vocabulary
from assistant.widgets.question_bubble import QuestionBubble
from assistant.widgets.thinking import Thinking
from assistant.widgets.welcome import Welcome, data_summaries, data_summary, example_questions
from catalog import Catalog, DataError, QueryError, asof
from catalog.answer import Answer, Status
from catalog.safety import MAX_FETCH_ROWS, timeout_s
from catalog.semantic import SemanticModel

if TYPE_CHECKING:
    from assistant.engine import Assistant
    from catalog import Catalog

Result = Any  # an Answer, or a Catalog after /load
Job = Callable[[], Result]
Loader = Callable[[], "Catalog"]
"""A zero-argument function that loads the data (run in a thread after the first frame)."""

SLASH_COMMANDS: dict[str, tuple[str, str]] = {
    "help": ("", "example questions for this data and these commands"),
    "schema": ("", "tables, columns and their roles"),
    "load": ("PATH", "load another file or folder"),
    "export": ("PATH [--force]", "write the last answer's table (.csv, .xlsx, .parquet, .json or .md)"),
    "report": ("[PATH] [--force]", "write this conversation as a report (.html or .md)"),
    "new": ("", "start a new conversation"),
    "sql": ("SELECT …", "run one read-only SELECT"),
    "theme": ("[NAME]", "switch between dark and light, or pick a theme"),
    "copy": ("sql|table", "copy the last answer's SQL or table to the clipboard"),
}
"""Slash commands: arguments and help; `/name arg` is handled by `slash_<name>(arg, text)`, which returns
a card to show now, or None when it started a worker (or needs no card)."""
THEMES = ("textual-dark", "textual-light")
"""What /theme without a name toggles between."""
MAX_WIDGETS = 80
"""Bubbles and cards kept on screen; older ones leave the screen (not the history)."""
THINKING_DELAY_S = 0.15
"""The progress indicator appears only for answers that take longer than this."""
REPORT_SUFFIXES = {".html": "html", ".htm": "html", ".md": "md"}
SHORT_SCREEN_ROWS = 30
"""Below this many rows the app gets the class `-short` (smaller tables and charts, see app.tcss)."""
QUESTION_ROWS = 2
"""Rows above an answer card taken by its question (and the margin between them)."""
REOPEN_UNFOLDED = 1
"""A reopened conversation shows its last answer whole; older ones show their sentence (a button unfolds them)."""
HELP_WAIT_S = 0.1
"""How long /help waits for a running query before it leaves out the skills' examples."""


@dataclass
class Queued:
    """A question or command waiting for the one before it."""

    text: str
    job: Job
    record: bool
    exchange_id: int | None
    bubble: QuestionBubble
    stoppable: bool = True


class DataLoaded(Message):
    """The loader finished: a Catalog, or the reason it failed."""

    def __init__(self, catalog: Catalog | None, error: str = "") -> None:
        super().__init__()
        self.catalog = catalog
        self.error = error


class NoData(Exception):
    """A question needs data and none could be loaded."""


class JobDone(Message):
    """A worker finished: its result (Answer or Catalog) for request `token`."""

    def __init__(self, result: Result, token: int, exchange_id: int | None, record: bool) -> None:
        super().__init__()
        self.result = result
        self.token = token
        self.exchange_id = exchange_id
        self.record = record


def db_lock(catalog: Catalog) -> threading.RLock:
    """The lock of one catalog's connection (owned by the catalog): held across the queries of one answer."""
    return catalog.lock


def info(question: str, text: str, status: Status = "answer", **fields: Any) -> Answer:
    """An answer card that is not an answer from the data (help, errors of commands, confirmations)."""
    return Answer(question=question, status=status, text=text, **fields)


def sql_answer(catalog: Catalog, text: str, question: str) -> Answer:
    """Run user SQL through the catalog's read-only guard."""
    try:
        result = catalog.run(text, limit=1000)
    except QueryError as e:
        return info(question, str(e), "error")
    return info(
        question,
        f"The query returned {result.row_count:,} rows.",
        interpretation="Your SQL, run read-only.",
        sql=result.sql,
        columns=result.columns,
        rows=result.rows,
        row_count=result.row_count,
    )


class CraApp(App[None]):
    """Ask questions of CRM data and read the answers as cards."""

    CSS_PATH = Path(__file__).with_name("app.tcss")
    TITLE = "cra"
    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+b", "toggle_catalog", "Data"),
        Binding("ctrl+n", "new_conversation", "New"),
        Binding("f1", "command('/help')", "Help"),
    ]

    def __init__(
        self,
        catalog: Catalog | Loader,
        as_of: dt.date | str | None = None,
        history: History | None = None,
        source: str = "samples",
    ) -> None:
        """`catalog`: loaded data, or a loader run in a thread after the first frame; `source` names it."""
        super().__init__()
        self._loader: Loader | None = None if _is_catalog(catalog) else cast("Loader", catalog)
        self.catalog: Catalog | None = None if self._loader else cast("Catalog", catalog)
        """The loaded data; None while the loader runs (or after it failed)."""
        self.source = source
        self.load_error = ""
        """Why the data could not be loaded ("" when it loaded or is loading)."""
        self._data_ready = threading.Event()
        """Set once there is data, or once loading failed: waiting questions go on."""
        self.as_of = as_of
        """--as-of as given (a date, "today" or None for the end of the data); see catalog.asof."""
        if self.catalog is not None:
            self.catalog.timeout = timeout_s()
            _apply_as_of(self.catalog, as_of)
            self._data_ready.set()
        self.history_problem = ""
        """Why conversations are not being saved ("" when they are): said once, on start."""
        if history is None:
            history, self.history_problem = _open_history()
        self.history = history
        self.answers: list[Answer] = []
        """Answers of this conversation (for /report)."""
        self.last_answer: Answer | None = None
        self._engine: Assistant | None = None
        self._engine_lock = threading.Lock()
        self._conversation_id: int | None = None
        self._token = 0
        self._busy = False
        self._stoppable = True
        """Whether Esc may drop the running job (a question or a load; not a file being written)."""
        self._pending_exchange: int | None = None
        self._thinking: Timer | None = None
        self._revealing: AnswerCard | None = None
        """The newest card, followed into view while its height settles."""
        self._stop_load = threading.Event()
        """Set by Esc while /load runs: the load stops (DuckDB is interrupted)."""
        self._loading = ""
        """The name of what /load is loading (the source once it is loaded)."""
        self._queue: deque[Queued] = deque()
        """Questions and commands asked while another runs, oldest first: each starts when the one before ends."""

    # ---- layout -------------------------------------------------------------------------------
    @property
    def model(self) -> SemanticModel:
        """The semantic model of the data (empty while loading)."""
        return self.catalog.model if self.catalog is not None else SemanticModel()

    @property
    def data_loading(self) -> bool:
        """Whether the data is still being loaded."""
        return not self._data_ready.is_set()

    def compose(self) -> ComposeResult:
        yield Static(self._header_text(), id="data-header", markup=False)
        with Horizontal(id="main"):
            yield CatalogPanel(self.model, id="catalog")
            with VerticalScroll(id="conversation"):
                yield self._welcome()
        yield PromptInput(vocabulary(self.model), id="prompt")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(PromptInput).focus()
        if self.history_problem:
            self.notify(plain(self.history_problem), severity="warning", timeout=8, markup=False)
        if self._loader is not None:
            self.call_after_refresh(self._start_loading)  # after the first frame: it never waits for the data
        else:
            self._warm_up()

    def _welcome(self) -> Welcome:
        loading = f"Loading {self.source}… you can type a question already." if self.data_loading else ""
        return Welcome(self.model, self._recent(), loading=loading)

    def _header_text(self, width: int | None = None) -> str:
        """What the data is, in the longest form that fits the width (the header cuts it with … else)."""
        if self.data_loading:
            return plain(f"cra · loading {self.source}…")
        if self.catalog is None:
            return plain(f"cra · no data ({self.source} could not be loaded): /load PATH")
        as_of = self.catalog.as_of
        dated = f" · {as_of.words}" if as_of is not None else ""
        backend = getattr(self.catalog, "backend", None)
        where = f"{backend.name} · " if backend is not None and backend.name != "DuckDB" else ""
        forms = [f"cra · {where}{summary}{dated}" for summary in data_summaries(self.catalog.model)]
        room = (width or self.size.width) - 2
        return plain(next((form for form in forms if len(form) <= room), forms[-1]))

    def on_resize(self, event: Resize) -> None:
        self._revealing = None  # a new terminal size: keep the view where the person has it
        self.set_class(event.size.height < SHORT_SCREEN_ROWS, "-short")
        with contextlib.suppress(NoMatches):  # before compose or while closing: no header
            self.query_one("#data-header", Static).update(self._header_text(event.size.width))

    # ---- loading the data ---------------------------------------------------------------------------
    def _start_loading(self) -> None:
        """Load the data in a daemon thread (not a worker: quitting must not wait for a long load)."""
        threading.Thread(target=self._load_data, name="cra-load-data", daemon=True).start()

    def _load_data(self) -> None:
        """In the loading thread: run the loader and post DataLoaded (thread-safe)."""
        assert self._loader is not None
        try:
            catalog = self._loader()
            _apply_as_of(catalog, self.as_of)
        except Exception as e:  # a DataError says why; anything else is still a card, never a traceback
            reason = str(e) if isinstance(e, DataError) else f"{type(e).__name__}: {e}"
            self.post_message(DataLoaded(None, reason))
            return
        self.post_message(DataLoaded(catalog))

    @on(DataLoaded)
    def _data_loaded(self, message: DataLoaded) -> None:
        if not self.data_loading or self._closing_down():
            return  # /load gave other data first, or the app is closing
        if message.catalog is None:
            self.load_error = message.error
            self._data_ready.set()
            self.query_one("#data-header", Static).update(self._header_text())
            self._replace_welcome()
            text = f"Could not load {self.source}: {message.error}. Give other data with /load PATH."
            self._show(AnswerCard(info("", text, "error")))
            return
        self._set_catalog(message.catalog)
        self._replace_welcome()

    def _set_catalog(self, catalog: Catalog) -> None:
        """Use this data from now on: engine, header, catalog panel, completions; questions waiting go on."""
        catalog.timeout = timeout_s()  # an interactive question never runs for ever
        self.catalog = catalog
        self.load_error = ""
        _apply_as_of(catalog, self.as_of)
        with self._engine_lock:
            self._engine = None
        self._data_ready.set()
        self.query_one("#data-header", Static).update(self._header_text())
        self.query_one(CatalogPanel).show(catalog.model)
        self.query_one(PromptInput).set_terms(vocabulary(catalog.model))
        self._warm_up()

    def _replace_welcome(self) -> None:
        """Put the welcome card for the loaded data where the loading one was."""
        for old in self.query(Welcome):
            self.conversation.mount(self._welcome(), before=old)
            old.remove()

    def _wait_for_data(self) -> Catalog:
        """In a worker: block until the data is loaded (NoData if it could not be; returns if cancelled)."""
        while not self._data_ready.wait(0.05):
            if get_current_worker().is_cancelled:
                break
        if self.catalog is None:
            raise NoData(self.load_error or "the data is still loading")
        return self.catalog

    def _recent(self) -> list[Any]:
        """Saved conversations for the welcome card, without the one under way (a question asked while
        the data loads is saved before the welcome card for the data is drawn)."""
        if self.history is None:
            return []
        try:
            return [c for c in self.history.conversations() if c.id != self._conversation_id]
        except sqlite3.Error:
            return []

    def _closing_down(self) -> bool:
        """Whether the screen is being taken down (a worker's message may still arrive)."""
        return not self.query("#conversation")

    @property
    def conversation(self) -> VerticalScroll:
        return self.query_one("#conversation", VerticalScroll)

    def _show(self, *widgets: Any) -> None:
        """Add widgets to the conversation: at the end, but above the questions waiting their turn
        (a waiting question itself goes last)."""
        conversation = self.conversation
        extra = len(conversation.children) + len(widgets) - MAX_WIDGETS
        if extra > 0:  # the history keeps everything; the screen keeps the recent part fast to lay out
            conversation.remove_children(list(conversation.children)[:extra])
        waiting = [w for w in conversation.children if isinstance(w, QuestionBubble) and w.waiting]
        if waiting and not any(isinstance(w, QuestionBubble) and w.waiting for w in widgets):
            conversation.mount_all(widgets, before=waiting[0])
        else:
            conversation.mount_all(widgets)
        newest = widgets[-1]
        self._revealing = newest if isinstance(newest, AnswerCard) else None
        self.call_after_refresh(self._reveal, newest)

    def _reveal(self, widget: Any) -> None:
        """Scroll to the end; but when a new card is taller than the view, to its question instead."""
        if not self.screen.query("#conversation"):
            return  # the chat is gone (an error screen replaced it before the card settled)
        conversation = self.conversation
        height = conversation.scrollable_content_region.height
        if isinstance(widget, AnswerCard) and widget.outer_size.height + QUESTION_ROWS > height:
            conversation.scroll_to(y=max(0, widget.virtual_region.y - QUESTION_ROWS), animate=False)
        else:
            conversation.scroll_end(animate=False)

    @on(AnswerCard.LaidOut)
    def _card_laid_out(self, event: AnswerCard.LaidOut) -> None:
        """A new card's height settles over a few refreshes (its table, chart, text wrap): follow it."""
        if event.card is self._revealing:
            self._reveal(event.card)

    @on(Collapsible.Toggled)
    def _stop_revealing(self) -> None:
        """Once the person opens or closes part of a card, the view is theirs."""
        self._revealing = None

    # ---- the engine -----------------------------------------------------------------------------
    def engine(self) -> Assistant:
        """The question engine, created on first use in a worker (waiting for the data if it is loading)."""
        catalog = self._wait_for_data()
        with db_lock(catalog), self._engine_lock:  # building the engine reads the data
            if self._engine is None:
                from assistant.engine import Assistant

                self._engine = Assistant(catalog, as_of=self.as_of)
            return self._engine

    @work(thread=True, exclusive=True, exit_on_error=False, group="warm")
    def _warm_up(self) -> None:
        highlight("SELECT 1", language="sql")  # loads pygments' SQL lexer off the UI thread
        engine = self.engine()
        with db_lock(engine.catalog):
            for question in example_questions(engine.catalog.model)[:1]:
                engine.plan(question)  # loads the parser's lazy imports; keeps no state
            try:
                from assistant.skills import REGISTRY

                skills = REGISTRY.examples(engine.catalog)
            except Exception:  # a skill that cannot say is simply not offered
                skills = []
        if skills:
            self.call_from_thread(self._add_skill_examples, engine.catalog, skills)

    def _add_skill_examples(self, catalog: Catalog, questions: list[str]) -> None:
        """The skills' examples (what drives churn, segments, feedback) join the welcome card's."""
        if catalog is not self.catalog or self._closing_down():
            return
        for welcome in self.query(Welcome):
            welcome.add_examples(questions)

    def _ask_engine(self, question: str) -> Answer:
        try:
            engine = self.engine()
            with db_lock(engine.catalog):
                return engine.ask(question)
        except NoData as e:
            return info(question, f"There is no data to answer from: {e}. Use /load PATH.", "error")
        except Exception as e:  # the UI shows a reason, never a traceback
            return info(question, f"Something went wrong while answering: {type(e).__name__}: {e}", "error")

    # ---- asking -------------------------------------------------------------------------------------
    @on(PromptInput.Submitted)
    def _submitted(self, event: PromptInput.Submitted) -> None:
        text = event.value.strip()
        event.input.value = ""
        if text:
            self.query_one(PromptInput).remember(text)
            self.action_command(text)

    def action_command(self, text: str) -> None:
        """Ask a question, or run a /command."""
        if not text.startswith("/"):
            self.ask(text)
            return
        name, _, arg = text[1:].partition(" ")
        if name.lower() not in SLASH_COMMANDS:
            known = ", ".join(f"/{n}" for n in SLASH_COMMANDS)
            self._show(
                QuestionBubble(text),
                AnswerCard(info(text, f"Unknown command /{name}: try {known}.", "error")),
            )
            return
        outcome = getattr(self, f"slash_{name.lower()}")(arg.strip(), text)
        if isinstance(outcome, Answer):
            self._show(QuestionBubble(text), AnswerCard(outcome))

    def ask(self, question: str) -> None:
        """Ask the engine a question in a worker."""
        self._start(question, lambda: self._ask_engine(question), record=True)

    def _start(self, text: str, job: Job, record: bool, stoppable: bool = True) -> None:
        """Run a job now, or, while another runs, queue it (its question shown as waiting, and saved).
        A job that is not `stoppable` (writing a file) always runs to its end: Esc does not drop it."""
        exchange_id = self._save_question(text) if record else None
        if self._busy:
            bubble = QuestionBubble(text, waiting=True)
            self._queue.append(Queued(text, job, record, exchange_id, bubble, stoppable))
            self._show(bubble)
            return
        self._begin(Queued(text, job, record, exchange_id, QuestionBubble(text), stoppable), shown=False)

    def _begin(self, queued: Queued, shown: bool) -> None:
        self._token += 1
        self._busy = True
        self._stoppable = queued.stoppable
        self._pending_exchange = queued.exchange_id
        if shown:
            queued.bubble.start()
        else:
            self._show(queued.bubble)
        self._thinking = self.set_timer(THINKING_DELAY_S, self._show_thinking)
        self._run(queued.job, self._token, queued.exchange_id, queued.record)

    def _next(self) -> None:
        """Start the oldest waiting question, if nothing runs."""
        if self._queue and not self._busy and not self._closing_down():
            self._begin(self._queue.popleft(), shown=True)

    def _drop_queue(self) -> None:
        """Forget the waiting questions (a new conversation starts); saved ones are marked not answered."""
        while self._queue:
            queued = self._queue.popleft()
            self._save_answer(
                queued.exchange_id, info(queued.text, "Not answered: a new conversation started.", "error")
            )

    def _show_thinking(self) -> None:
        if self._busy and not self.query(Thinking):
            self._show(Thinking(f"Loading {self.source} first…" if self.data_loading else ""))

    def _stop_thinking(self) -> None:
        if self._thinking is not None:
            self._thinking.stop()
            self._thinking = None
        self.query(Thinking).remove()

    @work(thread=True, exclusive=True, exit_on_error=False, group="answer")
    def _run(self, job: Job, token: int, exchange_id: int | None, record: bool) -> None:
        try:
            result = job()
        except Exception as e:  # a job that failed still answers with a card
            result = info("", f"Something went wrong: {type(e).__name__}: {e}", "error")
        self.post_message(JobDone(result, token, exchange_id, record))

    @on(JobDone)
    def _job_done(self, message: JobDone) -> None:
        if message.token != self._token or self._closing_down():
            return  # cancelled or superseded, or the app is closing
        self._busy = False
        self._pending_exchange = None
        self._stop_thinking()
        result = message.result
        if not isinstance(result, Answer):
            result = self._use_catalog(result)
        self._show(AnswerCard(result))
        if message.record:
            self.answers.append(result)
            self._save_answer(message.exchange_id, result)
        if result.columns or result.sql:
            self.last_answer = result
        self._next()

    def action_cancel(self) -> None:
        """Esc: stop the running question (DuckDB is interrupted; the answer is dropped), else clear the input."""
        if not self._busy:
            self.query_one(PromptInput).value = ""
            return
        if not self._stoppable:  # a file being written is finished, never left half-done or called cancelled
            self.notify(
                "A file is being written: it cannot be stopped, and is done in a moment.", markup=False
            )
            return
        self._token += 1
        self._busy = False
        self._stop_load.set()  # a running /load stops too
        with contextlib.suppress(Exception):  # nothing running in DuckDB
            if self.catalog is not None:
                self.catalog.interrupt()
        self.workers.cancel_group(self, "answer")
        self._stop_thinking()
        cancelled = info("", "Cancelled.", "error")
        self._save_answer(self._pending_exchange, cancelled)
        self._pending_exchange = None
        self._show(AnswerCard(cancelled))
        self._next()  # the questions asked meanwhile still get their answers

    @on(AnswerCard.Suggested)
    def _suggested(self, event: AnswerCard.Suggested) -> None:
        self.action_command(event.question)  # a question, or a command such as "/export ... --force"
        self.query_one(PromptInput).focus()

    @on(CatalogPanel.ColumnChosen)
    def _column_chosen(self, event: CatalogPanel.ColumnChosen) -> None:
        self.query_one(PromptInput).insert_words(event.words)

    # ---- history --------------------------------------------------------------------------------------
    def _save_question(self, question: str) -> int | None:
        if self.history is None:
            return None
        try:
            if self._conversation_id is None:
                self._conversation_id = self.history.new_conversation(question[:80], self.source)
            return self.history.add_question(self._conversation_id, question)
        except sqlite3.Error as e:
            self.notify(plain(f"Could not save the conversation: {e}"), severity="warning", markup=False)
            return None

    def _save_answer(self, exchange_id: int | None, answer: Answer) -> None:
        if self.history is None or exchange_id is None:
            return
        try:
            self.history.add_answer(exchange_id, answer)
        except sqlite3.Error as e:
            self.notify(plain(f"Could not save the answer: {e}"), severity="warning", markup=False)

    @on(Welcome.Reopen)
    async def _reopen(self, event: Welcome.Reopen) -> None:
        """Show a saved conversation again, all at once: its cards, the prompt's ↑ history, and the
        follow-up context (its questions planned again in a worker, nothing run)."""
        if self.history is None:
            return
        await self._start_over()
        if self._closing_down():
            return
        self._conversation_id = event.conversation_id
        widgets: list[Any] = []
        prompt = self.query_one(PromptInput)
        questions: list[str] = []
        exchanges = self.history.exchanges(event.conversation_id)
        for i, exchange in enumerate(exchanges):
            answer = exchange.answer or info(
                exchange.question, "No answer was saved (cra closed first).", "error"
            )
            folded = i < len(exchanges) - REOPEN_UNFOLDED
            widgets += [QuestionBubble(exchange.question), AnswerCard(answer, folded=folded)]
            prompt.remember(exchange.question)
            if exchange.answer is not None:
                self.answers.append(exchange.answer)
                if exchange.answer.columns or exchange.answer.sql:  # as when it was asked (_job_done)
                    self.last_answer = exchange.answer
                if not exchange.question.startswith("/"):
                    questions.append(exchange.question)
        if widgets:
            self._show(*widgets[-MAX_WIDGETS:])
        prompt.focus()
        if questions:
            self._restore_context(questions)

    @work(thread=True, exclusive=True, exit_on_error=False, group="restore")
    def _restore_context(self, questions: list[str]) -> None:
        """In a worker: the engine reads the conversation's questions again, so a follow-up continues it."""
        engine = self.engine()
        with db_lock(engine.catalog):
            engine.restore(questions)

    async def action_new_conversation(self) -> None:
        await self._start_over()
        self._show(self._welcome())

    async def _start_over(self) -> None:
        """Cancel what runs and what waits, forget the conversation (engine context too), clear the screen."""
        self._drop_queue()
        self.action_cancel()
        with self._engine_lock:
            if self._engine is not None:
                self._engine.reset()
        self._conversation_id = None
        self.answers = []
        self.last_answer = None
        await self.conversation.remove_children()

    def action_toggle_catalog(self) -> None:
        self.query_one(CatalogPanel).toggle_class("-visible")

    # ---- slash commands ---------------------------------------------------------------------------------
    def slash_help(self, arg: str, text: str) -> Answer:
        examples = example_questions(self.model)
        examples += list(getattr(self._engine, "suggestions", ())) + self._skill_examples()
        commands = tuple(
            f"/{name} {args}".rstrip() + f" — {help_}" for name, (args, help_) in SLASH_COMMANDS.items()
        )
        keys = "Keys: Enter asks · ↑/↓ earlier questions · Tab or → completes · Esc cancels · "
        keys += "Ctrl+B data panel · Ctrl+N new conversation · Ctrl+P commands"
        return info(text, "Ask about your data in plain English; some questions this data can answer:",
                    suggestions=tuple(dict.fromkeys(examples)), notes=(*commands, keys))  # fmt: skip

    def _skill_examples(self) -> list[str]:
        """Example questions of the skills this data has (none while a query holds the connection)."""
        catalog = self.catalog
        if catalog is None:
            return []
        lock = db_lock(catalog)
        if not lock.acquire(timeout=HELP_WAIT_S):  # the UI thread never waits for a long query
            return []
        try:
            from assistant.skills import REGISTRY  # the skills import numpy: not before the first frame

            return REGISTRY.examples(catalog)
        except Exception:  # a skill that cannot say is simply not listed
            return []
        finally:
            lock.release()

    def slash_schema(self, arg: str, text: str) -> Answer:
        if self.catalog is None:
            return self._no_data_yet(text)
        model = self.catalog.model
        rows = tuple(
            (c.table, c.name, c.dtype, c.role.value + (f" ({c.unit})" if c.unit else ""), c.words)
            for c in model.columns()
        )
        notes = tuple(f"{r.table}.{r.column} → {r.ref_table}.{r.ref_column}" for r in model.relations)
        return info(text, f"The data: {data_summary(model)}.", columns=("table", "column", "type", "role", "words"),
                    rows=rows, row_count=len(rows), notes=notes)  # fmt: skip

    def slash_load(self, arg: str, text: str) -> Answer | None:
        if not arg:
            return info(text, "Give a file or folder: /load PATH", "error")
        self._stop_load = stop = threading.Event()
        self._loading = Path(arg).expanduser().name or arg
        self._start(text, lambda: _load_catalog(arg, text, stop), record=False)
        return None

    def _no_data_yet(self, text: str) -> Answer:
        if self.data_loading:
            return info(text, f"{self.source.capitalize()} is still loading: try again in a moment.", "error")
        return info(text, f"No data is loaded ({self.load_error}): use /load PATH.", "error")

    def _use_catalog(self, catalog: Catalog) -> Answer:
        """Switch to newly loaded data: a new engine, catalog panel, vocabulary and conversation."""
        self._conversation_id = None
        self.answers = []
        self.last_answer = None
        stale_welcome = self.data_loading or bool(self.load_error)  # the welcome card of data that never came
        self.source = self._loading or self.source  # what the conversations list says they were about
        self._set_catalog(catalog)
        if stale_welcome:
            self._replace_welcome()
        return info("/load", f"Loaded {data_summary(catalog.model)}. A new conversation starts.",
                    suggestions=tuple(example_questions(catalog.model)))  # fmt: skip

    def slash_export(self, arg: str, text: str) -> Answer | None:
        arg, force = _force(arg)
        first, _, rest = arg.partition(" ")
        fmt, path = (first.lower(), rest.strip()) if first.lower() in WRITERS else (format_of(arg), arg)
        if not path or fmt is None:
            known = ", ".join(f".{f}" for f in WRITERS)
            return info(text, f"Usage: /export PATH (the format from its extension: {known}), "
                              "or /export FORMAT PATH", "error")  # fmt: skip
        if self.last_answer is None:
            return info(text, "There is no answer to export yet.", "error")
        answer, catalog = self.last_answer, self.catalog
        if catalog is None:
            return self._no_data_yet(text)
        self._start(
            text,
            lambda: _export(answer, fmt, path, catalog, text, force),
            record=False,
            stoppable=False,
        )
        return None

    def slash_report(self, arg: str, text: str) -> Answer | None:
        arg, force = _force(arg)
        if not self.answers:
            return info(
                text, "Ask a question first: the report is made of this conversation's answers.", "error"
            )
        path = Path(arg or "cra-report.html").expanduser()
        fmt = REPORT_SUFFIXES.get(path.suffix.lower()) if path.suffix else None
        if path.suffix and fmt is None:
            return info(text, "A report is written as html or md: name the file .html or .md", "error")
        answers = list(self.answers)
        inputs = self.catalog.inputs if self.catalog is not None else ()
        self._start(
            text, lambda: _report(answers, path, fmt, text, force, inputs), record=False, stoppable=False
        )
        return None

    def slash_new(self, arg: str, text: str) -> None:
        self.call_later(self.action_new_conversation)

    def slash_sql(self, arg: str, text: str) -> None:
        self._start(text, lambda: self._sql_job(arg, text), record=True)

    def _sql_job(self, sql: str, text: str) -> Answer:
        try:
            catalog = self._wait_for_data()
        except NoData as e:
            return info(text, f"There is no data to query: {e}. Use /load PATH.", "error")
        with db_lock(catalog):
            return sql_answer(catalog, sql, text)

    def slash_theme(self, arg: str, text: str) -> Answer | None:
        if not arg:
            self.theme = THEMES[1] if self.theme == THEMES[0] else THEMES[0]
            return None
        if arg not in self.available_themes:
            return info(text, f"No theme {arg!r}: try {', '.join(sorted(self.available_themes))}.", "error")
        self.theme = arg
        return None

    def slash_copy(self, arg: str, text: str) -> Answer | None:
        what = arg or "table"
        answer = self.last_answer
        if answer is None:
            return info(text, "There is no answer to copy yet.", "error")
        if what == "sql" and answer.sql:
            self.copy_to_clipboard(answer.sql)
        elif what == "table" and answer.columns:
            tables = [c for c in self.query(AnswerCard) if c.answer is answer]
            found = tables[-1].query(ResultTable) if tables else None
            self.copy_to_clipboard(found.first().as_tsv() if found else table_tsv(answer))
        else:
            return info(text, "Usage: /copy sql|table (the last answer has none of that)", "error")
        self.notify(f"Copied the {what} of the last answer.")
        return None

    # ---- command palette --------------------------------------------------------------------------------
    def _prefill(self, text: str) -> None:
        """Put a command that needs an argument in the prompt, the cursor at its end."""
        prompt = self.query_one(PromptInput)
        prompt.value = text
        prompt.cursor_position = len(text)
        prompt.focus()

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield SystemCommand("New conversation", "Start again (Ctrl+N)", self.action_new_conversation)
        yield SystemCommand(
            "Data panel", "Show or hide tables and columns (Ctrl+B)", self.action_toggle_catalog
        )
        for name, (args, help_) in SLASH_COMMANDS.items():
            if not args or args.startswith("["):  # runs as it is
                yield SystemCommand(
                    f"/{name} {args}".rstrip(),
                    help_.capitalize(),
                    lambda n=name: self.action_command(f"/{n}"),
                )
            else:  # needs an argument: put the command in the prompt, to be completed
                yield SystemCommand(
                    f"/{name} {args}", help_.capitalize(), lambda n=name: self._prefill(f"/{n} ")
                )
        yield SystemCommand(
            "Copy SQL", "Copy the last answer's SQL", lambda: self.action_command("/copy sql")
        )
        yield SystemCommand(
            "Copy table", "Copy the last answer's table", lambda: self.action_command("/copy table")
        )
        for question in example_questions(self.model):
            yield SystemCommand(f"Ask: {question}", "An example question", lambda q=question: self.ask(q))


def table_tsv(answer: Answer) -> str:
    """An answer's table as tab-separated text."""
    lines = ["\t".join(answer.columns)] + ["\t".join(format_cell(v) for v in row) for row in answer.rows]
    return "\n".join(lines)


def _open_history() -> tuple[History | None, str]:
    """The history, or None and the reason conversations will not be saved."""
    try:
        return History(), ""
    except (OSError, sqlite3.Error) as e:
        reason = getattr(e, "strerror", None) or str(e)
        return None, (
            f"Conversations are not saved: cannot write to {data_dir()} ({reason}); "
            f"set {DATA_DIR_ENV} to a writable folder."
        )


def _load_catalog(path: str, question: str, stop: threading.Event | None = None) -> Result:
    try:
        return Catalog.load([path], cancel=stop)
    except DataError as e:
        return info(question, f"Could not load {path}: {e}", "error")


def _force(arg: str) -> tuple[str, bool]:
    """A command's argument without a trailing `--force`, and whether it had one."""
    words = arg.split()
    if words and words[-1] == "--force":
        return arg[: arg.rstrip().rfind("--force")].strip(), True
    return arg, False


def _overwrite(question: str, error: Exception, command: str) -> Answer:
    """A card that asks before writing over a file: a button runs the command again with --force."""
    text = f"{getattr(error, 'path', 'The file')} already exists. Overwrite it?"
    return info(question, text, "clarify", suggestions=(f"{command} --force",))


def _export(
    answer: Answer, fmt: str, path: str, catalog: Catalog, question: str, force: bool = False
) -> Answer:
    try:
        with db_lock(catalog):  # a capped answer is run again in full
            written = export_answer(answer, fmt, path, catalog, force=force)
    except FileExists as e:
        return _overwrite(question, e, f"/export {fmt} {path}")
    except (ExportError, ValueError) as e:
        return info(question, f"Could not export: {e}", "error")
    except OSError as e:
        return info(question, f"Could not write {path}: {e.strerror or e}", "error")
    rows = len(answer.rows) if fmt == "md" else min(answer.row_count, MAX_FETCH_ROWS)
    more = (
        f" (of {answer.row_count:,}: cra fetches at most {MAX_FETCH_ROWS:,})"
        if rows < answer.row_count
        else ""
    )
    return info(question, f"Wrote {rows:,} rows to {written}{more}.")


def _report(
    answers: list[Answer],
    path: Path,
    fmt: str | None,
    question: str,
    force: bool = False,
    inputs: tuple[Path, ...] = (),
) -> Answer:
    from assistant.report import write_conversation

    try:
        written = write_conversation(answers, path, fmt, force=force, inputs=inputs)
    except FileExists as e:
        return _overwrite(question, e, f"/report {path}")
    except (ValueError, OutputError) as e:
        return info(question, f"Could not write the report: {e}", "error")
    except OSError as e:
        return info(question, f"Could not write the report to {path}: {e.strerror or e}", "error")
    return info(question, f"Wrote a report of {len(answers)} answers to {written or path}.")


def _is_catalog(data: object) -> bool:
    """A loaded Catalog (anything with a semantic model), as opposed to a loader to call."""
    return hasattr(data, "model") and hasattr(data, "run")


def _apply_as_of(catalog: Catalog, as_of: dt.date | str | None) -> None:
    """Cut the data at the as-of date unless it already is (the header shows it); see catalog.asof."""
    current = catalog.as_of
    if current is not None and (
        (as_of is None and current.source == "data")
        or (as_of == "today" and current.source == "today")
        or as_of == current.date
    ):
        return
    asof.apply(catalog, as_of)


def run_app(data: Catalog | Loader, as_of: dt.date | str | None = None, source: str = "samples") -> None:
    """Open the chat app (what `cra` and `cra chat` run): `data` is a Catalog or a loader run after the first frame."""
    CraApp(data, as_of=as_of, source=source).run()
