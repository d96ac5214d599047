"""Sentiment of free-text feedback: VADER scores at scale, summaries, themes and the skills.

- `sentiment.score`: `SentimentScorer`, `score_texts`, `Score`, `label_for`, `looks_english`
  (bit-identical to vaderSentiment, cached by text hash, parallel for big batches).
- `sentiment.summarize`: `fetch` (sqlglot query + scores), `overview`, `trend`, `by_group`, `nps`, `themes`.
- `sentiment.themes`: `extract_themes` (praise / complaint key phrases with quotes), `trim_quote`.
- `sentiment.columns`: `feedback_source`, `text_columns`, `relation_to`.
- `sentiment.skills`: `SKILLS` for the question engine.

Importing this package imports neither vaderSentiment nor scikit-learn; they load on first use.
"""
