"""Score one interview answer against the job's rubric.

`score_answer(question, transcript, rubric, company_facts=())` returns an `AnswerScore`: an
overall 0-100 and four dimensions, each with the reasons behind it, quoted from the answer:

- job fit (35 %): which of the posting's requirements the answer *shows in use*;
- evidence and structure (30 %): STAR parts, specifics, ownership (or clarity for non-STAR);
- relevance (20 %): the answer addresses the question asked;
- delivery (15 %, spoken answers only): pace, fillers, pauses, length.

Typed answers have no delivery; its weight is shared out in proportion. Caps then limit answers
that are too short, off topic, or a bare list of keywords (reasons stated). docs/scoring.md
explains every number.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from scoring import delivery as _delivery
from scoring import nlp
from scoring import feedback as _feedback
from scoring import relevance as _relevance
from scoring import structure as _structure
from scoring.matching import find_mentions
from scoring.structure import Span, split_sentences
from scoring.text import stem

WEIGHTS = {"job_fit": 35, "structure": 30, "relevance": 20, "delivery": 15}
DIMENSION_NAMES = {"job_fit": "Job fit", "structure": "Evidence and structure",
                   "relevance": "Relevance", "delivery": "Delivery"}
CAP_SHORT_WORDS = 15          # answers under this many words are capped
CAP_SCORE = 30                # the most a too-short, off-topic or keyword-list answer can get
REQUIREMENT_MISSED_CAP = 40   # job fit when a templated question's requirement never comes up
REQUIREMENT_BONUS = 0.5       # extra weighted hits for showing that requirement
MAX_ANSWER_CHARS = 50_000

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

    def to_dict(self) -> dict:
        return {"name": self.name, "score": self.score, "reasons": list(self.reasons)}

    @classmethod
    def from_dict(cls, d: dict) -> "DimensionScore":
        score = d.get("score")
        return cls(str(d["name"]), None if score is None else int(score),
                   [str(r) for r in d.get("reasons", [])])


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

    def to_dict(self) -> dict:
        return {"words": self.words, "duration_s": self.duration_s, "wpm": self.wpm,
                "fillers": self.fillers, "fillers_per_min": self.fillers_per_min,
                "long_pauses": self.long_pauses,
                "filler_spans": [list(s) for s in self.filler_spans],
                "filler_counts": dict(self.filler_counts), "pauses": [dict(p) for p in self.pauses],
                "speaking_s": self.speaking_s, "i_count": self.i_count,
                "we_count": self.we_count, "specifics": self.specifics}

    @classmethod
    def from_dict(cls, d: dict) -> "AnswerMetrics":
        return cls(
            int(d.get("words", 0)), d.get("duration_s"), d.get("wpm"), int(d.get("fillers", 0)),
            d.get("fillers_per_min"), int(d.get("long_pauses", 0)),
            [tuple(s) for s in d.get("filler_spans", [])], dict(d.get("filler_counts", {})),
            [dict(p) for p in d.get("pauses", [])], d.get("speaking_s"),
            int(d.get("i_count", 0)), int(d.get("we_count", 0)), int(d.get("specifics", 0)))


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

    def to_dict(self) -> dict:
        return {"overall": self.overall,
                "dimensions": {k: v.to_dict() for k, v in self.dimensions.items()},
                "matched": [h.to_dict() for h in self.matched], "missed": list(self.missed),
                "feedback": list(self.feedback), "sketch": self.sketch,
                "metrics": self.metrics.to_dict(), "caps": list(self.caps),
                "listed": list(self.listed)}

    @classmethod
    def from_dict(cls, d: dict) -> "AnswerScore":
        return cls(int(d["overall"]),
                   {k: DimensionScore.from_dict(v) for k, v in d.get("dimensions", {}).items()},
                   [KeywordHit.from_dict(h) for h in d.get("matched", [])],
                   [str(m) for m in d.get("missed", [])], [str(f) for f in d.get("feedback", [])],
                   str(d.get("sketch", "")), AnswerMetrics.from_dict(d.get("metrics", {})),
                   [str(c) for c in d.get("caps", [])], [str(x) for x in d.get("listed", [])])


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


_STAR_WORDING = re.compile(
    r"\b(?:tell (?:me|us) about a (?:time|situation|moment|project)|describe a (?:time|situation"
    r"|moment|project)|give (?:me |us )?an example|walk (?:me|us) through a (?:time|situation)|"
    r"share an example|have you ever|a time (?:when|you))", re.IGNORECASE)
_CATEGORY_WORDING = (
    ("company_knowledge", r"\bwhat do you know about (?:us|our|the company)|our (?:company|"
                          r"products?|competitors|mission)\b"),
    ("why_you", r"\bwhy should we (?:hire|choose|pick)|why you\b|what sets you apart|"
                r"over (?:the )?other candidates"),
    ("motivation", r"\bwhy (?:do you want|are you interested|this (?:role|job|company))|"
                   r"what motivates|what (?:attracted|drew) you"),
    ("culture_fit", r"\bculture|work(?:ing)? style|what kind of (?:team|environment|manager)|"
                    r"values\b"),
    ("pressure_failure", r"\bmistake|fail(?:ed|ure)?\b|under pressure|deadline|stress"),
    ("leadership", r"\blead(?:ership)?\b|influence|persuade|mentor"),
    ("situational", r"\bwhat would you do|how would you (?:handle|approach|deal)|imagine|"
                    r"suppose|if you (?:were|had)"),
    ("closing", r"\bquestions for (?:us|me)|when can you start|salary|notice period"),
    ("opener", r"\btell (?:me|us) about yourself|walk (?:me|us) through your (?:resume|cv|"
               r"background)"),
)


def as_question(question) -> QuestionView:
    """Accept a Question-like object or a plain string (then infer star and category)."""
    if isinstance(question, QuestionView):
        return question
    if isinstance(question, str):
        text = question.strip()
        if not text:
            raise AnswerError("The question is empty.")
        star = bool(_STAR_WORDING.search(text))
        category = "behavioural" if star else None
        for cat, pattern in _CATEGORY_WORDING:
            if re.search(pattern, text, re.IGNORECASE):
                category = cat
                break
        if category == "situational":
            star = False
        return QuestionView(text, category or "behavioural" if star else category, (), star)
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
        str(getattr(question, "looking_for", "") or ""), getattr(question, "requirement", None))


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

_WORD_RE = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")
_FIRST_PERSON_RE = re.compile(r"\b(?:I|I'm|I've|I'd|we|we've|we're|my|our|me|us)\b",
                              re.IGNORECASE)
_LIST_MAX_EXTRA_WORDS = 2   # "Tableau, advanced Excel and Power BI" is still a list
# Opinions about a skill are not evidence of it: "I think communication is important".
_OPINION_RE = re.compile(
    r"\b(?:I (?:think|believe|feel|guess|would say)|in my opinion|is (?:so |really |very |the most "
    r")?(?:important|key|essential|crucial|vital)|matters|you (?:have|need) to|you just|"
    r"should always)\b", re.IGNORECASE)


def _mention_tokens(text: str, start: int, end: int) -> list:
    return nlp.tokens_in(nlp.parse(text), start, end)


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
    return any(t.pos_ in ("VERB", "AUX") for t in nlp.tokens_in(nlp.parse(text), sent.start, sent.end))


def _opinion_about(text: str, sent, pos: int) -> bool:
    """An opinion that governs the mention: said before it in the sentence ("I think
    communication is important"), or after it in the same clause ("communication is key") - not
    an aside in another clause ("we use a WMS, I think it's a Blue Yonder one")."""
    if _OPINION_RE.search(text[sent.start:pos]):
        return True
    after = re.split(r"[,;:()]|\s-\s", text[pos:sent.end])[0]
    return bool(_OPINION_RE.search(after))


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
    sentences = split_sentences(text)
    slots: list[_Slot] = []
    for item in items:
        for m in find_mentions(text, item):
            slots.append(_Slot(item, m))
    # A loose (sound-alike) match on one ordinary word is more often another word than a speech
    # slip: "caching" is not "coaching", "monitoring" not "mentoring". Slips matter for names of
    # tools and certifications, which speech recognisers do mangle; keep those.
    slots = [s for s in slots if not (
        _exactness(text, s) == 2 and getattr(s.item, "kind", "") not in {"tool", "certification"}
        and len(_WORD_RE.findall(text[s.mention.start:s.mention.end])) == 1)]
    slots = _resolve_overlaps(text, slots)
    req_item = _requirement_item(items, q.requirement)
    req_name = req_item.keyword if req_item is not None else q.requirement

    # Group mentions by sentence; find list runs (>= 3 keywords separated only by commas/"and").
    by_sentence: dict[int, list[_Slot]] = {}
    for slot in slots:
        sent = _structure._sentence_of(sentences, slot.mention.start)
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
        sent = _structure._sentence_of(sentences, r[0].mention.start)
        if sent is not None:
            r[:] = sorted({id(s): s for s in r + by_sentence.get(sent.index, [])}.values(),
                          key=lambda s: s.mention.start)
    in_list = {id(s) for r in list_runs for s in r}

    # Sentences that tell what the speaker did: a keyword next to one is part of their story.
    acting = set()
    mine_all, ours_all = _structure.find_actions(text, hypothetical=q.category == "situational")
    for action in mine_all + ours_all:
        sent = _structure._sentence_of(sentences, action.start)
        if sent is not None:
            acting.add(sent.index)
    any_actions = _structure.find_actions(text, hypothetical=True)
    acting_any = {s.index for a in any_actions[0] + any_actions[1]
                  if (s := _structure._sentence_of(sentences, a.start)) is not None}

    def context_of(slot: _Slot) -> str:
        """'use' (shown in use), 'claim' (only asserted), 'general' (an opinion or a definition,
        not the speaker's experience), 'negated' ("I have never used it") or 'none' (no real
        sentence around it)."""
        sent = _structure._sentence_of(sentences, slot.mention.start)
        if sent is None:
            return "none"
        mention_words = sum(len(_WORD_RE.findall(text[s.mention.start:s.mention.end]))
                            for s in by_sentence.get(sent.index, []))
        other_words = len(_WORD_RE.findall(sent.text)) - mention_words
        first_person = bool(_FIRST_PERSON_RE.search(sent.text))
        if other_words < 4 or not (first_person or _has_verb(text, sent)):
            return "none"
        if _negated(text, slot.mention.start, slot.mention.end):
            return "negated"
        if _someone_else_acts(text, slot.mention.start, slot.mention.end):
            return "general"
        near_action = bool(acting & {sent.index - 1, sent.index, sent.index + 1})
        if _opinion_about(text, sent, slot.mention.start) and sent.index not in acting:
            return "general"
        if not first_person and not near_action:
            return "general"
        if (_structure._CLAIM_RE.search(sent.text) or _HABIT_RE.search(sent.text)) \
                and sent.index not in acting:
            # "Six years of Salesforce admin" is a checkable credential; "I'm strong in X" is not.
            has_figure = bool(re.search(r"\d|\b(?:two|three|four|five|six|seven|eight|nine|ten)"
                                        r"\b", sent.text, re.IGNORECASE))
            return "claim" if has_figure else "general"
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
        sent = _structure._sentence_of(sentences, run[0].mention.start)
        if sent is None:
            continue
        run_words = len(_WORD_RE.findall(text[run[0].mention.start:run[-1].mention.end]))
        other = len(_WORD_RE.findall(sent.text)) - run_words
        candidates = [s for s in run if id(s.item) not in best
                      and not _negated(text, s.mention.start, s.mention.end)]
        if other >= 6 and sent.index in acting_any and candidates:
            credited = max(candidates, key=lambda s: _item_weight(s.item))
            best[id(credited.item)] = (1.0, credited, "use")
            counts[id(credited.item)] = 1

    must = [i for i in items if getattr(i, "must_have", False)]
    unit_pool = [_item_weight(i) for i in (must or items) if _item_weight(i) > 0]
    unit = sum(unit_pool) / len(unit_pool) if unit_pool else 1.0

    hits: list[KeywordHit] = []
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
        how = "claimed" if h.credit < 1 else "shown"
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
    mention_words = sum(len(_WORD_RE.findall(text[s.mention.start:s.mention.end])) for s in slots)
    share = mention_words / answer_words if answer_words else 0.0
    return JobFit(score, reasons, hits, missed, listed_names, list_quotes, claims, req_name,
                  req_hit, share, in_context, sum(_positions(r) for r in list_runs),
                  negated)


# Habits and intentions describe no particular time: "I always make sure", "I try to".
_HABIT_RE = re.compile(r"\bI (?:always|usually|normally|generally|try to|tend to|make sure|"
                       r"like to|love to|can|could|am able to)\b", re.IGNORECASE)


def _exactness(text: str, slot: _Slot) -> int:
    """0 when the answer says the matched form itself, 1 for an inflection, 2 for a looser match
    (spelling slip, words in another order) - used to pick between overlapping mentions."""
    said = " ".join(_WORD_RE.findall(text[slot.mention.start:slot.mention.end].lower()))
    form = " ".join(_WORD_RE.findall((slot.mention.matched or slot.item.keyword).lower()))
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


def _is_list_gap(between: str) -> bool:
    """Text between two keywords that only separates them: ", ", " and ", ", advanced "."""
    if not re.search(r"[,;/&+]|\b(?:and|or|plus)\b", between, re.IGNORECASE):
        return False
    if re.search(r"[.!?]", between):
        return False
    extra = [w for w in _WORD_RE.findall(between) if w.lower() not in _JOINERS]
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

def combine(scores: dict[str, int | None]) -> int:
    """Weighted mean of the applicable dimensions (delivery's weight is shared out when None)."""
    total = sum(WEIGHTS[k] for k, v in scores.items() if v is not None)
    if not total:
        return 0
    return round(sum(WEIGHTS[k] * v for k, v in scores.items() if v is not None) / total)


def score_answer(question, transcript, rubric, company_facts=()) -> AnswerScore:
    """Score an answer to `question` against the job's `rubric` (see the module docstring)."""
    q = as_question(question)
    text, words, duration = _as_transcript(transcript)
    items = _items(rubric)
    if isinstance(company_facts, str):
        company_facts = [company_facts]
    facts = [str(f) for f in (company_facts or ()) if str(f).strip()]
    spoken = words is not None or duration is not None

    measured = _delivery.measure(text, words, duration)
    n_words = measured.words if spoken else _structure.count_words(text)
    job = score_job_fit(text, q, items, n_words)

    tool_spans = [Span("name", h.keyword, h.start, h.end) for h in job.hits
                  if h.kind in {"tool", "certification"}]
    hypothetical = q.category == "situational" or bool(
        re.search(r"\bwhat would you|how would you|\bif you\b", q.text, re.IGNORECASE))
    q_terms = frozenset(_relevance.content_concepts(q.text))
    q_stems = frozenset(stem(c) for c in q_terms if not c.startswith("#"))
    fillers = [(a, b, "") for a, b in measured.filler_spans]
    findings = _structure.analyse(_delivery.without_fillers(text, fillers), q.star, hypothetical, q_stems,
                                  tool_spans)
    struct_score, struct_reasons = _structure.score_structure(findings, n_words)

    rel = _relevance.score_relevance(
        text, q.text, q.category, q.competencies, q.looking_for, facts,
        extra_terms=[q.requirement] if q.requirement else ())
    # Requirement hits that the question names also show the answer is on topic.
    if job.requirement_hit and rel.off_topic:
        rel.off_topic = False

    if spoken and measured.speaking_s:
        deliv_score, deliv_reasons = _delivery.score_delivery(measured, q.expected_seconds)
    elif spoken:
        deliv_score, deliv_reasons = None, ["No timings in the transcript: delivery not judged"]
    else:
        deliv_score, deliv_reasons = None, ["Typed answer: delivery not judged"]

    dims = {
        "job_fit": DimensionScore(DIMENSION_NAMES["job_fit"], job.score, job.reasons),
        "structure": DimensionScore(DIMENSION_NAMES["structure"], struct_score, struct_reasons),
        "relevance": DimensionScore(DIMENSION_NAMES["relevance"], rel.score, rel.reasons),
        "delivery": DimensionScore(DIMENSION_NAMES["delivery"], deliv_score, deliv_reasons),
    }
    overall = combine({k: d.score for k, d in dims.items()})

    caps: list[str] = []
    keyword_list = _looks_like_keyword_list(job)
    if n_words < CAP_SHORT_WORDS:
        caps.append(f"Only {n_words} word{'s' if n_words != 1 else ''}: an answer this short "
                    f"scores at most {CAP_SCORE}")
    if rel.off_topic and n_words >= CAP_SHORT_WORDS:
        caps.append(f"Off topic: the answer does not address the question, so it scores at most "
                    f"{CAP_SCORE}")
    if keyword_list:
        caps.append(f"Reads as a list of the posting's keywords rather than an answer, so it "
                    f"scores at most {CAP_SCORE}")
    if caps:
        overall = min(overall, CAP_SCORE)

    metrics = AnswerMetrics(
        words=n_words, duration_s=measured.duration_s if spoken else None,
        wpm=measured.wpm if spoken else None, fillers=measured.fillers,
        fillers_per_min=measured.fillers_per_min if spoken else None,
        long_pauses=len(measured.pauses) if spoken else 0,
        filler_spans=measured.filler_spans, filler_counts=measured.filler_counts,
        pauses=[p.to_dict() for p in measured.pauses] if spoken else [],
        speaking_s=measured.speaking_s if spoken else None,
        i_count=findings.i_words, we_count=findings.we_words, specifics=len(findings.specifics))

    ctx = _feedback.FeedbackInputs(
        question=q, text=text, words=n_words, spoken=spoken, job=job, findings=findings,
        relevance=rel, delivery=measured if spoken and measured.speaking_s else None,
        expected_seconds=q.expected_seconds, caps=caps, keyword_list=keyword_list,
        facts=facts, dims={k: d.score for k, d in dims.items()})
    lines = _feedback.build_feedback(ctx)
    sketch = _feedback.build_sketch(ctx)
    return AnswerScore(overall, dims, job.hits, job.missed, lines, sketch, metrics, caps,
                       job.listed)


def _looks_like_keyword_list(job: JobFit) -> bool:
    """A bare list: several keywords, mostly in lists or without sentences, none shown in use -
    or an answer where keywords make up a large share of the words."""
    if job.listed_mentions + len(job.listed) >= 3 and not any(h.credit >= 1 for h in job.hits
                                                               if h.keyword not in job.listed):
        return True
    strong_hits = sum(1 for h in job.hits if h.credit >= 1)
    return job.keyword_share >= 0.35 and (job.listed_mentions + len(job.listed)) >= 3 \
        and strong_hits <= 1
