"""Planning a mock second interview: which questions, in which order.

Three modes:

* ``realistic`` — the shape of a real second interview: an opener, the hard questions from the
  first interview (``must_include``), depth in the posting's must-have requirements, behavioural,
  culture fit, "why you", and finally "what questions do you have for us?".
* ``weak_areas`` — the same frame (opener first, closing question last), but the middle favours
  the categories, competencies and requirement keywords the user scored lowest on: job questions
  for the most-missed rubric keywords, then half of the remaining slots for the weakest category
  and one each for the next weakest. Without any history it plans like ``realistic``.
* ``category`` — a drill: ``n`` questions from one category, no opener and no closing question
  (``must_include`` questions still come first). For ``role_depth`` and ``behavioural`` the
  job-specific questions of that category are drawn first.

In every mode a question is not repeated within a session (not even as a near-identical text),
questions that are not yet due for review are used only when nothing else is left (spaced
repetition, see `review_interval_days`), and the same seed and inputs give the same plan.
"""
from __future__ import annotations

import difflib
import functools
import math
import random
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime, timezone

from .load import bank_by_id, load_bank, normalize_text
from .model import CATEGORIES, Question
from .templates import next_question, ranked_items

MODES: tuple[str, ...] = ("realistic", "weak_areas", "category")
MIN_QUESTIONS, MAX_QUESTIONS = 3, 10
CLOSING_QUESTION_ID = "clo-001"      # "What questions do you have for us?" — always last
NEAR_DUPLICATE_RATIO = 0.8           # difflib ratio above which two texts count as the same question
UNPRACTISED_CATEGORY_SCORE = 60      # a category never practised ranks as "so-so"
RECENT_ATTEMPTS = 5                  # category/competency scores are the mean of the last 5 attempts

# The order questions come in during a real second interview (after the opener and must-includes).
INTERVIEW_ORDER: tuple[str, ...] = (
    "first_interview_followup", "role_depth", "behavioural", "situational", "leadership",
    "pressure_failure", "culture_fit", "motivation", "company_knowledge", "why_you", "closing",
    "company_tour",
)
# Realistic mode fills the middle slots in this priority order; a tuple is "one of these".
REALISTIC_SLOTS: tuple[str | tuple[str, ...], ...] = (
    "role_depth", "behavioural", "culture_fit", "why_you", "role_depth",
    ("first_interview_followup", "situational", "pressure_failure"),
    ("motivation", "company_knowledge", "leadership"),
    "closing",
)
# Categories weak-areas mode may spend middle slots on.
TRAINABLE: tuple[str, ...] = tuple(c for c in INTERVIEW_ORDER if c not in ("closing", "company_tour"))
# When a slot cannot be filled (category used up), these take its place.
FALLBACK: tuple[str, ...] = ("behavioural", "situational", "role_depth", "leadership", "pressure_failure",
                             "motivation", "culture_fit", "company_knowledge", "first_interview_followup",
                             "why_you")


class PlanError(ValueError):
    """The interview cannot be planned as asked (bad n, mode, category or must-include list)."""


@dataclass(frozen=True)
class PracticeRecord:
    """What selection needs to know about one past answer."""

    question_id: str
    category: str
    competencies: tuple[str, ...]
    overall: int                                    # 0-100
    missed_keywords: tuple[str, ...] = ()
    matched_keywords: tuple[str, ...] = ()
    practised_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    answer_kind: str = ""                           # "" for answers scored before answer kinds

    def to_dict(self) -> dict:
        return {
            "question_id": self.question_id, "category": self.category,
            "competencies": list(self.competencies), "overall": self.overall,
            "missed_keywords": list(self.missed_keywords),
            "matched_keywords": list(self.matched_keywords),
            "practised_at": self.practised_at.isoformat(), "answer_kind": self.answer_kind,
        }

    @classmethod
    def from_dict(cls, data: dict) -> "PracticeRecord":
        when = data.get("practised_at")
        return cls(
            question_id=str(data["question_id"]), category=str(data["category"]),
            competencies=tuple(data.get("competencies") or ()), overall=int(data["overall"]),
            missed_keywords=tuple(data.get("missed_keywords") or ()),
            matched_keywords=tuple(data.get("matched_keywords") or ()),
            practised_at=datetime.fromisoformat(when) if isinstance(when, str) else (when or datetime.now(timezone.utc)),
            answer_kind=str(data.get("answer_kind") or ""),
        )


