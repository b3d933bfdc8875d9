"""Loading and validating question data: the packaged bank and user files share one validator.

Every problem is reported as "<file>, <row N | line N>, field '<name>': <what is wrong>", so a
person editing a spreadsheet or a YAML file can go straight to the cell.
"""
from __future__ import annotations

import difflib
import functools
import hashlib
import json
import os
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import yaml

from .kinds import anchors_path, answer_kind_ids, resolve_answer_kind
from .model import (
    ASK_WHOM, CATEGORIES, SOURCES, TOPICS, CandidateQuestion, Question, QuestionFileError,
    default_answer_kind,
)

DATA_DIR = Path(__file__).parent / "data"

# The fields a question may have, in the order files are written.
FIELDS: tuple[str, ...] = (
    "id", "text", "category", "competencies", "difficulty", "star", "expected_seconds",
    "answer_kind", "looking_for", "tip", "follow_up", "requirement", "source",
)
REQUIRED_IN_IMPORT: tuple[str, ...] = ("id", "text", "category")
# The packaged bank is held to a higher standard: every coaching field must be filled in, and
# every question's answer kind is set by reading it (never inferred from the category).
REQUIRED_IN_BANK: tuple[str, ...] = (
    "id", "text", "category", "competencies", "difficulty", "star", "expected_seconds",
    "answer_kind", "looking_for", "tip", "follow_up",
)

# Sensible defaults for imported questions that leave a field out.
DEFAULT_SECONDS: dict[str, tuple[int, int]] = {
    "opener": (30, 90), "first_interview_followup": (45, 120), "role_depth": (60, 150),
    "behavioural": (60, 120), "situational": (45, 120), "culture_fit": (30, 90),
    "motivation": (30, 90), "why_you": (45, 90), "leadership": (60, 120),
    "pressure_failure": (60, 120), "company_knowledge": (30, 90), "closing": (15, 45),
    "company_tour": (10, 40),
}
STAR_CATEGORIES = frozenset({"behavioural", "leadership", "pressure_failure"})

# Friendly spellings people are likely to type in a spreadsheet.
CATEGORY_ALIASES: dict[str, str] = {
    "behavioral": "behavioural", "star": "behavioural", "follow_up": "first_interview_followup",
    "followup": "first_interview_followup", "first_interview": "first_interview_followup",
    "culture": "culture_fit", "fit": "culture_fit", "why_me": "why_you", "tour": "company_tour",
    "logistics": "closing", "company": "company_knowledge", "pressure": "pressure_failure",
    "failure": "pressure_failure", "technical": "role_depth", "skills": "role_depth",
}
for _cid, _label in CATEGORIES.items():
    CATEGORY_ALIASES.setdefault(re.sub(r"[^a-z0-9]+", "_", _label.lower()).strip("_"), _cid)

ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
TAG_PATTERN = re.compile(r"^[a-z0-9][a-z0-9+#.-]*$")
MAX_TEXT = 400
MAX_NOTE = 600
TRUE_WORDS = {"true", "yes", "y", "1", "x"}
FALSE_WORDS = {"false", "no", "n", "0", ""}


@dataclass
class Located:
    """One raw record read from a file, with where it came from."""

    data: dict[str, Any]
    where: str                                  # "my.csv, row 4" or "my.yaml, line 12"
    field_where: Callable[[str], str]           # field -> "my.yaml, line 14"


def problem(where: str, field: str | None, message: str) -> str:
    return f"{where}, field '{field}': {message}" if field else f"{where}: {message}"


def raise_problems(problems: list[str], path: str | Path | None) -> None:
    """One error carrying every problem; its message is the first one (one line)."""
    first = problems[0]
    more = len(problems) - 1
    message = first + (f" (and {more} more problem{'s' if more > 1 else ''}; nothing was imported)"
                       if more else "")
    raise QuestionFileError(message, problems, str(path) if path else None)


def suggest(word: str, choices) -> str:
    close = difflib.get_close_matches(str(word).lower(), list(choices), n=1, cutoff=0.6)
    return f" (did you mean '{close[0]}'?)" if close else ""


def slug(text: str) -> str:
    """'Stakeholder management' -> 'stakeholder-management' (stable ids and tags)."""
    return re.sub(r"[^a-z0-9+#]+", "-", str(text).lower()).strip("-")


