"""Survey exports (a Google Forms or questionnaire sheet) name their columns by the questions asked
("5. How often do you visit Starbucks?"); people name them by the topic ("visit frequency"). The
topic of each question column is added to its synonyms: its content words, the words every question
repeats (the brand, "rate") left out, and the question's opener said as a noun ("how often": frequency)."""

from __future__ import annotations

import re

from catalog.semantic import TableInfo

QUESTION_OPENERS = {
    ("how", "often"): "frequency",
    ("how", "much"): "amount",
    ("how", "likely"): "likelihood",
    ("how", "important"): "importance",
    ("how", "long"): "duration",
    ("how", "satisfied"): "satisfaction",
}
"""A question's opener and the noun a person says for what it asks ("how often do you visit": the visit
frequency)."""

FUNCTION_WORDS = frozenset(
    {"how", "what", "which", "who", "when", "where", "why", "do", "does", "did", "you", "your", "yours",
     "are", "is", "was", "were", "am", "be", "the", "a", "an", "to", "of", "at", "in", "on", "for", "as",
     "by", "with", "from", "or", "and", "would", "will", "could", "can", "should", "have", "has", "had",
     "currently", "usually", "normally", "typically", "generally", "most", "frequently", "often", "much",
     "likely", "important", "s", "i", "me", "my", "we", "our", "us", "it", "its", "this", "that", "these",
     "there", "than", "other", "compared", "come", "check", "all", "apply", "please", "etc",
     "during", "per", "average", "any", "some", "rate", "rating", "scale", "if", "so", "very"}
)  # fmt: skip
"""Words of a question that say nothing of its topic."""

MIN_QUESTIONS = 3
"""A table is a survey when at least this many column names are questions."""
SUBJECT_SHARE = 0.6
"""A word in at least this share of the questions is what the survey is about ("Starbucks"): said of the
respondents, it names no column."""
ROW_WORDS = ("responses", "response", "answers")
"""What a survey's rows are also called."""
SAID_ALSO = {"continue": "keep", "purchase": "buy"}
"""A question's verb and the plainer one people say ("will you continue buying": keep buying)."""
REPEATED_SHARE = 0.4
"""A word in at least this share of a survey's questions (the brand asked about) names no topic."""

_NUMBERING = re.compile(r"^\s*(?:q(?:uestion)?\s*)?\d+[.):]?\s*", re.I)
_ASIDE = re.compile(r"\([^)]*\)")


def _words(name: str) -> list[str]:
    text = _ASIDE.sub(" ", _NUMBERING.sub("", name)).lower().replace("wifi", "wi fi")
    return re.findall(r"[a-z]+", text)


def is_question(name: str) -> bool:
    """A column name written as a question to a respondent."""
    words = _words(name)
    opens = bool(words) and words[0] in (
        "how",
        "what",
        "which",
        "do",
        "does",
        "are",
        "is",
        "will",
        "would",
        "your",
    )
    return name.rstrip(" .:").endswith("?") or opens


def _numbered(name: str) -> bool:
    """A column name numbered as a questionnaire's item ("16. You rate the WiFi quality at ...")."""
    return bool(_NUMBERING.match(name)) and len(_words(name)) >= 2


def add_question_topics(info: TableInfo) -> None:
    """Synonyms for the topic of every question column of a survey table (see the module docstring)."""
    if sum(is_question(c.name) for c in info.columns.values()) < MIN_QUESTIONS:
        return
    questions = [c for c in info.columns.values() if is_question(c.name) or _numbered(c.name)]
    seen: dict[str, int] = {}
    for c in questions:
        for w in set(_words(c.name)):
            seen[w] = seen.get(w, 0) + 1
    repeated = {w for w, n in seen.items() if n >= max(MIN_QUESTIONS, REPEATED_SHARE * len(questions))}
    topics = {c.name: _topic(c.name, repeated) for c in questions}
    heads = [t[0] for t in topics.values() if t]
    for c in questions:
        topic = topics[c.name]
        if not topic:
            continue
        said = [" ".join(topic)]
        if len(topic) > 1:
            said.append(" ".join(topic[:2]))
            if heads.count(topic[0]) == 1 and len(topic[0]) > 2:
                said.append(topic[0])  # "quality" alone, when no other question's topic starts with it
        said += [" ".join(SAID_ALSO.get(w, w) for w in phrase.split()) for phrase in said]
        noun = _opener(_words(c.name))
        if noun is not None and [_opener(_words(q.name)) for q in questions].count(noun) == 1:
            said.append(
                " ".join(next(o for o, n in QUESTION_OPENERS.items() if n == noun))
            )  # "how important"
        c.synonyms = tuple(dict.fromkeys(said))  # never the question's own words ("per visit", "how much")
        c.words = " ".join(topic)  # said and shown by its topic; the question stays its name
        c.asked = True
    subject = {w for w, n in seen.items() if n >= SUBJECT_SHARE * len(questions) and w not in FUNCTION_WORDS}
    info.synonyms = tuple(dict.fromkeys([*info.synonyms, *ROW_WORDS, *sorted(subject)]))


def _opener(words: list[str]) -> str | None:
    """The noun of the question's opener ("how often": frequency), found in its first few words ("On
    average, how much would you spend"); "how much time" asks for the time itself."""
    found = [
        n
        for i in range(4)
        for o, n in QUESTION_OPENERS.items()
        if tuple(words[i : i + 2]) == o and words[i + 2 : i + 3] != ["time"]
    ]
    return found[0] if found else None


def _topic(name: str, repeated: set[str]) -> list[str]:
    words = _words(name)
    noun = _opener(words)
    content = [w for w in words if w not in FUNCTION_WORDS and w not in repeated and len(w) > 1]
    if noun is not None and content:
        return [content[0], noun, *content[1:]]  # "visit frequency", "spend amount"
    return content
