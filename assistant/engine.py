"""The question engine: plain English -> Intent -> sqlglot -> DuckDB -> Answer. Never raises."""

from __future__ import annotations

import copy
import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import Any

from sqlglot import exp

from assistant import grouped
from assistant.charts import CHART_TABLE
from assistant.correlation import answer_correlation
from assistant.grouped import BANDS, bands, display_order
from assistant.percent_points import in_percent_points
from assistant.remembered import run_skill
from assistant.reporting import answer_reporting
from assistant.skills import REGISTRY
from assistant.ties import fetch_one_more, ranked, tie_note, tied_count, with_the_tied
from catalog import Catalog, QueryError, asof
from catalog.answer import ASKBACK, Answer, Chart, Status
from catalog.asof import event_columns
from catalog.periods import first_partial, mark_partial, partial_note
from catalog.semantic import Role
from catalog.skills import Skill, SkillRequest
from catalog.transactions import find_transactions
from nlq.agebands import has_age, read_age_bands
from nlq.ago import ago_columns, read_ago
from nlq.askback import AskBack, Candidate, offer
from nlq.bracketvalues import read_defined
from nlq.build import PlanError, build, cond_sql, range_conds
from nlq.codeglosses import read_coded
from nlq.codevalues import coded_values
from nlq.correlation import Correlation, read_correlation, refine
from nlq.correlation import words as correlation_words
from nlq.countnouns import counted_column, read_counted
from nlq.explain import cond_text, explain
from nlq.finish import JUDGED_WORDS, finish, flag_cond, resolve_ambiguous, time_of, value_conds
from nlq.format import sentence
from nlq.glosses import gloss_explained, split_gloss
from nlq.grammar import word_classes, word_set
from nlq.guards import FINAL_RULES, bounds_that_cannot_meet, written_two_ways
from nlq.howlong import read_event_times
from nlq.intent import Cond, Intent, Measure
from nlq.lexicon import SCHEMA_KINDS as NAMED_KINDS
from nlq.lexicon import Lexicon, Mention, Sense
from nlq.lifecycle import read_lifecycle
from nlq.listedbands import band_run, banded, without_bands
from nlq.listedbands import ranges as band_ranges
from nlq.lookup import (
    Found,
    brand_values,
    data_values,
    has_unknown,
    named_values,
    partial_values,
    place_values,
)
from nlq.losses import GroupLoss, profit_words, read_losses
from nlq.periods import like_for_like, partial_bucket
from nlq.possessive import own_rows_said, owner_of_records
from nlq.recognize import Decline, Slots, is_yes_no, merge, read, said_columns, small_count_named
from nlq.reporting import ReportingLine, read_reporting
from nlq.schema import Schema, build_schema
from nlq.sharedheads import said_twice
from nlq.spending import spent_as_measure
from nlq.suggest import suggestions
from nlq.text import phrase_tokens, plural, singular, superlative_before_verb, tokens, variants, with_figure
from nlq.whether import drop_opener, read_whether
from nlq.wording import period_phrase
from nlq.zeros import read_zeros

MAX_TOKENS = 80
WHO_NOT_PERSON = ("else", "knows", "cares", "does", "do", "did", "will", "would", "should", "can")
"""Words after an opening "who" that ask for no person ("who knows") or one the question reads itself
("who does F7 report to": the object of a verb, never the subject listed)."""
LISTED_BANDS = "listed_bands"
"""The rule of a question asked back for the bands it lists (never read again without its brackets)."""
FOLLOWS = "That follows a question I could not answer"
MAX_ROWS = 10_000
"""Rows fetched into an Answer by default (the UI and the CLI show far fewer)."""
SCHEMA_KINDS = {"entity", "column", "value", "colword"}
RECORD_KINDS = {"entity", "value"}
"""A skill phrase that names a table or a value is a plain question ("complaints" as a table)."""
PAY_VERBS = {w for p in word_classes()["pay_words"] for w in p}
"""Verbs of paying (words.yaml): "paid us the most" ranks by the total paid."""


YES = frozenset({"yes", "y", "yes please", "yep", "right", "correct", "that one"})
"""Replies that pick the only candidate offered."""
Binding = tuple[tuple[str, ...], tuple[Any, ...]]
"""A phrase of the question (its tokens) and the senses a pick gives it (nlq.lexicon.Sense)."""


@dataclass(frozen=True)
class Pick:
    """An ask-back answered: the question asked before, its phrase and the candidate picked."""

    question: str
    phrase: tuple[str, ...]
    candidate: Candidate


@dataclass(frozen=True)
class Offered:
    """What the last turn asked back: the question, the ask-back and the questions offered for it."""

    question: str
    askback: AskBack
    picks: tuple[str, ...]
    context: tuple[Any, bool, str] = (None, False, "")
    """The conversation before the question asked back (previous Slots, declined, why): a pick answers
    it as a follow-up of the same turns ("of those, what share bought Minute Maid?")."""

    def picked(self, reply: str) -> Pick | None:
        """The candidate a reply picks: an offered question, a candidate's name, its number ("2"),
        or "yes" when there was one; None for anything else (a new question)."""
        said = " ".join(tokens(reply))
        cands = self.askback.candidates
        for i, (c, q) in enumerate(zip(cands, self.picks, strict=True)):
            if said in {" ".join(tokens(q)), " ".join(tokens(c.name)), str(i + 1)}:
                return Pick(self.question, self.askback.phrase, c)
        if len(cands) == 1 and said in YES:
            return Pick(self.question, self.askback.phrase, cands[0])
        return None


@dataclass(frozen=True)
class Plan:
    """A parsed question: an Intent and its SQL tree, or a decline."""

    intent: Intent | None = None
    tree: exp.Select | None = None
    slots: Slots | None = None
    status: Status = "answer"
    message: str = ""
    notes: tuple[str, ...] = ()
    skill: Skill | None = None
    request: SkillRequest | None = None
    unknown: tuple[str, ...] = ()
    rule: str = ""
    """The planning guard that declined the plain reading, if one did (nlq.guards)."""
    """Words the plain reading could not explain."""
    phrase: tuple[str, ...] = ()
    """The skill's trigger phrase as found in the question."""
    correlation: Correlation | None = None
    """A correlation question ("is X correlated with Y"), answered by assistant.correlation."""
    reporting: ReportingLine | None = None
    """Who reports to whom in a table of people (nlq.reporting), answered by assistant.reporting."""
    askback: AskBack | None = None
    """Declined on one unknown phrase that is close to some columns or values: asked back about them."""
    schema: Schema | None = None
    """The schema the intent reads, when it is not the catalog's own (with a derived table added)."""
    each_of: exp.Select | None = None
    """"how many orders has each of them placed?": the count of the records the previous question named;
    the answer must show every one of them (one with no such rows would silently drop out)."""


THEME_SKILLS = frozenset({"complaints", "praise"})
"""Skills that answer with themes of free text, never with a count of records of stored values."""
TOPIC_MARKERS = frozenset(
    {"about", "regarding", "concerning", "on", "re", *(p[-1] for p in word_classes()["contains"])} - {"to"}
)
"""Words after which the rest of a feedback question is its topic ("complaints about delivery")."""
SAYING_WORDS = frozenset(
    {"say", "says", "said", "saying", "feel", "feels", "think", "thinks", "write", "wrote"}
)
"""Verbs of what people say, never a topic ("what do customers say about delivery")."""
ASKED_THINGS = frozenset({"which", "what", "top", "how", "many", "most", "least", "the"})
"""Words before a noun that make it the thing asked about ("which products ... 1-star reviews"), never a
topic the reviews are about."""


def _topic_said(toks: list[str], words: list[str], start: int) -> bool:
    """Whether each leftover word of a feedback question is said as its topic: after a topic marker, or
    in the words right before the skill's own words ("battery complaints"), not asked for themselves."""
    words = [w for w in words if w not in SAYING_WORDS]  # ("what do people say about ...")
    if any(w.isdigit() for w in words):
        return False  # "which 3 products got ...": a ranking of things the data does not know
    marker = next((i for i, t in enumerate(toks) if t in TOPIC_MARKERS), len(toks))
    run = start
    while run > 0 and toks[run - 1] not in ASKED_THINGS and not toks[run - 1].isdigit() and run > start - 3:
        run -= 1
    for w in words:
        at = [i for i, t in enumerate(toks) if t == w or t.startswith(w[: max(4, len(w) - 2)])]
        if not any(i > marker or run <= i < start for i in at):
            return False
    return True


