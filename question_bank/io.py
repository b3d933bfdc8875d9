"""Import and export of the user's own question sets, as CSV (for spreadsheets) or YAML.

Imports are all-or-nothing: one bad row and nothing is imported, and the error names the file,
the row (CSV, counting the header as row 1, like a spreadsheet) or line (YAML) and the field.
"""
from __future__ import annotations

import csv
import io
import os
import tempfile
from pathlib import Path
from typing import Iterable

import yaml

from .load import (
    FIELDS, REQUIRED_IN_IMPORT, Located, bank_by_id, problem, questions_from_records,
    raise_problems, read_yaml_records, suggest,
)
from .model import Question, QuestionFileError

MAX_BYTES = 2 * 1024 * 1024
CSV_EXTENSIONS = (".csv",)
YAML_EXTENSIONS = (".yaml", ".yml")
BANK = "the built-in question bank"

YAML_HEADER = """\
# Callback question set. One mapping per question; fields:
#   id (unique), text, category, competencies (list), difficulty (1-3), star (true/false),
#   expected_seconds ([min, max]), answer_kind, looking_for, tip, follow_up, requirement, source.
# Only id, text and category are required when importing. answer_kind is one of the kinds in
# Callback's docs/scoring.md ("Answer kinds and anchors"); left out, it follows the category.
"""


def _kind(path: Path, name: str) -> str:
    suffix = path.suffix.lower()
    if suffix in CSV_EXTENSIONS:
        return "csv"
    if suffix in YAML_EXTENSIONS:
        return "yaml"
    raise QuestionFileError(f"{name}: unsupported file type {suffix or '(none)'!r}; "
                            "use .csv or .yaml", path=str(path))


def _read_text(path: Path, name: str) -> str:
    """The file as text, or a clear error for missing, empty, huge, binary or non-UTF-8 files."""
    if not path.is_file():
        raise QuestionFileError(f"{name}: file not found ({path})", path=str(path))
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise QuestionFileError(f"{name}: the file is {size / 1_048_576:.1f} MB; a question file can be "
                                f"at most {MAX_BYTES // 1_048_576} MB", path=str(path))
    data = path.read_bytes()
    encoding = utf16_encoding(data)
    if encoding:  # Excel's "Unicode Text" and some Windows editors save UTF-16
        try:
            text = data.decode(encoding).lstrip("\ufeff")
        except UnicodeDecodeError:
            raise QuestionFileError(f"{name}: this UTF-16 text file is damaged or cut short; save it "
                                    "again as UTF-8 (in Excel: 'CSV UTF-8')", path=str(path)) from None
        if not text.strip():
            raise QuestionFileError(f"{name}: the file is empty; expected a list of questions", path=str(path))
        return text
    if b"\x00" in data[:8192]:
        raise QuestionFileError(f"{name}: this is a binary file, not a CSV or YAML text file "
                                "(an .xlsx saved under another name?)", path=str(path))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[:err.start].count(b"\n") + 1
        raise QuestionFileError(f"{name}, line {line}: not UTF-8 text; save the file as UTF-8 "
                                "(in Excel: 'CSV UTF-8')", path=str(path)) from None
    if not text.strip():
        raise QuestionFileError(f"{name}: the file is empty; expected a list of questions", path=str(path))
    return text