@functools.lru_cache(maxsize=8192)
def normalize_text(text: str) -> str:
    """For duplicate detection: case, spacing and punctuation do not make a question new."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


# --- field parsers: each returns (value, error message or None) -------------------------------

def _as_text(value, limit: int, required: bool):
    if value is None or (isinstance(value, str) and not value.strip()):
        return ("", "is empty") if required else ("", None)
    if not isinstance(value, str):
        return None, f"must be text (got {value!r})"
    value = " ".join(value.split())
    if len(value) > limit:
        return None, f"is too long ({len(value)} characters; at most {limit})"
    return value, None


def _as_id(value):
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None, "is empty" if not value else f"must be text (got {value!r})"
    value = value.strip()
    if not ID_PATTERN.match(value):
        return None, ("must be letters, digits, '-', '_' or '.', at most 64 characters, "
                      f"e.g. 'my-001' (got {value!r})")
    return value, None


def _as_category(value):
    if not isinstance(value, str) or not value.strip():
        return None, "is empty"
    key = re.sub(r"[^a-z0-9]+", "_", value.strip().lower()).strip("_")
    if key in CATEGORIES:
        return key, None
    if key in CATEGORY_ALIASES:
        return CATEGORY_ALIASES[key], None
    return None, (f"must be one of {', '.join(CATEGORIES)} (got {value!r})"
                  + suggest(key, list(CATEGORIES) + list(CATEGORY_ALIASES)))


def _as_tags(value):
    if value is None or value == "":
        return (), None
    if isinstance(value, str):
        items = re.split(r"[;,\n]", value)
    elif isinstance(value, (list, tuple)):
        items = value
    else:
        return None, f"must be a list of tags, e.g. 'ownership; teamwork' (got {value!r})"
    tags: list[str] = []
    for item in items:
        if not isinstance(item, str):
            return None, f"every tag must be text (got {item!r})"
        tag = slug(item)
        if not tag:
            continue
        if not TAG_PATTERN.match(tag):
            return None, f"tag {item!r} is not a simple word or phrase"
        if tag not in tags:
            tags.append(tag)
    if len(tags) > 8:
        return None, f"has {len(tags)} tags; at most 8"
    return tuple(tags), None


def _as_difficulty(value):
    if isinstance(value, bool):
        return None, f"must be 1, 2 or 3 (got {value!r})"
    if isinstance(value, str) and value.strip() in {"1", "2", "3"}:
        return int(value.strip()), None
    if isinstance(value, int) and value in (1, 2, 3):
        return value, None
    if isinstance(value, float) and value in (1.0, 2.0, 3.0):
        return int(value), None
    return None, f"must be 1, 2 or 3 (got {value!r})"


def _as_bool(value):
    if isinstance(value, bool):
        return value, None
    if isinstance(value, int) and value in (0, 1):
        return bool(value), None
    if isinstance(value, str):
        word = value.strip().lower()
        if word in TRUE_WORDS:
            return True, None
        if word in FALSE_WORDS:
            return False, None
    return None, f"must be yes or no (got {value!r})"


def _as_seconds(value):
    bad = (f"must be a range of seconds like '60-120' or [60, 120] (got {value!r})")
    if isinstance(value, str):
        match = re.fullmatch(r"\s*(\d+)\s*(?:-|–|to|,)\s*(\d+)\s*(?:s|sec|seconds)?\s*", value)
        if not match:
            return None, bad
        low, high = int(match.group(1)), int(match.group(2))
    elif isinstance(value, (list, tuple)) and len(value) == 2 and all(
            isinstance(v, int) and not isinstance(v, bool) for v in value):
        low, high = value
    else:
        return None, bad
    if not 5 <= low <= high <= 600:
        return None, f"must satisfy 5 <= min <= max <= 600 seconds (got {low}-{high})"
    return (low, high), None


def _as_answer_kind(value, category: str, star: bool):
    """A kind id (or a label/alias of one); left out or blank -> the category's default."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return default_answer_kind(category, star), None
    kind = resolve_answer_kind(value) if isinstance(value, str) else None
    if kind:
        return kind, None
    kinds = answer_kind_ids()
    return None, (f"must be one of {', '.join(kinds)} (got {value!r})" + suggest(str(value), kinds))


