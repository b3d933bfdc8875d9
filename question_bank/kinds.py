"""Answer kinds and their anchored grades, red flags and score bands, read from
scoring/data/anchors.yaml.

Data only: what each kind of answer is judged on and what a 1, 3 and 5 look like. The scorer
decides how to measure it. The file lives with the scorer (it is the scorer's rubric), but the
question bank validates every question's `answer_kind` against it, so the loader is here and
imports nothing from `scoring` (finding the file does not run `scoring/__init__`).
"""
from __future__ import annotations

import functools
import importlib.util
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from .model import QuestionFileError

GRADES_WITH_ANCHORS: tuple[int, ...] = (1, 3, 5)
# The calibration: grade 1 <= 25, grade 3 within 40-65, grade 5 >= 80 (out of 100).
GRADE_RANGES: dict[int, tuple[int, int]] = {1: (0, 25), 3: (40, 65), 5: (80, 100)}
# The question metadata a question of each kind gets when it is not a bank question: the category
# that maps to the kind and the bank's usual spoken length (the tuning and validation sets use it).
KIND_DEFAULTS: dict[str, tuple[str, tuple[int, int]]] = {
    "past_story": ("behavioural", (60, 120)),
    "hypothetical": ("situational", (45, 90)),
    "process": ("role_depth", (45, 90)),
    "motivation": ("motivation", (30, 75)),
    "company_knowledge": ("company_knowledge", (30, 75)),
    "pitch": ("why_you", (45, 90)),
    "self_summary": ("opener", (45, 90)),
    "self_assessment": ("pressure_failure", (45, 90)),
    "work_style": ("culture_fit", (30, 75)),
    "negotiation": ("closing", (15, 45)),
    "candidate_questions": ("closing", (30, 90)),
    "small_talk": ("company_tour", (10, 40)),
}

KIND_ID = re.compile(r"^[a-z][a-z0-9_]*$")


@functools.lru_cache(maxsize=1)
def anchors_path() -> Path:
    """scoring/data/anchors.yaml, found without importing the scoring package."""
    spec = importlib.util.find_spec("scoring")
    if spec is not None and spec.submodule_search_locations:
        for location in spec.submodule_search_locations:
            candidate = Path(location) / "data" / "anchors.yaml"
            if candidate.is_file():
                return candidate
    return Path(__file__).resolve().parent.parent / "scoring" / "data" / "anchors.yaml"


@dataclass(frozen=True)
class Criterion:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class AnswerKind:
    id: str
    label: str
    assesses: str                            # what the interviewer is assessing, one sentence
    criteria: tuple[Criterion, ...]          # most important first
    anchors: tuple[tuple[int, tuple[str, ...]], ...]   # ((1, sentences), (3, ...), (5, ...))
    example_question: str
    example_answer: str                      # "what a 5 looks like"
    aliases: tuple[str, ...] = ()

    def anchor(self, grade: int) -> tuple[str, ...]:
        """The anchor sentences for grade 1, 3 or 5 (2 and 4 sit between; see `nearest`)."""
        for g, sentences in self.anchors:
            if g == grade:
                return sentences
        raise KeyError(f"no written anchor for grade {grade}; anchors exist for 1, 3 and 5")


@dataclass(frozen=True)
class RedFlag:
    id: str
    label: str
    counts: str
    does_not_count: str
    examples: tuple[str, ...]
    not_examples: tuple[str, ...]
    cap: int                                  # the overall is at most this (0-100)
    applies_to: tuple[str, ...]               # answer kind ids; every kind when the file says "all"
    fix: str


@dataclass(frozen=True)
class Band:
    id: str
    name: str
    grade: int
    min: int
    max: int
    meaning: str


@dataclass(frozen=True)
class Anchors:
    kinds: tuple[AnswerKind, ...]
    red_flags: tuple[RedFlag, ...]
    red_flag_rules: tuple[str, ...]
    bands: tuple[Band, ...]
    grades: tuple[tuple[int, str], ...]       # 1..5 -> what the grade means

    def kind(self, kind_id: str) -> AnswerKind:
        for kind in self.kinds:
            if kind.id == kind_id:
                return kind
        raise KeyError(f"unknown answer kind {kind_id!r}; kinds are {', '.join(k.id for k in self.kinds)}")

    def band_for(self, score: float) -> Band:
        """The band an overall score (0-100) falls in; fractions round to the nearest point."""
        value = min(100, max(0, int(round(score))))
        return next(b for b in self.bands if b.min <= value <= b.max)

    def flags_for(self, kind_id: str) -> tuple[RedFlag, ...]:
        return tuple(f for f in self.red_flags if kind_id in f.applies_to)