class Assistant:
    """Answers questions about one catalog; remembers the conversation for follow-ups."""

    def __init__(
        self, catalog: Catalog, as_of: dt.date | str | None = None, max_rows: int = MAX_ROWS
    ) -> None:
        self.catalog = catalog
        self.as_of = asof.apply(catalog, as_of)
        """The date answers are true as of (given, or the end of the data); the data is cut there."""
        self.max_rows = max_rows
        """At most this many result rows are fetched into an Answer; row_count stays exact."""
        self.schema = build_schema(catalog)
        self.schema.as_of = self.as_of.date
        self.lexicon = Lexicon(self.schema)
        self.lexicon.merge_same_rows(self._same_rows)
        self.lexicon.prefer_own_columns()
        self.suggestions = suggestions(self.schema)
        self.lexicon.known |= correlation_words()  # "correlated" is never 'corrected' into a column
        self._banded = has_age(self.schema)
        """How age bands ("in their 30s") are read: "whole" ages inclusive, "exact" ones (41.85) half-open;
        None without an age column (the schema never changes)."""
        self._counted = counted_column(self.schema)
        self._profit = profit_words(self.schema)
        """The column people are counted in ("groups of 4 or more people": party size), if one."""
        self._since = ago_columns(self.schema)
        """Columns counting the time since an event ("yrs.since.phd"): "20 years ago" is read on them."""
        self._prev: Slots | None = None
        self._winner: tuple[Slots, str, tuple[Any, ...]] | None = None
        """The groups a top-N answer named (its slots, the split column, their values): "its", "those"."""
        self._prev_skill: tuple[str, ...] | None = None
        """The trigger phrase of the last question a skill answered ("nps"), for "and by region?"."""
        self._declined = False
        """The last turn was not answered: a follow-up to it is declined too, never read alone."""
        self._why = ""
        """Why the last turn was not answered (repeated when a follow-up to it is declined)."""
        self._skills: list[tuple[tuple[str, ...], Skill]] | None = None
        self._prev_corr: Correlation | None = None
        """The correlation the last turn answered, for "and by region?"."""
        self._last_corr: Correlation | None = None
        self._has_events: bool | None = None
        """Whether some table has event dates (answers then state the as-of date); found on first use."""
        self._offered: Offered | None = None
        """The candidates the last turn asked back about; the next turn may pick one (nlq.askback)."""
        self._figure: float | None = None
        """The one number the last turn answered, for "that many" next (nlq.text.with_figure)."""

    @property
    def today(self) -> dt.date:
        """ "Today" for relative time phrases: the as-of date."""
        return self.as_of.date

    def reset(self) -> None:
        """Start a new conversation."""
        self._prev = None
        self._prev_skill = None
        self._prev_corr = None
        self._last_corr = None
        self._winner = None
        self._declined = False
        self._why = ""
        self._offered = None
        self._figure = None

    # ------------------------------------------------------------------ public
    def restore(self, questions: list[str]) -> None:
        """Continue a saved conversation: read its questions again, in order, without running them,
        so that a follow-up ("and by region?") refines the last one as it would have then."""
        self.reset()
        for question in questions:
            try:
                plan = self.plan(question)
            except Exception:  # a question that no longer reads: the context starts after it
                self.reset()
                continue
            if plan.skill is not None and plan.request is not None:
                self._prev, self._prev_skill, self._declined = None, plan.phrase, False
            elif plan.correlation is not None:
                self.reset()
                self._prev_corr = plan.correlation
            elif plan.status == "answer" and plan.slots is not None:
                self._prev, self._prev_skill, self._declined = plan.slots, None, False
            else:
                self.reset()
                self._declined = True

    def ask(self, question: str) -> Answer:
        """Answer one question; any failure becomes an Answer with status error/clarify/unsupported."""
        self.as_of = asof.apply(self.catalog, self.as_of)  # another assistant may have cut the catalog
        self.schema.as_of = self.as_of.date
        self._last_corr = None
        offered, self._offered = self._offered, None
        pick = offered.picked(question) if offered is not None else None
        if offered is not None and pick is not None:
            self._prev, self._declined, self._why = offered.context
        question = with_figure(question, None if self._declined else self._figure)
        answer = self._ask(question, pick)
        self._figure = _one_figure(answer)
        self._prev_corr = self._last_corr if answer.status == "answer" else None
        self._declined = answer.status != "answer"
        if not self._declined:
            self._why = ""
        elif not answer.text.startswith(FOLLOWS):
            self._why = answer.text.split(". ")[0].rstrip(".")  # its first sentence, said again later
        if self._declined:
            # a follow-up must not refine the question before the one that was declined
            self._prev, self._prev_skill = None, None
        return answer

    def _ask(self, question: str, pick: Pick | None = None) -> Answer:
        try:
            if pick is None:
                plan = self._defined(
                    question, self._coded(question, self._without_gloss(question, self.plan(question)))
                )
            else:  # the answer to an ask-back: the question asked before, the phrase read as picked
                plan = self.plan(pick.question, bind=(pick.phrase, pick.candidate.senses))
                said = f"'{' '.join(pick.phrase)}' read as {pick.candidate.name}, as you chose."
                plan = replace(plan, notes=(*plan.notes, said))
            if plan.correlation is not None:
                self._prev, self._prev_skill = None, None  # refined only by "and by ...?" (_prev_corr)
                self._last_corr = plan.correlation
                answer = answer_correlation(self.schema, self.catalog, plan.correlation, question, plan.notes)
                return self._dated(answer, asof.is_cut(self.catalog)) if answer.status == "answer" else answer
            if plan.reporting is not None:
                self._prev, self._prev_skill = None, None
                return answer_reporting(self.catalog, plan.reporting, question)
            if plan.skill is not None and plan.request is not None:
                answer = run_skill(plan.skill, plan.request)
                if len(answer.rows) > self.max_rows:  # a skill's list is held to max_rows as SQL answers are
                    answer = replace(answer, rows=answer.rows[: self.max_rows])
                if answer.status == "unsupported" and not answer.suggestions:
                    answer = replace(answer, suggestions=tuple(REGISTRY.examples(self.catalog))[:5])
                if answer.status == "answer":
                    self._prev, self._prev_skill = None, plan.phrase
                    answer = self._dated(answer, True)
                return answer
            if plan.status != "answer" and plan.askback is not None:
                return self._ask_back(question, plan)
            if plan.status != "answer" or plan.intent is None or plan.tree is None:
                return Answer(
                    question=question,
                    status=plan.status,
                    text=plan.message,
                    suggestions=self.suggestions,
                    notes=plan.notes,
                )
            answer = self._run(question, plan)
            if answer.status == "answer" and plan.slots is not None and plan.slots.difference:
                answer = _difference(answer, plan.slots.difference)
            if answer.status == "answer":
                answer = self._outside_dates(answer, plan.intent)
            if answer.status == "answer" and plan.each_of is not None:
                answer = self._each_complete(answer, plan.each_of)
            if answer.status == "answer":
                # (a split into bands of the question's own is not carried on: its column is the data's)
                self._prev = plan.slots if plan.rule != LISTED_BANDS else None
                self._prev_skill = None
                self._winner = _winner(plan.slots, plan.intent, answer)
                timed = _timed(plan.intent) or asof.is_cut(self.catalog) or self._reads_dated(plan.tree)
                answer = self._dated(answer, timed)
            return answer
        except Exception as e:  # the engine never raises
            return Answer(question=question, status="error", text=f"Something went wrong: {e}")

    def _coded(self, question: str, plan: Plan) -> Plan:
        """A question declined for words that a bracket explains as a code ("retail (channel 2)"):
        asked again with the code in their place (nlq.codeglosses), kept only when that is answered."""
        found = read_coded(question, set(plan.unknown)) if plan.status == "clarify" and plan.unknown else None
        if found is None:
            return plan
        coded = self._without_gloss(found[0], self.plan(found[0]))
        if coded.status != "answer":
            return plan
        return replace(coded, notes=(*coded.notes, *found[1]))

    def _defined(self, question: str, plan: Plan) -> Plan:
        """A question declined for a word that brackets define by values ("unresolved (open or
        pending)"): asked again with the values in its place (nlq.bracketvalues), kept only when that is
        answered."""
        found = (
            read_defined(question, set(plan.unknown)) if plan.status == "clarify" and plan.unknown else None
        )
        if found is None:
            return plan
        defined = self._without_gloss(found[0], self.plan(found[0]))
        if defined.status != "answer":
            return plan
        return replace(defined, notes=(*defined.notes, *found[1]))

    def _without_gloss(self, question: str, plan: Plan) -> Plan:
        """A question declined with a gloss in it ("(day + eve + night charges)", ", i.e. ..."): read
        without the gloss, kept only when the gloss's words all name columns that reading uses."""
        found = split_gloss(question) if plan.status != "answer" and plan.rule != LISTED_BANDS else None
        if found is None:
            return plan
        main, gloss = found
        plain = self.plan(main)
        if plain.intent is None or plain.tree is None or plain.status != "answer":
            return plan
        if not gloss_explained(self.lexicon, plain.schema or self.schema, gloss, plain.intent):
            return plan
        return replace(plain, notes=(*plain.notes, f"'{gloss.strip()}' read as saying again what is asked"))

    def _split_by_bands(self, question: str, bands: list[str], start: int, end: int) -> Plan | None:
        """ "the default rate by age band: under 30, 30-39, ..., 60+": the number column named just before
        the bands, split into them (nlq.listedbands); the question without the list is asked over a schema
        where that column is the banded category. None when no such column is named, or the answer is not
        split by it."""
        read = band_ranges(bands)
        if read is None:
            return None
        before = self.lexicon.match(tokens(question[:start]), self.today)
        cols = [
            self.schema.col(str(x.key))
            for m in reversed(before)
            for x in m.senses
            if x.kind in ("column", "colword")
        ]
        # ("by age band": the age the decades are taken of, now split into the bands listed instead)
        named = [
            f"{c.table}.{c.decade_of}" if c.decade_of else c.qualified
            for c in cols
            if c.is_numeric or c.decade_of
        ]
        if not named:
            return None
        schema, note = banded(self.schema, named[0], read)
        saved = self.schema, self.lexicon
        try:
            self.schema, self.lexicon = schema, Lexicon(schema)
            plan = self.plan(without_bands(question, start, end))
        finally:
            self.schema, self.lexicon = saved
        decades = {c.qualified for c in cols if c.decade_of}
        grouped = plan.intent is not None and bool({named[0], *decades} & set(plan.intent.group_by))
        if plan.status != "answer":
            return plan  # (what the rest of the question could not be read for)
        if not grouped or plan.intent is None:
            return None
        # rows without a value are in no band: left out, and said ("where credit limit is known")
        intent = replace(plan.intent, filters=(*plan.intent.filters, Cond(named[0], "not_null")))
        return replace(
            plan,
            intent=intent,
            tree=build(schema, intent),
            schema=schema,
            notes=(*plan.notes, note),
            rule=LISTED_BANDS,
        )

    def plan(self, question: str, bind: Binding | None = None) -> Plan:
        """Parse and plan without running the answer; only a question with unknown words may look
        them up as values in the data (one query per candidate column, see nlq.lookup). `bind` gives a
        phrase of the question the meaning the user picked when asked back about it."""

        toks = tokens(question or "")
        if not toks:
            return Plan(status="unsupported", message="Ask me a question about your data.")
        if (run := band_run(question or ""))[0]:
            split = self._split_by_bands(question, *run)
            if split is not None:
                return split
            said = ", ".join(run[0])
            return Plan(
                status="clarify",
                message=f"I can't tell which column to split into those bands ({said}); please name it "
                f"right before them, e.g. '... by age: {said}'.",
                rule=LISTED_BANDS,
            )
        if len(toks) > MAX_TOKENS:
            return Plan(status="unsupported", message="That is too long for one question; please shorten it.")
        self._skill_table()  # skill words are known words, never "corrected" away
        raw = list(toks)
        toks, notes = self.lexicon.correct(toks)
        if self._banded:
            toks, bands = read_age_bands(toks, exact=self._banded == "exact")
            raw, notes = (raw if not bands else list(toks)), [*notes, *bands]
        if self._counted is not None:
            toks, counts = read_counted(toks, self._counted)
            raw, notes = (raw if not counts else list(toks)), [*notes, *counts]
        toks, zeros = read_zeros(toks, self._names_measure, self._names_counter)
        try:
            toks, losses, lost = read_losses(toks, self._profit)
        except GroupLoss as g:
            return Plan(status="clarify", message=f"{GROUP_LOSS.format(phrase=g)}", notes=tuple(notes))
        raw, notes = (raw if not losses else list(toks)), [*notes, *losses]
        toks, agos = read_ago(toks, self._since)
        raw, notes = (raw if not (zeros or agos) else list(toks)), [*notes, *agos]
        toks = self._who_are_people(read_event_times(read_whether(drop_opener(toks)), self.lexicon))
        toks = said_twice(superlative_before_verb(toks, PAY_VERBS), self.lexicon)
        notes = [*notes, *zeros]
        mentions = _bound(self.lexicon.match(toks, self.today), toks, bind)
        mentions, capitals = self._capital_values(question, mentions)
        notes = [*notes, *capitals]
        correlation = self._correlation(toks, mentions, notes)
        if correlation is not None:
            return correlation
        line = read_reporting(self.schema, toks, mentions)
        if line is not None:
            return Plan(reporting=line, notes=tuple(notes))
        found = self._lookup(toks, mentions)
        if found is None and toks != raw:
            # "white hanging heart holder": words of a stored value are not typos of schema words
            kept = self._lookup(raw, self.lexicon.match(raw, self.today))
            if kept is not None and kept.clarify:
                found = kept
            elif kept is not None:
                a, b = kept.tokens
                toks = [raw[i] if a <= i < b else t for i, t in enumerate(toks)]
                notes = [n for n in notes if not any(f"read '{raw[i]}'" in n for i in range(a, b))]
                mentions = _bound(self.lexicon.match(toks, self.today), toks, bind)
                found = self._lookup(toks, mentions)
        if found is not None and found.clarify:
            return Plan(status="clarify", message=found.clarify, notes=tuple(notes))
        if found is not None:
            mentions, notes = found.mentions, [*notes, *found.notes]
        notes = [*notes, *self.lexicon.concept_notes(mentions)]  # "'exited' is Churn (churn)"
        mentions = own_rows_said(question, self.schema, mentions)  # "each manager's team": per manager
        if (owned := owner_of_records(question, self.schema, mentions)) is not None:
            return Plan(status="clarify", message=OWNERS_ASKED.format(phrase=owned), notes=tuple(notes))
        if self._prev_skill is not None:
            followup = self._skill_followup(question, toks, mentions, tuple(notes))
            if followup is not None:
                return followup
        lifecycle = self._lifecycle(mentions, notes)
        if lifecycle is not None:
            return lifecycle
        mentions = coded_values(self.schema, mentions)  # "channel 1 customers": Channel = 1
        mentions, spent = spent_as_measure(self.schema, mentions)  # "grocery spend" of amounts kept
        notes = [*notes, *spent]
        plain = self._plain(mentions, notes)
        if (
            losses
            and plain.intent is not None
            and any(m.agg == "count_distinct" for m in plain.intent.measures)
        ):
            # "orders sold at a loss" counted over order lines: each line's profit, or each order's total?
            return Plan(status="clarify", message=GROUP_LOSS.format(phrase=lost[0]), notes=plain.notes)
        if plain.status != "answer" and plain.unknown and bind is None:
            plain = replace(plain, askback=offer(self.schema, self.lexicon, mentions, plain.unknown))
        if plain.status == "answer":
            if self._metric_asked(plain, toks, mentions):
                # "NPS" where a column is named nps: the metric itself, not the column's rows
                metric = self._skill(question, toks, mentions, tuple(notes))
                if metric is not None and metric.skill is not None:
                    return metric
            return plain
        # words the plain reading could not explain may be a skill's trigger ("what drives churn"),
        # but not a money word this data has no column for ("order value" where only prices exist)
        money = {w for p in word_classes()["money_words"] for w in p}
        if any(w in money for u in plain.unknown for w in u.split()) or plain.rule in FINAL_RULES:
            return plain
        if plain.message.startswith(FOLLOWS):  # "what's their churn rate?" after a declined turn
            return plain
        skill_plan = self._skill(question, toks, mentions, tuple(notes))
        return skill_plan if skill_plan is not None else plain

    def _correlation(self, toks: list[str], mentions: list[Mention], notes: list[str]) -> Plan | None:
        """A correlation question ("correlation between X and Y", "what correlates with Y"), or None."""
        try:
            found = read_correlation(self.schema, toks, mentions, self._skill_span(toks) is not None)
            if found is None and self._prev_corr is not None and _starts_followup(mentions):
                found = refine(self.schema, self._prev_corr, toks, mentions)
        except Decline as d:
            return Plan(status=d.status, message=d.message, notes=tuple(notes))
        if found is None:
            return None
        return Plan(correlation=found, notes=tuple(notes))

    def _lifecycle(self, mentions: list[Mention], notes: list[str]) -> Plan | None:
        """A customer-lifecycle question over the transactions (nlq.lifecycle), or None."""
        if self._prev is not None and _starts_followup(mentions):
            return None
        if _dangling_pronoun(mentions) is not None and not any(
            m.has("value") or m.number is not None for m in mentions
        ):
            return None  # "when did they last buy?": of records named before, read as a follow-up
        found = read_lifecycle(self.schema, find_transactions(self.catalog), mentions, self.today)
        if found is None:
            return None
        try:
            tree = build(found.schema, found.intent)
        except PlanError as e:
            return Plan(status="unsupported", message=f"I can't answer that safely: {e}.", notes=tuple(notes))
        return Plan(intent=found.intent, tree=tree, notes=tuple(notes), schema=found.schema)

    def _plain(self, mentions: list[Mention], notes: list[str]) -> Plan:

        flipped = self._flag_said_again(mentions)
        if flipped is not None:  # "and from the ones who will?": the same question, the yes/no turned
            try:
                intent = like_for_like(finish(self.schema, copy.deepcopy(flipped), self.today), self.today)
                return Plan(intent=intent, tree=build(self.schema, intent), slots=flipped, notes=tuple(notes))
            except Decline as d:
                return Plan(status=d.status, message=d.message, notes=tuple(notes), rule=d.rule)
        try:
            slots, unused = read(self.schema, mentions)
            if unused:
                return Plan(
                    status="clarify", message=self._unknown(unused), notes=tuple(notes), unknown=tuple(unused)
                )
            notes = [n for n in notes if not any(n.startswith(f"'{f}' is ") for f in slots.fillers)]
            slots.notes = [*notes, *slots.notes]  # the reader's own notes ("years multiplied by 12") kept
            if _share_of_that(slots.words):
                slots = self._share_of_count_before(slots)
            elif _that_as_rate(slots.words):
                slots = self._rate_of_count_before(slots)
            elif _what_share_is_that(slots.words) and not slots.flags and self._prev is not None:
                slots = self._rate_of_only_flag_before(slots)
            elif _compare_that(slots.words):
                slots = self._that_compared(slots)
            figure = bool(slots.measures or slots.count or slots.rate_at)
            bare_figure = figure and slots.entity is None and not (slots.group or slots.grain is not None)
            follows = (
                (slots.is_fragment() and _starts_followup(mentions))
                or slots.anaphora  # "who is the top customer by spend among them?": those rows
                # "what's the percentage change from 2012 to 2013?": the figure before, in two periods
                or (slots.is_fragment() and slots.entity is None and len(slots.ranges) == 2 and slots.versus)
                or (bare_figure and _starts_followup(mentions, ("and",)))
                # "and profit?" after "total sales in 2017": the same figure of another column, same rows
                or (
                    slots.bare
                    and slots.entity is None
                    and not figure
                    and _starts_followup(mentions, ("and",))
                )
                or (
                    (figure or (slots.bare and slots.entity is None))
                    and _starts_followup(mentions, ("what about", "how about", "and what about"))
                )
                # "Break the units down by month.": the figure before, split
                or (
                    slots.turn_words[:1] in (("break",), ("split",))
                    and (bool(slots.group) or slots.grain is not None)
                    and slots.entity is None
                    and not slots.values
                )
            )
            # "revenue by month -- which month was the best?": best by the figure before
            judged = set(slots.words) & JUDGED_WORDS and not figure and not slots.bare
            before = self._prev
            figured = before is not None and bool(
                before.measures or before.bare or before.count or before.rate_at
            )
            follows = follows or bool(judged and figured)
            # "how many offers did we make in 2018? -- how many were accepted?": the same records counted
            # again with one more condition, none named
            unnamed = slots.entity is None and not slots.group and slots.grain is None and not slots.ranges
            recount = slots.count and unnamed and (slots.values or slots.flags) and before is not None
            follows = follows or bool(recount and before is not None and before.count)
            # "average experience in each department -- which department is the highest?": that figure ranked
            reranked = (
                (slots.superlative or slots.rank)
                and unnamed
                and not (slots.measures or slots.bare or slots.count or slots.values)
                and before is not None
                and bool(before.measures)
                and bool(before.group)
                and all(t in before.group for t in slots.target)
            )
            follows = follows or bool(reranked)
            pronoun = _dangling_pronoun(mentions) or ("them" if slots.each_prev else None)
            if (
                pronoun not in (None, "there")
                and self._prev is None
                and not self._declined
                and _owned_here(mentions, str(pronoun))
            ):
                pronoun = None  # "products that had a coupon attached to them": a first question's own
            top = self._winner if self._winner is not None and self._winner[0] is self._prev else None
            said_they = next((w for w in slots.turn_words if w in ("they", "them", "their")), None)
            if (
                pronoun is None
                and top is not None
                and len(top[2]) == 1
                and self._one_person(top[1], said_they)
            ):
                pronoun, follows = (
                    said_they,
                    True,
                )  # "how many transactions did they make?" of the top customer
            # "what are their average sales?": a possessive owned by nothing in this question is the
            # previous turn's records, a follow-up to it (declined when that turn was)
            if slots.same_period and not (self._prev is not None and not self._declined):
                raise Decline("clarify", "Which period do you mean by 'that'? Please name it.")
            follows = follows or slots.same_period  # "sales by region for that year": the period before
            # "now just the top 3 by pieces instead": worded as a change to the question before
            instead = any(m.text == "instead" for m in mentions)
            reworded = _starts_followup(mentions, ("now", "same", "just", "only", "and")) or instead
            follows = follows or (reworded and self._declined)
            if (
                instead
                and self._prev is not None
                and not self._declined
                and (self._prev.group or self._prev.grain or self._prev.target)
            ):
                # "top 3 campaigns by donations -- now the top 3 by money raised instead": the same groups,
                # ranked by the new figure
                follows = follows or not (slots.group or slots.target or slots.grain or slots.entity)
            narrowed = _starts_followup(mentions, ("now only", "now just", "only", "just"))
            if (
                narrowed
                and self._prev is not None
                and not self._declined
                and (self._prev.group or self._prev.grain or (self._prev.target and self._prev.rank))
            ):
                # "count users per test group -- now only count people who saw 20 ads or more", "top 5
                # metro areas by customers -- now only count Ultimate subscribers": the same split or
                # ranking, fewer rows (the records the same, named or not)
                same = slots.entity is None or (
                    self._prev.entity is not None and slots.entity.key == self._prev.entity.key
                )
                follows = follows or (same and not (slots.group or slots.target) and slots.grain is None)
            split = bool(slots.bare and (slots.group or slots.grain))  # "its sales by year"
            # "what are their average sales?", "how much have they spent in total?": the records before
            follows = follows or (pronoun is not None and (figure or split or bool(slots.bare)))
            # "which supplier got the most of that money", "of those January receipts": what a turn before
            # named (declined with it)
            pointed = _points_back(slots.turn_words)
            # "the most of that money": the figure before (never "that category", the one named then)
            figure_pointed = pointed and _points_at_figure(slots.turn_words)
            follows = follows or (figure_pointed and self._prev is not None and not self._declined)
            if (follows or pronoun or pointed) and self._declined:
                why = f" ({self._why})" if self._why else ""
                raise Decline("clarify", f"{FOLLOWS}{why}; please ask the whole question.")
            if _compare_that(slots.words) and self._prev is None and not figure:
                # "how does that compare with ...?" with nothing before: no figure to compare
                raise Decline("clarify", "Compare which figure? Please ask the whole question.")
            if slots.anaphora and self._prev is None:
                raise Decline(
                    "clarify", "Which records do you mean by 'them'? Please ask the whole question."
                )
            if pronoun and not (self._prev is not None and follows):
                # "how many orders has each of them placed?": 'them' must not silently drop out
                raise Decline(
                    "clarify", f"Which records do you mean by '{pronoun}'? Please ask the whole question."
                )
            each_of = None
            prev = self._prev
            won = self._winner if self._winner is not None and self._winner[0] is prev else None
            one = won is not None and len(won[2]) == 1
            if (
                prev is not None
                and won is not None
                and one
                and (
                    pronoun in SINGULAR
                    or self._one_person(won[1], pronoun)
                    # "which suburb had the most sales -- what's the average price there?": of that one
                    or (
                        slots.anaphora
                        and bool(slots.measures or slots.count or slots.rate_at)
                        and not (slots.group or slots.each_prev or "each" in slots.turn_words)
                    )
                )
            ):
                prev = _narrowed(
                    prev, won[1], won[2]
                )  # "its margin": the top one's ("they": the top customer)
            elif (
                prev is not None
                and won is not None
                and one
                and _that_one(slots.words)
                and won[1] in (*slots.group, *slots.target, *slots.bare)
            ):
                # "which agency had the most of those? -- what share of that agency's listings ...": the one
                # named then, never a ranking of every agency again
                prev = _narrowed(prev, won[1], won[2])
                slots.group = [g for g in slots.group if g != won[1]]
                slots.target = [t for t in slots.target if t != won[1]]
                slots.bare = [b for b in slots.bare if b != won[1]]
                if not (slots.group or slots.target):
                    slots.rank, slots.limit, slots.superlative = None, None, None
                follows = True
            elif prev is not None and won is not None and _top_one(slots.words) and follows:
                # "top 3 locations -- break the top one down by gender": the first of them, split
                prev = _narrowed(prev, won[1], won[2][:1])
                slots.rank, slots.limit, slots.superlative = None, None, None
            elif (
                prev is not None
                and won is not None
                and _those_groups(slots.words)
                and (slots.group == [won[1]] or (not slots.group and slots.bare == [won[1]]))
            ):
                prev = _narrowed(prev, won[1], won[2])  # "the churn rate in each of those states"
                slots.group, slots.bare = [won[1]], []
            elif (
                prev is not None
                and won is not None
                and won[1] not in prev.group
                and won[1] not in prev.target
                and not (slots.each_prev or "each" in slots.turn_words)
                and slots.anaphora
                and (slots.flags or slots.values or slots.conds or self._yes_no_targets(slots))
            ):
                # "top 10 customers by charges -- which of them churned?": of those records, the ones that
                # also hold the new condition (never the ten again with the condition dropped)
                counted = slots.count or slots.measures or slots.rate_at
                kept = [*prev.values, *((won[1], v, False) for v in won[2])]
                prev = (
                    replace(_narrowed(prev, won[1], won[2]), versus=False)
                    if counted
                    else replace(prev, values=kept)
                )
                for t in self._yes_no_targets(slots):
                    slots.target.remove(t)
                    slots.flags.append((t, False, 0))
            elif (
                prev is not None
                and won is not None
                and (slots.each_prev or (slots.anaphora and "each" in slots.turn_words))
                and not (slots.group or slots.bare or slots.target)
            ):
                # "top 5 states by customers -- the average purchase in each of those?": those groups
                prev = _narrowed(prev, won[1], won[2])
                slots.group, slots.each_prev, pronoun = [won[1]], False, None
            if prev is not None and follows:
                if slots.each_prev:
                    each_of = self._records_count(prev)
                records = prev.entity or prev.target_entity
                if (
                    slots.anaphora
                    and slots.words[:1] == ("which",)
                    and slots.target_entity is None
                    and records is not None
                    and not records.value
                    and any(superlative for _, superlative in slots.measures)
                ):
                    slots.target_entity = records  # "which one of them has the highest limit": a record
                slots = merge(prev, slots, self.schema)
                slots.notes = list(dict.fromkeys([*notes, *slots.notes]))
            saved = copy.deepcopy(slots)  # finish consumes its slots; follow-ups need them whole
            intent = like_for_like(finish(self.schema, slots, self.today), self.today)
            tree = build(self.schema, intent)
            slots = saved
        except Decline as d:
            return Plan(status=d.status, message=d.message, notes=tuple(notes), rule=d.rule)
        except PlanError as e:
            return Plan(status="unsupported", message=f"I can't answer that safely: {e}.", notes=tuple(notes))
        return Plan(intent=intent, tree=tree, slots=slots, notes=tuple(notes), each_of=each_of)

    def _who_are_people(self, toks: list[str]) -> list[str]:
        """ "who is our highest earner", "who spent the most": "who" opening a question of data that keeps
        one table of people is "which <person>" (the person listed, never a bare figure)."""
        if toks[:1] != ["who"] or len(toks) < 3 or toks[1] in WHO_NOT_PERSON or "when" in toks:
            return toks  # ("who placed the latest order, and when?": read as asked, the person and date)
        people = sorted(self.lexicon._people_tables())
        if len(people) != 1:
            return toks
        table = self.schema.tables[people[0]]
        named = {w for p in (table.entity, table.entity_singular) for w in phrase_tokens(p)}
        if named & set(toks) or any(
            self.lexicon.phrases.get((w,), ())
            and any(x.kind == "entity" and x.key == table.name for x in self.lexicon.phrases[(w,)])
            for w in toks[1:]
        ):
            return toks  # "who are our top 3 customers": the people are named already
        many = toks[1] in ("are", "were", "have")
        noun = phrase_tokens(table.entity if many else table.entity_singular)
        return ["which", *noun, *toks[1:]]

    def _capital_values(self, question: str, mentions: list[Mention]) -> tuple[list[Mention], list[str]]:
        """ "spent by customers in IT": a word written in capitals that is a stored value ('IT') is that
        value, never the pronoun "it" (or "or", "in" ...) it would be in lower case."""
        caps = {w for w in re.findall(r"\b[A-Z]{2,4}\b", question) if w not in ("US", "USA")}
        if not caps:
            return mentions, []
        out, notes = list(mentions), []
        for i, m in enumerate(mentions):
            word = next((w for w in caps if w.lower() == m.text), None)
            if word is None or not m.kinds <= {"stop"}:
                continue
            held = [c for c in self.schema.columns() if word in c.values]
            if len(held) == 1:
                out[i] = Mention(
                    m.start, m.end, word, [Sense("value", held[0].qualified, word)]
                )  # never "it"
                notes.append(f"'{word}' read as {held[0].name} '{word}'")
        return out, notes

    def _flag_said_again(self, mentions: list[Mention]) -> Slots | None:
        """ "and from the ones who will?" after "... from people who won't keep buying": the question
        before with its one yes/no condition said the other way (an auxiliary verb alone, "not" or not)."""
        said = ELLIPTIC_FLAG.match(" ".join(m.text for m in mentions))
        prev = self._prev
        if said is None or prev is None or self._declined or len(prev.flags) != 1:
            return None
        column, _, at = prev.flags[0]
        negated = said.group(1) is not None
        flipped = copy.deepcopy(prev)
        flipped.flags = [(column, negated, at)]
        flipped.notes = [
            f"'{said.group(0)}' is {self.schema.col(column).name} {'false' if negated else 'true'}"
        ]
        return flipped

    def _yes_no_targets(self, slots: Slots) -> list[str]:
        """ "which of them churned": the yes/no columns a "which" asked for, each a condition."""
        return [t for t in slots.target if is_yes_no(self.schema.col(t))]

    def _share_of_count_before(self, said: Slots) -> Slots:
        """ "How many of them have left? -- What is that as a percentage of all active members?": the
        records counted before as a share of those named now (the yes/no condition said before and not now
        is the one measured). Only for counts of yes/no conditions; anything else is asked back."""
        prev = self._prev
        named = {f[0] for f in said.flags}
        if prev is None or not prev.count or prev.measures or prev.values or said.values or not named:
            raise Decline("clarify", "A share of what, of which records? Please ask it as one question.")
        rated = [f for f in prev.flags if f[0] not in named]
        if len(rated) != 1 or not named <= {f[0] for f in prev.flags}:
            raise Decline("clarify", "A share of what, of which records? Please ask it as one question.")
        return _rate_of(
            prev,
            rated[0],
            [*said.notes, "'that' is the records counted before, as a share of those named now"],
        )

    def _rate_of_count_before(self, said: Slots) -> Slots:
        """ "How many of them churned? -- What's that as a churn rate?": the yes/no thing counted before
        and named now, as its rate over the records the question before kept (its other conditions)."""
        prev = self._prev
        named = {f[0] for f in said.flags}
        if prev is None or self._declined or not prev.count or prev.measures or len(named) != 1:
            raise Decline("clarify", "A rate of what, over which records? Please ask it as one question.")
        rated = [f for f in prev.flags if f[0] in named]
        if len(rated) != 1:
            raise Decline("clarify", "A rate of what, over which records? Please ask it as one question.")
        return _rate_of(
            prev,
            rated[0],
            [*said.notes, "'that' is the count before, as a rate over the records it was counted in"],
        )

    def _that_compared(self, said: Slots) -> Slots:
        """ "What's their average spend? -- How does that compare with customers who aren't subscribed?":
        the figure before, split by the yes/no thing it was kept to and is now said the other way (it was
        read as a new share: a wrong answer); other comparisons with "that" are read as before (a
        follow-up with the records named)."""
        prev = self._prev
        if (
            prev is not None
            and not self._declined
            and (prev.measures or prev.count)
            and set(said.words) & WHOLE_WORDS
            and len(prev.values) == 1
            and not (prev.flags or prev.conds or said.values or said.flags)
        ):
            # "average days to settle for customer 1080-NDGAE? -- how does that compare with all customers
            # overall?": the figure before, over all the records
            out = copy.deepcopy(prev)
            out.values, out.value_at = [], {}
            out.notes = [*said.notes, "'that' is the figure before, now over all the records"]
            return out
        named = {f[0]: f[1] for f in said.flags}
        kept = [f for f in (prev.flags if prev is not None else []) if f[0] in named and f[1] != named[f[0]]]
        if (
            prev is None
            or self._declined
            or not (prev.measures or prev.count)
            or len(kept) != 1
            or said.values
        ):
            return said
        out = copy.deepcopy(prev)
        out.flags = [f for f in out.flags if f[0] != kept[0][0]]
        out.group = [*out.group, kept[0][0]]
        out.notes = [*said.notes, "'that' is the figure before, shown for both sides"]
        return out

    def _rate_of_only_flag_before(self, said: Slots) -> Slots:
        """ "How many of them churned? -- What percentage is that?": the one yes/no thing of the count
        before, as its rate over the records its other conditions keep; with no such count, the
        question is read as before; with several yes/no things, asked which."""
        prev = self._prev
        if prev is None or self._declined or not prev.count or prev.measures or not prev.flags:
            return said
        if len(prev.flags) != 1:
            raise Decline("clarify", "A share of which of those conditions? Please ask it as one question.")
        return _rate_of(
            prev,
            prev.flags[0],
            [*said.notes, "'that' is the count before, as a share of the records its other conditions keep"],
        )

    def _ask_back(self, question: str, plan: Plan) -> Answer:
        """A question declined on one unknown phrase, asked back: the candidates, each offered as the
        question with the phrase replaced by it; the next turn may pick one (`Offered.picked`)."""
        askback = plan.askback
        assert askback is not None
        picks = tuple(_rewritten(question, askback.phrase, c.name) for c in askback.candidates)
        self._offered = Offered(question, askback, picks, (self._prev, self._declined, self._why))
        return Answer(
            question=question,
            status="clarify",
            text=askback.message,
            suggestions=picks,
            notes=plan.notes,
            extra={ASKBACK: [c.label for c in askback.candidates]},
        )

    def _records_count(self, prev: Slots) -> exp.Select:
        """The count of the records a previous question named (its table under its own filters)."""
        if prev.entity is None or prev.rank or prev.limit or prev.superlative:
            raise Decline("clarify", "Each of which records? Please ask the whole question.")
        base = finish(self.schema, copy.deepcopy(prev), self.today)
        counted = replace(
            base,
            kind="aggregate",
            measures=(Measure("count", table=base.table),),
            columns=(),
            group_by=(),
            labels=(),
            order=None,
            order_by=None,
            limit=None,
        )
        return build(self.schema, counted)

    def _each_complete(self, answer: Answer, each_of: exp.Select) -> Answer:
        """ "each of them": declined when some of the records named before have no rows to show."""
        try:
            total = self.catalog.run(each_of).rows[0][0]
        except QueryError:
            total = None
        if total is not None and len(answer.rows) == total:
            return answer
        missing = "Some" if total is None else f"{total - len(answer.rows)} of the {total}"
        return _asked_back(
            answer,
            f"{missing} records you listed before have none of these rows, and I can't show them "
            "with a zero yet; please ask about them by name or as a whole question.",
        )

    # ------------------------------------------------------------------ helpers
    def _dated(self, answer: Answer, timed: bool) -> Answer:
        """A time-dependent answer states its as-of date in the interpretation ("data to 2025-12-31")."""
        if self._has_events is None:  # the tables' columns do not change under an Assistant
            self._has_events = any(event_columns(self.catalog, t) for t in self.catalog.model.tables)
        dated = self._has_events
        words = self.as_of.words + (" (later rows left out)" if asof.is_cut(self.catalog) else "")
        if not (timed and dated) or self.as_of.date.isoformat() in answer.interpretation:
            return answer
        base = answer.interpretation.rstrip().rstrip(".")
        text = f"{base}; {words}" if base else words[:1].upper() + words[1:]
        return replace(answer, interpretation=text + ("." if answer.interpretation.endswith(".") else ""))

    def _same_rows(self, a: str, b: str, value: str) -> bool:
        """Whether `value` selects the same rows in columns a and b ("table.column") of one table."""
        table, col_a = a.split(".", 1)
        col_b = b.split(".", 1)[1]
        stored = self.schema.tables[table].columns
        if any(stored[c].derived for c in (col_a, col_b) if c in stored):
            return False  # computed, not stored (a weekday of each of two dates): two columns, no query
        said = exp.Literal.string(value)
        hit_a = exp.EQ(this=exp.cast(exp.column(col_a, quoted=True), "VARCHAR"), expression=said)
        hit_b = exp.EQ(this=exp.cast(exp.column(col_b, quoted=True), "VARCHAR"), expression=said.copy())
        counts = [
            exp.Sum(this=exp.cast(cond, "INT"))
            for cond in (hit_a, hit_b, exp.and_(hit_a.copy(), hit_b.copy()))
        ]
        query = exp.select(*counts).from_(exp.to_table(table, quoted=True))
        try:
            rows = self.catalog.run(query).rows
        except QueryError:
            return False
        first, second, both = rows[0]
        return first is not None and first == second == both

    def _outside_dates(self, answer: Answer, intent: Intent) -> Answer:
        """A period wholly outside the dates a column holds is asked back with the column's range ("the
        30s" read as the 1930s on data from 2023, "orders in 2019" of 2024's orders: not a finding of zero)."""
        span, column = intent.time_range, intent.time_column
        if column is None or (span is None and not intent.compare_ranges):
            return answer
        table, _, name = column.partition(".")
        info = self.catalog.model.tables.get(table)
        col = info.columns.get(name) if info is not None else None
        if col is None:
            return answer
        first, last = _day(col.minimum), _day(col.maximum)
        if span is None:  # periods compared: one the data does not reach is no comparison at all
            empty = [
                r.label
                for r in intent.compare_ranges
                if first and last and not (r.start <= last and r.end > first)
            ]
            if empty:
                said_as = " ".join((col.words or name).split())
                return _asked_back(
                    answer,
                    f"No {said_as} falls in {empty[0]}: the data runs from {first} to {last}, so I can't "
                    "compare with that period.",
                )
            return answer
        if first is None or last is None or (span.start <= last and span.end > first):
            return answer
        words = (col.words or name).split()
        said = f"No {' '.join(words)} falls in that period: {' '.join([*words[:-1], plural(words[-1])])}"
        said += f" run from {first} to {last}."
        relative = set(span.phrase.split() or span.label.lower().split()) & RELATIVE_PERIOD_WORDS
        if relative and span.start > last and self.as_of.source == "data":
            # "orders so far this month" where the data's end (a later ship date) is in a month with no
            # order: a zero would mislead; the period is asked back (a date the user gave is kept)
            return _asked_back(
                answer,
                f"{said} '{span.label}' is counted to the end of the data, after the last of them; "
                "please name the period (a month or year), or give an as-of date.",
            )
        # "transactions in 2019" of data from 2016: the data says nothing of that period, a zero would
        # be a finding it does not hold
        return _asked_back(answer, f"{said} Please ask about a period inside the data.")

    def _reads_dated(self, tree: exp.Expr) -> bool:
        """Whether a query reads a table whose rows carry event dates: its figures are those known on the
        as-of date ("how many customers?" counts the customers signed up by then), so it says which date."""
        tables = {t.name for t in tree.find_all(exp.Table)}
        return any(event_columns(self.catalog, t) for t in tables if t in self.catalog.model.tables)

    def _lookup(self, toks: list[str], mentions: list[Mention]) -> Found | None:
        """Unknown words that are a value the Lexicon does not index: part of one stored value, or a
        value of a many-valued text column (one query per candidate column). Skill phrases stay."""

        if not has_unknown(mentions):
            return None
        skill = self._skill_span(toks)
        for step in (
            lambda: partial_values(self.schema, mentions),
            lambda: data_values(self.schema, self.catalog, mentions),
            lambda: place_values(self.schema, self.catalog, mentions),
            lambda: named_values(self.schema, self.catalog, mentions),
            lambda: brand_values(self.schema, self.catalog, mentions),
        ):
            found = step()
            if found is None:
                continue
            a, b = found.tokens
            if skill is not None and a < skill[1] and b > skill[0]:
                return None
            return found
        return None

    def _names_measure(self, phrase: tuple[str, ...]) -> bool:
        """Whether the words are the own name of one numeric measure ("sales", "advertising") of a table
        whose rows are what is counted, not records of others (no key to other records): "stores that
        sold nothing" is Sales = 0 there, while products that sold nothing on order lines have no lines."""
        columns = {s.key for s in self.lexicon.phrases.get(phrase, ()) if s.kind == "column"}
        if len(columns) != 1:
            return False
        c = self.schema.col(next(iter(columns)))
        own = phrase in variants(c.words) or phrase in variants(phrase_tokens(c.name))
        keyed = any(x.role == Role.FOREIGN_KEY for x in self.schema.tables[c.table].columns.values())
        return own and not keyed and c.role == Role.MEASURE and c.is_numeric

    def _names_counter(self, phrase: tuple[str, ...]) -> bool:
        """Whether the words name one whole numeric measure with no empty values, a count of uses
        ("customer support" for minutes_customer_support, "social media ads viewed"): "never used" it
        is that measure at 0. Never an amount of money."""
        columns = {s.key for s in self.lexicon.phrases.get(phrase, ()) if s.kind in ("column", "colword")}
        if len(columns) != 1:
            return False
        c = self.schema.col(next(iter(columns)))
        return c.role == Role.MEASURE and c.is_numeric and c.nulls == 0 and not c.money

    def _one_person(self, column: str, pronoun: str | None) -> bool:
        """ "they" of the one person a top-1 answer named (a key to people: Customer ID)."""
        if pronoun not in ("they", "them", "their") or "." not in column:
            return False
        col = self.schema.col(column)
        # a key of the records found (a sales rep's hashed sr_id) stands for them as much as a person's name
        return bool(set(col.words) & PERSON_WORDS) or col.role in (Role.IDENTIFIER, Role.FOREIGN_KEY)

    def _unknown(self, words: list[str]) -> str:

        names = [
            c.name
            for c in self.schema.columns()
            if c.role not in (Role.TEXT, Role.OTHER) and c.value_groups is None and c.compared is None
        ][:8]
        quoted = ", ".join(f"'{w}'" for w in dict.fromkeys(words))
        return f"I don't know {quoted} in this data. It has: {', '.join(names)}{', ...' if len(names) == 8 else ''}."

    def _run(self, question: str, plan: Plan) -> Answer:

        intent, tree = plan.intent, plan.tree
        assert intent is not None and tree is not None
        schema = plan.schema or self.schema
        interpretation = explain(schema, intent)
        tree = display_order(self.catalog, intent, tree)
        next_row = None
        try:
            if ranked(intent, tree) and intent.limit and intent.limit <= self.max_rows:
                (result, next_row), stats = fetch_one_more(self.catalog, intent, tree), None
            else:
                result, stats = grouped.fetch(self.catalog, intent, tree, max(1, self.max_rows))
        except QueryError as e:
            return Answer(
                question, "error", str(e), interpretation=interpretation, sql=tree.sql(dialect="duckdb")
            )
        found = tied_count(self.catalog, intent, tree, result.columns, tuple(result.rows), next_row)
        result, all_tied = with_the_tied(self.catalog, intent, tree, result, found)
        sql, columns, rows, row_count = result.sql, result.columns, result.rows, result.row_count
        tie = all_tied or tie_note(found)
        chart = _chart(intent, columns)
        figures, columns, rows = grouped.grouped_figures(
            self.catalog, intent, tree, columns, rows, row_count, stats
        )
        extra: dict = {}
        banded = bands(self.catalog, intent, tree, columns, row_count) if chart is not None else None
        if banded is not None:
            extra[BANDS] = banded
            extra[CHART_TABLE] = banded["rows"]
        elif figures is not None and figures.chart and chart:
            extra[CHART_TABLE] = figures.chart
        notes = plan.notes
        if figures is not None and figures.clusters:
            notes = (
                *notes,
                f"The 95% intervals take the rows of one customer together ({figures.clusters}: one cluster "
                "each), as rows of the same customer are not independent.",
            )
        partial = partial_bucket(intent, rows, self.today)
        text = sentence(
            schema, intent, columns, rows, row_count, interpretation, figures, partial, self.today
        )
        columns, rows = mark_partial(columns, rows, intent.grain, self.today)
        columns, rows = in_percent_points(schema, intent, columns, rows)
        if tie is not None:
            text, notes = f"{text} {tie}", (*notes, tie)
        if partial is None and (cut := first_partial(rows, intent.grain, self.today)) is not None:
            text = f"{text[:-1]}; {partial_note(cut, intent.grain or '', self.today)}."  # a series by group
        return Answer(
            question=question,
            status="answer",
            text=text,
            interpretation=interpretation,
            sql=sql,
            columns=columns,
            rows=rows,
            row_count=row_count,
            chart=chart,
            notes=notes,
            extra=extra,
        )

    def _skill_followup(
        self, question: str, toks: list[str], mentions: list[Mention], notes: tuple[str, ...]
    ) -> Plan | None:
        """ "and by region?" after "NPS by plan": the same skill split another way; other fragments
        after a skill answer are asked again in full rather than read alone."""

        try:
            slots, unused = read(self.schema, mentions)
        except Decline:
            return None
        if unused or not slots.is_fragment() or not _starts_followup(mentions):
            return None
        first_group = next((m for m in mentions if "group" in m.kinds), None)
        only_group = slots.group and not (slots.values or slots.flags or slots.conds or slots.ranges)
        if first_group is None or not only_group or slots.grain is not None:
            return Plan(status="clarify", message="Please ask that as a whole question.", notes=notes)
        phrase = list(self._prev_skill or ())
        composed = phrase + toks[first_group.start :]
        plan = self._skill(" ".join(composed), composed, self.lexicon.match(composed, self.today), notes)
        return plan if plan is not None else Plan(status="clarify", message="Please ask the whole question.")

    def _skill_span(self, toks: list[str]) -> tuple[int, int, Skill] | None:
        """The first (longest) skill phrase in the tokens: (start, end, skill)."""
        for phrase, skill in self._skill_table():
            n = len(phrase)
            for i in range(len(toks) - n + 1):
                if tuple(toks[i : i + n]) == phrase:
                    return i, i + n, skill
        return None

    def _more_phrases(self, toks: list[str], skill: Skill, start: int, end: int) -> list[tuple[int, int]]:
        """Other phrases of the same skill outside its first span ("retention by cohort": 'cohort' is the
        retention skill's own word, not a column to split by), each with a 'by'/'per' just before it."""
        out: list[tuple[int, int]] = []
        taken = [(start, end)]
        for phrase, other in self._skill_table():
            if other is not skill:
                continue
            n = len(phrase)
            for i in range(len(toks) - n + 1):
                j = i + n
                if tuple(toks[i:j]) != phrase or any(i < b and j > a for a, b in taken):
                    continue
                if i > 0 and toks[i - 1] in ("by", "per") and all(i - 1 >= b or i <= a for a, b in taken):
                    i -= 1
                taken.append((i, j))
                out.append((i, j))
        return out

    def _metric_asked(self, plain: Plan, toks: list[str], mentions: list[Mention]) -> bool:
        """A skill's metric phrase names a column that the plain reading only lists ("NPS"): the
        question asks for the metric, not the column's rows. An aggregation, filter or grouping on
        the column ("average NPS", "NPS of 10") keeps the plain reading."""
        found = self._skill_span(toks)
        intent, slots = plain.intent, plain.slots
        if found is None or intent is None or slots is None or slots.list_word or intent.kind != "list":
            return False
        start, end, _ = found
        named = [m for m in mentions if m.start < end and m.end > start]
        if not named or not all(m.kinds & {"column", "colword"} for m in named):
            return False
        cols = {str(x.key) for m in named for x in m.senses if x.kind in ("column", "colword")}
        used = {f.column for f in intent.filters} | {m.column for m in intent.measures if m.column}
        return not (cols & used) and intent.order_by not in cols

    def _skill_table(self) -> list[tuple[tuple[str, ...], Skill]]:
        """(phrase tokens, skill) of the skills this data has, longest phrase first."""
        if self._skills is None:
            table: list[tuple[tuple[str, ...], Skill]] = []
            for skill in REGISTRY.available(self.catalog):
                table.extend((tuple(tokens(p)), skill) for p in skill.phrases if tokens(p))
            table.sort(key=lambda x: -len(x[0]))
            self._skills = table
            self.lexicon.known |= {w for phrase, _ in table for w in phrase}
        return self._skills

    def _skill(
        self, question: str, toks: list[str], mentions: list[Mention], notes: tuple[str, ...]
    ) -> Plan | None:
        """A skill phrase in the question: parse the rest into filters/by/limit and dispatch."""

        found = self._skill_span(toks)
        if found is None:
            return None
        start, end, skill = found
        if end - start > 1 and end < len(toks) and toks[end - 1] in ("by", "per"):
            end -= 1  # "retention by plan": the phrase's last 'by' splits by what follows it
        named = [m for m in mentions if m.start < end and m.end > start]
        if (
            named
            and all(m.kinds & SCHEMA_KINDS for m in named)
            and any(m.kinds & RECORD_KINDS for m in named)
        ):
            return None  # "complaints" names a table here: a plain question, not the skill's phrase
        if any(m.kinds & {"column", "colword"} and (m.start < start or m.end > end) for m in named):
            return None  # "positive feedback count" names a column; its word "feedback" is no trigger
        labels = {
            str(x.key)
            for m in named
            for x in m.senses
            if x.kind in ("column", "colword")
            and "." in str(x.key)
            and self.schema.col(str(x.key)).words[-1:] == tuple(m.text.split()[-1:])
        }  # (a label the word heads: airline_sentiment for "sentiment", never OrderLineItem for "order")
        if any(self.schema.col(q).role == Role.DIMENSION for q in labels):
            return None  # "tweets by sentiment" beside a stored airline_sentiment label: the data's own
        before = [m for m in mentions if m.end <= start and m.kinds - {"stop"}]
        if (
            named
            and all(m.kinds & {"column", "colword"} for m in named)
            and before
            and before[-1].kinds & {"agg", "count"}
        ):
            return None  # "the highest number of positive feedback": a figure of that column
        spans = [(start, end), *self._more_phrases(toks, skill, start, end)]
        rest = [m for m in mentions if all(m.end <= a or m.start >= b for a, b in spans)]
        if any(
            a.has("group")
            and b.kinds & {"count", "agg"}
            and not small_count_named(self.schema, rest[i + 2 : i + 3])
            for i, (a, b) in enumerate(pairwise(rest))
        ):
            # "churn rate by number of lines": a split by a figure, which no skill computes ("by number
            # of inactive months" of a small count column is a split by that column's values)
            return Plan(status="clarify", message="I can't split by a figure; please group by a column.")
        try:
            slots, unused = read(self.schema, rest)
            resolve_ambiguous(self.schema, slots)
        except Decline as d:
            return Plan(status=d.status, message=d.message, notes=notes)
        if (
            skill.name in THEME_SKILLS
            and (slots.rank or slots.superlative or slots.limit)
            and (slots.target or slots.values)
        ):
            return None  # "the top 3 reasons people complain" of a reason column: the rows counted by it
        if skill.name in THEME_SKILLS and slots.values and (slots.group or slots.count):
            return None  # "cancelled flight complaints per airline": the records of that value, counted
        if slots.having:
            # "churn rate by age, only ages with at least 50 members": no skill keeps groups by their size
            return Plan(
                status="clarify",
                message="I can't keep only the groups of a certain size here; please ask by the column alone.",
                notes=notes,
            )
        if slots.grain is not None and not self.schema.columns(Role.TIME):
            return Plan(
                status="unsupported",
                message=f"The data has no date column, so I can't show {skill.name.replace('_', ' ')} over time.",
                notes=notes,
            )
        if slots.grain is not None and slots.grain not in skill.grains:
            grains = [g for g in skill.grains if g]
            what = skill.name.replace("_", " ")
            how = f"try by {grains[0]}" if grains else "it is not available over time"
            return Plan(
                status="unsupported",
                message=f"I can't break {what} down by {slots.grain or 'time'}; {how}.",
                notes=notes,
            )
        sides: dict[str, set[bool]] = {}
        measured = {str(x.key) for m in named for x in m.senses if x.kind in ("flag", "column", "colword")}
        if any(f[0] in measured for f in slots.flags):
            # "how many customers churned and what is the churn rate": the skill's own yes/no is what it
            # measures, never a filter (a rate of 1 among the churned)
            slots.flags = [f for f in slots.flags if f[0] not in measured]
        target = self.catalog.model.churn_target
        if skill.name.startswith("churn") and target and any(v[0] == target for v in slots.values):
            # "do type A or type B members cancel more often? the churn rate of each": 'cancel' is the
            # status the skill measures, never a filter (a churn rate of 100% among the cancelled)
            slots.values = [v for v in slots.values if v[0] != target]
        for c, n, _ in slots.flags:
            sides.setdefault(c, set()).add(n)
        for c in sorted(c for c, v in sides.items() if len(v) == 2):
            # "churn rate with and without dependents": split by that column
            slots.flags = [f for f in slots.flags if f[0] != c]
            if c not in slots.group:
                slots.group.append(c)
        if slots.rank or slots.superlative:
            # "top 2 regions by CLV", "which region has the highest NPS": the ranked column's values are
            # the groups (each with its base and interval), never dropped for a list of customers
            slots.group += [
                t
                for t in slots.target
                if t not in slots.group and self.schema.col(t).role not in (Role.IDENTIFIER, Role.FOREIGN_KEY)
            ]
        if slots.versus and not slots.group:
            # "NPS in Chile vs Ireland": each value on its own (split by the column), never pooled
            named_values: dict[str, set[str]] = {}
            for column, value, negated in slots.values:
                if not negated:
                    named_values.setdefault(column, set()).add(str(value))
            slots.group += [c for c, vs in named_values.items() if len(vs) >= 2]
        used = {*slots.group, *slots.target, *said_columns(slots)}
        if not skill.takes_topic and (leftover := [b for b in slots.bare if b not in used]):
            # "churn rate by data storage plan" where the split was not read: never the overall rate
            names = ", ".join(self.schema.col(b).name for b in leftover)
            return Plan(status="clarify", message=f"I'm not sure what to do with {names} here.", notes=notes)
        topic_words = [w for w in unused]
        missing_text = [w for w in topic_words if singular(w) in word_set("text_kinds")]
        if missing_text and skill.takes_topic:
            # "what do customers say in their complaint narratives": no such text is kept, never another
            # text searched for the word
            return Plan(status="unsupported", message=f"This data keeps no {missing_text[0]}.", notes=notes)
        if topic_words and skill.takes_topic and not _topic_said(toks, topic_words, start):
            # "which 3 products got the most 1-star reviews" where products are not known: never reviews
            # mentioning 'product'; a topic is said after "about"/"mentioning" or right before the skill
            return Plan(status="clarify", message=self._unknown(topic_words), notes=notes)
        if topic_words and not skill.takes_topic:
            return Plan(status="clarify", message=self._unknown(topic_words), notes=notes)
        conds = (
            [flag_cond(self.schema, c, n) for c, n, _ in slots.flags]
            + value_conds(slots.values)
            + slots.conds
        )
        try:
            written_two_ways(self.schema, slots.group, conds)
            bounds_that_cannot_meet(self.schema, conds)
        except Decline as d:
            return Plan(status=d.status, message=d.message, notes=notes)
        for i, g in enumerate(slots.group):
            if g.startswith("@"):
                # "average order value by store": the stores' key where the records point at them, never
                # the split dropped for one figure over everything
                keys = sorted(
                    {f"{r.table}.{r.column}" for r in self.schema.relations if r.ref_table == g[1:]}
                )
                if len(keys) != 1:
                    what = self.schema.tables[g[1:]].entity if g[1:] in self.schema.tables else g[1:]
                    return Plan(
                        status="clarify", message=f"Split by which column of the {what}?", notes=notes
                    )
                slots.group[i] = keys[0]
        tables = {c.column.split(".", 1)[0] for c in conds} | {g.split(".", 1)[0] for g in slots.group}
        if len(tables) > 1:
            return Plan(
                status="clarify", message="Those filters are on different tables; please ask one at a time."
            )
        where: exp.Expr | None = None
        parts = [cond_sql(self.schema, c) for c in conds]
        where_text = [cond_text(self.schema, c) for c in conds]
        if len(slots.ranges) > 1 and not skill.compares_periods:
            # "NPS this month vs last month": never the figure over all dates with the periods dropped
            what = skill.description or skill.name.replace("_", " ")
            return Plan(
                status="unsupported",
                message=f"I can't compare {what} between periods in one answer; please ask for each "
                "period on its own (for example '... last month').",
                notes=notes,
            )
        if slots.versus and not slots.group:
            # "average order value for single-item orders vs orders with two items": two sides the skill
            # cannot split by, never one figure for everything
            return Plan(
                status="clarify",
                message="Compare which groups? Name a column to split by (e.g. '... by region').",
                notes=notes,
            )
        if slots.ranges:
            # "... in Q4 2025": the period on the date column of the filtered (or only dated) table

            own = {
                str(x.key).split(".", 1)[0]
                for m in named
                for x in m.senses
                if x.kind in ("column", "colword")
            }
            candidates = (
                tables or own or {t.name for t in self.schema.tables.values() if t.by_role(Role.TIME)}
            )
            if len(candidates) != 1:
                return Plan(status="clarify", message="Which records does that period apply to?", notes=notes)
            table = next(iter(candidates))
            dates = [c.label for c in self.schema.tables[table].by_role(Role.TIME)]
            if not slots.time_col and len(dates) > 1:
                # "churn rate in 2024": signed up in 2024, or churned in 2024? Ask, never pick one
                return Plan(
                    status="clarify", message=f"Which date should that period apply to: {' or '.join(dates)}?"
                )
            try:
                time_col, time_range, _ = time_of(self.schema, slots, table, self.today)
            except Decline as d:
                return Plan(status=d.status, message=d.message, notes=notes)
            if time_col and time_range:
                parts += range_conds(self.schema, time_col, time_range.start, time_range.end)
                where_text.append(f"{self.schema.col(time_col).name}{period_phrase(time_range)}")
                tables = {table}
        if parts:
            where = exp.and_(*parts)
        request = SkillRequest(
            question=question,
            catalog=self.catalog,
            as_of=self.today,
            table=next(iter(tables)) if tables else None,
            where=where,
            where_text=" and ".join(where_text),
            by=tuple(g for g in slots.group if not g.startswith("@")),
            limit=slots.limit,
            topic=" ".join(topic_words),
        )
        return Plan(skill=skill, request=request, notes=notes, phrase=tuple(toks[start:end]))


