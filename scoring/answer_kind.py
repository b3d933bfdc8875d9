"""Which kind of answer a question calls for (scoring/data/anchors.yaml: past story, process,
motivation, ...).

A question from the bank, a template or an imported set carries its `answer_kind`: that is used
as it is. A plain string, or a question whose kind is missing or unknown, is classified from its
text in two steps:

1. wording cues, checked in order (`CUES`): the phrases that name a kind outright - "salary",
   "weakness", "questions for us", "tell me about a time", "what would you do"...;
2. otherwise a nearest-neighbours vote over the bank's own questions and templates, which are
   labelled examples (every one was given its kind by reading it). Words are compared as spaCy
   lemmas, with word pairs ("would you", "a time") and the opening words kept, so that "what
   would you do" and "what did you do" differ.

Deterministic: the same text always gets the same kind. `classifier_accuracy()` measures both on
the bank: the vote alone, leave-one-out (each question classified by all the others), and the
whole classifier (the cues were written with the bank in view, so that figure is not held out);
bench/bench_scoring.py prints them and tests hold floors.
"""
from __future__ import annotations

import functools
import math
from collections import Counter
from dataclasses import dataclass

from scoring import nlp

NEIGHBOURS = 5

# Wording that names the kind outright, checked in this order (lemmas or lower-cased words).
CUES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("candidate_questions", ("question do you have", "question for we", "question for us",
                             "anything you would like to ask", "anything you 'd like to ask",
                             "like to know about", "like to ask", "what would you like to know",
                             "question about")),
    ("negotiation", ("salary", "notice period", "start date", "when could you start",
                     "when can you start", "package", "interview anywhere else",
                     "interviewing anywhere", "other offer", "budget for this role",
                     "hybrid arrangement", "accept an offer", "holiday or commitment")),
    ("self_assessment", ("weakness", "fail", "mistake", "wrong", "miss a target", "miss",
                         "hardest in your first", "least excited", "did n't fit", "not fit",
                         "admit", "if you did n't get")),
    ("pitch", ("why should we", "why might you", "why you", "pick you", "hire you",
               "what would you bring", "set you apart", "sets you apart", "remember about you",
               "convince", "strength", "better than most", "underrated", "meet most strongly",
               "come to you for")),
    ("self_summary", ("about yourself", "your background", "walk we through your cv",
                      "walk us through your cv", "gap on your cv", "how do you end up",
                      "how did you end up", "change of direction", "your route")),
    ("small_talk", ("journey", "find we easily", "find us easily", "lunch", "coffee", "drink",
                    "weekend", "switch off", "your week", "reference", "refurbish", "the walk",
                    "receptionist", "weather", "break area", "meet many of the team", "trial day")),
    ("company_knowledge", ("know about we", "know about us", "know about our", "competitor",
                           "our customer", "our product", "our industry", "our biggest challenge",
                           "read or hear", "in the news", "prepare for today",
                           "describe what we do", "our value", "people who work here")),
    ("motivation", ("why this", "why do you want", "why be you leave", "why are you leaving",
                    "leave your current", "five year", "three year", "motivate",
                    "turn down an offer", "where do you see yourself", "start look",
                    "what draw you", "what attract you", "still be with we", "still be with us",
                    "interest in this")),
    ("work_style", ("team atmosphere", "describe you", "three word", "prefer", "good manager",
                    "work style", "working style", "kind of people", "celebrate", "outside work",
                    "what do leadership mean", "feedback")),
    ("hypothetical", ("what would you do", "how would you", "what do you do if", "imagine",
                      "suppose", "if you join", "if you notice", "if a teammate", "if you have to",
                      "your first week", "first 90 day", "first ninety day", "first three month",
                      "first year", "what would you want to", "if this role")),
    ("past_story", ("how did you", "what did you do", "tell we about a time",
                    "tell me about a time", "tell us about a time",
                    "describe a time", "give an example", "give we an example",
                    "give me an example", "a time when", "a time you", "example of",
                    "describe a situation", "walk I through a", "the most", "proudest")),
    ("process", ("how do you", "how would you check", "what do good", "what metric", "explain",
                 "common mistake", "keep your skill", "how do you keep", "break it down")),
)

# Words that say nothing about the kind of answer wanted.
_IGNORE = frozenset("the a an of to in on at and or is are be this that it for with our your "
                    "us we as by from".split())


@dataclass(frozen=True)
class Example:
    text: str
    kind: str
    source: str          # question id or template id


