"""The servers of a team deployment on one machine, as child processes: `make team`, the team-mode
tests and `make bench` start them through these classes.

- PostgreSQL: a cluster of its own in a folder (Debian's `postgresql`: initdb + pg_ctl). PostgreSQL
  refuses to run as root, so as root the folder belongs to the `postgres` user and the commands run
  as that user.
- Redis: `redis-server` (Debian's `redis-server`) on the loopback address, its files in a folder.
- The OpenID Connect provider: deploy/oidc/provider.mjs (panva's `oidc-provider` from npm, locked by
  deploy/oidc/package-lock.json; `npm ci` installs it).
- Workers: `callback worker`, each in its own process group (so a test can SIGKILL all of it).
- The web server: `streamlit run streamlit_app.py` in team mode, with its own secrets file.

Each class has start() (returns when the server answers), stop() (a normal stop) and, where a test
needs it, kill() (SIGKILL, as on a power cut).
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

REPO = Path(__file__).resolve().parents[1]
OIDC_DIR = REPO / "deploy" / "oidc"
PG_BIN = Path("/usr/lib/postgresql")
START_TIMEOUT_S = 90.0


class ServerError(RuntimeError):
    """A server could not be started; the message says which and why (with its log's tail)."""


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait(ready: Callable[[], bool], what: str, process: subprocess.Popen | None, log: Path | None,
          timeout_s: float = START_TIMEOUT_S) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise ServerError(f"{what} exited with code {process.returncode}:\n{_tail(log)}")
        try:
            if ready():
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise ServerError(f"{what} was not ready after {timeout_s:.0f} s:\n{_tail(log)}")


def _tail(log: Path | None, chars: int = 4000) -> str:
    try:
        return log.read_text(errors="replace")[-chars:] if log else ""
    except OSError:
        return ""


def _stop(process: subprocess.Popen | None, sig: int = signal.SIGTERM, timeout_s: float = 30.0,
          group: bool = False) -> None:
    if process is None or process.poll() is not None:
        return
    try:
        if group:
            os.killpg(process.pid, sig)
        else:
            process.send_signal(sig)
        process.wait(timeout=timeout_s)
    except subprocess.TimeoutExpired:
        if group:
            os.killpg(process.pid, signal.SIGKILL)
        else:
            process.kill()
        process.wait(timeout=10)
    except ProcessLookupError:
        pass


def _spawn(cmd: list[str], log: Path, env: dict | None = None, cwd: Path | None = None,
           new_group: bool = False) -> subprocess.Popen:
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        return subprocess.Popen(cmd, cwd=cwd or REPO, env=env, stdout=out, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, start_new_session=new_group)


def missing_programs(*names: str) -> list[str]:
    return [n for n in names if shutil.which(n) is None]


# --- Redis ------------------------------------------------------------------------------------

@dataclass
class RedisServer:
    """`redis-server` on 127.0.0.1. `persistent`: an append-only file, so a restart keeps the queue."""

    folder: Path
    port: int = field(default_factory=free_port)
    persistent: bool = True
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    @property
    def log_path(self) -> Path:
        return self.folder / "redis.log"

    def start(self) -> "RedisServer":
        if missing_programs("redis-server"):
            raise ServerError("redis-server is not installed: apt-get install redis-server")
        self.folder.mkdir(parents=True, exist_ok=True)
        self.process = _spawn(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1", "--dir", str(self.folder),
             "--save", "", "--appendonly", "yes" if self.persistent else "no", "--daemonize", "no"],
            self.log_path)
        _wait(self._ping, "redis-server", self.process, self.log_path)
        return self

    def _ping(self) -> bool:
        with socket.create_connection(("127.0.0.1", self.port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")

    def stop(self) -> None:
        _stop(self.process)

    def kill(self) -> None:
        _stop(self.process, signal.SIGKILL)


# --- PostgreSQL -------------------------------------------------------------------------------

def _runuser() -> str:
    """util-linux's runuser (in /usr/sbin, which a non-login root shell may not have on its PATH)."""
    return shutil.which("runuser") or "/usr/sbin/runuser"


def pg_bin() -> Path:
    """The newest Debian PostgreSQL's programs (initdb, pg_ctl)."""
    versions = sorted((p for p in PG_BIN.glob("*/bin") if (p / "initdb").exists()),
                      key=lambda p: int(p.parent.name) if p.parent.name.isdigit() else 0)
    if not versions:
        raise ServerError("PostgreSQL is not installed: apt-get install postgresql")
    return versions[-1]


@dataclass
class PostgresCluster:
    """A PostgreSQL cluster of its own in `folder`, on 127.0.0.1:`port`, with a `callback` database."""

    folder: Path
    port: int = field(default_factory=free_port)
    database: str = "callback"
    user: str = "callback"

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def log_path(self) -> Path:
        return self.folder / "postgres.log"

    @property
    def url(self) -> str:
        return f"postgresql+psycopg://{self.user}@127.0.0.1:{self.port}/{self.database}"

    def _as_owner(self, cmd: list[str]) -> list[str]:
        # PostgreSQL will not run as root: run its programs as the `postgres` system user.
        return [_runuser(), "-u", "postgres", "--", *cmd] if os.geteuid() == 0 else cmd

    def _run(self, cmd: list[str]) -> None:
        done = subprocess.run(self._as_owner(cmd), capture_output=True, text=True)
        if done.returncode != 0:
            raise ServerError(f"{Path(cmd[0]).name} failed: {(done.stderr or done.stdout).strip()[-2000:]}")

    def start(self) -> "PostgresCluster":
        bin_ = pg_bin()
        self.folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            shutil.chown(self.folder, "postgres", "postgres")
            reach = subprocess.run([_runuser(), "-u", "postgres", "--", "test", "-w", str(self.folder)])
            if reach.returncode != 0:
                raise ServerError(f"PostgreSQL runs as the 'postgres' user, who cannot reach {self.folder} "
                                  f"(a parent folder is closed to other users); set CALLBACK_TEAM_DIR to a "
                                  f"folder it can reach, e.g. /srv/callback-team")
        if not (self.data / "PG_VERSION").exists():
            self._run([str(bin_ / "initdb"), "-D", str(self.data), "-U", self.user, "--auth=trust",
                       "-E", "UTF8", "--locale=C.UTF-8"])
        self._run([str(bin_ / "pg_ctl"), "-D", str(self.data), "-l", str(self.log_path), "-w", "-t", "60",
                   "-o", f"-p {self.port} -c listen_addresses=127.0.0.1 -k {self.folder}", "start"])
        exists = subprocess.run(self._as_owner(
            [str(bin_ / "psql"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user, "-d", "postgres",
             "-tAc", f"SELECT 1 FROM pg_database WHERE datname = '{self.database}'"]),
            capture_output=True, text=True)
        if exists.stdout.strip() != "1":
            self._run([str(bin_ / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", self.user,
                       self.database])
        return self

    def stop(self) -> None:
        if (self.data / "postmaster.pid").exists():
            subprocess.run(self._as_owner([str(pg_bin() / "pg_ctl"), "-D", str(self.data), "-m", "fast",
                                           "-w", "stop"]), capture_output=True)


# --- the OpenID Connect provider ----------------------------------------------------------------

@dataclass
class DemoUser:
    sub: str
    email: str
    name: str
    password: str


@dataclass
class OidcProvider:
    """deploy/oidc/provider.mjs with one client (the Callback web server) and the given users."""

    folder: Path
    users: list[DemoUser]
    redirect_uris: list[str]
    port: int = field(default_factory=free_port)
    client_id: str = "callback"
    client_secret: str = field(default_factory=lambda: secrets.token_urlsafe(24))
    process: subprocess.Popen | None = None

    @property
    def issuer(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def metadata_url(self) -> str:
        return f"{self.issuer}/.well-known/openid-configuration"

    @property
    def log_path(self) -> Path:
        return self.folder / "oidc-provider.log"

    def start(self, install: bool = False) -> "OidcProvider":
        ensure_oidc_provider(install=install)
        self.folder.mkdir(parents=True, exist_ok=True)
        config = self.folder / "oidc-provider.json"
        config.write_text(json.dumps({
            "issuer": self.issuer, "port": self.port,
            "clients": [{"client_id": self.client_id, "client_secret": self.client_secret,
                         "redirect_uris": self.redirect_uris}],
            "users": [u.__dict__ for u in self.users],
            "cookie_keys": [secrets.token_urlsafe(32)],
        }, indent=2))
        config.chmod(0o600)
        self.process = _spawn(["node", str(OIDC_DIR / "provider.mjs"), str(config)], self.log_path, cwd=OIDC_DIR)
        _wait(self._discovery, "the OpenID Connect provider", self.process, self.log_path)
        return self

    def _discovery(self) -> bool:
        with urllib.request.urlopen(self.metadata_url, timeout=2) as reply:
            return json.loads(reply.read()).get("issuer") == self.issuer

    def stop(self) -> None:
        _stop(self.process)


def ensure_oidc_provider(install: bool = False) -> None:
    """The provider's npm packages are installed (deploy/oidc/node_modules), or say how to."""
    if missing_programs("node", "npm"):
        raise ServerError("Node.js is not installed: apt-get install nodejs npm")
    if (OIDC_DIR / "node_modules" / "oidc-provider" / "package.json").exists():
        return
    if not install:
        raise ServerError(f"the OpenID Connect provider's packages are not installed: cd {OIDC_DIR} && npm ci")
    done = subprocess.run(["npm", "ci", "--no-audit", "--no-fund"], cwd=OIDC_DIR, capture_output=True, text=True)
    if done.returncode != 0:
        raise ServerError(f"npm ci failed in {OIDC_DIR}: {(done.stderr or done.stdout).strip()[-2000:]}")


def write_secrets(path: Path, app_url: str, provider: OidcProvider, cookie_secret: str | None = None) -> Path:
    """The `[auth]` section st.login reads: this app's callback URL and the provider's client."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(
        "# Written by Callback for a team-mode server. Never commit this file.\n"
        "[auth]\n"
        f'redirect_uri = "{app_url}/oauth2callback"\n'
        f'cookie_secret = "{cookie_secret or secrets.token_urlsafe(32)}"\n'
        f'client_id = "{provider.client_id}"\n'
        f'client_secret = "{provider.client_secret}"\n'
        f'server_metadata_url = "{provider.metadata_url}"\n', encoding="utf-8")
    path.chmod(0o600)
    return path


# --- Callback's own processes -----------------------------------------------------------------

def team_env(database_url: str, broker_url: str, data_dir: Path, **extra: str) -> dict[str, str]:
    """The environment of a team-mode process (web server or worker)."""
    env = dict(os.environ, CALLBACK_MODE="team", CALLBACK_DATABASE_URL=database_url,
               CALLBACK_BROKER_URL=broker_url, CALLBACK_DATA_DIR=str(data_dir))
    env.update(extra)
    return env


@dataclass
class Worker:
    """`callback worker` in a process group of its own (the worker and its pool process)."""

    env: dict[str, str]
    log_path: Path
    name: str = "worker"
    concurrency: int = 1
    process: subprocess.Popen | None = None
    _log_start: int = 0

    def start(self, wait: bool = True) -> "Worker":
        self._log_start = self.log_path.stat().st_size if self.log_path.exists() else 0
        self.process = _spawn([sys.executable, "-m", "coach.cli", "worker", "--name", self.name,
                               "--concurrency", str(self.concurrency)],
                              self.log_path, env=self.env, new_group=True)
        if wait:
            self.wait_ready()
        return self

    def wait_ready(self, timeout_s: float = START_TIMEOUT_S) -> None:
        # Celery logs "ready." once connected to the broker; the pool process then loads the model.
        _wait(lambda: " ready." in self.log_since_start(), f"worker {self.name}", self.process,
              self.log_path, timeout_s)

    def log_since_start(self) -> str:
        with open(self.log_path, "rb") as f:
            f.seek(self._log_start)
            return f.read().decode(errors="replace")

    def pool_pids(self) -> list[int]:
        """The pool processes (children of the worker) — the ones that transcribe."""
        import psutil

        try:
            return [c.pid for c in psutil.Process(self.process.pid).children()]
        except psutil.NoSuchProcess:
            return []

    def stop(self) -> None:
        _stop(self.process, signal.SIGTERM, timeout_s=60, group=True)

    def kill(self) -> None:
        """SIGKILL to the worker and its pool processes, as when the machine loses power."""
        _stop(self.process, signal.SIGKILL, group=True)

    def log(self) -> str:
        return _tail(self.log_path)


@dataclass
class WebServer:
    """`streamlit run streamlit_app.py` in team mode on 127.0.0.1, its [auth] in `secrets_path`."""

    env: dict[str, str]
    log_path: Path
    secrets_path: Path | None = None
    port: int = field(default_factory=free_port)
    process: subprocess.Popen | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self) -> "WebServer":
        cmd = [sys.executable, "-m", "streamlit", "run", "streamlit_app.py", "--server.headless", "true",
               "--server.address", "127.0.0.1", "--server.port", str(self.port),
               "--browser.gatherUsageStats", "false", "--server.fileWatcherType", "none"]
        if self.secrets_path is not None:
            cmd += ["--secrets.files", str(self.secrets_path)]
        self.process = _spawn(cmd, self.log_path, env=self.env)
        _wait(self._healthy, "the web server", self.process, self.log_path)
        return self

    def _healthy(self) -> bool:
        with urllib.request.urlopen(f"{self.url}/_stcore/health", timeout=2) as reply:
            return reply.status == 200

    def stop(self) -> None:
        _stop(self.process)

    def log(self) -> str:
        return _tail(self.log_path)