def _rate_of(prev: Slots, flag: tuple[str, bool, int], notes: list[str]) -> Slots:
    """The question before, its count of records turned into the rate of one of its yes/no conditions."""
    out = copy.deepcopy(prev)
    out.count, out.count_of, out.count_groups = False, None, False
    out.rate_at = [flag[2] + 1]
    out.notes = notes
    return out


def _that_as_rate(words: tuple[str, ...]) -> bool:
    """ "what's that as a churn rate": the count before, of a yes/no thing, as its rate."""
    return any(
        words[i] in ("that", "this", "it") and words[i + 1] == "as" and "rate" in words[i + 2 : i + 5]
        for i in range(len(words) - 2)
    )


WHOLE_WORDS = frozenset({"all", "overall", "everyone", "everybody", "whole"})
"""Words of a comparison with every record ("compare with all customers overall")."""


def _compare_that(words: tuple[str, ...]) -> bool:
    """ "how does that compare with ...", "compare it to ...": the figure before, compared."""
    return any(
        words[i] in ("compare", "compares", "compared") and {"that", "it"} & set(words[max(i - 2, 0) : i + 2])
        for i in range(len(words))
    )


def _what_share_is_that(words: tuple[str, ...]) -> bool:
    """ "what percentage is that", "what share is this": the count before as a share."""
    shares = {"percentage", "percent", "share", "proportion", "fraction", "%"}
    return any(
        words[i] in shares and words[i + 1] in ("is", "was") and words[i + 2] in ("that", "this", "it")
        for i in range(len(words) - 2)
    )