class AnchorsFileError(QuestionFileError):
    """scoring/data/anchors.yaml is missing a part or has an invalid one."""


def _text(data: dict, key: str, where: str, problems: list[str]) -> str:
    value = data.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(f"{where}, field '{key}': is missing or empty")
        return ""
    return " ".join(value.split())


def _texts(data: dict, key: str, where: str, problems: list[str], required: bool = True) -> tuple[str, ...]:
    value = data.get(key)
    if value is None and not required:
        return ()
    if not isinstance(value, list) or (required and not value) or not all(
            isinstance(v, str) and v.strip() for v in value):
        problems.append(f"{where}, field '{key}': must be a list of sentences")
        return ()
    return tuple(" ".join(v.split()) for v in value)


def parse_anchors(data, name: str = "anchors.yaml") -> Anchors:
    """Validate the parsed file; every problem is listed in the error (first one as message)."""
    problems: list[str] = []
    if not isinstance(data, dict):
        raise AnchorsFileError(f"{name}: expected a mapping with kinds, red_flags and bands", path=name)

    kinds: list[AnswerKind] = []
    seen_names: dict[str, str] = {}           # id or alias -> kind id
    for index, raw in enumerate(data.get("kinds") or [], 1):
        where = f"{name}, kind {raw.get('id', index)!r}" if isinstance(raw, dict) else f"{name}, kind {index}"
        if not isinstance(raw, dict):
            problems.append(f"{where}: must be a mapping")
            continue
        kind_id = raw.get("id")
        if not isinstance(kind_id, str) or not KIND_ID.match(kind_id):
            problems.append(f"{where}, field 'id': must be a snake_case word (got {kind_id!r})")
            continue
        label = _text(raw, "label", where, problems)
        assesses = _text(raw, "assesses", where, problems)
        criteria: list[Criterion] = []
        for crit in raw.get("criteria") or []:
            if not isinstance(crit, dict) or not KIND_ID.match(str(crit.get("id", ""))):
                problems.append(f"{where}, field 'criteria': each needs a snake_case id (got {crit!r})")
                continue
            cwhere = f"{where}, criterion {crit['id']!r}"
            criteria.append(Criterion(crit["id"], _text(crit, "label", cwhere, problems),
                                      _text(crit, "description", cwhere, problems)))
        if len(criteria) < 3:
            problems.append(f"{where}, field 'criteria': needs at least 3 criteria (has {len(criteria)})")
        if len({c.id for c in criteria}) != len(criteria):
            problems.append(f"{where}, field 'criteria': criterion ids must be unique")
        raw_anchors = raw.get("anchors") if isinstance(raw.get("anchors"), dict) else {}
        anchors: list[tuple[int, tuple[str, ...]]] = []
        for grade in GRADES_WITH_ANCHORS:
            sentences = _texts(raw_anchors, grade, f"{where}, anchors", problems)
            if sentences and not 2 <= len(sentences) <= 4:
                problems.append(f"{where}, anchors, grade {grade}: needs 2-4 sentences (has {len(sentences)})")
            anchors.append((grade, sentences))
        extra = set(raw_anchors) - set(GRADES_WITH_ANCHORS)
        if extra:
            problems.append(f"{where}, field 'anchors': only grades 1, 3 and 5 are written "
                            f"(got {sorted(extra)}); 2 and 4 sit between them")
        example = raw.get("example") if isinstance(raw.get("example"), dict) else {}
        question = _text(example, "question", f"{where}, example", problems)
        answer = _text(example, "answer", f"{where}, example", problems)
        aliases = tuple(str(a) for a in raw.get("aliases") or ())
        for key in (kind_id,) + aliases:
            norm = normalize_kind_word(key)
            if norm in seen_names and seen_names[norm] != kind_id:
                problems.append(f"{where}: name {key!r} is already used by kind {seen_names[norm]!r}")
            seen_names[norm] = kind_id
        kinds.append(AnswerKind(kind_id, label, assesses, tuple(criteria), tuple(anchors),
                                question, answer, aliases))
    if not kinds:
        problems.append(f"{name}: no kinds")
    kind_ids = [k.id for k in kinds]

    flags: list[RedFlag] = []
    for raw in data.get("red_flags") or []:
        if not isinstance(raw, dict) or not KIND_ID.match(str(raw.get("id", ""))):
            problems.append(f"{name}, red_flags: each needs a snake_case id (got {raw!r})")
            continue
        where = f"{name}, red flag {raw['id']!r}"
        cap = raw.get("cap")
        if isinstance(cap, bool) or not isinstance(cap, int) or not 0 <= cap < 100:
            problems.append(f"{where}, field 'cap': must be a whole number from 0 to 99 (got {cap!r})")
            cap = 0
        applies = raw.get("applies_to")
        if applies == "all":
            applies = list(kind_ids)
        if not isinstance(applies, list) or not applies:
            problems.append(f"{where}, field 'applies_to': must be 'all' or a list of kinds")
            applies = []
        for kid in applies:
            if kid not in kind_ids:
                problems.append(f"{where}, field 'applies_to': unknown kind {kid!r}")
        flags.append(RedFlag(
            raw["id"], _text(raw, "label", where, problems), _text(raw, "counts", where, problems),
            _text(raw, "does_not_count", where, problems), _texts(raw, "examples", where, problems),
            _texts(raw, "not_examples", where, problems, required=False), cap, tuple(applies),
            _text(raw, "fix", where, problems)))
    if not flags:
        problems.append(f"{name}: no red_flags")
    if len({f.id for f in flags}) != len(flags):
        problems.append(f"{name}, red_flags: ids must be unique")

    bands: list[Band] = []
    for raw in data.get("bands") or []:
        if not isinstance(raw, dict):
            problems.append(f"{name}, bands: each band must be a mapping")
            continue
        where = f"{name}, band {raw.get('id')!r}"
        numbers = [raw.get(k) for k in ("grade", "min", "max")]
        if not all(isinstance(n, int) and not isinstance(n, bool) for n in numbers):
            problems.append(f"{where}: grade, min and max must be whole numbers")
            continue
        bands.append(Band(str(raw.get("id")), _text(raw, "name", where, problems), *numbers,
                          _text(raw, "meaning", where, problems)))
    bands.sort(key=lambda b: b.min)
    expected_low = 0
    for band in bands:
        if band.min != expected_low or band.max < band.min:
            problems.append(f"{name}, band {band.id!r}: starts at {band.min}, expected {expected_low} "
                            "(bands must cover 0-100 in order, with no gap or overlap)")
        expected_low = band.max + 1
    if bands and bands[-1].max != 100:
        problems.append(f"{name}, bands: the last band must end at 100 (ends at {bands[-1].max})")
    if [b.grade for b in bands] != [1, 2, 3, 4, 5]:
        problems.append(f"{name}, bands: need one band per grade 1-5, in order")
    for band in bands:
        low, high = GRADE_RANGES.get(band.grade, (0, 100))
        if not low <= band.min <= band.max <= high:
            problems.append(f"{name}, band {band.id!r}: grade {band.grade} must lie within {low}-{high}")

    rules = _texts(data, "red_flag_rules", name, problems)
    raw_grades = data.get("grades") if isinstance(data.get("grades"), dict) else {}
    grades = tuple((g, " ".join(str(raw_grades.get(g, "")).split())) for g in range(1, 6))
    if not all(text for _, text in grades):
        problems.append(f"{name}, field 'grades': say what each grade 1-5 means")

    if problems:
        more = len(problems) - 1
        raise AnchorsFileError(problems[0] + (f" (and {more} more)" if more else ""), problems, name)
    return Anchors(tuple(kinds), tuple(flags), rules, tuple(bands), grades)


