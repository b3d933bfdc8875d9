"""Score one interview answer the way a trained interviewer grades it.

`score_answer(question, transcript, rubric, company_facts=())` returns an `AnswerScore`:

1. The question's **answer kind** (scoring/data/anchors.yaml: past story, process, motivation,
   pitch, questions for the employer, small talk...) comes from `Question.answer_kind`, or for a
   plain string from `scoring.answer_kind.classify`.
2. The answer is read once with spaCy (`scoring.observe`) and judged on **its kind's criteria**
   (`scoring.criteria`): each criterion gets a level and the words that show it.
3. Four dimensions, 0-100: **content** (the kind's criteria), **job fit** (the posting's
   requirements shown in use), **relevance** (it answers this question), **delivery** (spoken
   answers: pace, fillers, pauses, length). Their weights depend on the kind (`KIND_WEIGHTS`): job
   fit counts for a pitch or a story, not for small talk or a salary answer.
4. The weighted mean is placed on the grade scale (`CALIBRATION`), so the overall lands in the
   band of the grade an interviewer would give: grade 1 <= 25, grade 3 in 40-65, grade 5 >= 80.
5. **Red flags** (`scoring.red_flags`), quoted, cap the overall; a rude answer always costs
   points. Repetition and running far past the expected length cost in content, relevance and
   delivery alike.
6. Feedback quotes the user's words; "what a 5 looks like" is the kind's example answer.

An answer that does not read as English is refused (`AnswerLanguageError`), not scored.
docs/scoring.md explains every number.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone

from question_bank.kinds import load_anchors
from scoring import answer_kind as _answer_kind
from scoring import criteria as _criteria
from scoring import cues as _cues
from scoring import delivery as _delivery
from scoring import embeddings as _embeddings
from scoring import nlp
from scoring import feedback as _feedback
from scoring import red_flags as _red_flags
from scoring import relevance as _relevance
from scoring.criteria import CriterionResult
from scoring.language import AnswerLanguageError, check_english
from scoring.matching import Mention as _Mention
from scoring.matching import find_mentions
from scoring.observe import observe, tokens_in
from scoring.red_flags import RedFlagHit

SCORER_VERSION = 2            # 1: the keyword-and-STAR scorer before answer kinds
DIMENSION_NAMES = {"content": "Content", "job_fit": "Job fit", "relevance": "Relevance",
                   "delivery": "Delivery",
                   "structure": "Evidence and structure"}   # "structure": scores before version 2
# Dimension weights per answer kind: (content, job fit, relevance, delivery). Delivery only counts
# for spoken answers; a dimension that does not apply has its weight shared out.
KIND_WEIGHTS: dict[str, tuple[int, int, int, int]] = {
    "past_story": (70, 15, 5, 10),
    "pitch": (65, 20, 5, 10),
    "self_summary": (70, 15, 5, 10),
    "process": (70, 15, 5, 10),
    "hypothetical": (75, 10, 5, 10),
    "company_knowledge": (80, 5, 5, 10),
    "motivation": (80, 5, 5, 10),
    "work_style": (80, 5, 5, 10),
    "self_assessment": (85, 0, 5, 10),
    "negotiation": (85, 0, 5, 10),
    "candidate_questions": (90, 0, 0, 10),
    "small_talk": (85, 0, 5, 10),
}
# The weighted mean (0-100) placed on the grade scale: piecewise linear through these points.
CALIBRATION: tuple[tuple[float, float], ...] = ((0, 0), (13, 25), (26, 40), (47, 65), (72, 80),
                                                (100, 100))
# Red flags that are the grade-1 anchor of a kind (besides those of every kind): with one of
# them the content is at most criteria.GATE_SCORE.
GRADE_ONE_FLAGS: dict[str, set[str]] = {
    "negotiation": {"aggressive_salary"},
    "self_assessment": {"humblebrag_weakness", "disqualifying_weakness", "blame"},
    "motivation": {"pay_only"},
    "process": {"skipped_checks"},
    "hypothetical": {"skipped_checks"},
    "pitch": {"pay_only"},
}
GRADE_ONE_ALWAYS = {"non_answer", "disparaging", "dishonesty"}
CAP_SHORT_WORDS = 5           # answers under this many words ...
CAP_SCORE = 25                # ... and off-topic or keyword-list answers score at most this
GATE_OVERALL = 20             # an answer that meets its kind's grade-1 anchor: low in "Needs work"
CONDUCT_PENALTY = 10          # points off for each conduct flag (insult, swearing, blame, lying)
MISSED_JOB_FIT_CAP = 85       # job fit shown beside a must-have that did not come up
REQUIREMENT_MISSED_CAP = 40   # job fit when a templated question's requirement never comes up
REQUIREMENT_BONUS = 0.5       # extra weighted hits for showing that requirement
MAX_ANSWER_CHARS = 50_000
# Words a typed answer would take per second aloud (to compare it with the expected length).
TYPED_WORDS_PER_SECOND = 140 / 60
REPEAT_THRESHOLD = 0.15       # more of the answer than this repeating itself costs points
LONG_FACTOR = 1.6             # beyond 160 % of the longest expected length, it costs points

# How many weighted requirement hits a strong answer to this kind of question can show; job fit
# saturates there (a motivation answer is not expected to walk through five tools).
JOB_FIT_TARGET = {
    "role_depth": 3.5, "behavioural": 3.0, "situational": 3.0, "leadership": 3.0,
    "first_interview_followup": 3.0, "why_you": 3.0, "pressure_failure": 2.5, "opener": 2.5,
    "culture_fit": 2.0, "motivation": 1.5, "company_knowledge": 1.5, "closing": 1.0,
    "company_tour": 1.0,
}
DEFAULT_JOB_FIT_TARGET = 3.0
# Which kinds of must-have a question of each category invites (for the "missed" list).
KINDS_INVITED = {
    "role_depth": {"tool", "skill", "certification", "domain"},
    "situational": {"skill", "domain", "tool"},
    "behavioural": {"skill", "soft_skill"},
    "first_interview_followup": {"skill", "tool", "domain"},
    "leadership": {"soft_skill"},
    "culture_fit": {"soft_skill"},
    "pressure_failure": {"soft_skill", "skill"},
    "why_you": {"tool", "skill", "certification", "domain", "soft_skill"},
}


class AnswerError(ValueError):
    """The question, transcript or rubric handed to score_answer cannot be scored."""


__all__ = ["score_answer", "AnswerScore", "AnswerError", "AnswerLanguageError", "AnswerMetrics",
           "DimensionScore", "KeywordHit", "DIMENSION_NAMES", "SCORER_VERSION"]


# --- result types -----------------------------------------------------------------------------

@dataclass
class KeywordHit:
    keyword: str
    kind: str
    weight: float
    quote: str          # the words around the mention, as the user said them
    start: int          # character offsets of the mention in the answer text
    end: int
    must_have: bool = False
    credit: float = 1.0  # 1.0 shown in use; 0.5 only claimed ("I'm experienced with X")

    def to_dict(self) -> dict:
        return {"keyword": self.keyword, "kind": self.kind, "weight": self.weight,
                "quote": self.quote, "start": self.start, "end": self.end,
                "must_have": self.must_have, "credit": self.credit}

    @classmethod
    def from_dict(cls, d: dict) -> "KeywordHit":
        return cls(str(d["keyword"]), str(d.get("kind", "skill")), float(d.get("weight", 1.0)),
                   str(d.get("quote", "")), int(d.get("start", 0)), int(d.get("end", 0)),
                   bool(d.get("must_have", False)), float(d.get("credit", 1.0)))


@dataclass
class DimensionScore:
    name: str
    score: int | None       # None: not applicable (delivery of a typed answer, empty rubric)
    reasons: list[str] = field(default_factory=list)
    weight: int | None = None   # its weight in the overall for this kind (None: not recorded)

    def to_dict(self) -> dict:
        d = {"name": self.name, "score": self.score, "reasons": list(self.reasons)}
        if self.weight is not None:
            d["weight"] = self.weight
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "DimensionScore":
        score = d.get("score")
        weight = d.get("weight")
        return cls(str(d.get("name", "")), None if score is None else int(score),
                   [str(r) for r in d.get("reasons", [])],
                   None if weight is None else int(weight))


@dataclass
class AnswerMetrics:
    words: int
    duration_s: float | None = None      # None for a typed answer
    wpm: float | None = None
    fillers: int = 0
    fillers_per_min: float | None = None
    long_pauses: int = 0                 # silences >= 2 s between words
    filler_spans: list[tuple[int, int]] = field(default_factory=list)  # offsets in the text
    filler_counts: dict[str, int] = field(default_factory=dict)
    pauses: list[dict] = field(default_factory=list)   # {"at_s", "length_s", "after"}
    speaking_s: float | None = None      # first word to last word
    i_count: int = 0
    we_count: int = 0
    specifics: int = 0
    repeated_share: float = 0.0          # share of the answer that repeats itself

    def to_dict(self) -> dict:
        return {"words": self.words, "duration_s": self.duration_s, "wpm": self.wpm,
                "fillers": self.fillers, "fillers_per_min": self.fillers_per_min,
                "long_pauses": self.long_pauses,
                "filler_spans": [list(s) for s in self.filler_spans],
                "filler_counts": dict(self.filler_counts), "pauses": [dict(p) for p in self.pauses],
                "speaking_s": self.speaking_s, "i_count": self.i_count,
                "we_count": self.we_count, "specifics": self.specifics,
                "repeated_share": self.repeated_share}

    @classmethod
    def from_dict(cls, d: dict) -> "AnswerMetrics":
        return cls(
            int(d.get("words", 0)), d.get("duration_s"), d.get("wpm"), int(d.get("fillers", 0)),
            d.get("fillers_per_min"), int(d.get("long_pauses", 0)),
            [tuple(s) for s in d.get("filler_spans", [])], dict(d.get("filler_counts", {})),
            [dict(p) for p in d.get("pauses", [])], d.get("speaking_s"),
            int(d.get("i_count", 0)), int(d.get("we_count", 0)), int(d.get("specifics", 0)),
            float(d.get("repeated_share", 0.0) or 0.0))


@dataclass
class AnswerScore:
    overall: int
    dimensions: dict[str, DimensionScore]
    matched: list[KeywordHit]
    missed: list[str]
    feedback: list[str]
    sketch: str
    metrics: AnswerMetrics
    caps: list[str] = field(default_factory=list)     # why the overall was limited, if it was
    listed: list[str] = field(default_factory=list)   # keywords only listed / not in context
    # Scorer version 2 (answer kinds). A score stored before it has version 1 and none of these.
    kind: str = ""                    # answer kind id (anchors.yaml)
    kind_label: str = ""
    kind_source: str = ""             # "question" (the question's kind) or "classified"
    band: str = ""                    # the band's name ("Strong"); "" for a version-1 score
    grade: int | None = None          # the band's grade 1-5
    criteria: list[CriterionResult] = field(default_factory=list)
    red_flags: list[RedFlagHit] = field(default_factory=list)
    strong_example: str = ""          # "what a 5 looks like" for this kind
    version: int = SCORER_VERSION
    scored_at: str = ""               # ISO time of scoring (UTC)
    history: list[dict] = field(default_factory=list)   # earlier scores of this same answer

    def to_dict(self) -> dict:
        return {"overall": self.overall,
                "dimensions": {k: v.to_dict() for k, v in self.dimensions.items()},
                "matched": [h.to_dict() for h in self.matched], "missed": list(self.missed),
                "feedback": list(self.feedback), "sketch": self.sketch,
                "metrics": self.metrics.to_dict(), "caps": list(self.caps),
                "listed": list(self.listed), "kind": self.kind, "kind_label": self.kind_label,
                "kind_source": self.kind_source, "band": self.band, "grade": self.grade,
                "criteria": [c.to_dict() for c in self.criteria],
                "red_flags": [f.to_dict() for f in self.red_flags],
                "strong_example": self.strong_example, "version": self.version,
                "scored_at": self.scored_at, "history": [dict(h) for h in self.history]}

    @classmethod
    def from_dict(cls, d: dict) -> "AnswerScore":
        """Read a stored score, including one saved before answer kinds (version 1)."""
        version = int(d.get("version", 1) or 1)
        grade = d.get("grade")
        return cls(int(d["overall"]),
                   {k: DimensionScore.from_dict(v) for k, v in d.get("dimensions", {}).items()},
                   [KeywordHit.from_dict(h) for h in d.get("matched", [])],
                   [str(m) for m in d.get("missed", [])], [str(f) for f in d.get("feedback", [])],
                   str(d.get("sketch", "")), AnswerMetrics.from_dict(d.get("metrics", {})),
                   [str(c) for c in d.get("caps", [])], [str(x) for x in d.get("listed", [])],
                   str(d.get("kind", "")), str(d.get("kind_label", "")),
                   str(d.get("kind_source", "")), str(d.get("band", "")),
                   None if grade is None else int(grade),
                   [CriterionResult.from_dict(c) for c in d.get("criteria", [])],
                   [RedFlagHit.from_dict(f) for f in d.get("red_flags", [])],
                   str(d.get("strong_example", "")), version, str(d.get("scored_at", "")),
                   [dict(h) for h in d.get("history", []) if isinstance(h, dict)])

    def summary(self) -> dict:
        """What history keeps of this score when the answer is scored again."""
        return {"overall": self.overall, "band": self.band, "kind": self.kind,
                "version": self.version, "scored_at": self.scored_at,
                "dimensions": {k: v.score for k, v in self.dimensions.items()}}


# --- inputs -----------------------------------------------------------------------------------

@dataclass
class QuestionView:
    """The attributes of a question that scoring uses (from a Question or a plain string)."""
    text: str
    category: str | None
    competencies: tuple[str, ...] = ()
    star: bool = False
    expected_seconds: tuple[int, int] = (60, 120)
    looking_for: str = ""
    requirement: str | None = None
    answer_kind: str = ""


# Categories that go with a kind, for a plain-string question (job fit's saturation point and the
# must-haves it invites depend on the category).
_KIND_CATEGORY = {
    "past_story": "behavioural", "hypothetical": "situational", "process": "role_depth",
    "motivation": "motivation", "company_knowledge": "company_knowledge", "pitch": "why_you",
    "self_summary": "opener", "self_assessment": "pressure_failure", "work_style": "culture_fit",
    "negotiation": "closing", "candidate_questions": "closing", "small_talk": "company_tour",
}
_KIND_SECONDS = {
    "past_story": (60, 120), "hypothetical": (45, 90), "process": (45, 90),
    "motivation": (30, 75), "company_knowledge": (30, 75), "pitch": (45, 90),
    "self_summary": (45, 90), "self_assessment": (45, 90), "work_style": (30, 75),
    "negotiation": (15, 45), "candidate_questions": (30, 90), "small_talk": (10, 40),
}


def as_question(question) -> QuestionView:
    """Accept a Question-like object or a plain string (then its kind is classified from the text,
    and the category and expected length follow the kind)."""
    if isinstance(question, QuestionView):
        return question
    if isinstance(question, str):
        text = question.strip()
        if not text:
            raise AnswerError("The question is empty.")
        kind = _answer_kind.classify(text)
        return QuestionView(text, _KIND_CATEGORY[kind], (), kind == "past_story",
                            _KIND_SECONDS[kind], answer_kind="")
    text = getattr(question, "text", None)
    if not isinstance(text, str) or not text.strip():
        raise AnswerError("The question has no text.")
    expected = tuple(getattr(question, "expected_seconds", None) or (60, 120))
    if len(expected) != 2 or not all(isinstance(x, (int, float)) for x in expected) \
            or expected[0] <= 0 or expected[1] < expected[0]:
        raise AnswerError(f"The question's expected_seconds {expected!r} is not a (min, max) range.")
    return QuestionView(
        text.strip(), getattr(question, "category", None),
        tuple(getattr(question, "competencies", None) or ()),
        bool(getattr(question, "star", False)), (int(expected[0]), int(expected[1])),
        str(getattr(question, "looking_for", "") or ""), getattr(question, "requirement", None),
        str(getattr(question, "answer_kind", "") or ""))


def _as_transcript(transcript) -> tuple[str, list | None, float | None]:
    if isinstance(transcript, str):
        text, words, duration = transcript, None, None
    elif isinstance(transcript, dict):
        text, words, duration = (transcript.get("text"), transcript.get("words"),
                                 transcript.get("duration_s"))
    elif transcript is not None and hasattr(transcript, "text"):
        text = transcript.text
        words = getattr(transcript, "words", None)
        duration = getattr(transcript, "duration_s", None)
    else:
        raise AnswerError("The answer must be text or a transcript with .text.")
    if not isinstance(text, str):
        raise AnswerError("The answer's text is not a string.")
    if len(text) > MAX_ANSWER_CHARS:
        raise AnswerError(f"The answer is {len(text):,} characters long; the limit is "
                          f"{MAX_ANSWER_CHARS:,}.")
    if "\x00" in text:
        raise AnswerError("The answer contains binary data, not text.")
    if duration is not None:
        try:
            duration = float(duration)
        except (TypeError, ValueError):
            raise AnswerError("The transcript's duration_s is not a number.") from None
    # An object with word timings or a duration was spoken; a bare string was typed.
    spoken = bool(words) or bool(duration)
    return text, (list(words) if words else None) if spoken else None, duration if spoken else None


def _items(rubric) -> list:
    items = getattr(rubric, "items", None)
    if items is None:
        raise AnswerError("The rubric has no items list.")
    return list(items)


# --- job fit ----------------------------------------------------------------------------------

_LIST_MAX_EXTRA_WORDS = 2   # "Tableau, advanced Excel and Power BI" is still a list
_FIRST_PERSON = frozenset("i me my mine myself we us our ours ourselves".split())


def _words_in(text: str, start: int, end: int) -> int:
    """Word tokens (spaCy's) between two character offsets."""
    return sum(1 for t in tokens_in(nlp.parse(text), start, end) if not (t.is_punct or t.is_space))


def _first_person(text: str, sent) -> bool:
    return any(t.lower_ in _FIRST_PERSON for t in tokens_in(nlp.parse(text), sent.start, sent.end))


def _mention_tokens(text: str, start: int, end: int) -> list:
    return tokens_in(nlp.parse(text), start, end)


def _negated(text: str, pos: int, end: int | None = None) -> bool:
    """Is the mention at `pos` in the scope of a negation ("never used X", "didn't have an X",
    "no X")? From the parse: the negation must govern the mention's own clause, so "I never
    liked it, but I learned SQL" still credits SQL, and "not only"/"not just" do not negate."""
    toks = _mention_tokens(text, pos, end if end is not None else pos + 1)
    return bool(toks) and any(nlp.is_negated(t) for t in toks)


_OTHER_PRONOUNS = frozenset("he she they you".split())


def _someone_else_acts(text: str, pos: int, end: int) -> bool:
    """The mention's clause has another actor as its own subject: "..., and the agency wanted
    more budget", "you opened the new step-down unit". Not: a passive, linking or possessive verb
    ("the trucks were picked", "he had an IEP"), a keyword that is itself the subject or the
    action ("the Kafka consumer re-processed ...", "they renewed"), a clause that reports what
    "I" saw or made happen ("I saw only two locations had finished onboarding"), or a verb that
    shares an "I" subject ("i disabled the account and pulled the endpoint in crowdstrike")."""
    toks = _mention_tokens(text, pos, end)
    if not toks:
        return False
    head = min(toks, key=lambda t: len(list(t.ancestors)))
    if nlp.actor(head) != "other":
        return False
    verb = nlp.clause_verb(head)
    if verb.i == head.i or verb.lemma_.lower() in ("be", "have"):
        return False
    # the clause (or the one it is joined to) must name its own actor
    v = verb
    while not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in v.children):
        if v.dep_ not in ("conj", "xcomp") or v.head.i == v.i:
            return False
        v = v.head
    subj = nlp.subject(v)
    if subj is None or subj.dep_ in ("nsubjpass", "expl") or v.lemma_.lower() in ("be", "have"):
        return False
    word = subj.lower_
    if not (word in _OTHER_PRONOUNS or (subj.pos_ in ("NOUN", "PROPN") and any(
            c.dep_ in ("det", "poss") for c in subj.children))):
        return False   # "it", "this", a bare noun: not another person's action
    # what "I" saw, found or made happen ("I set up a buddy system so the strongest people
    # taught night audit"); a clause merely joined by "and" keeps its own actor
    while v.dep_ in ("ccomp", "xcomp", "advcl") and v.head.i != v.i:
        v = v.head
        if nlp.actor(v) in ("I", "we"):
            return False
    return True