def review_interval_days(score: float) -> float:
    """Days before a question is due again: grows with the score (0 -> now, 25 -> 1 day,
    50 -> 3 days, 75 -> a week, 100 -> about two weeks)."""
    return 2 ** (max(0.0, min(100.0, float(score))) / 25) - 1


def _aware(when: datetime) -> datetime:
    return when if when.tzinfo else when.replace(tzinfo=timezone.utc)


class _History:
    """The practice history boiled down to what selection asks of it."""

    def __init__(self, records, now: datetime):
        self.now = now
        self.last: dict[str, PracticeRecord] = {}
        by_category: dict[str, list[PracticeRecord]] = defaultdict(list)
        by_competency: dict[str, list[PracticeRecord]] = defaultdict(list)
        by_kind: dict[str, list[PracticeRecord]] = defaultdict(list)
        self.misses: dict[str, int] = defaultdict(int)
        self.hits: dict[str, int] = defaultdict(int)
        ordered = sorted(records, key=lambda r: (_aware(r.practised_at), r.question_id))
        for rec in ordered:
            self.last[rec.question_id] = rec
            by_category[rec.category].append(rec)
            for tag in rec.competencies:
                by_competency[tag].append(rec)
            if rec.answer_kind:
                by_kind[rec.answer_kind].append(rec)
            for kw in rec.missed_keywords:
                self.misses[kw.lower()] += 1
            for kw in rec.matched_keywords:
                self.hits[kw.lower()] += 1
        self.category_score = {c: _recent_mean(rs) for c, rs in by_category.items()}
        self.competency_score = {c: _recent_mean(rs) for c, rs in by_competency.items()}
        self.kind_score = {k: _recent_mean(rs) for k, rs in by_kind.items()}

    def is_due(self, question_id: str) -> bool:
        rec = self.last.get(question_id)
        if rec is None:
            return True
        days = (self.now - _aware(rec.practised_at)).total_seconds() / 86400
        return days >= review_interval_days(rec.overall)

    def competency_weakness(self, question: Question) -> float:
        """0 (strong or unknown) .. 1 (scored 0): the weakest of the question's competencies, or
        of its kind of answer (a weakness answer, a salary answer...) when that is weaker."""
        scores = [self.competency_score[c] for c in question.competencies if c in self.competency_score]
        kind = getattr(question, "answer_kind", "")
        if kind in self.kind_score:
            scores.append(self.kind_score[kind])
        return max(((100 - s) / 100 for s in scores), default=0.0)

    def weak_keywords(self) -> list[str]:
        """Keywords missed at least as often as hit, most-missed first (lower-cased)."""
        weak = [kw for kw, m in self.misses.items() if m >= self.hits.get(kw, 0)]
        return sorted(weak, key=lambda kw: (-self.misses[kw] / (self.misses[kw] + self.hits.get(kw, 0)),
                                            -self.misses[kw], kw))


def _recent_mean(records: list[PracticeRecord]) -> float:
    recent = records[-RECENT_ATTEMPTS:]
    return sum(r.overall for r in recent) / len(recent)


@functools.lru_cache(maxsize=65536)
def similar(a: str, b: str) -> bool:
    """Nearly the same question (case, punctuation and small wording changes ignored)."""
    a, b = normalize_text(a), normalize_text(b)
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.real_quick_ratio() >= NEAR_DUPLICATE_RATIO and \
        matcher.quick_ratio() >= NEAR_DUPLICATE_RATIO and matcher.ratio() >= NEAR_DUPLICATE_RATIO


