"""Taking a user's data out (one ZIP), deleting it (their own "delete everything"), and an admin
deleting a user completely. Each covers exactly one user's data, recordings included."""
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

from storage.answers import audio_of, list_answers
from storage.checks import owner_id, record_id
from storage.db import Database
from storage.errors import NotFoundError, StorageError
from storage.models import (
    Answer, CohortMember, Comment, PendingMember, PendingRole, PracticeSession, PrepItem, Target, User,
)
from storage.paths import QUESTION_SETS, private_file
from storage.records import UserRecord
from storage.recordings import SUBFOLDER
from storage.schema import CURRENT_VERSION, HEAD
from storage.sessions import list_sessions
from storage.targets import delete_answers, list_targets
from storage.users import forget_local_user, require_admin

CSV_LEADING = ["date", "target", "session_id", "question_id", "question", "category", "status", "overall"]
CSV_TRAILING = ["wpm", "fillers_per_min", "recording"]


def export_all(dest_path: str | Path, *, owner: UserRecord, db: Database | None = None) -> Path:
    """Write a ZIP of everything the owner has; returns its path.

    Contents: manifest.json, targets.json, sessions.json, answers.json, prep.json, comments.json
    (all records as to_dict()), answers.csv (one flat row per answer, safe to open in a
    spreadsheet), the audio under recordings/ and, in personal mode, the imported question sets
    under questions/ (the data folder is the user's; in team mode it is the web server's, shared).
    When dest_path is an existing folder, a dated file name is chosen inside it. The ZIP is
    private to the user (0600).
    """
    user = owner_id(owner)
    db = db or Database()
    stamp = datetime.now(timezone.utc)
    dest = Path(dest_path).expanduser()
    if dest.is_dir():
        dest = dest / f"callback-export-{stamp.strftime('%Y%m%d-%H%M%S')}.zip"
    if not dest.parent.is_dir():
        raise StorageError(f"cannot export to {dest}: the folder {dest.parent} does not exist")

    targets = list_targets(owner=owner, db=db)
    sessions = list(reversed(list_sessions(owner=owner, db=db)))
    answers = list(reversed(list_answers(owner=owner, db=db)))
    with db.read() as session:
        prep = [{"target_id": t, "kind": k, "key": key, "data": data, "updated_at": u.isoformat()}
                for t, k, key, data, u in session.execute(
                    select(PrepItem.target_id, PrepItem.kind, PrepItem.key, PrepItem.data, PrepItem.updated_at)
                    .join(Target, PrepItem.target_id == Target.id).where(Target.owner_id == user)
                    .order_by(PrepItem.target_id, PrepItem.kind, PrepItem.id))]
        owned = select(Answer.id).join(PracticeSession, Answer.session_id == PracticeSession.id).where(
            PracticeSession.owner_id == user)
        comments = [{"id": c_id, "answer_id": a_id, "author": name or email or f"user {author}",
                     "mine": author == user, "text": body, "created_at": when.isoformat()}
                    for c_id, a_id, author, name, email, body, when in session.execute(
                        select(Comment.id, Comment.answer_id, Comment.author_id, User.name, User.email,
                               Comment.text, Comment.created_at)
                        .join(User, Comment.author_id == User.id)
                        .where((Comment.answer_id.in_(owned)) | (Comment.author_id == user))
                        .order_by(Comment.id))]

    missing = []
    question_sets = sorted((db.folder / QUESTION_SETS).glob("set-*.yaml")) if db.sqlite_path is not None else []
    temporary = dest.with_name(f".{dest.name}.part")
    try:
        with os.fdopen(private_file(temporary), "wb") as handle, \
                zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
            for answer in answers:
                if not answer.audio_path:
                    continue
                try:
                    audio = audio_of(db, answer)
                except StorageError:
                    missing.append(answer.audio_path)
                    continue
                # Audio is compressed already: store it as is.
                archive.writestr(f"{SUBFOLDER}/{Path(answer.audio_path).name}", audio,
                                 compress_type=zipfile.ZIP_STORED)
            for path in question_sets:
                archive.write(path, f"{QUESTION_SETS}/{path.name}")
            _write_json(archive, "targets.json", [t.to_dict() for t in targets])
            _write_json(archive, "sessions.json", [s.to_dict() for s in sessions])
            _write_json(archive, "answers.json", [a.to_dict() for a in answers])
            _write_json(archive, "prep.json", prep)
            _write_json(archive, "comments.json", comments)
            archive.writestr("answers.csv", _answers_csv(answers, {t.id: t.label for t in targets}))
            _write_json(archive, "manifest.json", {
                "app": "callback", "schema_version": CURRENT_VERSION, "schema_revision": HEAD,
                "exported_at": stamp.isoformat(), "user": owner.to_dict(),
                "counts": {"targets": len(targets), "sessions": len(sessions), "answers": len(answers),
                           "prep_items": len(prep), "comments": len(comments),
                           "question_sets": len(question_sets)},
                "missing_recordings": missing,
            })
        os.replace(temporary, dest)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise StorageError(f"could not write the export to {dest} ({exc.strerror or exc})") from exc
    return dest