def _has_verb(text: str, sent) -> bool:
    return any(t.pos_ in ("VERB", "AUX") for t in tokens_in(nlp.parse(text), sent.start, sent.end))


_POSSIBILITY_SUBJECTS = frozenset("it this that there which".split())


def _a_possibility(text: str, pos: int, end: int) -> bool:
    """The mention is only something that might be so: "it could be the landing page, it could
    be seasonality" lists causes in general, not what the speaker found or did. (Situational
    answers are exempt: there "it would be X" is the answer.)"""
    toks = _mention_tokens(text, pos, end)
    if not toks:
        return False
    head = min(toks, key=lambda t: len(list(t.ancestors)))
    if nlp.mood(head) != "hypothetical":
        return False
    subj = nlp.subject(nlp.clause_verb(head))
    return subj is not None and subj.lower_ in _POSSIBILITY_SUBJECTS


def _opinion_about(text: str, sent, pos: int) -> bool:
    """An opinion that governs the mention: said before it in the sentence ("I think
    communication is important"), or after it in the same clause ("communication is key") - not
    an aside in another clause ("we use a WMS, I think it's a Blue Yonder one")."""
    opinions = observe(text).cue("opinion")
    if any(sent.start <= o.start < pos for o in opinions):
        return True
    # the rest of the mention's clause: up to the next comma, semicolon, colon, bracket or dash
    clause_end = sent.end
    for t in tokens_in(nlp.parse(text), pos, sent.end):
        if t.text in (",", ";", ":", "(", ")", "-", "–", "—"):
            clause_end = t.idx
            break
    return any(pos <= o.start < clause_end for o in opinions)


