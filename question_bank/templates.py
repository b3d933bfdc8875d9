"""Job-specific questions: a posting's requirements (rubric items) poured into question templates.

The rubric comes from `scoring.build_rubric`, but only its shape is used here (duck typing):
an iterable of items with `keyword`, `kind`, `weight` and `must_have`.
"""
from __future__ import annotations

import functools
import random
import re
import string

import yaml

from .kinds import answer_kind_ids
from .load import DATA_DIR, problem, raise_problems, slug
from .model import Question, QuestionFileError

KINDS: tuple[str, ...] = ("tool", "skill", "certification", "domain", "soft_skill")
TEMPLATE_FIELDS = ("id", "text", "category", "answer_kind", "star", "competencies", "difficulty",
                   "expected_seconds", "looking_for", "tip", "follow_up")
FILLED_FIELDS = ("text", "looking_for", "tip", "follow_up")
CERT_WORDS = re.compile(r"certifi|certificate|licen[cs]e|accredit|qualification|diploma|degree|card\b", re.I)


@functools.lru_cache(maxsize=1)
def load_templates() -> dict[str, tuple[dict, ...]]:
    """kind -> templates (plain dicts), validated once per process."""
    path = DATA_DIR / "templates.yaml"
    raw = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    table = (raw or {}).get("templates") if isinstance(raw, dict) else None
    if not isinstance(table, dict):
        raise QuestionFileError(f"{path.name}: expected a 'templates:' mapping of kind -> list")
    problems: list[str] = []
    seen: set[str] = set()
    result: dict[str, tuple[dict, ...]] = {}
    for kind in KINDS:
        entries = table.get(kind)
        if not entries:
            problems.append(f"{path.name}: no templates for kind '{kind}'")
            continue
        for entry in entries:
            where = f"{path.name}, template {entry.get('id', '?')!r}"
            for key in TEMPLATE_FIELDS:
                if key not in entry:
                    problems.append(problem(where, key, "is missing"))
            for key in FILLED_FIELDS:
                names = {f for _, f, _, _ in string.Formatter().parse(str(entry.get(key, ""))) if f}
                if names - {"keyword"}:
                    problems.append(problem(where, key, f"unknown placeholder(s) {sorted(names - {'keyword'})}"))
            if re.search(r"(^|[.?!]\s+)\{keyword\}", str(entry.get("text", ""))):
                problems.append(problem(where, "text", "{keyword} must not start a sentence"))
            if re.search(r"\b(a|an)\s+\{keyword\}", str(entry.get("text", "")), re.I):
                problems.append(problem(where, "text", "no 'a'/'an' right before {keyword}"))
            if entry.get("category") not in ("role_depth", "behavioural"):
                problems.append(problem(where, "category", "must be role_depth or behavioural"))
            if entry.get("answer_kind") not in answer_kind_ids():
                problems.append(problem(where, "answer_kind", f"must be one of {', '.join(answer_kind_ids())} "
                                        f"(got {entry.get('answer_kind')!r})"))
            if entry.get("id") in seen:
                problems.append(problem(where, "id", "duplicate template id"))
            seen.add(entry.get("id"))
        result[kind] = tuple(entries)
    for kind in table:
        if kind not in KINDS:
            problems.append(f"{path.name}: unknown kind '{kind}'; kinds are {', '.join(KINDS)}")
    if problems:
        raise_problems(problems, path)
    return result


def display_keyword(keyword: str, kind: str) -> str:
    """How a keyword reads mid-sentence. Skills and domains are common nouns, so a posting's
    Title Case ("Stakeholder Management") is lowered; names, acronyms and certifications
    ("Salesforce", "SQL", "JavaScript") are kept as written; a bare certification name gets
    the word "certification" ("BLS" -> "BLS certification")."""
    keyword = " ".join(str(keyword).split())
    if kind in ("skill", "soft_skill", "domain"):
        words = keyword.split(" ")
        return " ".join(w.lower() if re.fullmatch(r"[A-Z][a-z]+(-[A-Za-z][a-z]*)*", w) else w for w in words)
    if kind == "certification" and not CERT_WORDS.search(keyword):
        return f"{keyword} certification"  # "your BLS" -> "your BLS certification"
    return keyword


def _items(rubric) -> list:
    if rubric is None:
        return []
    items = getattr(rubric, "items", rubric)
    if callable(items):  # a dict-like rubric: never mind, use its values
        items = list(rubric.values())
    return [i for i in items if str(getattr(i, "keyword", "")).strip()]


def ranked_items(rubric) -> list:
    """Must-haves first, then by weight (heaviest first); ties by keyword, so order is stable."""
    return sorted(_items(rubric), key=lambda i: (not bool(getattr(i, "must_have", False)),
                                                 -float(getattr(i, "weight", 1.0) or 0.0),
                                                 str(i.keyword).lower()))


def fill(item, template: dict) -> Question:
    """One template filled with one rubric item's keyword."""
    kind = getattr(item, "kind", "skill")
    keyword = display_keyword(item.keyword, kind)
    values = {key: " ".join(str(template[key]).replace("{keyword}", keyword).split())
              for key in FILLED_FIELDS}
    return Question(
        id=f"job-{slug(item.keyword) or 'requirement'}-{template['id']}",
        category=template["category"],
        answer_kind=template["answer_kind"],
        competencies=tuple(template["competencies"]),
        difficulty=int(template["difficulty"]),
        star=bool(template["star"]),
        expected_seconds=tuple(template["expected_seconds"]),
        requirement=str(item.keyword),
        source="template",
        **values,
    )


def _templates_for(item) -> tuple[dict, ...]:
    templates = load_templates()
    return templates.get(getattr(item, "kind", "skill")) or templates["skill"]


def next_question(item, rng: random.Random, used_templates: set[str], asked_ids: set[str]) -> Question | None:
    """A question about `item` not asked yet, preferring a template the session hasn't used
    (two questions from one template read alike even with different keywords)."""
    prefix = f"job-{slug(item.keyword) or 'requirement'}-"
    candidates = [t for t in _templates_for(item) if prefix + t["id"] not in asked_ids]
    if not candidates:
        return None
    fresh = [t for t in candidates if t["id"] not in used_templates] or candidates
    template = rng.choice(fresh)
    used_templates.add(template["id"])
    asked_ids.add(prefix + template["id"])
    return fill(item, template)


def job_questions(rubric, n: int, seed: int = 0) -> list[Question]:
    """`n` job-specific questions: must-have requirements first (heaviest first), one question
    per requirement, then further rounds with other templates if `n` exceeds the rubric.

    Deterministic for a given rubric, n and seed. An empty rubric gives [].
    """
    if n < 0:
        raise ValueError(f"n must be 0 or more (got {n})")
    items = ranked_items(rubric)
    rng = random.Random(seed)
    result: list[Question] = []
    used_templates: set[str] = set()
    asked: set[str] = set()
    while len(result) < n:
        added = 0
        for item in items:
            if len(result) >= n:
                break
            question = next_question(item, rng, used_templates, asked)
            if question is not None:
                result.append(question)
                added += 1
        if not added:
            break
    return result