def _share_of_that(words: tuple[str, ...]) -> bool:
    """ "what is that as a percentage of all active members": the figure before as a share of others."""
    shares = {"percentage", "percent", "share", "proportion", "fraction"}
    return any(
        words[i] in ("that", "this", "it") and words[i + 1] == "as" and words[i + 3] in shares
        for i in range(len(words) - 3)
    )


def _asked_back(answer: Answer, text: str) -> Answer:
    """An answer found unfit to show, turned into a question back (its notes and suggestions kept)."""
    return Answer(
        question=answer.question,
        status="clarify",
        text=text,
        suggestions=answer.suggestions,
        notes=answer.notes,
    )


def _day(value: object) -> dt.date | None:
    """A column's stored extreme as a date (None when it is not one)."""
    if isinstance(value, dt.datetime):
        return value.date()
    return value if isinstance(value, dt.date) else None


def _difference(answer: Answer, sides: tuple[object, object]) -> Answer:
    """ "how much more do men earn than women": one row, the first group's figure less the second's,
    with both figures and each group's n beside it; declined unless the answer has one row of each."""
    cols = list(answer.columns)
    found = [[r for r in answer.rows if str(r[0]).lower() == str(side).lower()] for side in sides]
    if len(cols) < 2 or any(len(f) != 1 or not isinstance(f[0][1], int | float) for f in found):
        return replace(
            answer,
            status="unsupported",
            text="I can't work out how much more one group has than the other here.",
            columns=(),
            rows=(),
            row_count=0,
            chart=None,
        )
    (a,), (b,) = found
    figure = cols[1]
    n = cols.index("n") if "n" in cols else None
    diff = a[1] - b[1]
    columns: tuple[str, ...] = ("difference", f"{figure} {a[0]}", f"{figure} {b[0]}")
    row: tuple = (diff, a[1], b[1])
    if n is not None:
        columns, row = (*columns, f"n {a[0]}", f"n {b[0]}"), (*row, a[n], b[n])
    way = "more" if diff >= 0 else "less"
    sizes = f" (n = {a[n]:,} and {b[n]:,})" if n is not None else ""
    text = (
        f"{answer.interpretation.split(', where')[0].split(', by')[0]}: {abs(diff):,.2f} {way} for {a[0]} "
        f"({a[1]:,.2f}) than for {b[0]} ({b[1]:,.2f}){sizes}."
    )
    return replace(
        answer,
        text=text,
        interpretation=f"{answer.interpretation}; the difference {a[0]} minus {b[0]}",
        columns=columns,
        rows=(row,),
        row_count=1,
        chart=None,
    )


