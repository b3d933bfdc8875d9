"""Taking everything out (one ZIP) and deleting everything (an empty, working database remains)."""
from __future__ import annotations

import csv
import io
import json
import os
import sqlite3
import zipfile
from datetime import datetime, timezone
from pathlib import Path

from sqlalchemy import delete, select

from storage.answers import list_answers
from storage.db import Database
from storage.errors import StorageError
from storage.models import Answer, AnswerFigure, PracticeSession, PrepItem, Target
from storage.paths import QUESTION_SETS, private_file
from storage.recordings import SUBFOLDER, recording_file
from storage.schema import CURRENT_VERSION
from storage.sessions import list_sessions
from storage.targets import list_targets

CSV_LEADING = ["date", "target", "session_id", "question_id", "question", "category", "status", "overall"]
CSV_TRAILING = ["wpm", "fillers_per_min", "recording"]


def export_all(dest_path: str | Path, *, db: Database | None = None) -> Path:
    """Write a ZIP of everything; returns its path.

    Contents: manifest.json, targets.json, sessions.json, answers.json, prep.json (all records as
    to_dict()), answers.csv (one flat row per answer, safe to open in a spreadsheet), the audio
    under recordings/ and the imported question sets under questions/. When dest_path is an
    existing folder, a dated file name is chosen inside it. The ZIP is private to the user (0600).
    """
    db = db or Database()
    stamp = datetime.now(timezone.utc)
    dest = Path(dest_path).expanduser()
    if dest.is_dir():
        dest = dest / f"callback-export-{stamp.strftime('%Y%m%d-%H%M%S')}.zip"
    if not dest.parent.is_dir():
        raise StorageError(f"cannot export to {dest}: the folder {dest.parent} does not exist")

    targets = list_targets(db=db)
    sessions = list(reversed(list_sessions(db=db)))
    answers = list(reversed(list_answers(db=db)))
    with db.read() as session:
        prep = [{"target_id": t, "kind": k, "key": key, "data": data, "updated_at": u.isoformat()}
                for t, k, key, data, u in session.execute(
                    select(PrepItem.target_id, PrepItem.kind, PrepItem.key, PrepItem.data, PrepItem.updated_at)
                    .order_by(PrepItem.target_id, PrepItem.kind, PrepItem.id))]

    missing = []
    question_sets = sorted((db.folder / QUESTION_SETS).glob("set-*.yaml"))
    temporary = dest.with_name(f".{dest.name}.part")
    try:
        with os.fdopen(private_file(temporary), "wb") as handle, \
                zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for answer in answers:
                if not answer.audio_path:
                    continue
                path = recording_file(db.folder, answer.audio_path)
                if path.is_file():
                    # Audio is compressed already: store it as is.
                    archive.write(path, f"{SUBFOLDER}/{path.name}", compress_type=zipfile.ZIP_STORED)
                else:
                    missing.append(answer.audio_path)
            for path in question_sets:
                archive.write(path, f"{QUESTION_SETS}/{path.name}")
            _write_json(archive, "targets.json", [t.to_dict() for t in targets])
            _write_json(archive, "sessions.json", [s.to_dict() for s in sessions])
            _write_json(archive, "answers.json", [a.to_dict() for a in answers])
            _write_json(archive, "prep.json", prep)
            archive.writestr("answers.csv", _answers_csv(answers, {t.id: t.label for t in targets}))
            _write_json(archive, "manifest.json", {
                "app": "callback", "schema_version": CURRENT_VERSION, "exported_at": stamp.isoformat(),
                "counts": {"targets": len(targets), "sessions": len(sessions), "answers": len(answers),
                           "prep_items": len(prep), "question_sets": len(question_sets)},
                "missing_recordings": missing,
            })
        os.replace(temporary, dest)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise StorageError(f"could not write the export to {dest} ({exc.strerror or exc})") from exc
    return dest


def delete_everything(*, db: Database | None = None) -> None:
    """Delete all targets, sessions, answers, preparation items, recordings and upgrade backups.

    The database stays, empty and ready to use. On SQLite the file is also compacted, so the
    deleted data does not linger in its free pages.
    """
    db = db or Database()
    with db.write() as session:
        for table in (AnswerFigure, Answer, PracticeSession, PrepItem, Target):
            session.execute(delete(table))
    if db.recordings_dir.is_dir():
        for path in db.recordings_dir.iterdir():
            if path.is_file():
                path.unlink(missing_ok=True)
    if db.sqlite_path is not None:
        for backup in db.sqlite_path.parent.glob(f"{db.sqlite_path.name}.v*-backup-*"):
            backup.unlink(missing_ok=True)
        _compact(db)


def _compact(db: Database) -> None:
    """Rewrite the SQLite file so deleted rows are gone from it, not just unlisted."""
    raw = db.engine.raw_connection()  # VACUUM cannot run inside a transaction
    try:
        cursor = raw.cursor()
        cursor.execute("VACUUM")
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        cursor.close()
    except sqlite3.Error:
        # Another tab is busy with the database. The data is deleted already; the free pages
        # will be reused by later writes, so this is not worth failing the deletion for.
        pass
    finally:
        raw.close()


def _write_json(archive: zipfile.ZipFile, name: str, data) -> None:
    archive.writestr(name, json.dumps(data, ensure_ascii=False, indent=1))


def _answers_csv(answers, target_labels: dict[int, str]) -> str:
    dimensions = sorted({name for a in answers if a.score for name in (a.score.get("dimensions") or {})})
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([csv_safe(c) for c in CSV_LEADING + dimensions + CSV_TRAILING])
    for a in answers:
        score = a.score or {}
        dims = score.get("dimensions") or {}
        metrics = score.get("metrics") or {}
        row = ([a.created_at.strftime("%Y-%m-%d %H:%M:%S") if a.created_at else "",
                target_labels.get(a.target_id, ""), a.session_id, a.question_id,
                a.question.get("text", ""), a.category or "", a.status, _cell(a.overall)]
               + [_cell((dims.get(name) or {}).get("score") if isinstance(dims.get(name), dict) else None)
                  for name in dimensions]
               + [_cell(metrics.get("wpm")), _cell(metrics.get("fillers_per_min")), a.audio_path or ""])
        writer.writerow([csv_safe(cell) for cell in row])
    return out.getvalue()


# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...) can leak
# data, @SUM(...), +cmd|...); tab and carriage return hide such a start from a quick look.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def csv_safe(value) -> str:
    """One CSV cell that a spreadsheet shows as text: a leading apostrophe neutralises a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.1f}"
    return str(value)
