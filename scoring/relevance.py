"""Relevance: does the answer address the question that was asked?

We compare content words (spaCy's lemmas, with a small table of everyday synonyms so "client"
answers a question about a "customer") between the answer and, in decreasing weight, the question's text,
its competencies, what the interviewer is looking for, and a short cue vocabulary per question
category. A looser table of related concepts (half credit) lets a paraphrase count: "learn new
things" answers "developed your people". Company research (`company_facts`) used in a motivation / company-knowledge / culture /
why-you answer adds credit.

Known limit: word overlap cannot tell a good answer from one that merely repeats the question's
words; the other dimensions (structure, job fit) carry that.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from scoring import nlp


@dataclass(frozen=True)
class _Word:
    text: str      # lower-cased, as said
    lemma: str


@lru_cache(maxsize=512)
def tokenize(text: str) -> tuple[_Word, ...]:
    """The words of `text` with their lemmas (spaCy's parse), punctuation left out."""
    return tuple(_Word(t.lower_.replace("’", "'"), t.lemma_.lower()) for t in nlp.parse(text)
                 if not (t.is_punct or t.is_space))


@lru_cache(maxsize=20000)
def stem(word: str) -> str:
    """A word's comparison form: its lemma (a lone word is parsed on its own)."""
    word = word.lower()
    toks = tokenize(word)
    return toks[0].lemma if len(toks) == 1 else word

# Words that say nothing about a question's topic: interview phrasing and function words.
_QUESTION_STOP = set("""
a about after again all also am an and any are as at be been before being both but by can could
describe did do does doing done each example explain few for from get give go had has have how i
if in into is it its just me more most my no not now of on once one only or other our out over own
please same share should so some such tell than that the their them then there these they this
those through time times to too tell us very walk was we were what when where which while who why
will with would you your yours yourself moment occasion situation think thing things say talk
like let ever kind sort really well way something anything someone see want much many
wants wanted join handle work rather else somewhere make made get got take took use used need
feel keep come came around doing
""".split())

# Everyday synonym groups: any member answers a question that uses another member.
_SYNONYM_GROUPS = [
    "customer client patient user guest shopper buyer consumer account member resident caller",
    "difficult challenging tough hard upset angry frustrated irate unhappy demanding complaint "
    "complain furious rude escalation escalate unreasonable",
    "conflict disagreement disagree tension argument clash friction pushback dispute disagreed",
    "team colleague coworker teammate peer staff crew department",
    "mistake error failure fail wrong slip oversight missed messed blunder",
    "lead leader leadership manage manager supervise mentor coach led",
    "goal target objective quota kpi metric",
    "deadline pressure urgent tight rush crunch stress stressful overtime",
    "change transition rollout reorganization restructure migration",
    "improve improvement better optimize streamline fix efficiency faster",
    "learn lesson taught realize realised realized",
    "prioritize priority juggle competing balance triage urgent",
    "data analysis analyze analyse metric number report dashboard",
    "sell sale deal close pipeline revenue quota prospect",
    "motivate motivation drive inspire energize passion passionate love enjoy reward rewarding "
    "fulfilling meaning meaningful purpose excite excited",
    "company organization organisation firm business employer here",
    "role job position opening",
    "strength strong skill good best",
    "weakness weak improve developing",
    "feedback criticism critique review",
    "decision decide choose chose judgment judgement call",
    "persuade convince influence buy-in sell",
    "plan strategy roadmap approach",
    "first 90 days month onboarding",
    "problem issue bug incident outage",
    "culture values environment",
    "career future growth grow develop development progress",
    "proud proudest achievement accomplishment accomplish success",
]

# Related concepts: looser than synonyms, so a word may sit in several groups and a match earns
# less (RELATED_CREDIT). They let a paraphrase answer the question: "a chance to learn new things"
# and "moved up to supervisor" answer "how have you developed your people"; "wasn't getting many
# sign-ups" and "expensive" answer "a paid campaign that was underperforming".
_RELATED_GROUPS = [
    "develop grow growth coach mentor train training teach learn upskill promote promotion "
    "progress career stretch shadow buddy nurture",
    "people team staff employee report receptionist colleague everyone member crew associate",
    "conflict disagree disagreement tension pushback argue argument dispute clash friction "
    "object objection challenge",
    "failure fail mistake wrong setback error miss missed lesson regret slip",
    "motivate motivation why reason drawn attract appeal excite passion because love enjoy",
    "underperform underperforming poor low weak lag behind struggle struggling disappoint drop "
    "decline miss missing fewer worse slow expensive",
    "paid spend spending cost budget ads advert advertising expensive money bid cpc",
    "find discover notice noticed spot saw look check investigate dig analyse analyze "
    "diagnose realise realize traced",
    "improve better increase raise boost fix recover turnaround",
    "customer client guest patient user caller shopper",
    "unhappy angry upset complaint complain frustrated disappointed furious",
    "priority prioritise prioritize urgent important first order juggle",
    "change new introduce rollout adopt transition",
]
RELATED_CREDIT = 0.5

# Cue words per question category: topical vocabulary a relevant answer tends to contain.
CATEGORY_CUES: dict[str, str] = {
    "opener": "experience career role background currently work years focus",
    "first_interview_followup": "mentioned earlier last time follow clarify first interview add",
    "role_depth": "approach process tool use built design analyse method experience",
    "behavioural": "situation team result problem customer project colleague deadline",
    "situational": "would first step plan prioritise ask check escalate approach",
    "culture_fit": "team values environment collaborate feedback culture work style people",
    "motivation": "excited mission interested growth career reason drawn attract appeal "
                  "opportunity chance product impact values learn role company because",
    "why_you": "experience strength skills bring results proven track record fit",
    "leadership": "led team influence decision mentor delegated owned aligned",
    "pressure_failure": "mistake deadline pressure stress failed learned wrong fix priority",
    "company_knowledge": "company product customers market news growth mission competitors",
    "closing": "start notice salary available questions next steps timeline",
    "company_tour": "office team space tools day typical commute lunch",
}

FACT_CATEGORIES = {"motivation", "company_knowledge", "culture_fit", "why_you"}

def _group_lemmas(group: str) -> set[str]:
    """The words of a group and their lemmas (the group is parsed once, as a whole)."""
    words = group.split()
    return set(words) | {t.lemma for t in tokenize(group)}


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, frozenset[str]]]:
    group_of: dict[str, int] = {}
    for n, g in enumerate(_SYNONYM_GROUPS):
        for w in sorted(_group_lemmas(g)):
            group_of.setdefault(w, n)
    related_of: dict[str, frozenset[str]] = {}
    for n, g in enumerate(_RELATED_GROUPS):
        for w in _group_lemmas(g):
            related_of[w] = related_of.get(w, frozenset()) | {f"~{n}"}
    return group_of, related_of