def _cue_in(text: str, group: str, sent) -> bool:
    return any(sent.start <= c.start < sent.end for c in observe(text).cue(group))


def _has_figure(text: str, sent) -> bool:
    return any(sent.start <= n.start < sent.end for n in observe(text).numbers)


@dataclass
class _Slot:
    item: object
    mention: object


@dataclass
class JobFit:
    score: int | None
    reasons: list[str]
    hits: list[KeywordHit]
    missed: list[str]
    listed: list[str]
    list_quotes: list[str]
    claims: list[str]                 # keywords only claimed
    requirement: str | None
    requirement_hit: bool
    keyword_share: float              # share of the answer's words that are keywords
    in_context_mentions: int
    listed_mentions: int
    negated: list[str] = field(default_factory=list)   # "I have never used X"


def _item_weight(item) -> float:
    try:
        return max(0.0, float(getattr(item, "weight", 1.0)))
    except (TypeError, ValueError):
        return 1.0


def _requirement_item(items: list, requirement: str | None):
    if not requirement:
        return None
    req = requirement.strip().lower()
    for item in items:
        names = [item.keyword.lower(), *[v.lower() for v in (item.variants or [])]]
        if req in names:
            return item
    for item in items:  # "Gainsight CS platform" vs keyword "Gainsight"
        if find_mentions(requirement, item):
            return item
    return None


