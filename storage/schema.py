"""Schema versions and the upgrade path between them.

Version 1 (frozen below, never edit it): targets, practice sessions, answers, schema_version.
Version 2 (models.py): adds `prep_items` (preparation tools) and `answer_figures` (the chart
figures of each scored answer in a narrow table), the latter filled in from the stored scores.

Opening a database: an empty one gets the current schema; an older one is first copied next to
itself (SQLite), then upgraded step by step in one transaction, so a failed upgrade leaves it as
it was. A database from a newer Callback, or another program's database, is refused.
"""
from __future__ import annotations

import os
import sqlite3
from datetime import datetime, timezone
from pathlib import Path
from typing import Callable

from sqlalchemy import (
    Column, Connection, Engine, Float, ForeignKey, Index, Integer, MetaData, String, Table, Text,
    UniqueConstraint, func, inspect, select,
)

from storage.engine import write_connection
from storage.errors import StorageError
from storage.paths import private_file
from storage.models import Base, Json, SchemaVersion, UTCDateTime, answer_figures

CURRENT_VERSION = 2


def v1_metadata() -> MetaData:
    """The version-1 schema exactly as it shipped. A frozen snapshot: do not edit."""
    md = MetaData()
    Table("schema_version", md,
          Column("version", Integer, primary_key=True, autoincrement=False),
          Column("applied_at", UTCDateTime, nullable=False))
    Table("targets", md,
          Column("id", Integer, primary_key=True),
          Column("company", String(200), nullable=False),
          Column("role", String(200), nullable=False),
          Column("posting_text", Text, nullable=False),
          Column("rubric", Json, nullable=True),
          Column("interviewers", Json, nullable=True),
          Column("notes", Text, nullable=False),
          Column("created_at", UTCDateTime, nullable=False),
          Column("updated_at", UTCDateTime, nullable=False))
    Table("practice_sessions", md,
          Column("id", Integer, primary_key=True),
          Column("target_id", Integer, ForeignKey("targets.id", ondelete="CASCADE"), nullable=True, index=True),
          Column("mode", String(40), nullable=False),
          Column("question_ids", Json, nullable=True),
          Column("started_at", UTCDateTime, nullable=False, index=True),
          Column("finished_at", UTCDateTime, nullable=True))
    Table("answers", md,
          Column("id", Integer, primary_key=True),
          Column("session_id", Integer, ForeignKey("practice_sessions.id", ondelete="CASCADE"), nullable=False),
          Column("question_id", String(200), nullable=False),
          Column("category", String(60), nullable=True, index=True),
          Column("question", Json, nullable=False),
          Column("attempt", Integer, nullable=False),
          Column("audio_path", String(300), nullable=True),
          Column("audio_format", String(10), nullable=True),
          Column("typed_text", Text, nullable=True),
          Column("transcript", Json, nullable=True),
          Column("score", Json, nullable=True),
          Column("overall", Integer, nullable=True),
          Column("status", String(20), nullable=False, index=True),
          Column("error", Text, nullable=True),
          Column("created_at", UTCDateTime, nullable=False, index=True),
          Column("updated_at", UTCDateTime, nullable=False),
          UniqueConstraint("session_id", "question_id", "attempt", name="uq_answer_attempt"),
          Index("ix_answers_question", "question_id"))
    return md