def _timed(intent: Intent | None) -> bool:
    """Whether a plain answer depends on the as-of date (a period, a series or a comparison)."""
    return intent is not None and bool(intent.grain or intent.time_range or intent.compare_ranges)


OWNERS_ASKED = (
    "'{phrase}': figures of one kind of record gathered for the ones that own them is not something I "
    "read yet; please ask for the figure split by the owner, e.g. 'revenue by support rep'."
)
GROUP_LOSS = (
    "'{phrase}' of a group: by its total profit, or by each of its records' profit? Please ask e.g. "
    "'which ... have the lowest total profit' or 'how many ... lines had a negative profit'."
)
RELATIVE_PERIOD_WORDS = {
    "this",
    "current",
    "last",
    "past",
    "previous",
    "so",
    "recent",
    "ago",
    "today",
    "yesterday",
}
"""Words of a period counted back from the as-of date ("this month", "the last 30 days")."""
SINGULAR = {"its", "it", "there"}
"""Pronouns that point at the one record a top-1 answer named ("what's its margin?")."""


ELLIPTIC_FLAG = re.compile(
    r"^(?:and |but |what about |how about )?(?:for |from |among |of |with )?"
    r"(?:the ones|those|them|the people|people|the others|others|the rest|ones) (?:who|that) "
    r"(?:will|would|did|do|does|are|were|have|has|is|was|can)(?: (not))?$"
)
"""A follow-up naming the records only by an auxiliary verb ("and the ones who will?", "those who didn't"):
the yes/no condition before, said the other way or the same."""