def score_job_fit(text: str, q: QuestionView, items: list, answer_words: int) -> JobFit:
    sentences = nlp.sentences(text)
    slots: list[_Slot] = []
    for item in items:
        for m in find_mentions(text, item):
            slots.append(_Slot(item, m))
    # A loose (sound-alike) match on one ordinary word is more often another word than a speech
    # slip: "caching" is not "coaching", "monitoring" not "mentoring". Slips matter for names of
    # tools and certifications, which speech recognisers do mangle; keep those.
    slots = [s for s in slots if not (
        _exactness(text, s) == 2 and getattr(s.item, "kind", "") not in {"tool", "certification"}
        and _words_in(text, s.mention.start, s.mention.end) == 1)]
    slots = _resolve_overlaps(text, slots)
    req_item = _requirement_item(items, q.requirement)
    req_name = req_item.keyword if req_item is not None else q.requirement

    # Group mentions by sentence; find list runs (>= 3 keywords separated only by commas/"and").
    by_sentence: dict[int, list[_Slot]] = {}
    for slot in slots:
        sent = nlp.sentence_of(sentences, slot.mention.start)
        if sent is not None:
            by_sentence.setdefault(sent.index, []).append(slot)
    list_runs: list[list[_Slot]] = []
    for group in by_sentence.values():
        run: list[_Slot] = [group[0]]
        for prev, cur in zip(group, group[1:]):
            if cur.mention.start < run[-1].mention.end or _is_list_gap(
                    text[run[-1].mention.end:cur.mention.start]):
                run.append(cur)
            else:
                list_runs.append(run)
                run = [cur]
        list_runs.append(run)
    list_runs = [r for r in list_runs if _positions(r) >= 3]
    # Other keywords in a sentence that holds a list belong to that list ("I have experience with
    # A, B, C and D in E"): the sentence as a whole counts once.
    for r in list_runs:
        sent = nlp.sentence_of(sentences, r[0].mention.start)
        if sent is not None:
            r[:] = sorted({id(s): s for s in r + by_sentence.get(sent.index, [])}.values(),
                          key=lambda s: s.mention.start)
    in_list = {id(s) for r in list_runs for s in r}

    # Sentences that tell what the speaker did: a keyword next to one is part of their story.
    acting = set()
    mine_all, ours_all = nlp.first_person_actions(text, hypothetical=q.category == "situational")
    for action in mine_all + ours_all:
        sent = nlp.sentence_of(sentences, action.start)
        if sent is not None:
            acting.add(sent.index)
    any_actions = nlp.first_person_actions(text, hypothetical=True)
    acting_any = {s.index for a in any_actions[0] + any_actions[1]
                  if (s := nlp.sentence_of(sentences, a.start)) is not None}

    def context_of(slot: _Slot) -> str:
        """'use' (shown in use), 'claim' (only asserted), 'general' (an opinion or a definition,
        not the speaker's experience), 'negated' ("I have never used it") or 'none' (no real
        sentence around it)."""
        sent = nlp.sentence_of(sentences, slot.mention.start)
        if sent is None:
            return "none"
        mention_words = sum(_words_in(text, s.mention.start, s.mention.end)
                            for s in by_sentence.get(sent.index, []))
        other_words = _words_in(text, sent.start, sent.end) - mention_words
        first_person = _first_person(text, sent)
        if other_words < 4 or not (first_person or _has_verb(text, sent)):
            return "none"
        if _negated(text, slot.mention.start, slot.mention.end):
            return "negated"
        if _someone_else_acts(text, slot.mention.start, slot.mention.end):
            return "general"
        if q.category != "situational" and _a_possibility(text, slot.mention.start, slot.mention.end):
            return "general"
        near_action = bool(acting & {sent.index - 1, sent.index, sent.index + 1})
        if _opinion_about(text, sent, slot.mention.start) and sent.index not in acting:
            return "general"
        if not first_person and not near_action:
            return "general"
        if (_cue_in(text, "claim", sent) or _cue_in(text, "habit", sent)) \
                and sent.index not in acting:
            # "Six years of Salesforce admin" is a checkable credential; "I'm strong in X" is not.
            return "claim" if _has_figure(text, sent) else "general"
        return "use"

    best: dict[int, tuple[float, _Slot, str]] = {}   # id(item) -> (factor, slot, context)
    counts: dict[int, int] = {}
    mentioned: list[str] = []
    loose: list[str] = []
    general: list[str] = []
    negated: list[str] = []
    in_context = 0
    for slot in slots:
        if slot.item.keyword not in mentioned:
            mentioned.append(slot.item.keyword)
        if id(slot) in in_list:
            continue
        ctx = context_of(slot)
        if ctx == "none":
            loose.append(slot.item.keyword)
            continue
        if ctx == "general":
            general.append(slot.item.keyword)
            continue
        if ctx == "negated":
            negated.append(slot.item.keyword)
            continue
        in_context += 1
        key = id(slot.item)
        factor = 1.0 if ctx == "use" else 0.5
        counts[key] = counts.get(key, 0) + 1
        if key not in best or factor > best[key][0]:
            best[key] = (factor, slot, ctx)
    # A list counts once at most: its heaviest keyword not already shown elsewhere, and only when
    # the list sits in a real sentence with an action ("I built X in A, B and C for ...").
    list_quotes: list[str] = []
    for run in list_runs:
        list_quotes.append(text[run[0].mention.start:run[-1].mention.end])
        sent = nlp.sentence_of(sentences, run[0].mention.start)
        if sent is None:
            continue
        run_words = _words_in(text, run[0].mention.start, run[-1].mention.end)
        other = _words_in(text, sent.start, sent.end) - run_words
        candidates = [s for s in run if id(s.item) not in best
                      and not _negated(text, s.mention.start, s.mention.end)]
        if other >= 6 and sent.index in acting_any and candidates:
            credited = max(candidates, key=lambda s: _item_weight(s.item))
            best[id(credited.item)] = (1.0, credited, "use")
            counts[id(credited.item)] = 1

    paraphrased = _paraphrase_slots(text, sentences, items, mentioned, acting)
    for slot in paraphrased:
        best[id(slot.item)] = (PARAPHRASE_CREDIT, slot, "paraphrase")

    must = [i for i in items if getattr(i, "must_have", False)]
    unit_pool = [_item_weight(i) for i in (must or items) if _item_weight(i) > 0]
    unit = sum(unit_pool) / len(unit_pool) if unit_pool else 1.0

    hits: list[KeywordHit] = []
    paraphrase_hits: set[int] = set()
    claims: list[str] = []
    credit_total = 0.0
    for key, (factor, slot, ctx) in best.items():
        item = slot.item
        w = _item_weight(item)
        repeats = counts.get(key, 1) - 1
        value = min(2.0, w / unit) * factor * (1.0 + 0.15 * min(2, repeats))
        if req_item is not None and item is req_item:
            value += REQUIREMENT_BONUS   # the point of a templated question
        credit_total += value
        m = slot.mention
        hits.append(KeywordHit(item.keyword, getattr(item, "kind", "skill"), w, m.quote,
                               m.start, m.end, bool(getattr(item, "must_have", False)), factor))
        if ctx == "paraphrase":
            paraphrase_hits.add(id(hits[-1]))
        if ctx == "claim":
            claims.append(item.keyword)
    hits.sort(key=lambda h: h.start)
    found = {h.keyword for h in hits}
    # Keywords the answer says it lacks are neither shown nor listed.
    listed_names = [n for n in mentioned if n not in found and n not in negated]

    req_hit = req_item is not None and any(h.keyword == req_item.keyword for h in hits)
    missed = _missed_must_haves(q, items, hits, req_item, req_name, req_hit)

    reasons: list[str] = []
    score: int | None
    if not items:
        return JobFit(None, ["The rubric is empty: add the posting's requirements to judge fit"],
                      [], [], [], [], [], req_name, False, 0.0, 0, 0)
    target = JOB_FIT_TARGET.get(q.category or "", DEFAULT_JOB_FIT_TARGET)
    score = round(100 * min(1.0, credit_total / target))
    for h in hits[:6]:
        how = ("shown in other words" if id(h) in paraphrase_hits else
               "claimed" if h.credit < 1 else "shown")
        reasons.append(f"{'Must-have' if h.must_have else 'Requirement'} '{h.keyword}' {how}: "
                       f"'{h.quote}'")
    if not hits:
        reasons.append("None of the posting's requirements shown in use")
    for q_ in list_quotes[:2]:
        reasons.append(f"Listed, counted once at most: '{q_}'")
    loose = [n for n in dict.fromkeys(loose) if n not in found]
    general = [n for n in dict.fromkeys(general) if n not in found]
    if general:
        reasons.append("Mentioned in general terms, not as something you did (not counted): "
                       + ", ".join(f"'{n}'" for n in general[:4]))
    negated = [n for n in dict.fromkeys(negated) if n not in found]
    if negated:
        reasons.append("Said you have not used it (not counted): "
                       + ", ".join(f"'{n}'" for n in negated[:4]))
    if loose:
        reasons.append("Mentioned without a sentence around it (not counted): "
                       + ", ".join(f"'{n}'" for n in loose[:4]))
    if req_name and not req_hit:
        score = min(score, REQUIREMENT_MISSED_CAP)
        reasons.append(f"The question is about '{req_name}', which never came up "
                       f"(job fit capped at {REQUIREMENT_MISSED_CAP})")
    reasons.append(f"{credit_total:.1f} weighted hits of about {target:g} a strong answer to this "
                   f"kind of question shows")
    mention_words = sum(_words_in(text, s.mention.start, s.mention.end) for s in slots)
    share = mention_words / answer_words if answer_words else 0.0
    return JobFit(score, reasons, hits, missed, listed_names, list_quotes, claims, req_name,
                  req_hit, share, in_context, sum(_positions(r) for r in list_runs),
                  negated)


