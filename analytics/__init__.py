"""Customer analytics: churn (churn.py), RFM segments and clusters (segments.py), lifetime value (clv.py),
metrics such as NPS and retention (metrics.py), schema finders (schema.py) and the question skills
(skills.py). Heavy libraries (pandas, scikit-learn, scipy) are imported inside functions."""