def utf16_encoding(data: bytes) -> str | None:
    """"utf-16" (with a byte-order mark), "utf-16-le" or "utf-16-be" when `data` looks like UTF-16
    text — text full of zero bytes that another check would call binary — else None."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return "utf-16"
    sample = data[:8192]
    if len(sample) < 4:
        return None
    even, odd = sample[0::2], sample[1::2]
    # Latin text in UTF-16 has a zero in every other byte and (almost) none in the others.
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _header_name(cell: str) -> str:
    return "_".join(cell.strip().lower().replace("-", " ").split())


def _csv_records(text: str, name: str) -> list[Located]:
    first_line = text.lstrip().splitlines()[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)  # Excel in many locales writes ';'
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True)  # e.g. a quote left open
    try:
        rows = list(reader)
    except csv.Error as err:
        raise QuestionFileError(f"{name}, row {reader.line_num}: not valid CSV ({err})", path=name) from None
    header_index = next((i for i, r in enumerate(rows) if any(c.strip() for c in r)), None)
    if header_index is None:
        raise QuestionFileError(f"{name}: the file has no header row; the first row must name the "
                                "columns (id, text, category, ...)", path=name)
    header = [_header_name(c) for c in rows[header_index]]
    header_where = f"{name}, row {header_index + 1}"
    body = rows[header_index + 1:]

    problems: list[str] = []
    for col, key in enumerate(header):
        if not key:
            if any(len(r) > col and r[col].strip() for r in body):
                problems.append(problem(header_where, None, f"column {col + 1} has values but no name"))
        elif key not in FIELDS:
            problems.append(problem(header_where, key, f"unknown column; known columns are "
                                    f"{', '.join(FIELDS)}" + suggest(key, FIELDS)))
        elif header.index(key) != col:
            problems.append(problem(header_where, key, "column appears twice"))
    for key in REQUIRED_IN_IMPORT:
        if key not in header:
            problems.append(problem(header_where, key, "required column is missing "
                                    f"(required: {', '.join(REQUIRED_IN_IMPORT)})"))
    if problems:
        raise_problems(problems, name)

    records: list[Located] = []
    for offset, row in enumerate(body):
        row_number = header_index + offset + 2
        if not any(cell.strip() for cell in row):
            continue  # blank spreadsheet rows are not questions
        where = f"{name}, row {row_number}"
        extra = [c for c in row[len(header):] if c.strip()]
        if extra:
            problems.append(problem(where, None, f"has {len(row)} cells but the header has {len(header)} columns"))
            continue
        data = {key: row[col] for col, key in enumerate(header) if key and col < len(row)}
        records.append(Located(data, where, lambda _field, w=where: w))
    if problems:
        raise_problems(problems, name)
    if not records:
        raise QuestionFileError(f"{name}: no questions below the header row", path=name)
    return records


def import_questions(path: str | os.PathLike, taken_ids: Iterable[str] = (),
                     display_name: str | None = None) -> list[Question]:
    """Read a user's question set (CSV or YAML, by extension).

    Ids must be new: not in the file twice, not in the built-in bank, not in `taken_ids`
    (e.g. questions the user imported before). Raises QuestionFileError and imports nothing
    if any row is wrong; `err.problems` lists every problem. `display_name` is the name errors
    give the file (an upload is read from a temporary file under a generated name).
    """
    path = Path(path)
    name = display_name or path.name
    kind = _kind(path, name)
    text = _read_text(path, name)
    if kind == "csv":
        records = _csv_records(text, name)
    else:
        records = read_yaml_records(text, name, "questions")
    taken = {qid: BANK for qid in bank_by_id()}
    taken.update({qid: "a question you imported earlier" for qid in taken_ids})
    return questions_from_records(records, strict=False, default_source="user", taken=taken, path=name)


def _csv_row(q: Question) -> dict[str, str]:
    return {
        "id": q.id, "text": q.text, "category": q.category,
        "competencies": "; ".join(q.competencies), "difficulty": str(q.difficulty),
        "star": "yes" if q.star else "no",
        "expected_seconds": f"{q.expected_seconds[0]}-{q.expected_seconds[1]}",
        "answer_kind": q.answer_kind,
        "looking_for": q.looking_for, "tip": q.tip, "follow_up": q.follow_up,
        "requirement": q.requirement or "", "source": q.source,
    }


def _yaml_item(q: Question) -> dict:
    data = q.to_dict()
    if data["requirement"] is None:
        del data["requirement"]
    return data


def export_questions(questions: Iterable[Question], path: str | os.PathLike) -> Path:
    """Write questions as CSV or YAML (by extension) so `import_questions` can read them back.
    The file is replaced atomically: a failed export never leaves half a file."""
    path = Path(path)
    kind = _kind(path, path.name)
    questions = list(questions)
    for q in questions:
        if not isinstance(q, Question):
            raise QuestionFileError(f"{path.name}: can only export Question objects (got {type(q).__name__})",
                                    path=str(path))
    if not path.parent.is_dir():
        raise QuestionFileError(f"{path.name}: the folder {path.parent} does not exist", path=str(path))
    if kind == "csv":
        buffer = io.StringIO()
        writer = csv.DictWriter(buffer, fieldnames=list(FIELDS), lineterminator="\n")
        writer.writeheader()
        writer.writerows(_csv_row(q) for q in questions)
        content = buffer.getvalue()
    else:
        dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
        content = YAML_HEADER + yaml.dump({"questions": [_yaml_item(q) for q in questions]},
                                          Dumper=dumper, sort_keys=False, allow_unicode=True, width=100)
    handle, tmp = tempfile.mkstemp(prefix=".export-", suffix=path.suffix, dir=path.parent)
    try:
        # A BOM in CSV files makes Excel read UTF-8 correctly; import strips it again.
        encoding = "utf-8-sig" if kind == "csv" else "utf-8"
        with os.fdopen(handle, "w", encoding=encoding, newline="") as out:
            out.write(content)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return path