def _as_source(value, default: str):
    if value is None or (isinstance(value, str) and not value.strip()):
        return default, None
    if isinstance(value, str) and value.strip().lower() in SOURCES:
        return value.strip().lower(), None
    return None, f"must be one of {', '.join(SOURCES)} (got {value!r})" + suggest(value, SOURCES)


def validate_question(rec: Located, *, strict: bool, default_source: str) -> tuple[Question | None, list[str]]:
    """Turn one raw record into a Question, or say exactly what is wrong with it."""
    raw = rec.data
    problems: list[str] = []
    unknown = [k for k in raw if k not in FIELDS]
    for key in unknown:
        problems.append(problem(rec.field_where(key), key,
                                f"unknown field; known fields are {', '.join(FIELDS)}"
                                + suggest(key, FIELDS)))
    required = REQUIRED_IN_BANK if strict else REQUIRED_IN_IMPORT
    for key in required:
        value = raw.get(key)
        if key not in raw or value is None or (isinstance(value, str) and not value.strip()):
            problems.append(problem(rec.where, key, "is missing" if key not in raw else "is empty"))
    if problems:
        return None, problems

    values: dict[str, Any] = {}

    def take(key, parsed):
        value, error = parsed
        if error:
            problems.append(problem(rec.field_where(key), key, error))
        else:
            values[key] = value

    take("id", _as_id(raw["id"]))
    take("text", _as_text(raw["text"], MAX_TEXT, True))
    take("category", _as_category(raw["category"]))
    category = values.get("category", "behavioural")
    take("competencies", _as_tags(raw.get("competencies")))
    take("difficulty", _as_difficulty(raw.get("difficulty", 2)) if raw.get("difficulty") not in (None, "")
         else (2, None))
    take("star", _as_bool(raw["star"]) if raw.get("star") not in (None, "")
         else (category in STAR_CATEGORIES, None))
    take("expected_seconds", _as_seconds(raw["expected_seconds"])
         if raw.get("expected_seconds") not in (None, "") else (DEFAULT_SECONDS[category], None))
    take("answer_kind", _as_answer_kind(raw.get("answer_kind"), category,
                                        values.get("star", category in STAR_CATEGORIES)))
    for key in ("looking_for", "tip", "follow_up"):
        take(key, _as_text(raw.get(key), MAX_NOTE, strict))
    requirement, error = _as_text(raw.get("requirement"), 120, False)
    take("requirement", (requirement or None, error))
    take("source", _as_source(raw.get("source"), default_source))
    if problems:
        return None, problems
    return Question(**values), []


def check_unique(questions: list[tuple[Question, Located]], taken: dict[str, str]) -> list[str]:
    """Duplicate ids (within the file or against `taken`: id -> where it is) and duplicate texts."""
    problems: list[str] = []
    seen_ids: dict[str, str] = dict(taken)
    seen_texts: dict[str, str] = {}
    for question, rec in questions:
        if question.id in seen_ids:
            problems.append(problem(rec.field_where("id"), "id",
                                    f"duplicate id {question.id!r} (already used by {seen_ids[question.id]})"))
        else:
            seen_ids[question.id] = rec.where
        key = normalize_text(question.text)
        if key in seen_texts:
            problems.append(problem(rec.field_where("text"), "text",
                                    f"same question text as {seen_texts[key]}"))
        else:
            seen_texts[key] = rec.where
    return problems


# --- YAML with line numbers -------------------------------------------------------------------