PERSON_WORDS = frozenset(" ".join(w) for w in word_classes()["people"])
"""Name words of a key to people (words.yaml ``people``): the one a top-1 answer named is "they"
("how many orders did they make?")."""


def _winner(slots: Slots | None, intent: Intent, answer: Answer) -> tuple[Slots, str, tuple[Any, ...]] | None:
    """(slots, split column, values) of an answer naming its top groups (the top one, or the top N),
    else None."""
    if (
        slots is None
        or not intent.limit
        or intent.grain
        or not answer.rows
        or len(answer.rows) > intent.limit
    ):
        return None
    if intent.kind == "list" and intent.columns and _names_each_row(intent.columns[0], answer.rows):
        return slots, intent.columns[0], tuple(r[0] for r in answer.rows)  # "top 10 customers by charges"
    if len(intent.group_by) != 1:
        return None
    return slots, intent.group_by[0], tuple(r[0] for r in answer.rows)


def _names_each_row(column: str, rows: Sequence[tuple[Any, ...]]) -> bool:
    """The first column of a listed answer names each of its rows once (a key, shown first)."""
    firsts = [r[0] for r in rows]
    return None not in firsts and len(set(firsts)) == len(firsts)


def _narrowed(prev: Slots, column: str, values: tuple[Any, ...]) -> Slots:
    """The previous question's slots for its winners alone: no ranking, the winners' values kept ("its
    margin": the top one's; "the churn rate in each of those states": of those states, each its own)."""
    return replace(
        prev, group=[], rank=None, limit=None, superlative=None, target=[], target_entity=None,
        values=[*prev.values, *((column, v, False) for v in values)],
        versus=prev.versus or len(values) > 1,
    )  # fmt: skip