def related(stems) -> set[str]:
    """The related-concept groups of a set of lemmas."""
    related_of = _tables()[1]
    out: set[str] = set()
    for s in stems:
        out |= related_of.get(s, frozenset())
    return out


def _concept_of(lemma: str) -> str:
    g = _tables()[0].get(lemma)
    return f"#{g}" if g is not None else lemma


@lru_cache(maxsize=20000)
def concept(word: str) -> str:
    """A word's comparison key: its synonym group if it has one, else its lemma."""
    return _concept_of(stem(word))


@lru_cache(maxsize=4096)
def content_concepts(text: str) -> frozenset[str]:
    return frozenset(_concept_of(t.lemma) for t in tokenize(text)
                     if t.text not in _QUESTION_STOP and (len(t.text) > 2 or t.text.isdigit()))


@dataclass
class RelevanceResult:
    score: int
    reasons: list[str]
    question_hits: list[str] = field(default_factory=list)   # answer words that echo the question
    off_topic: bool = False
    facts_used: list[str] = field(default_factory=list)
    facts_unused: list[str] = field(default_factory=list)


# Full relevance at this much weighted overlap: about two question words (or synonyms) plus a
# couple of words of the category's vocabulary.
_FULL_AT = 2.5
_CATEGORY_WEIGHT = 0.25
_CATEGORY_MAX = 1.0
SYNONYM_CREDIT = 0.7
OFF_TOPIC_CORE = 0.69   # not even one of the question's words or a synonym of one ...
OFF_TOPIC_SCORE = 30    # ... and a low relevance overall


def core_stems_of(label: str, answer_stems: set[str]) -> bool:
    """True when the answer uses the question's word itself (same lemma), not only a synonym."""
    return label in answer_stems


def _fact_terms(fact: str) -> set[str]:
    return {_concept_of(t.lemma) for t in tokenize(fact)
            if t.text not in _QUESTION_STOP and (len(t.text) > 3 or t.text.isdigit())}


# Words in a research note that say nothing about which fact it is.
@lru_cache(maxsize=1)
def _fact_stop() -> frozenset[str]:
    """Words in a research note that say nothing about which fact it is (built on first use, so
    importing scoring does not load the language model)."""
    return frozenset(concept(w) for w in
                     "year years next last month new company team business people also more".split())