PARAPHRASE_CREDIT = 0.5   # a must-have said in other words (optional embeddings)


def _paraphrase_slots(text: str, sentences, items: list, mentioned: list[str], acting: set[int]) -> list:
    """Must-haves the answer never names but says in other words, found by sentence embeddings
    when the optional `embeddings` extra is installed and switched on (scoring/embeddings.py).
    Only sentences that tell what the speaker did are compared."""
    if not _embeddings.enabled():
        return []
    story = [s for s in sentences if s.index in acting]
    if not story:
        return []
    out = []
    for item in items:
        if not getattr(item, "must_have", False) or item.keyword in mentioned:
            continue
        if getattr(item, "kind", "") in ("tool", "certification"):
            continue   # a product or a credential is named, not paraphrased
        described = item.keyword
        source = str(getattr(item, "source_line", "") or "")
        if source:
            described = f"{item.keyword}: {source}"
        found = _embeddings.paraphrase(described, [s.text for s in story])
        if found is None:
            continue
        sent = story[found[0]]
        quote = sent.text if len(sent.text) <= 90 else sent.text[:89].rstrip() + "…"
        out.append(_Slot(item, _Mention(sent.start, sent.end, quote, "")))
    return out


def _exactness(text: str, slot: _Slot) -> int:
    """0 when the answer says the matched form itself, 1 for an inflection, 2 for a looser match
    (spelling slip, words in another order) - used to pick between overlapping mentions."""
    said = " ".join(_word_forms(text[slot.mention.start:slot.mention.end]))
    form = " ".join(_word_forms(slot.mention.matched or slot.item.keyword))
    if said == form:
        return 0
    if said.rstrip("s") == form.rstrip("s") or said.split() and len(said.split()) == len(
            form.split()) and all(a[:4] == b[:4] for a, b in zip(said.split(), form.split())):
        return 1
    return 2


