"""Scoring validity on the frozen graded set (tests/validation/): how well the scorer agrees with
an interviewer's grades, next to two baselines (answer length alone; the previous scorer).

The set was written and graded by an independent grader before the scorer was tuned; see
tests/validation/README.md. This module only reads it and measures: it calls the scorer's public
API alone (`scoring.build_rubric(posting)` and `scoring.score_answer(question, answer, rubric)`),
so any scorer with that API can be measured the same way.

Figures, per answer kind and overall:
- Spearman rank correlation between the overall score and the grade (ties get average ranks);
- pairwise accuracy on the good-vs-weak pairs: the share of pairs whose better answer scores
  strictly higher (a tie counts as a miss), and the same on the published pairs;
- band agreement: grade-1 answers at or below 25, grade-3 answers in 40-65, grade-5 answers at or
  above 80 (the issue's calibration bands);
- rubric recall: the share of the requirements a recruiter would list that the posting's rubric
  finds, per posting and overall, and the count of rubric items that come from the must-not list
  (benefits, company description, boilerplate).

Matching for rubric recall is deliberately simple and fixed, so the figure means the same for
every scorer: both sides are lower-cased, cut into word tokens, stripped of a few function words
and folded with a light stemmer (plural -s/-es/-ies, -ing, -ed, final -e), so "reconciling bank
statements" and "reconcile bank statement" are the same. A requirement is found when some rubric
item's keyword or variant equals one of its surface forms, or contains one as a run of tokens and
is at most four tokens longer (a rubric item "USP 797 garbing procedures" finds "garbing", but a
whole pasted sentence does not find every phrase inside it). A rubric item comes from the
must-not list when its keyword or a variant matches a must-not phrase by the same rule.
"""
from __future__ import annotations

import dataclasses
import functools
import json
import math
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable

import yaml

from question_bank.kinds import KIND_DEFAULTS

ROOT = Path(__file__).resolve().parent.parent
SET_DIR = ROOT / "tests" / "validation"
BASELINE_FILE = SET_DIR / "baseline_previous_scorer.json"

# Calibration bands from the issue: grade -> (lowest, highest) overall score that agrees with it.
BANDS: dict[int, tuple[int, int]] = {1: (0, 25), 3: (40, 65), 5: (80, 100)}


# --- the set -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class Requirement:
    phrase: str
    must_have: bool
    forms: tuple[str, ...]


@dataclass(frozen=True)
class PostingAnnotation:
    slug: str                 # file stem, e.g. "pharmacy_technician"
    text: str                 # the posting as a job seeker would paste it
    field: str
    company: str
    requirements: tuple[Requirement, ...]
    must_not: tuple[str, ...]


@dataclass(frozen=True)
class GradedAnswer:
    id: str
    posting: str              # posting slug
    question: str
    bank_id: str | None       # the bank question asked word for word, if any
    adapted_from: str | None  # the bank question this one was reworded from, if any
    answer_kind: str
    mode: str                 # "typed" or "spoken" (spoken = written the way speech recognition writes)
    text: str
    grade: int
    reason: str
    red_flags: tuple[str, ...]
    traits: tuple[str, ...]


@dataclass(frozen=True)
class Pair:
    id: str
    better: str               # answer id
    worse: str
    traps: tuple[str, ...]
    note: str


@dataclass(frozen=True)
class PublishedPair:
    id: str
    field: str
    source: str
    question: str
    answer_kind: str
    posting: str              # a short posting for the field, written for this set
    better: str               # answer text (paraphrased)
    worse: str
    page_calls_better: str


@dataclass
class ValiditySet:
    postings: dict[str, PostingAnnotation]
    answers: list[GradedAnswer]
    pairs: list[Pair]
    published: list[PublishedPair]

    @functools.cached_property
    def by_id(self) -> dict[str, GradedAnswer]:
        return {a.id: a for a in self.answers}

    @property
    def kinds(self) -> list[str]:
        return sorted({a.answer_kind for a in self.answers})


def _load_yaml(path: Path):
    with path.open(encoding="utf-8") as f:
        return yaml.safe_load(f)