TOP_ONE = {("top", "one"), ("first", "one"), ("biggest", "one"), ("largest", "one"), ("number", "one")}
"""Words naming the first group of the answer before ("the top one")."""


def _top_one(words: tuple[str, ...]) -> bool:
    """ "break the top one down by gender": the first group the answer before named."""
    return any(pair in TOP_ONE for pair in zip(words, words[1:], strict=False))


def _those_groups(words: tuple[str, ...]) -> bool:
    """ "in each of those states", "for these three regions": the groups the answer before named."""
    return any(w in ("those", "these") for w in words)


PRONOUNS = {"them", "those", "these", "they"}
"""Words that point at records named in an earlier turn."""
OBJECT_OF = {"for", "of", "in", "about", "on", "with", "from", "by"}
"""Prepositions before "it" that make it the thing an earlier turn named ("the rate for it")."""
RELATIVE = {"who", "that", "which", "with", "without", "whose", "where", "in", "from", "of", "not"}
"""After a pronoun, words that make it name records of this question ("those who didn't")."""


PLACE_KINDS = frozenset({"column", "colword", "value"})
"""Mentions that can name the place a later "there" points at in the same question."""


def _existential(mentions, i: int) -> bool:
    """ "are there", "there are": 'there' of being, never a place."""
    near = {mentions[j].text.split()[0] for j in (i - 1, i + 1) if 0 <= j < len(mentions)}
    return bool(near & {"is", "are", "was", "were", "be", "been", "isn't", "aren't", "will"})


