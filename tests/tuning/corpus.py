"""Load the scorer's tuning set (tests/tuning/*.yaml): graded answers per answer kind, and pairs.

See tests/tuning/README.md. `load()` returns every answer with its question (a bank Question when
`bank_id` names one, else a Question built for the kind), its posting and grade; `pairs()` the
good-vs-weak pairs. Nothing here scores: tests and bench/bench_tuning.py do.
"""
from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass
from pathlib import Path

import yaml

from question_bank.kinds import KIND_DEFAULTS

HERE = Path(__file__).parent
POSTINGS = HERE.parent / "postings"



@dataclass(frozen=True)
class TuningAnswer:
    id: str
    kind: str
    posting: str              # file name in tests/postings/
    question_text: str
    bank_id: str | None
    grade: int
    text: str
    style: str = "typed"      # "typed" or "asr"
    flags: tuple[str, ...] = ()
    company_facts: tuple[str, ...] = ()

    @property
    def question(self):
        return question_for(self.question_text, self.kind, self.bank_id)

    @property
    def posting_text(self) -> str:
        return (POSTINGS / self.posting).read_text(encoding="utf-8")


@dataclass(frozen=True)
class TuningPair:
    better: TuningAnswer
    worse: TuningAnswer
    note: str


@functools.lru_cache(maxsize=1)
def _bank() -> dict:
    from question_bank import load_bank

    return {q.id: q for q in load_bank()}


def question_for(text: str, kind: str, bank_id: str | None = None):
    from question_bank.model import Question

    base = _bank().get(bank_id or "")
    if base is not None:
        return dataclasses.replace(base, text=text, answer_kind=kind)
    category, seconds = KIND_DEFAULTS[kind]
    return Question(id=f"tuning-{kind}", text=text, category=category,
                    star=kind == "past_story", expected_seconds=seconds, answer_kind=kind,
                    source="user")


@functools.lru_cache(maxsize=1)
def _load() -> tuple[tuple[TuningAnswer, ...], tuple[TuningPair, ...]]:
    answers: list[TuningAnswer] = []
    raw_pairs = []
    for path in sorted(HERE.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        kind = data["kind"]
        for a in data["answers"]:
            answers.append(TuningAnswer(
                a["id"], kind, a["posting"], " ".join(a["question"].split()), a.get("bank_id"),
                int(a["grade"]), " ".join(str(a["text"]).split()), a.get("style", "typed"),
                tuple(a.get("flags") or ()), tuple(a.get("company_facts") or ())))
        raw_pairs += [(p["better"], p["worse"], p.get("note", "")) for p in data.get("pairs") or []]
    by_id = {a.id: a for a in answers}
    if len(by_id) != len(answers):
        raise ValueError("duplicate answer ids in tests/tuning")
    pairs = []
    for better, worse, note in raw_pairs:
        b, w = by_id[better], by_id[worse]
        if b.question_text != w.question_text or b.grade <= w.grade:
            raise ValueError(f"pair {better} / {worse}: not the same question, or not better")
        pairs.append(TuningPair(b, w, note))
    return tuple(answers), tuple(pairs)


def load() -> list[TuningAnswer]:
    return list(_load()[0])


def pairs() -> list[TuningPair]:
    return list(_load()[1])


@functools.lru_cache(maxsize=None)
def rubric_for(posting: str):
    from scoring import build_rubric

    return build_rubric((POSTINGS / posting).read_text(encoding="utf-8"))


def score(answer: TuningAnswer):
    from scoring import score_answer

    return score_answer(answer.question, answer.text, rubric_for(answer.posting),
                        company_facts=answer.company_facts)


def spearman(xs: list[float], ys: list[float]) -> float:
    """Spearman's rho with average ranks for ties (nan when undefined)."""
    def ranks(v):
        order = sorted(range(len(v)), key=lambda i: v[i])
        r = [0.0] * len(v)
        i = 0
        while i < len(order):
            j = i
            while j + 1 < len(order) and v[order[j + 1]] == v[order[i]]:
                j += 1
            for k in range(i, j + 1):
                r[order[k]] = (i + j) / 2 + 1
            i = j + 1
        return r
    if len(xs) < 2:
        return math.nan
    rx, ry = ranks(list(xs)), ranks(list(ys))
    mx, my = sum(rx) / len(rx), sum(ry) / len(ry)
    sxy = sum((a - mx) * (b - my) for a, b in zip(rx, ry))
    sxx = sum((a - mx) ** 2 for a in rx)
    syy = sum((b - my) ** 2 for b in ry)
    return sxy / math.sqrt(sxx * syy) if sxx and syy else math.nan