def _features(text: str) -> Counter:
    lemmas = [t.lemma_.lower() for t in nlp.parse(text.replace("{keyword}", "skill"))
              if not (t.is_punct or t.is_space)]
    feats: Counter = Counter(w for w in lemmas if w not in _IGNORE)
    feats.update(f"{a} {b}" for a, b in zip(lemmas, lemmas[1:]))
    if lemmas:
        feats[f"^{lemmas[0]}"] += 1           # how the question opens: "how", "what", "tell"
    return feats


@functools.lru_cache(maxsize=1)
def examples() -> tuple[Example, ...]:
    """The bank's questions and the templates, with the kind each was given."""
    from question_bank import load_bank
    from question_bank.templates import load_templates

    out = [Example(q.text, q.answer_kind, q.id) for q in load_bank() if q.answer_kind]
    for kind_templates in load_templates().values():
        for t in kind_templates:
            out.append(Example(t["text"], t["answer_kind"], t["id"]))
    return tuple(out)


@functools.lru_cache(maxsize=1)
def _model() -> tuple[list[tuple[dict[str, float], float, str]], dict[str, float]]:
    exs = examples()
    feats = [_features(e.text) for e in exs]
    df: Counter = Counter()
    for f in feats:
        df.update(f.keys())
    n = len(exs)
    idf = {w: math.log((1 + n) / (1 + d)) + 1.0 for w, d in df.items()}
    vectors = []
    for f, e in zip(feats, exs):
        vec = {w: c * idf[w] for w, c in f.items()}
        norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
        vectors.append((vec, norm, e.kind))
    return vectors, idf


def _vote(text: str, skip: int | None = None) -> tuple[str, float]:
    vectors, idf = _model()
    f = _features(text)
    vec = {w: c * idf.get(w, math.log(len(vectors) + 1) + 1.0) for w, c in f.items()}
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    sims = []
    for i, (ev, en, kind) in enumerate(vectors):
        if i == skip:
            continue
        dot = sum(v * ev.get(w, 0.0) for w, v in vec.items())
        sims.append((dot / (norm * en), kind, i))
    sims.sort(key=lambda s: (-s[0], s[2]))
    votes: Counter = Counter()
    for sim, kind, _ in sims[:NEIGHBOURS]:
        votes[kind] += sim
    if not votes:
        return "past_story", 0.0
    best = max(sorted(votes), key=lambda k: votes[k])
    total = sum(votes.values()) or 1.0
    return best, votes[best] / total


def _by_cues(text: str) -> str | None:
    lemmas = " " + " ".join(t.lemma_.lower() for t in nlp.parse(text.replace("{keyword}", "skill"))
                            if not (t.is_punct or t.is_space)) + " "
    words = " " + " ".join(t.lower_ for t in nlp.parse(text.replace("{keyword}", "skill"))
                           if not (t.is_punct or t.is_space)) + " "
    for kind, phrases in CUES:
        for phrase in phrases:
            if f" {phrase} " in lemmas or f" {phrase} " in words:
                return kind
    return None


def classify(text: str) -> str:
    """The answer kind a question's text calls for: its wording cues, else its nearest bank
    questions."""
    return _by_cues(text) or _vote(text)[0]


@dataclass(frozen=True)
class Accuracy:
    vote_held_out: float      # the nearest-neighbours vote alone, leave-one-out
    whole: float              # cues then vote (the vote leave-one-out; cues not held out)
    examples: int


def classifier_accuracy() -> Accuracy:
    """How often the classifier gives the bank's own kind to the bank's questions and templates."""
    exs = examples()
    vote = sum(1 for i, e in enumerate(exs) if _vote(e.text, skip=i)[0] == e.kind)
    whole = sum(1 for i, e in enumerate(exs) if (_by_cues(e.text) or _vote(e.text, skip=i)[0])
                == e.kind)
    return Accuracy(vote / len(exs), whole / len(exs), len(exs))


def resolve(question_kind: str | None, text: str, star: bool = False) -> tuple[str, str]:
    """(kind id, "question" when the question carried a known kind, else "classified"). A
    question without a kind that is marked as a STAR question is a past story."""
    from question_bank.kinds import answer_kind_ids, resolve_answer_kind

    if question_kind:
        kind = question_kind if question_kind in answer_kind_ids() else resolve_answer_kind(question_kind)
        if kind:
            return kind, "question"
    if star:
        return "past_story", "classified"
    return classify(text), "classified"