class _Session:
    """The questions chosen so far, and the rules for choosing the next one."""

    def __init__(self, pool: list[Question], rubric, history: _History, rng: random.Random, weak: bool):
        self.pool = pool
        self.history = history
        self.rng = rng
        self.weak = weak
        self.chosen: list[Question] = []
        self.items = ranked_items(rubric)
        self.used_templates: set[str] = set()
        self.asked_job_ids: set[str] = set()

    def fits(self, question: Question) -> bool:
        return all(q.id != question.id and not similar(q.text, question.text) for q in self.chosen)

    def take(self, question: Question) -> Question:
        self.chosen.append(question)
        return question

    def best(self, candidates: list[Question]) -> Question | None:
        """Due questions before not-yet-due ones; in weak-areas mode weak competencies first;
        then a seeded shuffle. Candidates arrive in a stable order, so the draw is reproducible."""
        jitter = {q.id: self.rng.random() for q in candidates}
        weakness = self.history.competency_weakness if self.weak else (lambda q: 0.0)
        ranked = sorted(candidates, key=lambda q: (not self.history.is_due(q.id), -round(weakness(q), 2),
                                                   jitter[q.id]))
        return next((q for q in ranked if self.fits(q)), None)

    def from_bank(self, category: str, exclude: frozenset[str] = frozenset()) -> Question | None:
        candidates = [q for q in self.pool if q.category == category and q.id not in exclude]
        found = self.best(candidates)
        return self.take(found) if found else None

    def job_question(self, item=None, category: str | None = None) -> Question | None:
        """The next job-specific question: about `item`, or about the first requirement (must-haves
        first, heaviest first) that has no question in this session yet."""
        covered = {q.requirement for q in self.chosen if q.requirement}
        order = [item] if item is not None else (
            [i for i in self.items if i.keyword not in covered] + [i for i in self.items if i.keyword in covered])
        for candidate_item in order:
            while True:
                question = next_question(candidate_item, self.rng, self.used_templates, self.asked_job_ids)
                if question is None:
                    break
                # A job question practised recently is skipped for another template of the same
                # requirement (a different question), like any question that is not due yet.
                if (category is None or question.category == category) and self.fits(question) \
                        and self.history.is_due(question.id):
                    return self.take(question)
        return None

    def fill(self, slot: str, item=None) -> Question | None:
        if slot == "job":
            return self.job_question(item) or self.fill("role_depth")
        if slot == "role_depth" and self.items:
            found = self.job_question()
            if found:
                return found
        exclude = frozenset({CLOSING_QUESTION_ID}) if slot == "closing" else frozenset()
        return self.from_bank(slot, exclude)

    def fill_or_fallback(self, slot: str, item=None) -> Question | None:
        found = self.fill(slot, item)
        for other in FALLBACK:
            if found:
                break
            found = self.fill(other)
        return found


def _check(n: int, mode: str, category: str | None) -> None:
    if isinstance(n, bool) or not isinstance(n, int) or not MIN_QUESTIONS <= n <= MAX_QUESTIONS:
        raise PlanError(f"A mock interview has {MIN_QUESTIONS} to {MAX_QUESTIONS} questions (got {n!r}).")
    if mode not in MODES:
        raise PlanError(f"Unknown mode {mode!r}; use one of {', '.join(MODES)}.")
    if mode == "category" and category not in CATEGORIES:
        raise PlanError(f"Category mode needs a category, one of {', '.join(CATEGORIES)} (got {category!r}).")
    if mode != "category" and category is not None:
        raise PlanError(f"A category ({category!r}) only applies to mode 'category' (mode is {mode!r}).")


def _resolve_must(must_include, pool_by_id: dict[str, Question]) -> list[Question]:
    result: list[Question] = []
    for entry in must_include:
        if isinstance(entry, Question):
            question = entry
        elif isinstance(entry, str) and entry in pool_by_id:
            question = pool_by_id[entry]
        else:
            raise PlanError(f"must_include: no question with id {entry!r} in the bank.")
        if question.id == CLOSING_QUESTION_ID or any(q.id == question.id for q in result):
            continue  # the closing question always comes last anyway; duplicates are dropped
        result.append(question)
    return result


