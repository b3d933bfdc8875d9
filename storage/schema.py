"""Bringing a database to the current schema when it is opened, with Alembic migrations
(storage/migrations/versions/), on SQLite and PostgreSQL alike.

- A new, empty database gets the current tables (storage.models) and is stamped at HEAD.
- A database at HEAD is used as it is: one look at `alembic_version`, Alembic not even imported.
  Database() does this once per database per process.
- An older database is upgraded in one transaction, holding a lock (SQLite: BEGIN IMMEDIATE;
  PostgreSQL: an advisory lock), so two processes opening it at once upgrade it once. A SQLite
  file is first copied next to itself; a failed upgrade rolls back and leaves it as it was.
- Databases from before Alembic (schema_version 1 or 2, no alembic_version) are stamped at the
  matching revision and upgraded from there: nothing in them is lost, and they belong to the
  local user.
- A database from a newer Callback, or another program's, is refused and left untouched.
"""
from __future__ import annotations

import os
import sqlite3
from contextlib import contextmanager
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator

from sqlalchemy import (
    Column, Connection, Engine, MetaData, PrimaryKeyConstraint, String, Table, create_engine, event, func,
    inspect, select, text,
)
from sqlalchemy.pool import NullPool

from storage.engine import BUSY_TIMEOUT_MS
from storage.errors import StorageError
from storage.models import Base, SchemaVersion
from storage.paths import private_file

MIGRATIONS = Path(__file__).with_name("migrations")
HEAD = "0003"             # the newest revision in migrations/versions (tests check they agree)
CURRENT_VERSION = 3       # what the old schema_version table says for HEAD (see models.SchemaVersion)
LEGACY_REVISIONS = {1: "0001", 2: "0002"}   # schema_version of a database from before Alembic
_PG_LOCK_KEY = 0x43414C4C   # "CALL": the advisory lock held while a PostgreSQL database is upgraded

# Alembic's own bookkeeping table, written directly when a new database is stamped at HEAD, so that
# opening a new database (every first run, every test) does not pay for importing Alembic.
_alembic_version = Table("alembic_version", MetaData(),
                         Column("version_num", String(32), nullable=False),
                         PrimaryKeyConstraint("version_num", name="alembic_version_pkc"))


def ensure_schema(engine: Engine, sqlite_path: Path | None) -> str:
    """Create or upgrade the schema to HEAD; returns what was found ("empty", "revision 0003",
    "version 1", ...)."""
    with engine.connect() as conn:
        found = read_state(conn)
        conn.rollback()
    if found == ("alembic", HEAD):
        return describe(found)
    if found[0] == "alembic":
        _refuse_unknown(found[1])

    backup = None
    if found[0] != "empty" and sqlite_path is not None:
        backup = backup_sqlite(sqlite_path, _backup_label(found))
    kept = f"; a copy of the old database is at {backup}" if backup else ""
    try:
        with _locked(engine) as conn:
            found = read_state(conn)  # another process may have done it meanwhile
            if found[0] == "empty":
                Base.metadata.create_all(conn)
                _stamp(conn)
            elif found != ("alembic", HEAD):
                _upgrade(conn, found)
    except StorageError:
        raise
    except Exception as exc:  # the transaction rolled back: the old database is unchanged
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise StorageError(f"could not upgrade the database from {describe(found)} to revision {HEAD} "
                           f"({reason}); it was left as it was{kept}") from exc
    return describe(found)


def read_state(conn: Connection) -> tuple[str, object]:
    """("empty", None), ("alembic", revision) or ("legacy", schema_version); refuses a database
    that is not Callback's or is from a newer Callback."""
    tables = set(inspect(conn).get_table_names())
    if _alembic_version.name in tables:
        revisions = conn.execute(select(_alembic_version.c.version_num)).scalars().all()
        if len(revisions) != 1:
            raise StorageError(f"the database's alembic_version table holds {len(revisions)} revisions "
                               f"instead of one; it was left untouched")
        return ("alembic", revisions[0])
    if SchemaVersion.__tablename__ in tables:
        version = conn.execute(select(func.max(SchemaVersion.version))).scalar()
        if version is None:
            raise StorageError("the database has an empty schema_version table; it was left untouched")
        if int(version) not in LEGACY_REVISIONS:
            raise StorageError(f"the database was made by a newer Callback (schema version {version}); "
                               f"please update Callback")
        return ("legacy", int(version))
    if tables:
        raise StorageError("the database file belongs to another program (it has tables but no "
                           "Callback schema version); it was left untouched")
    return ("empty", None)


def describe(state: tuple[str, object]) -> str:
    kind, value = state
    return {"empty": "an empty database", "alembic": f"revision {value}", "legacy": f"version {value}"}[kind]


def alembic_config(connection: Connection | None = None):
    """Alembic's Config for Callback's migrations, running on `connection` (in its transaction)."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def known_revisions() -> set[str]:
    from alembic.script import ScriptDirectory

    return {script.revision for script in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def _refuse_unknown(revision: str) -> None:
    if revision not in known_revisions():
        raise StorageError(f"the database was made by a newer Callback (schema revision {revision}, this one "
                           f"knows up to {HEAD}); please update Callback")


def _upgrade(conn: Connection, found: tuple[str, object]) -> None:
    from alembic import command

    config = alembic_config(conn)
    if found[0] == "legacy":
        command.stamp(config, LEGACY_REVISIONS[found[1]])
    else:
        _refuse_unknown(found[1])
    command.upgrade(config, "head")


def _stamp(conn: Connection) -> None:
    _alembic_version.create(conn)
    conn.execute(_alembic_version.insert().values(version_num=HEAD))
    conn.execute(SchemaVersion.__table__.insert().values(version=CURRENT_VERSION, applied_at=datetime.now(timezone.utc)))


@contextmanager
def _locked(engine: Engine) -> Iterator[Connection]:
    """One transaction that no other process can be changing the schema in at the same time.

    SQLite: a connection of its own with foreign keys off (they cannot be switched inside a
    transaction), as SQLite's procedure for changing a table's shape asks, since copying a table
    must not cascade deletes; every foreign key is checked before committing. PostgreSQL: DDL is
    transactional and an advisory lock serialises upgrades.
    """
    if engine.dialect.name != "sqlite":
        with engine.connect() as conn:
            with conn.begin():
                if engine.dialect.name == "postgresql":
                    conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
                yield conn
        return
    private = create_engine(engine.url, poolclass=NullPool)

    @event.listens_for(private, "connect")
    def on_connect(dbapi_conn, _record):
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA foreign_keys=OFF")
        cursor.close()

    @event.listens_for(private, "begin")
    def on_begin(conn):
        conn.exec_driver_sql("BEGIN IMMEDIATE")

    try:
        with private.connect() as conn:
            with conn.begin():
                yield conn
                broken = conn.exec_driver_sql("PRAGMA foreign_key_check").all()
                if broken:
                    raise StorageError(f"the upgraded database would have {len(broken)} broken reference(s) "
                                       f"(first in table {broken[0][0]}); nothing was changed")
    finally:
        private.dispose()


def _backup_label(found: tuple[str, object]) -> str:
    return f"v{found[1]}"   # "v1" (schema version 1) or "v0003" (an Alembic revision)


def backup_sqlite(path: Path, label: str) -> Path:
    """A consistent copy of the SQLite file (WAL included) next to it, before it is upgraded:
    callback.db.<label>-backup-<time>, label "v1", "v2" (before Alembic) or "v0003" (a revision)."""
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S%f")
    backup = path.with_name(f"{path.name}.{label}-backup-{stamp}")
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