def _resolve_overlaps(text: str, slots: list[_Slot]) -> list[_Slot]:
    """Where two items' mentions overlap ("parent communication" is also "communication"), keep
    the closer match, then the longer one: one stretch of the answer evidences one item."""
    ranked = sorted(slots, key=lambda s: (_exactness(text, s),
                                          -(s.mention.end - s.mention.start), s.mention.start))
    kept: list[_Slot] = []
    for slot in ranked:
        if all(slot.mention.end <= k.mention.start or slot.mention.start >= k.mention.end
               for k in kept):
            kept.append(slot)
    kept.sort(key=lambda s: (s.mention.start, -s.mention.end))
    return kept


_JOINERS = {"and", "or", "plus", "as", "well", "also", "including", "with", "then", "even"}


_SEPARATORS = frozenset({",", ";", "/", "&", "+", "and", "or", "plus"})


def _word_forms(text: str) -> list[str]:
    """Lower-cased word tokens, as spaCy's tokenizer splits them (no parse needed)."""
    return [t.lower_ for t in nlp.load().tokenizer(text) if not (t.is_punct or t.is_space)]


def _is_list_gap(between: str) -> bool:
    """Text between two keywords that only separates them: ", ", " and ", ", advanced "."""
    toks = [t.lower_ for t in nlp.load().tokenizer(between) if not t.is_space]
    if not any(t in _SEPARATORS for t in toks) or any(t in (".", "!", "?") for t in toks):
        return False
    extra = [t for t in toks if t not in _JOINERS and t not in _SEPARATORS
             and any(c.isalnum() for c in t)]
    return len(extra) <= _LIST_MAX_EXTRA_WORDS


def _positions(run: list[_Slot]) -> int:
    """Distinct places in a run (overlapping mentions of two items are one place)."""
    n, end = 0, -1
    for s in run:
        if s.mention.start >= end:
            n += 1
        end = max(end, s.mention.end)
    return n


def _missed_must_haves(q: QuestionView, items: list, hits: list[KeywordHit], req_item,
                       req_name: str | None, req_hit: bool) -> list[str]:
    """Must-haves this question invites that the answer did not show: the templated question's
    requirement first, then must-haves named by the question / competencies / looking_for, then
    (at most two) of the kinds the question's category invites, heaviest first."""
    found = {h.keyword for h in hits}
    missed: list[str] = []
    if req_name and not req_hit:
        missed.append(req_name)
    musts = sorted((i for i in items if getattr(i, "must_have", False)
                    and i.keyword not in found and i.keyword not in missed),
                   key=lambda i: -_item_weight(i))
    q_concepts = _relevance.content_concepts(
        " ".join([q.text, q.looking_for, *[c.replace("_", " ") for c in q.competencies]]))
    for item in musts:
        names = " ".join([item.keyword, *(item.variants or [])])
        if _relevance.content_concepts(names) & q_concepts:
            missed.append(item.keyword)
    invited = KINDS_INVITED.get(q.category or "", set())
    extra = 0
    for item in musts:
        if extra >= 2 or len(missed) >= 4:
            break
        if item.keyword not in missed and getattr(item, "kind", "") in invited:
            missed.append(item.keyword)
            extra += 1
    return missed[:5]


# --- the whole ----------------------------------------------------------------------------------

def calibrate(raw: float) -> int:
    """The weighted mean of the dimensions placed on the grade scale (CALIBRATION)."""
    raw = max(0.0, min(100.0, raw))
    for (x0, y0), (x1, y1) in zip(CALIBRATION, CALIBRATION[1:]):
        if raw <= x1:
            return round(y0 + (y1 - y0) * (raw - x0) / (x1 - x0))
    return 100


SUPPORT_FULL_AT = 60          # content at which job fit and relevance count in full
CEILING_SPREAD = 0.25         # capped answers keep their order within the top quarter below the cap


def _ceiling(uncapped: int, cap: int) -> int:
    """A cap is a ceiling: the capped answer scores at most `cap`. Capped answers keep their
    order among themselves (by what they would have scored) within the top quarter below it, so
    two different answers do not tie on the cap."""
    if uncapped <= cap:
        return uncapped
    return round(cap * (1 - CEILING_SPREAD * (1 - uncapped / 100)))