def upgrade_1_to_2(conn: Connection) -> None:
    """Add prep_items and answer_figures, and fill answer_figures from the scored answers."""
    md = v1_metadata()  # the v1 tables to refer to, plus the v2 additions frozen here
    Table("prep_items", md,
          Column("id", Integer, primary_key=True),
          Column("target_id", Integer, ForeignKey("targets.id", ondelete="CASCADE"), nullable=False),
          Column("kind", String(60), nullable=False),
          Column("key", String(200), nullable=False),
          Column("data", Json, nullable=True),
          Column("updated_at", UTCDateTime, nullable=False),
          UniqueConstraint("target_id", "kind", "key", name="uq_prep_item"))
    figures = Table("answer_figures", md,
                    Column("answer_id", Integer, ForeignKey("answers.id", ondelete="CASCADE"),
                           primary_key=True, autoincrement=False),
                    Column("session_id", Integer, ForeignKey("practice_sessions.id", ondelete="CASCADE"),
                           nullable=False, index=True),
                    Column("question_id", String(200), nullable=False),
                    Column("category", String(60), nullable=True),
                    Column("answered_at", UTCDateTime, nullable=False),
                    Column("overall", Integer, nullable=False),
                    Column("wpm", Float, nullable=True),
                    Column("fillers_per_min", Float, nullable=True),
                    Column("figures", Json, nullable=False))
    md.tables["prep_items"].create(conn)
    figures.create(conn)

    answers = md.tables["answers"]
    scored = conn.execute(select(answers.c.id, answers.c.session_id, answers.c.question_id, answers.c.category,
                                 answers.c.created_at, answers.c.overall, answers.c.score, answers.c.question)
                          .where(answers.c.status == "scored", answers.c.overall.is_not(None))).all()
    rows = [{"answer_id": a_id, "session_id": s_id, "question_id": q_id, "category": category,
             "answered_at": created, "overall": overall, **answer_figures(score, question)}
            for a_id, s_id, q_id, category, created, overall, score, question in scored]
    if rows:
        conn.execute(figures.insert(), rows)


# from_version -> step that brings the database to from_version + 1
UPGRADES: dict[int, Callable[[Connection], None]] = {1: upgrade_1_to_2}


def ensure_schema(engine: Engine, sqlite_path: Path | None,
                  upgrades: dict[int, Callable[[Connection], None]] = UPGRADES) -> int:
    """Create or upgrade the schema so it is CURRENT_VERSION; returns the version found before."""
    with write_connection(engine) as conn:
        found = read_version(conn)
        if found is None:
            Base.metadata.create_all(conn)
            _record_version(conn, CURRENT_VERSION)
            return 0
        _refuse_newer(found)
        if found == CURRENT_VERSION:
            return found

    backup = backup_sqlite(sqlite_path, found) if sqlite_path is not None else None
    kept = f"; a copy of the old database is at {backup}" if backup else ""
    try:
        with write_connection(engine) as conn:
            version = read_version(conn)  # another process may have upgraded meanwhile
            _refuse_newer(version)
            while version < CURRENT_VERSION:
                step = upgrades.get(version)
                if step is None:
                    raise StorageError(f"no upgrade from database version {version}{kept}")
                step(conn)
                version += 1
                _record_version(conn, version)
    except StorageError:
        raise
    except Exception as exc:  # the transaction rolled back: the old database is unchanged
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StorageError(f"could not upgrade the database from version {found} to {CURRENT_VERSION} "
                           f"({reason}); it was left as it was{kept}") from exc
    return found


def read_version(conn: Connection) -> int | None:
    """The schema version, or None for an empty database; refuses other programs' databases."""
    tables = set(inspect(conn).get_table_names())
    if SchemaVersion.__tablename__ not in tables:
        if tables:
            raise StorageError("the database file belongs to another program (it has tables but no "
                               "Callback schema version); it was left untouched")
        return None
    version = conn.execute(select(func.max(SchemaVersion.version))).scalar()
    if version is None:
        raise StorageError("the database has an empty schema_version table; it was left untouched")
    return int(version)


def _refuse_newer(version: int) -> None:
    if version > CURRENT_VERSION:
        raise StorageError(f"the database was made by a newer Callback (schema version {version}, "
                           f"this one knows up to {CURRENT_VERSION}); please update Callback")


def _record_version(conn: Connection, version: int) -> None:
    conn.execute(SchemaVersion.__table__.insert().values(version=version, applied_at=datetime.now(timezone.utc)))


def backup_sqlite(path: Path, version: int) -> Path:
    """A consistent copy of the SQLite file (WAL included) next to it, before it is upgraded."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    backup = path.with_name(f"{path.name}.v{version}-backup-{stamp}")
    try:
        os.close(private_file(backup, exclusive=True))  # a copy of private data: 0600 like the original
        source = sqlite3.connect(path)
        try:
            target = sqlite3.connect(backup)
            try:
                source.backup(target)
            finally:
                target.close()
        finally:
            source.close()
    except (sqlite3.Error, OSError) as exc:
        backup.unlink(missing_ok=True)
        raise StorageError(f"could not copy the database before upgrading it ({exc}); nothing was changed") from exc
    return backup