def facts_used(answer: str, facts, ignore: set[str] = frozenset()) -> tuple[list[str], list[str]]:
    """(used, unused) research notes: a note counts as used when the answer shares at least two
    of its key terms (one when the note has only one or two). `ignore` holds terms that prove
    nothing - the question's own words, such as the company's name."""
    answer_concepts = {_concept_of(t.lemma) for t in tokenize(answer)}
    used, unused = [], []
    for fact in facts or ():
        fact = str(fact).strip()
        if not fact:
            continue
        terms = _fact_terms(fact) - _fact_stop() - set(ignore)
        shared = terms & answer_concepts
        needed = 1 if len(terms) <= 2 else 2
        (used if terms and len(shared) >= needed else unused).append(fact)
    return used, unused


def short_fact(fact: str, limit: int = 60) -> str:
    fact = " ".join(fact.split())
    return fact if len(fact) <= limit else fact[: limit - 1].rstrip() + "…"


def score_relevance(answer: str, question_text: str, category: str | None,
                    competencies=(), looking_for: str = "", company_facts=(),
                    extra_terms=()) -> RelevanceResult:
    """Weighted overlap of the answer's content words with the question's."""
    answer_concepts = content_concepts(answer)
    weights: dict[str, float] = {}
    labels: dict[str, str] = {}

    def add(text: str, weight: float) -> None:
        for t in tokenize(text):
            if t.text in _QUESTION_STOP or (len(t.text) <= 2 and not t.text.isdigit()):
                continue
            c = _concept_of(t.lemma)
            if weight > weights.get(c, 0.0):
                weights[c] = weight
                labels.setdefault(c, t.lemma)

    add(question_text, 1.0)
    for comp in competencies or ():
        add(re.sub(r"[_\-]", " ", str(comp)), 0.8)
    for term in extra_terms:
        add(term, 1.0)
    core_concepts = set(weights)   # the question itself, its competencies, its requirement
    add(looking_for or "", 0.5)
    matched = [c for c in weights if c in answer_concepts]
    answer_stems = {t.lemma for t in tokenize(answer)}
    # A question word with no direct or synonym match may still be answered by a related concept.
    answer_related = related(t.lemma for t in tokenize(answer) if t.text not in _QUESTION_STOP)
    related_of = _tables()[1]
    loose = {c: weights[c] * RELATED_CREDIT for c in weights
             if c not in matched and related_of.get(labels[c], frozenset()) & answer_related}
    # A synonym ("client" for "customer") is good evidence, the question's own word a bit better.
    credit = {c: weights[c] * (1.0 if core_stems_of(labels[c], answer_stems) else
                               SYNONYM_CREDIT) for c in matched}
    credit.update(loose)
    matched = matched + list(loose)
    # One loose match can be chance ("managed the morning bake" is not "handled an incident"):
    # related concepts count against the off-topic rule only when two question words have one.
    loose_core = [c for c in loose if c in core_concepts]
    core = sum(credit[c] for c in matched if c in core_concepts
               and (c not in loose or len(loose_core) >= 2))
    direct = sum(credit.values())
    cue_concepts = content_concepts(CATEGORY_CUES.get(category or "", "")) - set(weights)
    cue_hits = sorted(cue_concepts & answer_concepts)
    cue = min(_CATEGORY_MAX, _CATEGORY_WEIGHT * len(cue_hits))
    raw = direct + cue
    score = 100.0 * min(1.0, raw / _FULL_AT)
    reasons: list[str] = []
    words = [labels[c] for c in sorted(matched, key=lambda c: -weights[c])]
    if words:
        reasons.append("Picks up the question's terms: " + ", ".join(f"'{w}'" for w in words[:5]))
    else:
        key = [labels[c] for c in weights if weights[c] >= 1.0][:4]
        reasons.append("None of the question's key words (or synonyms) appear"
                       + (": " + ", ".join(f"'{w}'" for w in key) if key else ""))
    if cue_hits:
        reasons.append(f"{len(cue_hits)} word(s) typical of a {category or 'general'} answer")

    used, unused = ([], [])
    if company_facts and (category in FACT_CATEGORIES):
        used, unused = facts_used(answer, company_facts, ignore=set(weights))
        for fact in used[:2]:
            reasons.append(f"Used your research: '{short_fact(fact)}'")
        score += 15.0 * min(2, len(used))
        if not used:
            reasons.append("Did not use any of your company research")
    # Off topic: (almost) none of the question's own words and little of its category's vocabulary.
    chance = 0.0 if len(loose_core) >= 2 else 100.0 * sum(loose.values()) / _FULL_AT
    off_topic = core < OFF_TOPIC_CORE and score - chance < OFF_TOPIC_SCORE and not used
    if off_topic:
        reasons.append("Looks off topic for this question")
    return RelevanceResult(round(min(100.0, score)), reasons, words, off_topic, used, unused)