def normalize_kind_word(word: str) -> str:
    """'Past story', 'past-story', 'PAST_STORY' -> 'past_story'."""
    return re.sub(r"[^a-z0-9]+", "_", str(word).strip().lower()).strip("_")


@functools.lru_cache(maxsize=1)
def load_anchors() -> Anchors:
    """The packaged anchors file, validated once per process."""
    path = anchors_path()
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as err:
        raise AnchorsFileError(f"{path.name}: cannot read the answer-kind anchors ({err})", path=str(path)) from None
    try:
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as err:
        raise AnchorsFileError(f"{path.name}: not valid YAML ({err})", path=str(path)) from None
    return parse_anchors(data, path.name)


def answer_kind_ids() -> tuple[str, ...]:
    """The answer kinds, in the file's order."""
    return tuple(k.id for k in load_anchors().kinds)


@functools.lru_cache(maxsize=1)
def _kind_names() -> dict[str, str]:
    names: dict[str, str] = {}
    for kind in load_anchors().kinds:
        names[normalize_kind_word(kind.id)] = kind.id
        names[normalize_kind_word(kind.label)] = kind.id
        for alias in kind.aliases:
            names[normalize_kind_word(alias)] = kind.id
    return names


def resolve_answer_kind(word: str) -> str | None:
    """A kind id from its id, label or an alias people might type ('STAR' -> 'past_story')."""
    return _kind_names().get(normalize_kind_word(word))
