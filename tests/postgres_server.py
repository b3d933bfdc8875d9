"""A real PostgreSQL server for the tests, from Debian's `postgresql` package, in a folder of its own.

Why not pytest-postgresql: it runs initdb and pg_ctl as the current user, and PostgreSQL refuses
to run as root, which is how CI and the development machines run the tests (its issues #341 and
#455: there is no option to run the server as another user). So, as root, the server runs as the
unprivileged `postgres` system user that the Debian package creates (through `runuser`), in a
temporary folder that user owns; as anyone else, as that user. It listens on a Unix socket in that
folder only (no TCP port to collide with other test runs), with trust authentication.

A server whose test run died without stopping it is stopped by the next run (the folder records
the pid of the process that started it). `make test` and `.ci/run` install the package; when it is
missing the tests fail with the command to install it — they never skip.
"""
from __future__ import annotations

import glob
import os
import pwd
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

PREFIX = "callback-pg-"
SERVICE_USER = "postgres"
INSTALL_HINT = "install PostgreSQL: `make test` does it, or run  sudo apt-get install -y postgresql"


class PostgresError(RuntimeError):
    pass


def find_bindir() -> Path:
    """Debian keeps the server programs in /usr/lib/postgresql/<version>/bin (newest first)."""
    candidates = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                        key=lambda p: int(Path(p).parts[-3]) if Path(p).parts[-3].isdigit() else 0, reverse=True)
    if candidates:
        return Path(candidates[0]).parent
    found = shutil.which("pg_ctl")
    if found:
        return Path(found).parent
    raise PostgresError(f"PostgreSQL's server programs (pg_ctl) are not installed; {INSTALL_HINT}")


class PostgresServer:
    """One server: `create_database()` gives a fresh database URL (psycopg 3) for one test."""

    def __init__(self, base: Path, bindir: Path, run_as: str | None):
        self.base = base
        self.data = base / "data"
        self.bindir = bindir
        self.run_as = run_as
        self.log = base / "server.log"
        self._counter = 0

    # --- life cycle ---------------------------------------------------------------------------

    @classmethod
    def start(cls) -> "PostgresServer":
        stop_abandoned_servers()
        bindir = find_bindir()
        run_as = None
        if os.geteuid() == 0:
            try:
                pwd.getpwnam(SERVICE_USER)
            except KeyError:
                raise PostgresError(f"tests run as root, and PostgreSQL only runs as an unprivileged user; "
                                    f"the '{SERVICE_USER}' system user is missing: {INSTALL_HINT}") from None
            run_as = SERVICE_USER
        base = Path(tempfile.mkdtemp(prefix=PREFIX))
        (base / "owner.pid").write_text(str(os.getpid()))
        if run_as:
            entry = pwd.getpwnam(run_as)
            os.chown(base, entry.pw_uid, entry.pw_gid)
        base.chmod(0o755)  # the socket is reached through this folder
        server = cls(base, bindir, run_as)
        try:
            server._run("initdb", "-D", str(server.data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
                        "--locale=C", "--no-sync", "--no-instructions")
            options = (f"-k {base} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
                       f"-c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB")
            server._run("pg_ctl", "start", "-D", str(server.data), "-l", str(server.log), "-w", "-t", "60",
                        "-o", options)
        except BaseException:
            server.stop()
            raise
        return server

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            try:
                self._run("pg_ctl", "stop", "-D", str(self.data), "-m", "immediate", "-w", "-t", "30")
            except PostgresError:
                pass
        shutil.rmtree(self.base, ignore_errors=True)

    # --- databases ----------------------------------------------------------------------------

    def url(self, dbname: str) -> str:
        return f"postgresql+psycopg://postgres@/{dbname}?host={self.base}"

    def create_database(self, template: str | None = None) -> str:
        """A new, empty database (or a copy of `template`); returns its URL."""
        self._counter += 1
        name = f"test_{os.getpid()}_{self._counter}"
        self.execute(f'CREATE DATABASE "{name}"' + (f' TEMPLATE "{template}"' if template else ""))
        return self.url(name)

    def drop_database(self, url: str) -> None:
        name = url.split("/")[-1].split("?")[0]
        self.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def execute(self, sql: str, dbname: str = "postgres") -> None:
        import psycopg

        with psycopg.connect(host=str(self.base), user="postgres", dbname=dbname, autocommit=True) as conn:
            conn.execute(sql)

    # --- helpers ------------------------------------------------------------------------------

    def _run(self, program: str, *args: str) -> None:
        command = [str(self.bindir / program), *args]
        if self.run_as:
            command = [_runuser(), "-u", self.run_as, "--", *command]
        result = subprocess.run(command, cwd=self.base, capture_output=True, text=True)
        if result.returncode != 0:
            log = self.log.read_text(errors="replace")[-2000:] if self.log.exists() else ""
            raise PostgresError(f"{program} failed ({result.returncode}): {result.stderr.strip()} {log}".strip())


def stop_abandoned_servers() -> None:
    """Stop servers left by test runs that were killed before they could stop them."""
    for base in Path(tempfile.gettempdir()).glob(f"{PREFIX}*"):
        try:
            owner = int((base / "owner.pid").read_text())
        except (OSError, ValueError):
            if time.time() - base.stat().st_mtime > 3600:
                shutil.rmtree(base, ignore_errors=True)
            continue
        if _alive(owner):
            continue
        try:
            bindir = find_bindir()
        except PostgresError:
            return
        run_as = SERVICE_USER if os.geteuid() == 0 else None
        PostgresServer(base, bindir, run_as).stop()


def _runuser() -> str:
    """util-linux's runuser (in /usr/sbin, which a root PATH may lack)."""
    for candidate in (shutil.which("runuser"), "/usr/sbin/runuser", "/sbin/runuser"):
        if candidate and os.access(candidate, os.X_OK):
            return candidate
    raise PostgresError("runuser (util-linux) is missing: it starts PostgreSQL as an unprivileged user")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