def delete_everything(*, owner: UserRecord, db: Database | None = None) -> None:
    """Delete all of the owner's targets, sessions, answers, preparation items, comments and
    recordings. The account stays, empty and ready to use.

    Personal mode (SQLite, nobody else's data in it): stray recording files and the copies kept
    before schema upgrades go too, and the file is compacted, so the deleted data does not linger
    in its free pages.
    """
    user = owner_id(owner)
    db = db or Database()
    with db.write() as session:
        audio = _erase_data(session, user)
        alone = not any(session.execute(select(model.id).where(model.owner_id != user).limit(1)).first()
                        for model in (Target, PracticeSession))
    db.discard_recordings(audio)
    if db.sqlite_path is not None and alone:
        _erase_personal_leftovers(db)


def delete_user_data(user_id: int, *, admin: UserRecord, db: Database | None = None) -> None:
    """An admin deletes a user completely: their data (recordings included), their comments,
    cohort places and pending grants, and the account itself. Signing in again starts afresh."""
    db = db or Database()
    with db.write() as session:
        require_admin(session, admin)
        row = session.get(User, record_id(user_id, "user"))
        if row is None:
            raise NotFoundError(f"there is no user with id {user_id}")
        audio = _erase_data(session, row.id)
        session.execute(delete(CohortMember).where(CohortMember.user_id == row.id))
        if row.email:
            session.execute(delete(PendingRole).where(PendingRole.email == row.email))
            session.execute(delete(PendingMember).where(PendingMember.email == row.email))
        session.execute(delete(User).where(User.id == row.id))
    db.discard_recordings(audio)
    forget_local_user(db.url)
    if db.sqlite_path is not None:
        _compact(db)


def _erase_data(session, user: int) -> list[str | None]:
    """Delete everything `user` owns or wrote; returns the recording files to remove after commit."""
    sessions = select(PracticeSession.id).where(PracticeSession.owner_id == user)
    audio = delete_answers(session, select(Answer.id).where(Answer.session_id.in_(sessions)))
    session.execute(delete(Comment).where(Comment.author_id == user))
    session.execute(delete(PracticeSession).where(PracticeSession.owner_id == user))
    targets = select(Target.id).where(Target.owner_id == user)
    session.execute(delete(PrepItem).where(PrepItem.target_id.in_(targets)))
    session.execute(delete(Target).where(Target.owner_id == user))
    return audio


def _erase_personal_leftovers(db: Database) -> None:
    if db.recordings_dir.is_dir():
        for path in db.recordings_dir.iterdir():
            if path.is_file():
                path.unlink(missing_ok=True)
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