def _supporting_weights(weights: dict[str, int], content: int) -> dict[str, float]:
    """Job fit and relevance support an answer; they cannot carry one that does not do what its
    kind needs. Below a content of SUPPORT_FULL_AT their weights shrink in proportion, so the
    posting's keywords or the question's words, echoed in a fluent answer with no story, method
    or reason, add little."""
    share = min(1.0, max(0.0, content) / SUPPORT_FULL_AT)
    return {k: (w * share if k in ("job_fit", "relevance") else w) for k, w in weights.items()}


def combine(scores: dict[str, int | None], weights: dict[str, float]) -> float:
    """Weighted mean of the applicable dimensions (a weight of 0 or a None score drops out)."""
    total = sum(weights.get(k, 0) for k, v in scores.items() if v is not None)
    if not total:
        return 0.0
    return sum(weights.get(k, 0) * v for k, v in scores.items() if v is not None) / total


def _length_factor(words: int, speaking_s: float | None, expected: tuple[int, int]) -> float:
    """1.0 up to LONG_FACTOR times the longest expected length; less beyond (floor 0.4)."""
    seconds = speaking_s if speaking_s else words / TYPED_WORDS_PER_SECOND
    limit = LONG_FACTOR * expected[1]
    if seconds <= limit:
        return 1.0
    return max(0.4, 1.0 - 0.6 * (seconds - limit) / (2.0 * expected[1]))


def score_answer(question, transcript, rubric, company_facts=()) -> AnswerScore:
    """Score an answer to `question` against the job's `rubric` (see the module docstring)."""
    q = as_question(question)
    text, words, duration = _as_transcript(transcript)
    items = _items(rubric)
    if isinstance(company_facts, str):
        company_facts = [company_facts]
    facts = [str(f) for f in (company_facts or ()) if str(f).strip()]
    spoken = words is not None or duration is not None
    if text.strip():
        check_english(text)
    kind_id, kind_source = _answer_kind.resolve(q.answer_kind, q.text, q.star)
    kind = load_anchors().kind(kind_id)
    weights = dict(zip(("content", "job_fit", "relevance", "delivery"), KIND_WEIGHTS[kind_id]))

    measured = _delivery.measure(text, words, duration)
    obs = observe(text)
    n_words = measured.words if spoken else obs.words
    job = score_job_fit(text, q, items, n_words)

    rel = _relevance.score_relevance(
        text, q.text, q.category, q.competencies, q.looking_for, facts,
        extra_terms=[q.requirement] if q.requirement else ())
    if job.requirement_hit and rel.off_topic:
        rel.off_topic = False

    company = getattr(rubric, "company", None)
    shown = [h for h in job.hits if h.credit >= 1]
    ctx = _criteria.KindContext(q.text, q.expected_seconds, company, rel.facts_used, shown,
                                len(job.claims))
    judged = _criteria.judge(kind_id, obs, ctx)
    flags = _red_flags.find_red_flags(kind_id, obs, q.text,
                                      [h.keyword for h in shown])

    # Repetition and running far past the expected length cost in content, relevance, delivery.
    repeated = obs.repeated_share if obs.repeated_share > REPEAT_THRESHOLD else 0.0
    long_factor = _length_factor(n_words, measured.speaking_s if spoken else None,
                                 q.expected_seconds)
    off_topic = _off_topic(rel, job, obs, items, q.text, kind_id) and kind_id not in (
        "small_talk", "candidate_questions", "negotiation")
    if off_topic:
        judged.apply_gate("does not answer this question")
    keyword_list = _looks_like_keyword_list(job) or _verbless_list(obs)
    if keyword_list:
        judged.apply_gate("a list of terms, not an answer")
    gate = [f for f in flags if f.flag in GRADE_ONE_ALWAYS | GRADE_ONE_FLAGS.get(kind_id, set())]
    if gate:
        judged.apply_gate(gate[0].label.lower())
    content_score = judged.score
    content_reasons = [_criterion_reason(c) for c in judged.criteria if c.applies]
    content_reasons += judged.adjustments
    rel_score = rel.score
    if repeated:
        content_score = round(content_score * (1 - repeated))
        rel_score = round(rel_score * (1 - repeated))
        note = f"{repeated:.0%} of the answer repeats what it already said (scaled down)"
        content_reasons.append(note)
        rel.reasons.append(note)
    if long_factor < 1.0:
        content_score = round(content_score * long_factor)
        rel_score = round(rel_score * long_factor)
        note = (f"Far longer than the {q.expected_seconds[0]}-{q.expected_seconds[1]} s this "
                f"question needs (scaled to {long_factor:.0%})")
        content_reasons.append(note)
        rel.reasons.append(note)

    deliv = None
    if spoken and measured.speaking_s:
        deliv = _delivery.judge_delivery(measured, q.expected_seconds, repeated)
        deliv_score, deliv_reasons = deliv.score, deliv.reasons
    elif spoken:
        deliv_score, deliv_reasons = None, ["No timings in the transcript: delivery not judged"]
    else:
        deliv_score, deliv_reasons = None, ["Typed answer: delivery not judged"]

    job_score, job_reasons = job.score, list(job.reasons)
    missed = list(job.missed)
    if weights["job_fit"] == 0:
        job_score = None
        job_reasons = [f"Not weighed for {kind.label.lower()} questions"] + job_reasons[:2]
        missed = []
    elif missed and job_score is not None and job_score > MISSED_JOB_FIT_CAP:
        job_score = MISSED_JOB_FIT_CAP
        job_reasons.append(f"At most {MISSED_JOB_FIT_CAP} while a must-have this question invites "
                           f"did not come up ({', '.join(missed[:2])})")

    dims = {
        "content": DimensionScore(f"{DIMENSION_NAMES['content']}", content_score, content_reasons,
                                  weights["content"]),
        "job_fit": DimensionScore(DIMENSION_NAMES["job_fit"], job_score, job_reasons,
                                  weights["job_fit"]),
        "relevance": DimensionScore(DIMENSION_NAMES["relevance"], rel_score, rel.reasons,
                                    weights["relevance"]),
        "delivery": DimensionScore(DIMENSION_NAMES["delivery"], deliv_score, deliv_reasons,
                                   weights["delivery"]),
    }
    raw = combine({k: d.score for k, d in dims.items()}, _supporting_weights(weights, content_score))
    overall = calibrate(raw)

    caps: list[str] = []
    uncapped = overall
    if judged.grade_one and overall > GATE_OVERALL:
        overall = _ceiling(uncapped, GATE_OVERALL)
        caps.append(f"Meets the grade 1 anchor of {kind.label.lower()} answers "
                    f"({judged.grade_one[0]}), so it scores at most {GATE_OVERALL}")
    if n_words < CAP_SHORT_WORDS and kind_id not in _criteria.BRIEF_KINDS:
        caps.append(f"Only {n_words} word{'s' if n_words != 1 else ''}: an answer this short "
                    f"scores at most {CAP_SCORE}")
    if off_topic and n_words >= CAP_SHORT_WORDS:
        caps.append(f"Off topic: the answer does not address the question, so it scores at most "
                    f"{CAP_SCORE}")
    if keyword_list:
        caps.append(f"Reads as a list of the posting's keywords rather than an answer, so it "
                    f"scores at most {CAP_SCORE}")
    if caps and overall > CAP_SCORE:
        overall = _ceiling(uncapped, CAP_SCORE)
    cap = _red_flags.cap_of(flags)
    if cap is not None and overall > cap:
        overall = _ceiling(uncapped, cap)
    rude = _red_flags.conduct(flags)
    if rude:
        overall = max(0, overall - CONDUCT_PENALTY * len(rude))
        polite = _red_flags.without_flagged_sentences(obs, flags)
        if polite.strip() and polite != text:
            # the same answer without the rude words always scores higher
            overall = min(overall, max(0, score_answer(question, polite, rubric, company_facts)
                                       .overall - CONDUCT_PENALTY))
    for f in flags:
        caps.append(f"Red flag, {f.label.lower()}: '{f.quote}' (at most {f.cap})")

    band = load_anchors().band_for(overall)
    metrics = AnswerMetrics(
        words=n_words, duration_s=measured.duration_s if spoken else None,
        wpm=measured.wpm if spoken else None, fillers=measured.fillers,
        fillers_per_min=measured.fillers_per_min if spoken else None,
        long_pauses=len(measured.pauses) if spoken else 0,
        filler_spans=measured.filler_spans, filler_counts=measured.filler_counts,
        pauses=[p.to_dict() for p in measured.pauses] if spoken else [],
        speaking_s=measured.speaking_s if spoken else None,
        i_count=sum(1 for c in obs.clauses if c.who == "I"),
        we_count=sum(1 for c in obs.clauses if c.who == "we"),
        specifics=len(obs.numbers) + len(obs.names), repeated_share=round(obs.repeated_share, 3))

    fb = _feedback.FeedbackInputs(
        question=q, kind=kind, text=text, words=n_words, spoken=spoken, obs=obs, job=job,
        judged=judged, flags=flags, relevance=rel, delivery=deliv, caps=caps,
        keyword_list=keyword_list, facts=facts, repeated=repeated, long_factor=long_factor,
        dims={k: d.score for k, d in dims.items()}, missed=missed)
    lines = _feedback.build_feedback(fb)
    sketch = _feedback.build_sketch(fb)
    return AnswerScore(overall, dims, job.hits, missed, lines, sketch, metrics, caps, job.listed,
                       kind_id, kind.label, kind_source, band.name, band.grade, judged.criteria,
                       flags, kind.example_answer, SCORER_VERSION,
                       datetime.now(timezone.utc).replace(microsecond=0).isoformat())


