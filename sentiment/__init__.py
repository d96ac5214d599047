"""Sentiment of free-text feedback: VADER scores at scale, summaries, themes and the skills.

- `sentiment.score`: `SentimentScorer`, `score_texts`, `Score`, `label_for`, `looks_english`
  (bit-identical to vaderSentiment, cached by text hash, parallel for big batches).
- `sentiment.summarize`: `fetch` (sqlglot query + scores + the rating, joined through the customer),
  `overview`, `trend` (full months), `by_group`, `nps`, `themes`, `rating_side`, `side_rule`,
  `disagreement` (where VADER and the rating disagree).
- `sentiment.themes`: `extract_themes` (phrases that set complaints apart from praise: weighted log-odds
  with an informative Dirichlet prior, near-duplicates grouped, counts and typical quotes),
  `phrase_keys`, `clause_words`, `log_odds_z`, `trim_quote`.
- `sentiment.theme_words`: the word tables of theme phrases and `lemma` (lemminflect, whose dictionary
  ships in the package).
- `sentiment.columns`: `feedback_source` (text, date, NPS and rating columns), `text_columns`, `relation_to`.
- `sentiment.skills`: `SKILLS` for the question engine.

Importing this package imports neither vaderSentiment nor scikit-learn; they load on first use.
"""
