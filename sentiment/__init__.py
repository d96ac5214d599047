"""Sentiment of free-text feedback: VADER scores at scale, summaries, themes and the skills.

- `sentiment.score`: `SentimentScorer`, `score_texts`, `Score`, `label_for`, `looks_english`
  (bit-identical to vaderSentiment, cached by text hash, parallel for big batches).
- `sentiment.summarize`: `fetch` (sqlglot query + scores), `overview`, `trend` (full months), `by_group`,
  `nps`, `themes`, `about`.
- `sentiment.themes`: `extract_themes` (praise / complaint subjects with both sides' counts and quotes),
  `split_clauses`, `topic_clauses` (what texts say about a topic), `subject_words`, `trim_quote`.
- `sentiment.theme_words`: the word tables that keep sentiment words, stop words and generic verbs out
  of theme names (`names_a_subject`).
- `sentiment.columns`: `feedback_source`, `text_columns`, `relation_to`.
- `sentiment.skills`: `SKILLS` for the question engine.

Importing this package imports neither vaderSentiment nor scikit-learn; they load on first use.
"""