def read_yaml_records(text: str, name: str, list_key: str) -> list[Located]:
    """Parse a YAML list of mappings (or {list_key: [...]}) keeping each key's line number."""
    loader_cls = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    loader = loader_cls(text)
    try:
        root = loader.get_single_node()
        data = _to_python(root, loader) if root is not None else None
    except yaml.MarkedYAMLError as err:
        mark = err.problem_mark or err.context_mark
        where = f"{name}, line {mark.line + 1}" if mark else name
        raise QuestionFileError(problem(where, None, f"not valid YAML ({err.problem or err.context})"),
                                path=name) from None
    except yaml.YAMLError as err:
        raise QuestionFileError(f"{name}: not valid YAML ({err})", path=name) from None
    finally:
        loader.dispose()
    if root is None or data is None:
        raise QuestionFileError(f"{name}: the file is empty; expected a list of questions", path=name)

    items_node, items = root, data
    if isinstance(root, yaml.MappingNode) and isinstance(data, dict):
        for key_node, value_node in root.value:
            if key_node.value == list_key:
                items_node, items = value_node, data[list_key]
                break
        else:
            raise QuestionFileError(
                f"{name}, line {root.start_mark.line + 1}: expected a list of questions "
                f"(or a '{list_key}:' key holding one)", path=name)
    if not isinstance(items_node, yaml.SequenceNode) or not isinstance(items, list):
        raise QuestionFileError(f"{name}, line {items_node.start_mark.line + 1}: expected a list "
                                "of questions, one '- id: ...' mapping each", path=name)
    if not items:
        raise QuestionFileError(f"{name}: the list of questions is empty", path=name)

    records: list[Located] = []
    problems: list[str] = []
    for node, item in zip(items_node.value, items):
        where = f"{name}, line {node.start_mark.line + 1}"
        if not isinstance(node, yaml.MappingNode) or not isinstance(item, dict):
            problems.append(problem(where, None, "expected a mapping like 'id: ..., text: ...'"))
            continue
        lines: dict[str, int] = {}
        merged: set[str] = set()  # keys copied in by a YAML merge ("<<: *anchor") may be overridden
        for key_node, _ in node.value:
            key = str(key_node.value)
            if not node.start_mark.index <= key_node.start_mark.index < node.end_mark.index:
                merged.add(key)
            elif key in merged:
                merged.discard(key)
            elif key in lines:
                problems.append(problem(f"{name}, line {key_node.start_mark.line + 1}", key,
                                        f"appears twice in the same question (first on line {lines[key]})"))
            lines[key] = key_node.start_mark.line + 1
        item = {str(k): v for k, v in item.items()}
        records.append(Located(item, where, _yaml_field_where(name, lines, where)))
    if problems:
        raise_problems(problems, name)
    return records


_SCALARS = {
    "tag:yaml.org,2002:str": str,
    "tag:yaml.org,2002:int": int,
    "tag:yaml.org,2002:null": lambda _: None,
    "tag:yaml.org,2002:bool": lambda v: v.lower() in ("yes", "true", "on", "y"),
}


def _to_python(node, loader):
    """Nodes -> plain data. A hand-rolled walk for the common tags (3x faster than PyYAML's
    constructor, which matters for the start-up budget); anything unusual goes to PyYAML."""
    if isinstance(node, yaml.ScalarNode):
        convert = _SCALARS.get(node.tag)
        if convert is not None:
            try:
                return convert(node.value)
            except ValueError:  # e.g. 0x1F or 1_000: let PyYAML handle the exotic forms
                pass
        return loader.construct_object(node, deep=True)
    if isinstance(node, yaml.SequenceNode):
        return [_to_python(item, loader) for item in node.value]
    if any(key.tag == "tag:yaml.org,2002:merge" for key, _ in node.value):
        return loader.construct_object(node, deep=True)
    result = {}
    for key, value in node.value:
        key_data = _to_python(key, loader)
        if not isinstance(key_data, (str, int, float, bool, type(None))):
            raise QuestionFileError(f"line {key.start_mark.line + 1}: a field name must be a plain word")
        result[key_data] = _to_python(value, loader)
    return result


def _yaml_field_where(name: str, lines: dict[str, int], where: str) -> Callable[[str], str]:
    return lambda key: f"{name}, line {lines[key]}" if key in lines else where


# --- the packaged data ------------------------------------------------------------------------

def questions_from_records(records: list[Located], *, strict: bool, default_source: str,
                           taken: dict[str, str], path) -> list[Question]:
    """All-or-nothing: every record valid and unique, or QuestionFileError listing all problems."""
    problems: list[str] = []
    good: list[tuple[Question, Located]] = []
    for rec in records:
        question, errors = validate_question(rec, strict=strict, default_source=default_source)
        problems.extend(errors)
        if question is not None:
            good.append((question, rec))
    problems.extend(check_unique(good, taken))
    if problems:
        raise_problems(problems, path)
    return [q for q, _ in good]


def validate_bank_file(path: Path | None = None) -> list[Question]:
    """Parse and fully validate a bank file (the packaged one by default). No caching."""
    path = Path(path) if path else DATA_DIR / "questions.yaml"
    records = read_yaml_records(path.read_text(encoding="utf-8"), path.name, "questions")
    return questions_from_records(records, strict=True, default_source="bank", taken={}, path=path)