def _possessives() -> set[str]:
    return {w for p in word_classes()["possessives"] for w in p}


OWNERS = {*NAMED_KINDS, "colword"}
"""Mention kinds that can own a possessive later in the same question ("stores and their sales"); an
unknown word (no kind) may too."""


POINTING = frozenset({"that", "those", "these", "this"})
POINTING_AFTER = frozenset({"of", "in", "from", "among", "for", "on", "with"})
"""A demonstrative after one of these words points at what was said before ("the most of that money")."""


def _points_back(words: tuple[str, ...]) -> bool:
    """ "most of that money", "of those January receipts": a thing said before, pointed at."""
    return any(w in POINTING and i and words[i - 1] in POINTING_AFTER for i, w in enumerate(words))


def _that_one(words: tuple[str, ...]) -> bool:
    """ "that agency's listings", "in that state": a demonstrative before a noun (the one named before)."""
    return any(w in ("that", "this") and i + 1 < len(words) for i, w in enumerate(words))


def _points_at_figure(words: tuple[str, ...]) -> bool:
    """ "of that money", "of that total": the demonstrative points at a figure, not at a thing named."""
    money = {p[0] for p in word_classes()["money_words"] if len(p) == 1} | {"total", "figure", "sum"}
    return any(w in POINTING and i + 1 < len(words) and words[i + 1] in money for i, w in enumerate(words))


def _dangling_pronoun(mentions) -> str | None:
    """A pronoun that points at an earlier turn's records ("each of them", "their average sales"),
    not one this question explains itself ("those who didn't", "among them" as a follow-up phrase)."""
    for i, m in enumerate(mentions):
        if m.text in _possessives() and not any(x.kinds & OWNERS or not x.kinds for x in mentions[:i]):
            return m.text  # "what are their average sales?": nothing before it owns 'their'
        prev = mentions[i - 1].text if i else ""
        words = m.text.split()
        if len(words) > 1 and words[-1] in PRONOUNS and m.kinds <= {"stop"} and words[0] in CLAUSE_VERBS:
            nxt = mentions[i + 1].text.split()[0] if i + 1 < len(mentions) else ""
            if nxt not in RELATIVE and not any(x.has("entity") for x in mentions[:i]):
                return words[-1]  # "how many times did they call": the records of a turn before
            if nxt in SPENDING_VERBS and not any(_names_people(x) for x in mentions[:i]):
                return words[-1]  # "in which market did they spend the most": people of a turn before
        if (
            m.text == "there"
            and i
            and mentions[i - 1].kinds & OWNERS
            and not _existential(mentions, i)
            and not any(x.kinds & PLACE_KINDS for x in mentions[: i - 1])  # ("which city ... there")
        ):
            return m.text  # "how many of the customers there returned something": the place named before
        if m.text == "it" and prev in THING_VERBS:
            return m.text  # "how many customers bought it there": the thing named in the turn before
        if m.text == "it" and prev in OBJECT_OF and not any(x.has("entity") for x in mentions[:i]):
            return m.text  # "what's the cancellation rate for it?": the one named before (never "which
            # album has the most tracks on it": the album this question names)
        if m.text not in PRONOUNS:
            continue
        nxt = mentions[i + 1].text.split()[0] if i + 1 < len(mentions) else ""
        if (prev,) in word_classes()["own_item"]:
            continue  # "the item they bought": a clause about this question's own records
        if (
            i
            and mentions[i - 1].kinds & {"column", "colword", "grainword", "time"}
            and any(x.has("entity") for x in mentions[: i - 1])
        ):
            continue  # "campaigns by the category they promoted", "members by the year they joined"
        named = [j for j, x in enumerate(mentions[:i]) if x.has("entity") and not x.of("entity")[0].value]
        if (
            (prev in CLAUSE_VERBS or prev in CLAUSE_WH)
            and named
            and any(x.text == "and" for x in mentions[named[0] : i])
        ):
            # "our longest-standing customers and how long have they been with us", "our Canadian
            # customers and what they paid": those named
            continue
        if nxt not in RELATIVE:
            return m.text
    return None


def _owned_here(mentions, pronoun: str) -> bool:
    """Whether a pronoun of a first question points at records the question named before it ("how many
    different products had a coupon attached to them", "top 5 agents by the fees of the members they
    brought in"): records or people named, never a bare figure ("what are their average sales?")."""
    at = next((i for i, m in enumerate(mentions) if m.text.split()[-1:] == [pronoun]), len(mentions))
    return any(m.has("entity") or _names_people(m) for m in mentions[:at])


SPENDING_VERBS = word_set("spending_verbs")
"""Verbs whose doer is a person: after "did they" with no people named before, the people of a turn before."""


THING_VERBS = SPENDING_VERBS | {"sold", "sell", "sells", "rented", "returned", "reviewed", "rated", "used"}
"""Verbs whose object "it" is a thing (a product, an item) named before, never the people counted."""


def _names_people(m: Mention) -> bool:
    """Whether a mention names people ("customers", "clients", "buyers")."""
    return any(w in PERSON_WORDS for w in (m.text, m.text.rstrip("s")))


CLAUSE_VERBS = ("have", "has", "had", "are", "were", "did", "do", "does", "is", "was")
CLAUSE_WH = ("what", "how", "when", "where", "which")
"""Verbs before a pronoun that opens a second clause about the records the question named."""


def _starts_followup(mentions: list[Mention], openers: tuple[str, ...] = ()) -> bool:
    """Whether a question opens like a follow-up ("and by gender?", "only seniors", "exclude DSL")."""
    starts = [tuple(o.split()) for o in openers] or word_classes()["followup_start"]
    words = [w for m in mentions for w in m.text.split()]
    while words[:1] and words[0] in INTERJECTIONS:
        words = words[1:]  # "ok, just Europe", "great - and by month?"
    return any(tuple(words[: len(p)]) == p for p in starts)


INTERJECTIONS = frozenset(
    {"ok", "okay", "so", "right", "great", "thanks", "cool", "alright", "hmm", "nice", "fine"}
)
"""Words a person opens a reply with that say nothing of the question ("ok just Europe")."""


PERIOD_COLUMNS = frozenset({"year_number", "quarter_number", "month_number", "month_name", "year_month"})
"""Columns naming each period again beside its date (nlq.build): never a charted figure."""


def _chart(intent: Intent, columns: tuple[str, ...]) -> Chart | None:
    if intent.kind != "aggregate" or not intent.measures:
        return None
    n_groups = len(intent.group_by) + (1 if intent.grain else 0)
    if n_groups == 0 or len(columns) <= n_groups:
        return None
    y = tuple(c for c in columns[n_groups : len(columns) - len(intent.labels)] if c not in PERIOD_COLUMNS)
    return Chart(kind="line" if intent.grain else "bar", x=columns[0], y=y)


def _bound(mentions: list[Mention], toks: list[str], bind: Binding | None) -> list[Mention]:
    """The mentions with the picked phrase given its picked senses (the first place it is said)."""
    if bind is None:
        return mentions
    phrase, senses = bind
    n = len(phrase)
    at = next((i for i in range(len(toks) - n + 1) if tuple(toks[i : i + n]) == phrase), None)
    if at is None:
        return mentions
    out: list[Mention] = []
    for m in mentions:
        if m.end <= at or m.start >= at + n:
            out.append(m)
            continue
        # a mention cut by the phrase: its words outside it stay, unknown
        out += [Mention(i, i + 1, toks[i]) for i in range(m.start, m.end) if not at <= i < at + n]
    out.append(Mention(at, at + n, " ".join(phrase), list(senses)))
    return sorted(out, key=lambda m: m.start)


def _rewritten(question: str, phrase: tuple[str, ...], name: str) -> str:
    """The question with the phrase said as the candidate's name ("... by shelf position?" ->
    "... by ShelveLoc?"); spelt from its tokens when the phrase is not found as written."""
    pattern = r"\b" + r"(?:'s)?\W+".join(re.escape(w) for w in phrase) + r"(?:'s)?\b"
    done, hits = re.subn(pattern, name, question, count=1, flags=re.IGNORECASE)
    if hits:
        return done
    toks = tokens(question)
    n = len(phrase)
    at = next((i for i in range(len(toks) - n + 1) if tuple(toks[i : i + n]) == phrase), len(toks))
    return " ".join([*toks[:at], name, *toks[at + n :]]) + "?"


def _one_figure(answer: Answer) -> float | None:
    """The one number an answer gave ("the most calls any customer made": 10), for "that many" next."""
    if answer.status != "answer" or len(answer.rows) != 1 or not answer.rows[0]:
        return None
    first = answer.rows[0][0]
    return float(first) if isinstance(first, int | float) and not isinstance(first, bool) else None
