"""The user's own question sets: imported once (CSV or YAML), kept in the data folder, and asked in
mock interviews next to the built-in bank.

A set is kept only if it reads back: the stored file is read with the same reader (and limits)
that every page uses later. A stored set that cannot be read anyway (edited by hand, damaged, or
written by an older version) is skipped with a reason, and can still be removed.
"""
from __future__ import annotations

import os
import re
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

from coach.inputs import InputError
from storage.paths import QUESTION_SETS, data_dir, private_dir

ALLOWED_SUFFIXES = (".csv", ".yaml", ".yml")
_SET_NAME = re.compile(r"^set-(\d+)\.yaml$")


@dataclass
class QuestionSet:
    """One stored set: its file name (e.g. "set-001.yaml"), its questions, or why it cannot be read."""

    name: str
    questions: list = field(default_factory=list)
    error: str | None = None    # one line; None when the set reads back

    @property
    def readable(self) -> bool:
        return self.error is None


def _folder() -> Path:
    return private_dir(data_dir() / QUESTION_SETS)


def _set_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.glob("set-*.yaml") if _SET_NAME.match(p.name))


# Every page run reads the sets (Settings, the start of a mock interview); a large set takes
# seconds to parse, so the result is kept until a file in the folder changes.
_cache: dict[str, tuple[tuple, list[QuestionSet]]] = {}
_cache_lock = threading.Lock()


def question_sets() -> list[QuestionSet]:
    """Every stored set in import order; an unreadable one has `error` set and no questions."""
    from question_bank import import_questions

    folder = _folder()
    files = _set_files(folder)
    signature = tuple((p.name, st.st_mtime_ns, st.st_size) for p in files if (st := _stat(p)))
    with _cache_lock:
        cached = _cache.get(str(folder))
    if cached and cached[0] == signature:
        return [QuestionSet(s.name, list(s.questions), s.error) for s in cached[1]]
    sets, taken = [], []
    for path in files:
        try:
            questions = import_questions(path, taken_ids=taken)
        except (ValueError, OSError) as err:
            sets.append(QuestionSet(path.name, [], _one_line(err)))
        else:
            sets.append(QuestionSet(path.name, questions))
            taken += [q.id for q in questions]
    with _cache_lock:
        _cache[str(folder)] = (signature, sets)
    return [QuestionSet(s.name, list(s.questions), s.error) for s in sets]


def user_questions() -> list:
    """Every question the user imported, in import order; sets that cannot be read are skipped."""
    return [q for s in question_sets() for q in s.questions]


def unreadable_sets() -> list[QuestionSet]:
    return [s for s in question_sets() if not s.readable]


def import_question_set(path: str | Path, display_name: str | None = None) -> list:
    """Validate a question file (all or nothing) and keep it; returns the questions imported.

    The set is written under a temporary name and read back the way the app will read it; if it
    cannot be (e.g. too large once stored), nothing is kept and the error says what to do.
    """
    from question_bank import export_questions, import_questions
    from question_bank.io import MAX_BYTES

    name = display_name or Path(path).name
    taken = [q.id for q in user_questions()]
    questions = import_questions(path, taken_ids=taken, display_name=display_name)
    folder = _folder()
    number = 1 + max((int(m.group(1)) for p in folder.glob("set-*.yaml") if (m := _SET_NAME.match(p.name))),
                     default=0)
    final = folder / f"set-{number:03d}.yaml"
    handle, tmp = tempfile.mkstemp(prefix=".import-", suffix=".yaml", dir=folder)
    os.close(handle)
    temporary = Path(tmp)
    try:
        export_questions(questions, temporary)
        size = temporary.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"{name}: {len(questions):,} questions are too many for one set (stored, they take "
                f"{size / 1_048_576:.1f} MB; a set can be at most {MAX_BYTES // 1_048_576} MB): "
                "split the file into smaller ones")
        try:
            import_questions(temporary, taken_ids=taken, display_name=name)
        except ValueError as err:
            raise InputError(f"{name}: the questions could not be stored in a form Callback can read "
                             f"back ({_one_line(err)})") from None
        os.replace(temporary, final)
    finally:
        temporary.unlink(missing_ok=True)
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


def delete_question_set(name: str) -> bool:
    """Remove one stored set by its file name (as listed by `question_sets`); False if it is gone."""
    if not _SET_NAME.match(name or ""):
        raise InputError(f"{name!r} is not the name of a stored question set")
    path = _folder() / name
    existed = path.exists()
    path.unlink(missing_ok=True)
    return existed


def delete_question_sets() -> int:
    files = _set_files(_folder())
    for path in files:
        path.unlink()
    return len(files)


def _stat(path: Path):
    try:
        return path.stat()
    except OSError:  # removed between listing and stat
        return None


def _one_line(err: Exception) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