OFF_TOPIC_WORK_WORDS = 2      # at most this many words of working life ...
OFF_TOPIC_MIN_CONTENT = 10    # ... or this many content words, none of them from the posting


def _posting_vocabulary(items: list, question_text: str) -> frozenset[str]:
    """Lemmas of the posting's requirement lines and of the question."""
    text = " ".join([question_text] + [" ".join([str(getattr(i, "keyword", "")),
                                                 *[str(v) for v in getattr(i, "variants", []) or []],
                                                 str(getattr(i, "source_line", "") or "")])
                                       for i in items])
    return frozenset(nlp.lemmas(text))


# Lemmas too general to show an answer is about this job.
_GENERAL_LEMMAS = frozenset("work job day time year make get do use go take have be manage "
                            "new good great busy every".split())
# Kinds whose answers are expected to draw on the posting's own vocabulary.
POSTING_VOCABULARY_KINDS = {"past_story", "process", "pitch", "hypothetical"}


def _off_topic(rel, job, obs, items: list, question_text: str, kind_id: str) -> bool:
    """None of the question's words and no requirement, and either (almost) nothing about work -
    a hobby, a holiday, a film - or nothing that shares a word with the posting (another job)."""
    if not rel.off_topic or job.hits or job.requirement_hit:
        return False
    work = sum(1 for lemma in obs.content_lemmas if lemma in _cues.WORK_WORDS)
    private = len(obs.cue("private_life"))
    content = obs.content_lemmas
    if len(content) >= 6 and work <= OFF_TOPIC_WORK_WORDS and private >= 1:
        return True       # a hobby, a holiday, a film
    if len(content) < OFF_TOPIC_MIN_CONTENT or kind_id not in POSTING_VOCABULARY_KINDS:
        return False
    if obs.has("people") or rel.score > 15:
        return False     # colleagues, customers, a manager: a story about work, maybe in other words
    vocab = _posting_vocabulary(items, question_text)
    shared = {w for w in content if w in vocab and w not in _GENERAL_LEMMAS}
    return len(shared) <= 1      # (almost) nothing shared with the posting: another job


def _criterion_reason(c: CriterionResult) -> str:
    mark = "✓" if c.met else ("~" if c.level >= 0.4 else "✗")
    if c.evidence:
        return f"{mark} {c.label}: {c.evidence}"
    if c.met:
        return f"{mark} {c.label}"
    return f"{mark} {c.label}: {c.missing or 'not found'}"


def _looks_like_keyword_list(job: JobFit) -> bool:
    """A bare list: three or more keywords in a list, none shown in use - or an answer where
    keywords make up a large share of the words."""
    if job.listed_mentions >= 3 and not any(h.credit >= 1 for h in job.hits
                                            if h.keyword not in job.listed):
        return True
    strong_hits = sum(1 for h in job.hits if h.credit >= 1)
    return job.keyword_share >= 0.35 and (job.listed_mentions + len(job.listed)) >= 3 \
        and strong_hits <= 1


LIST_MIN_WORDS = 6


def _verbless_list(obs) -> bool:
    """Terms strung together with commas and no verb to say what was done with them:
    "Budgeting, forecasting, variance analysis, Power BI, GAAP"."""
    if obs.words < LIST_MIN_WORDS or obs.clauses:
        return False
    doc = nlp.parse(obs.text)
    commas = sum(1 for t in doc if t.text in (",", ";", "/", "•", "-"))
    return commas >= 3 and not any(t.pos_ in ("VERB", "AUX") for t in doc)


def rescore(question, transcript, rubric, previous: dict | None, company_facts=()) -> AnswerScore:
    """Score a saved answer again with this scorer, keeping the earlier score in `history`."""
    fresh = score_answer(question, transcript, rubric, company_facts)
    if previous:
        old = AnswerScore.from_dict(previous)
        fresh.history = [*old.history, old.summary()]
    return fresh
