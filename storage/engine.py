"""One SQLAlchemy Engine per database URL per process, with SQLite set up for safe concurrent use.

Streamlit runs each browser tab's script in its own thread, and the CLI may run at the same time
as the app, so: WAL (readers never block the writer), a busy timeout instead of instant
"database is locked" errors, foreign keys enforced, and writes that take the write lock up front
(BEGIN IMMEDIATE) so two writers queue instead of failing half-way through.
"""
from __future__ import annotations

import threading
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import Connection, Engine, create_engine, event

BUSY_TIMEOUT_MS = 15_000
_WRITE = "callback_write"  # execution option: this transaction will write

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def get_engine(url: str) -> Engine:
    """The process-wide Engine for `url` (created on first use)."""
    with _lock:
        engine = _engines.get(url)
        if engine is None:
            engine = _create(url)
            _engines[url] = engine
        return engine


def forget_engine(url: str) -> None:
    """Close the pooled connections of `url` (tests: simulate a fresh process)."""
    with _lock:
        engine = _engines.pop(url, None)
    if engine is not None:
        engine.dispose()


def _create(url: str) -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, future=True)
        _set_up_sqlite(engine)
    else:
        # A shared server restarts, and drops idle connections: check each before use.
        engine = create_engine(url, future=True, pool_pre_ping=True)
    return engine


def _set_up_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def on_connect(dbapi_conn, _record):
        # We send BEGIN ourselves (below): the sqlite3 module would otherwise run DDL outside
        # any transaction, and a schema upgrade must be all-or-nothing.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.execute("PRAGMA journal_mode=WAL")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def on_begin(conn: Connection):
        writing = conn.get_execution_options().get(_WRITE, False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if writing else "BEGIN")


@contextmanager
def write_connection(engine: Engine) -> Iterator[Connection]:
    """A connection inside one write transaction: committed on success, rolled back on error."""
    with engine.connect() as conn:
        conn = conn.execution_options(**{_WRITE: True})
        with conn.begin():
            yield conn


WRITE_OPTIONS = {_WRITE: True}
