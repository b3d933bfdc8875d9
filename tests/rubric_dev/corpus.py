"""Rubric extraction dev set: postings in fields the lexicon does not cover, each with the
requirements a recruiter would list (tests/rubric_dev/*.yaml), and the recall measurement that
tests and bench share.

A posting file holds `posting` (the text as pasted), `requirements` (each a `name`, optional
`also` - other wordings that count as the same requirement - and optional `must`: true / false
when the posting says required / preferred) and `never` (words from benefits, company
description and boilerplate that no rubric item may contain).

The annotation is done the way the frozen validation set's annotators worked: per posting every
requirement a thorough recruiter would list (the degree, years of experience as a requirement of
their own, every licence or certificate, every core activity of the duties, methods, tools,
standards, languages, driving licence, leadership of people), each with a handful of surface
forms.

An annotated requirement is *found* by the same fixed rule as the validation bench
(bench/validity.py, imported here, not copied): after lower-casing, dropping function words and
light stemming, some rubric item's keyword or variant equals one of the requirement's forms, or
contains one as a run of words and is at most four words longer. A rubric item is *forbidden*
when its keyword or a variant matches a `never` phrase by the same rule.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bench.validity import item_terms, term_matches
from scoring import build_rubric

HERE = Path(__file__).parent


@dataclass
class Requirement:
    name: str
    also: tuple[str, ...] = ()
    must: bool | None = None

    @property
    def forms(self) -> tuple[str, ...]:
        return (self.name, *self.also)


@dataclass
class DevPosting:
    name: str
    field: str
    posting: str
    requirements: list[Requirement]
    never: list[str] = field(default_factory=list)


def load_postings(folder: Path = HERE) -> list[DevPosting]:
    out = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        reqs = [Requirement(str(r["name"]), tuple(str(a) for a in r.get("also", ()) or ()),
                            r.get("must")) for r in data["requirements"]]
        out.append(DevPosting(path.stem, str(data.get("field", "")), str(data["posting"]), reqs,
                              [str(w) for w in data.get("never", []) or []]))
    return out


def item_names(item, req: Requirement) -> bool:
    """Does rubric `item` name requirement `req`? (the validation bench's rule)"""
    return any(term_matches(term, req.forms) for term in item_terms(item))


def item_forbidden(item, never: list[str]) -> bool:
    return bool(never) and any(term_matches(term, never) for term in item_terms(item))


@dataclass
class RecallResult:
    posting: str
    found: list[str]
    missed: list[str]
    must_wrong: list[str]      # found, but must_have disagrees with the annotation
    forbidden: list[str]       # items containing a benefits / boilerplate word
    unmatched_items: list[str]  # items naming no annotated requirement (for reading, not a fault)

    @property
    def recall(self) -> float:
        total = len(self.found) + len(self.missed)
        return len(self.found) / total if total else 1.0


def measure(dev: DevPosting, rubric=None) -> RecallResult:
    rubric = rubric if rubric is not None else build_rubric(dev.posting)
    items = list(rubric)
    found, missed, must_wrong = [], [], []
    used: set[int] = set()
    for req in dev.requirements:
        hits = [i for i in items if item_names(i, req)]
        if hits:
            found.append(req.name)
            used.update(id(i) for i in hits)
            if req.must is not None and not any(bool(i.must_have) == req.must for i in hits):
                must_wrong.append(req.name)
        else:
            missed.append(req.name)
    forbidden = [i.keyword for i in items if item_forbidden(i, dev.never)]
    unmatched = [i.keyword for i in items if id(i) not in used]
    return RecallResult(dev.name, found, missed, must_wrong, forbidden, unmatched)


def measure_all(folder: Path = HERE) -> list[RecallResult]:
    return [measure(d) for d in load_postings(folder)]


def overall_recall(results: list[RecallResult]) -> float:
    found = sum(len(r.found) for r in results)
    total = found + sum(len(r.missed) for r in results)
    return found / total if total else 1.0


def report(results: list[RecallResult]) -> str:
    lines = [f"{'posting':34} recall  found/total  must-wrong  forbidden"]
    for r in results:
        total = len(r.found) + len(r.missed)
        lines.append(f"{r.posting:34} {r.recall:5.0%}   {len(r.found):3}/{total:<3}      "
                     f"{len(r.must_wrong):3}        {len(r.forbidden)}")
    lines.append(f"{'overall':34} {overall_recall(results):5.0%}")
    return "\n".join(lines)


if __name__ == "__main__":   # python -m tests.rubric_dev.corpus  (from the repository root)
    import sys

    res = measure_all()
    print(report(res))
    if "-v" in sys.argv:
        for r in res:
            print(f"\n== {r.posting}\n missed: {r.missed}\n must wrong: {r.must_wrong}\n"
                  f" forbidden: {r.forbidden}\n other items: {r.unmatched_items}")