def load_set(folder: Path = SET_DIR) -> ValiditySet:
    """Read the frozen set: postings, requirement annotations, graded answers and pairs."""
    postings: dict[str, PostingAnnotation] = {}
    for path in sorted((folder / "requirements").glob("*.yaml")):
        data = _load_yaml(path)
        slug = Path(data["posting"]).stem
        text = (folder / "postings" / data["posting"]).read_text(encoding="utf-8")
        postings[slug] = PostingAnnotation(
            slug=slug, text=text, field=data.get("field", ""), company=data.get("company", ""),
            requirements=tuple(
                Requirement(r["phrase"], bool(r["must_have"]), tuple(str(f) for f in r["forms"]))
                for r in data["requirements"]),
            must_not=tuple(str(m) for m in data.get("must_not", ())),
        )
    answers: list[GradedAnswer] = []
    for path in sorted((folder / "answers").glob("*.yaml")):
        data = _load_yaml(path)
        slug = Path(data["posting"]).stem
        for a in data["answers"]:
            answers.append(GradedAnswer(
                id=a["id"], posting=slug, question=a["question"], bank_id=a.get("bank_id"),
                adapted_from=a.get("adapted_from"),
                answer_kind=a["answer_kind"], mode=a.get("mode", "typed"),
                text=" ".join(str(a["text"]).split()), grade=int(a["grade"]),
                reason=a.get("reason", ""), red_flags=tuple(a.get("red_flags") or ()),
                traits=tuple(a.get("traits") or ()),
            ))
    pairs_path = folder / "pairs.yaml"
    pairs = [Pair(p["id"], p["better"], p["worse"], tuple(p.get("traps") or ()), p.get("note", ""))
             for p in ((_load_yaml(pairs_path) or {}) if pairs_path.exists() else {}).get("pairs", [])]
    published_path = folder / "published_pairs.yaml"
    published: list[PublishedPair] = []
    if published_path.exists():
        data = _load_yaml(published_path)
        contexts = data.get("postings", {})
        for p in data.get("pairs", []):
            published.append(PublishedPair(
                id=p["id"], field=p["field"], source=p["source"], question=p["question"],
                answer_kind=p["answer_kind"], posting=contexts[p["posting"]],
                better=" ".join(str(p["better"]).split()), worse=" ".join(str(p["worse"]).split()),
                page_calls_better=p.get("page_calls_better", ""),
            ))
    return ValiditySet(postings=postings, answers=answers, pairs=pairs, published=published)


# --- statistics --------------------------------------------------------------------------------

def _ranks(values: list[float]) -> list[float]:
    """1-based ranks, ties sharing their average rank."""
    order = sorted(range(len(values)), key=lambda i: values[i])
    ranks = [0.0] * len(values)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and values[order[j + 1]] == values[order[i]]:
            j += 1
        average = (i + j) / 2 + 1
        for k in range(i, j + 1):
            ranks[order[k]] = average
        i = j + 1
    return ranks


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rho (Pearson correlation of the average ranks); nan when undefined."""
    if len(xs) != len(ys):
        raise ValueError("spearman needs two lists of the same length")
    if len(xs) < 2:
        return math.nan
    rx, ry = _ranks(list(xs)), _ranks(list(ys))
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    if sxx == 0 or syy == 0:
        return math.nan
    return sxy / math.sqrt(sxx * syy)


def pair_accuracy(outcomes: Iterable[tuple[float, float]]) -> tuple[float, int, int]:
    """(share of (better, worse) score pairs where better > worse, pairs, ties). Ties are misses."""
    outcomes = list(outcomes)
    if not outcomes:
        return math.nan, 0, 0
    wins = sum(1 for b, w in outcomes if b > w)
    ties = sum(1 for b, w in outcomes if b == w)
    return wins / len(outcomes), len(outcomes), ties


def band_agreement(items: Iterable[tuple[int, float]]) -> dict[int, tuple[int, int]]:
    """grade -> (answers inside its band, answers with that grade), for the banded grades."""
    result = {g: [0, 0] for g in BANDS}
    for grade, score in items:
        if grade in BANDS:
            low, high = BANDS[grade]
            result[grade][1] += 1
            result[grade][0] += int(low <= score <= high)
    return {g: (n_in, n) for g, (n_in, n) in result.items()}


def word_count(text: str) -> int:
    return len(text.split())


# --- rubric recall -----------------------------------------------------------------------------

_FUNCTION_WORDS = {"a", "an", "the", "of", "and", "or", "in", "with", "for", "to", "on", "per",
                   "at", "by", "from", "as", "your", "our", "their"}


def _stem(token: str) -> str:
    if len(token) <= 3 or not token.isalpha():
        return token
    if token.endswith("ies") and len(token) > 4:
        token = token[:-3] + "y"
    elif token.endswith("sses"):
        token = token[:-2]
    elif token.endswith("s") and not token.endswith(("ss", "us", "is")):
        token = token[:-1]
    for suffix in ("ing", "ed"):
        if token.endswith(suffix) and len(token) - len(suffix) >= 3:
            token = token[: -len(suffix)]
            break
    if token.endswith("e") and len(token) > 3:
        token = token[:-1]
    return token


@functools.lru_cache(maxsize=None)
def normalize(phrase: str) -> tuple[str, ...]:
    """Lower-cased word tokens without function words, lightly stemmed (see the module doc)."""
    text = phrase.lower().replace("’", "'").replace("'s ", " ").replace("'", "")
    tokens = re.findall(r"[a-z0-9]+[+#]*", text)
    return tuple(_stem(t) for t in tokens if t not in _FUNCTION_WORDS)


def _contains(term: tuple[str, ...], form: tuple[str, ...]) -> bool:
    if not term or not form:
        return False
    if term == form:
        return True
    if len(term) > len(form) + 4 or len(term) < len(form):
        return False
    return any(term[i:i + len(form)] == form for i in range(len(term) - len(form) + 1))


def item_terms(item) -> list[str]:
    """A rubric item's keyword and variants (the public RubricItem fields)."""
    return [item.keyword, *(getattr(item, "variants", None) or [])]