def _weak_slots(k: int, history: _History, items: list, rng: random.Random) -> list[tuple[str, object]]:
    """Middle slots for weak-areas mode: job questions for missed must-know keywords, then half of
    the rest for the weakest category and one each for the next weakest."""
    slots: list[tuple[str, object]] = []
    by_keyword = {}
    for item in items:
        for name in [item.keyword, *getattr(item, "variants", ())]:
            by_keyword.setdefault(str(name).lower(), item)
    missed_items = []
    for kw in history.weak_keywords():
        item = by_keyword.get(kw)
        if item is not None and item not in missed_items:
            missed_items.append(item)
    for item in missed_items[:(k + 2) // 4]:
        slots.append(("job", item))
    rest = k - len(slots)
    tie = {c: rng.random() for c in TRAINABLE}
    ranked = sorted(TRAINABLE, key=lambda c: (history.category_score.get(c, UNPRACTISED_CATEGORY_SCORE), tie[c]))
    counts = [math.ceil(rest / 2)] + [1] * (rest - math.ceil(rest / 2)) if rest else []
    for i, count in enumerate(counts):
        slots.extend((ranked[i % len(ranked)], None) for _ in range(count))
    return slots


def _realistic_slots(k: int, rng: random.Random) -> list[tuple[str, object]]:
    return [((rng.choice(s) if isinstance(s, tuple) else s), None) for s in REALISTIC_SLOTS[:k]]


def plan_interview(rubric=None, history=(), n: int = 6, mode: str = "realistic", seed: int = 0,
                   category: str | None = None, must_include=(), *, now: datetime | None = None,
                   extra_questions=()) -> list[Question]:
    """A list of `n` questions (3-10; PlanError otherwise) for one mock interview.

    `rubric` is a scoring Rubric (or None), `history` a list of PracticeRecord, `must_include`
    Questions or bank ids that come right after the opener (they count towards `n`),
    `extra_questions` user-imported Questions added to the pool, `now` the clock used for
    spaced repetition (default: the current time).
    """
    _check(n, mode, category)
    rng = random.Random(seed)
    stats = _History(list(history), _aware(now or datetime.now(timezone.utc)))
    pool = load_bank() + [q for q in extra_questions if q.id not in bank_by_id()]
    pool_by_id = {q.id: q for q in pool}
    session = _Session(pool, rubric, stats, rng, weak=(mode == "weak_areas"))
    must = _resolve_must(must_include, pool_by_id)
    if len(must) > (n if mode == "category" else n - 2):
        raise PlanError(f"{len(must)} must-include questions do not fit in a {n}-question interview "
                        "with its opener and closing; raise n or include fewer.")
    session.chosen.extend(must)

    if mode == "category":
        drill: list[Question] = []
        while len(must) + len(drill) < n:
            found = None
            if category in ("role_depth", "behavioural") and session.items:
                found = session.job_question(category=category)
            found = found or session.from_bank(category, frozenset())
            if found is None:
                break  # the category is used up: a shorter drill rather than a padded one
            drill.append(found)
        return must + drill

    closing = bank_by_id()[CLOSING_QUESTION_ID]
    session.take(closing)  # reserved up front, so nothing near-identical is picked for the middle
    opener = session.from_bank("opener")
    k = n - 2 - len(must)
    # With no history there is nothing to be weak at yet: weak-areas mode plans a realistic interview.
    slots = (_weak_slots(k, stats, session.items, rng) if mode == "weak_areas" and stats.last
             else _realistic_slots(k, rng))
    middle = [q for q in (session.fill_or_fallback(slot, item) for slot, item in slots) if q]
    position = {c: i for i, c in enumerate(INTERVIEW_ORDER)}
    middle.sort(key=lambda q: position.get(q.category, len(position)))
    return [opener, *must, *middle, closing]