def _compiled_path(source: bytes) -> Path:
    """Where the validated bank is kept as JSON, keyed by the YAML and the validator's code, so
    editing either one recompiles. Lives in __pycache__ next to the data, like Python's .pyc."""
    digest = hashlib.sha256(source)
    for module in (Path(__file__), Path(__file__).with_name("model.py"),
                   Path(__file__).with_name("kinds.py"), anchors_path()):
        digest.update(module.read_bytes())
    return DATA_DIR / "__pycache__" / f"questions.{digest.hexdigest()[:20]}.json"


@functools.lru_cache(maxsize=1)
def _bank() -> tuple[Question, ...]:
    # Parsing ~90 KB of YAML costs 30-60 ms; the compiled JSON loads in a few, which keeps the
    # first load_bank() under the 50 ms budget. Any problem with the cache falls back to the YAML.
    source = (DATA_DIR / "questions.yaml").read_bytes()
    compiled = _compiled_path(source)
    try:
        return tuple(Question.from_dict(d) for d in json.loads(compiled.read_text(encoding="utf-8")))
    except (OSError, ValueError, TypeError, KeyError):
        pass
    questions = tuple(validate_bank_file())
    try:
        compiled.parent.mkdir(exist_ok=True)
        handle, tmp = tempfile.mkstemp(dir=compiled.parent, suffix=".tmp")
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            json.dump([q.to_dict() for q in questions], out)
        os.replace(tmp, compiled)
        for old in compiled.parent.glob("questions.*.json"):
            if old != compiled:
                old.unlink(missing_ok=True)
    except OSError:
        pass  # a read-only install: fine, just slower
    return questions


def load_bank() -> list[Question]:
    """The packaged second-interview questions (validated once per process, then cached)."""
    return list(_bank())


@functools.lru_cache(maxsize=1)
def bank_by_id() -> dict[str, Question]:
    return {q.id: q for q in _bank()}


@functools.lru_cache(maxsize=1)
def _candidate_questions() -> tuple[CandidateQuestion, ...]:
    path = DATA_DIR / "candidate_questions.yaml"
    records = read_yaml_records(path.read_text(encoding="utf-8"), path.name, "questions")
    problems: list[str] = []
    result: list[CandidateQuestion] = []
    seen: set[str] = set()
    for rec in records:
        raw = rec.data
        for key in ("id", "text", "purpose", "topic"):
            if not isinstance(raw.get(key), str) or not raw[key].strip():
                problems.append(problem(rec.where, key, "is missing or empty"))
        for key in raw:
            if key not in ("id", "text", "purpose", "topic", "ask_whom", "from_guide"):
                problems.append(problem(rec.field_where(key), key, "unknown field"))
        if raw.get("topic") not in TOPICS:
            problems.append(problem(rec.field_where("topic"), "topic",
                                    f"must be one of {', '.join(TOPICS)} (got {raw.get('topic')!r})"))
        if raw.get("ask_whom") is not None and raw["ask_whom"] not in ASK_WHOM:
            problems.append(problem(rec.field_where("ask_whom"), "ask_whom",
                                    f"must be one of {', '.join(ASK_WHOM)} (got {raw['ask_whom']!r})"))
        if raw.get("id") in seen:
            problems.append(problem(rec.field_where("id"), "id", f"duplicate id {raw['id']!r}"))
        seen.add(raw.get("id"))
        if not problems:
            result.append(CandidateQuestion(
                id=raw["id"], text=" ".join(raw["text"].split()), purpose=" ".join(raw["purpose"].split()),
                topic=raw["topic"], ask_whom=raw.get("ask_whom"), from_guide=bool(raw.get("from_guide"))))
    if problems:
        raise_problems(problems, path)
    return tuple(result)


def load_candidate_questions(topic: str | None = None) -> list[CandidateQuestion]:
    """Questions the candidate can ask the employer; optionally only one topic."""
    if topic is not None and topic not in TOPICS:
        raise QuestionFileError(f"unknown topic {topic!r}; topics are {', '.join(TOPICS)}")
    return [q for q in _candidate_questions() if topic is None or q.topic == topic]