def term_matches(term: str, forms: Iterable[str]) -> bool:
    t = normalize(term)
    return any(_contains(t, normalize(f)) for f in forms)


@dataclass
class RecallResult:
    posting: str
    found: list[str]
    missed: list[str]
    must_not_items: list[str]       # rubric keywords that match the must-not list
    n_items: int

    @property
    def recall(self) -> float:
        total = len(self.found) + len(self.missed)
        return len(self.found) / total if total else math.nan


def rubric_recall(annotation: PostingAnnotation, rubric) -> RecallResult:
    items = list(rubric.items)
    found, missed = [], []
    for req in annotation.requirements:
        hit = any(term_matches(term, req.forms) for item in items for term in item_terms(item))
        (found if hit else missed).append(req.phrase)
    bad = [item.keyword for item in items
           if any(term_matches(term, annotation.must_not) for term in item_terms(item))]
    return RecallResult(annotation.slug, found, missed, bad, len(items))


# --- scoring with the public API ---------------------------------------------------------------



@functools.lru_cache(maxsize=1)
def _bank() -> dict:
    from question_bank import load_bank

    return {q.id: q for q in load_bank()}


def question_for(text: str, answer_kind: str, bank_id: str | None = None,
                 adapted_from: str | None = None):
    """What the scorer is given as the question: when the Question dataclass has an `answer_kind`
    field, a Question with the set's text and answer kind (and the bank question's metadata when
    it was asked word for word or reworded from one); otherwise the plain text, which is how the
    previous scorer was measured."""
    from question_bank.model import Question

    names = {f.name for f in dataclasses.fields(Question)}
    if "answer_kind" not in names:
        return text
    base = _bank().get(bank_id or adapted_from or "")
    if base is not None:
        return dataclasses.replace(base, text=text, answer_kind=answer_kind,
                                   id=base.id if bank_id else f"{base.id}-adapted")
    category, seconds = KIND_DEFAULTS.get(answer_kind, ("role_depth", (30, 90)))
    return Question(id="validation", text=text, category=category, star=answer_kind == "past_story",
                    expected_seconds=seconds, answer_kind=answer_kind, source="user")


Scorer = Callable[[object, str, object], object]


def score_all(vset: ValiditySet, scorer: Scorer | None = None,
              rubric_builder: Callable[[str], object] | None = None) -> dict[str, float]:
    """Overall score of every graded answer and both sides of every published pair, keyed by id
    ("<pair id>/better" and "<pair id>/worse" for the published pairs)."""
    import scoring

    score = scorer or scoring.score_answer
    build = rubric_builder or scoring.build_rubric
    rubrics: dict[str, object] = {}

    def rubric_of(text: str):
        if text not in rubrics:
            rubrics[text] = build(text)
        return rubrics[text]

    scores: dict[str, float] = {}
    for a in vset.answers:
        rubric = rubric_of(vset.postings[a.posting].text)
        result = score(question_for(a.question, a.answer_kind, a.bank_id, a.adapted_from),
                       a.text, rubric)
        scores[a.id] = float(result.overall)
    for p in vset.published:
        rubric = rubric_of(p.posting)
        q = question_for(p.question, p.answer_kind)
        scores[f"{p.id}/better"] = float(score(q, p.better, rubric).overall)
        scores[f"{p.id}/worse"] = float(score(q, p.worse, rubric).overall)
    return scores


def length_scores(vset: ValiditySet) -> dict[str, float]:
    """The length baseline: an answer's score is its word count."""
    scores = {a.id: float(word_count(a.text)) for a in vset.answers}
    for p in vset.published:
        scores[f"{p.id}/better"] = float(word_count(p.better))
        scores[f"{p.id}/worse"] = float(word_count(p.worse))
    return scores


