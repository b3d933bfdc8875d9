"""Opening the database: where it is, checking it, and short ORM sessions for reads and writes.

`Database()` with no arguments is the user's database: `CALLBACK_DATABASE_URL` if set (team mode:
PostgreSQL through psycopg 3, `postgresql://user:password@host/dbname`), else
`data_dir()/callback.db` (personal mode: SQLite). Every public storage function takes an optional
`db=` and uses that default otherwise. A Database object is cheap: the Engine behind it is shared
per URL per process, and the schema is checked once per URL per process.
"""
from __future__ import annotations

import os
import random
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator, TypeVar

from sqlalchemy import exc as sa_exc
from sqlalchemy.engine import make_url
from sqlalchemy.orm import Session

from storage.engine import WRITE_OPTIONS, get_engine
from storage.errors import StorageError
from storage.paths import PRIVATE_FILE_MODE, data_dir, make_private, private_dir, tighten_once
from storage.recordings import SUBFOLDER, remove_recordings
from storage.schema import ensure_schema

DB_FILENAME = "callback.db"
WRITE_RETRIES = 8
T = TypeVar("T")

_checked: set[str] = set()       # URLs whose schema is known to be current in this process
_check_lock = threading.Lock()


def default_url(folder: Path | None = None) -> str:
    override = os.environ.get("CALLBACK_DATABASE_URL", "").strip()
    if override:
        return with_driver(override)
    return f"sqlite:///{(folder or data_dir()) / DB_FILENAME}"


def with_driver(url: str) -> str:
    """PostgreSQL URLs without a driver name use psycopg 3 (SQLAlchemy would pick psycopg2)."""
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


class Database:
    """A handle on one database plus the data folder that holds its recordings."""

    def __init__(self, url: str | None = None, folder: str | Path | None = None):
        if folder is None:
            self.folder = data_dir()
        else:
            self.folder = private_dir(folder)
            tighten_once(self.folder)
        self.url = with_driver(url) if url else default_url(self.folder)
        try:
            self.engine = get_engine(self.url)
        except (sa_exc.ArgumentError, sa_exc.NoSuchModuleError, ImportError) as exc:
            raise StorageError(f"the database URL {_hide_password(self.url)!r} cannot be used "
                               f"({str(exc).splitlines()[0]}); check CALLBACK_DATABASE_URL") from exc
        self.sqlite_path = _sqlite_file(self.url)
        self._ensure_schema()

    def __repr__(self) -> str:
        return f"Database({self.engine.url.render_as_string(hide_password=True)!r})"

    @property
    def recordings_dir(self) -> Path:
        return self.folder / SUBFOLDER

    @property
    def audio_in_database(self) -> bool:
        """Recordings live in the database (PostgreSQL: every worker on every machine reads them
        there) rather than as files in the data folder (SQLite: one computer). docs/deploy.md."""
        return self.engine.dialect.name != "sqlite"

    @property
    def where(self) -> str:
        """The database file, or the URL without its password, for messages."""
        if self.sqlite_path is not None:
            return str(self.sqlite_path)
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def read(self) -> Iterator[Session]:
        """A short session for reading (one consistent snapshot)."""
        with self._operational_errors(), Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                yield session

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A short session whose changes are committed together, or not at all on error."""
        with self._operational_errors(), Session(self.engine, expire_on_commit=False) as session:
            with session.begin():
                # Take the write lock at BEGIN, so concurrent writers wait instead of failing.
                session.connection(execution_options=WRITE_OPTIONS)
                yield session

    def discard_recordings(self, paths: list[str | None]) -> None:
        """After their rows were deleted (and committed): remove the recording files. Recordings
        kept in the database went with their rows."""
        if not self.audio_in_database:
            remove_recordings(self.folder, paths)

    def write_retrying(self, work: Callable[[Session], T], what: str) -> T:
        """Run `work(session)` in a write transaction; when it breaks a unique constraint because
        another writer got there first (two tabs, two workers, two web servers), run it again on
        the new state. Counters (attempt numbers, ...) are computed inside `work` and guarded by a
        unique constraint, never read in one transaction and written in another."""
        for attempt in range(WRITE_RETRIES):
            try:
                with self.write() as session:
                    return work(session)
            except sa_exc.IntegrityError as exc:
                if attempt == WRITE_RETRIES - 1:
                    reason = str(exc.orig or exc).strip().splitlines()[0]
                    raise StorageError(f"could not save the {what} ({reason})") from exc
                time.sleep(random.uniform(0, 0.005 * 2 ** attempt))
        raise AssertionError("unreachable")

    @contextmanager
    def _operational_errors(self) -> Iterator[None]:
        """Locked for too long, disk full, server gone: one readable line instead of a traceback."""
        try:
            yield
        except sa_exc.OperationalError as exc:
            reason = str(exc.orig or exc).strip().splitlines()[0]
            raise StorageError(f"the database {self.where} could not be used just now ({reason})") from exc

    def _ensure_schema(self) -> None:
        if self.url in _checked:
            return
        with _check_lock:
            if self.url in _checked:
                return
            if self.sqlite_path is not None and self.sqlite_path.is_dir():
                raise StorageError(f"{self.sqlite_path} is a folder, not a database file")
            if self.sqlite_path is not None:
                _private_sqlite(self.sqlite_path)
            try:
                ensure_schema(self.engine, self.sqlite_path)
            except (sa_exc.DBAPIError, sqlite3.Error) as exc:
                raise _unusable(self.where, exc) from exc
            _checked.add(self.url)


def forget(url: str) -> None:
    """Close the pooled connections of `url` and forget what this process knew about it (tests:
    a database that is dropped or replaced, or a fresh process)."""
    from storage.engine import forget_engine
    from storage.users import forget_local_user

    with _check_lock:
        _checked.discard(url)
    forget_local_user(url)
    forget_engine(url)


def _hide_password(url: str) -> str:
    try:
        return make_url(url).render_as_string(hide_password=True)
    except sa_exc.ArgumentError:
        return url.split("@")[-1]


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite" or not parsed.database or parsed.database == ":memory:":
        return None
    return Path(parsed.database)


def _private_sqlite(path: Path) -> None:
    """Create the SQLite file 0600 before SQLite does (it would make it 0644); SQLite gives its
    -wal and -shm companions the database file's mode. Existing files are tightened."""
    try:
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))
    except FileExistsError:
        pass
    except OSError:
        return  # no such folder, read-only disk...: SQLite will say so in its own words
    for companion in ("", "-wal", "-shm", "-journal"):
        candidate = path.with_name(path.name + companion)
        if candidate.is_file():
            make_private(candidate)


def _unusable(where: str, exc: Exception) -> StorageError:
    reason = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0]
    if "not a database" in reason or "malformed" in reason or "encrypted" in reason:
        return StorageError(f"{where} is not a readable Callback database ({reason}); it was left "
                            f"untouched: move it away, or set CALLBACK_DATA_DIR to use another folder")
    return StorageError(f"cannot open the database {where} ({reason})")
