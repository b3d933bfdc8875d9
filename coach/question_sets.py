"""The user's own question sets: imported once (CSV or YAML), kept in the data folder, and asked in
mock interviews next to the built-in bank."""
from __future__ import annotations

import re
import tempfile
from pathlib import Path

from coach.inputs import InputError
from storage.paths import QUESTION_SETS, data_dir, private_dir

ALLOWED_SUFFIXES = (".csv", ".yaml", ".yml")


def _folder() -> Path:
    return private_dir(data_dir() / QUESTION_SETS)


def user_questions() -> list:
    """Every question the user imported, in import order."""
    from question_bank import import_questions

    questions = []
    for path in sorted(_folder().glob("set-*.yaml")):
        questions += import_questions(path, taken_ids=[q.id for q in questions])
    return questions


def import_question_set(path: str | Path, display_name: str | None = None) -> list:
    """Validate a question file (all or nothing) and keep it; returns the questions imported."""
    from question_bank import export_questions, import_questions

    questions = import_questions(path, taken_ids=[q.id for q in user_questions()], display_name=display_name)
    existing = sorted(_folder().glob("set-*.yaml"))
    number = 1 + max((int(m.group(1)) for p in existing if (m := re.match(r"set-(\d+)", p.stem))), default=0)
    export_questions(questions, _folder() / f"set-{number:03d}.yaml")
    return questions


def import_uploaded_question_set(data: bytes, uploaded_name: str) -> list:
    """An upload: the bytes go to a file under a generated name; the user's file name is only
    used to pick the format and to name the file in error messages."""
    suffix = Path(uploaded_name).suffix.lower()
    if suffix not in ALLOWED_SUFFIXES:
        raise InputError(f"{uploaded_name}: upload a .csv or .yaml question file")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"upload{suffix}"
        path.write_bytes(data)
        return import_question_set(path, display_name=uploaded_name)


def export_question_set(path: str | Path, category: str | None = None, include_bank: bool = True) -> int:
    """Write the bank and the user's questions (optionally one category) as CSV or YAML."""
    from question_bank import export_questions, load_bank

    questions = (list(load_bank()) if include_bank else []) + user_questions()
    if category:
        questions = [q for q in questions if q.category == category]
    export_questions(questions, Path(path))
    return len(questions)


def delete_question_sets() -> int:
    files = list(_folder().glob("set-*.yaml"))
    for path in files:
        path.unlink()
    return len(files)