def load_baseline(path: Path = BASELINE_FILE) -> tuple[dict[str, float], dict]:
    """The previous scorer's frozen overall scores and the file's header (commit, date)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    return {k: float(v) for k, v in data["scores"].items()}, {k: v for k, v in data.items()
                                                              if k != "scores"}


# --- the report --------------------------------------------------------------------------------

@dataclass
class KindFigures:
    kind: str                 # an answer kind, or "overall"
    n: int
    spearman: float
    pairs: tuple[float, int, int]
    bands: dict[int, tuple[int, int]] = field(default_factory=dict)

    @property
    def band_share(self) -> float:
        n_in = sum(v[0] for v in self.bands.values())
        n = sum(v[1] for v in self.bands.values())
        return n_in / n if n else math.nan


def figures(vset: ValiditySet, scores: dict[str, float]) -> list[KindFigures]:
    """Per answer kind, then overall: Spearman with the grades, pair accuracy, band agreement."""
    out = []
    for kind in [*vset.kinds, "overall"]:
        answers = [a for a in vset.answers if kind == "overall" or a.answer_kind == kind]
        pairs = [p for p in vset.pairs
                 if kind == "overall" or vset.by_id[p.better].answer_kind == kind]
        out.append(KindFigures(
            kind=kind, n=len(answers),
            spearman=spearman([scores[a.id] for a in answers], [a.grade for a in answers]),
            pairs=pair_accuracy((scores[p.better], scores[p.worse]) for p in pairs),
            bands=band_agreement((a.grade, scores[a.id]) for a in answers),
        ))
    return out


def published_accuracy(vset: ValiditySet, scores: dict[str, float]) -> tuple[float, int, int]:
    return pair_accuracy((scores[f"{p.id}/better"], scores[f"{p.id}/worse"])
                         for p in vset.published)


def recall_all(vset: ValiditySet, rubric_builder: Callable[[str], object] | None = None
               ) -> list[RecallResult]:
    import scoring

    build = rubric_builder or scoring.build_rubric
    return [rubric_recall(ann, build(ann.text)) for ann in vset.postings.values()]


def overall_recall(results: list[RecallResult]) -> float:
    found = sum(len(r.found) for r in results)
    total = sum(len(r.found) + len(r.missed) for r in results)
    return found / total if total else math.nan


@dataclass
class Report:
    current: list[KindFigures]
    length: list[KindFigures]
    previous: list[KindFigures] | None
    published_current: tuple[float, int, int]
    published_length: tuple[float, int, int]
    published_previous: tuple[float, int, int] | None
    recall: list[RecallResult]
    baseline_header: dict


def evaluate(vset: ValiditySet | None = None, scorer: Scorer | None = None,
             rubric_builder: Callable[[str], object] | None = None,
             baseline_path: Path = BASELINE_FILE) -> Report:
    """Every figure the bench prints, for the current scorer and the two baselines."""
    vset = vset or load_set()
    current = score_all(vset, scorer, rubric_builder)
    length = length_scores(vset)
    previous, header = (load_baseline(baseline_path) if baseline_path.exists() else (None, {}))
    return Report(
        current=figures(vset, current),
        length=figures(vset, length),
        previous=figures(vset, previous) if previous else None,
        published_current=published_accuracy(vset, current),
        published_length=published_accuracy(vset, length),
        published_previous=published_accuracy(vset, previous) if previous else None,
        recall=recall_all(vset, rubric_builder),
        baseline_header=header,
    )


# --- freezing the previous scorer's figures ----------------------------------------------------

def _git(*args: str) -> str:
    import subprocess

    return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True,
                          check=True).stdout.strip()


def write_baseline(path: Path = BASELINE_FILE) -> dict:
    """Score the set with the scorer in this checkout and write the frozen baseline file.

    Run once, on a checkout whose scoring/ and question_bank/ are the previous scorer's (main
    before issue 9); the file is then part of the frozen set and never rewritten. `commit` is the
    main commit the scorer came from (the checkout's scoring/ and question_bank/ trees, also
    recorded, are identical to it)."""
    for tree in ("scoring", "question_bank"):
        if _git("rev-parse", f"HEAD:{tree}") != _git("rev-parse", f"main:{tree}"):
            raise SystemExit(f"{tree}/ differs from main: this is not the previous scorer")
    vset = load_set()
    scores = score_all(vset)
    data = {
        "scorer": "previous scorer (main before issue 9)",
        "commit": _git("merge-base", "HEAD", "main"),
        "checkout": _git("rev-parse", "HEAD"),
        "scoring_tree": _git("rev-parse", "HEAD:scoring"),
        "question_bank_tree": _git("rev-parse", "HEAD:question_bank"),
        "call": "scoring.score_answer(question_text, answer_text, scoring.build_rubric(posting))",
        "note": "overall score per graded answer id, and '<published pair id>/better|worse'",
        "scores": {k: round(v, 3) for k, v in sorted(scores.items())},
    }
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return data


if __name__ == "__main__":
    import sys

    if "--write-baseline" in sys.argv[1:]:
        written = write_baseline()
        print(f"wrote {BASELINE_FILE} ({len(written['scores'])} scores, commit {written['commit']})")
