"""`make team`: a complete team deployment on this machine, for trying team mode.

PostgreSQL and Redis in a folder of their own (.team/ unless CALLBACK_TEAM_DIR says otherwise),
a local OpenID Connect provider with three demo users (two students and a coach, in one cohort),
two transcription workers, and the web server. It prints the URL and the demo sign-ins, and
stops everything on Ctrl-C. Run it again and everything — users, answers, passwords — is still
there. docs/deploy.md says how to run team mode for real.
"""
from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from deploy.servers import (
    REPO, DemoUser, OidcProvider, PostgresCluster, RedisServer, ServerError, WebServer, Worker,
    ensure_oidc_provider, missing_programs, pg_bin, team_env, write_secrets,
)

EXIT_BAD_INPUT = 2
PORTS = {"web": 8510, "oidc": 8511, "postgres": 8512, "redis": 8513}
WORKERS = 2
COHORT = "Demo cohort"
# Stable subjects: the provider says who signed in, and these users are set up in advance so
# that the cohort exists before anyone's first sign-in.
DEMO_PEOPLE = [
    ("student-one", "student.one@demo.callback", "Student One", "student"),
    ("student-two", "student.two@demo.callback", "Student Two", "student"),
    ("coach", "coach@demo.callback", "Coach Carter", "coach"),
]
SETUP_ADMIN = ("demo-setup", "admin@demo.callback", "Demo set-up", "admin")


def team_dir() -> Path:
    return Path(os.environ.get("CALLBACK_TEAM_DIR") or REPO / ".team").resolve()


def port(name: str) -> int:
    return int(os.environ.get(f"CALLBACK_TEAM_{name.upper()}_PORT") or PORTS[name])


# --- system packages ----------------------------------------------------------------------------

def missing_packages() -> list[str]:
    missing = []
    try:
        pg_bin()
    except ServerError:
        missing.append("postgresql")
    if missing_programs("redis-server"):
        missing.append("redis-server")
    if missing_programs("node"):
        missing.append("nodejs")
    if missing_programs("npm"):
        missing.append("npm")
    return missing


def ensure_packages() -> None:
    missing = missing_packages()
    if not missing:
        return
    command = f"apt-get install -y {' '.join(missing)}"
    if os.geteuid() == 0 and shutil.which("apt-get"):
        print(f"Installing {', '.join(missing)} with apt-get ...", flush=True)
        env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        ok = subprocess.run(["apt-get", "update", "-qq"], env=env).returncode == 0 and subprocess.run(
            ["apt-get", "install", "-y", "-qq", *missing], env=env).returncode == 0
        if ok and not missing_packages():
            return
    raise SystemExit(f"make team needs {', '.join(missing)}. Install with:  sudo {command}")


# --- demo state kept between runs ---------------------------------------------------------------

def demo_state(folder: Path) -> dict:
    """Passwords and secrets, made once and kept in the team folder (readable by its owner only)."""
    path = folder / "demo.json"
    if path.exists():
        return json.loads(path.read_text())
    state = {
        "passwords": {sub: secrets.token_urlsafe(9) for sub, *_ in DEMO_PEOPLE},
        "client_secret": secrets.token_urlsafe(24),
        "cookie_secret": secrets.token_urlsafe(32),
    }
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(state, indent=2))
    path.chmod(0o600)
    return state


def set_up_people(issuer: str, database_url: str, data_dir: Path) -> None:
    """The three demo users, the coach's role and the cohort (idempotent: safe on every run)."""
    os.environ.update(CALLBACK_MODE="team", CALLBACK_DATABASE_URL=database_url, CALLBACK_DATA_DIR=str(data_dir))
    import storage

    for _sub, email, _name, role in (*DEMO_PEOPLE, SETUP_ADMIN):
        if role != "student":
            storage.grant_role(email, role)
    admin = storage.sign_in(issuer, SETUP_ADMIN[0], email=SETUP_ADMIN[1], name=SETUP_ADMIN[2])
    people = {sub: storage.sign_in(issuer, sub, email=email, name=name) for sub, email, name, _ in DEMO_PEOPLE}
    cohort = next((c for c in storage.list_cohorts(viewer=admin) if c.name == COHORT), None)
    if cohort is None:
        cohort = storage.create_cohort(COHORT, admin=admin)
        for sub, *_rest, role in DEMO_PEOPLE:
            storage.add_to_cohort(cohort.id, people[sub].id, as_coach=role == "coach", admin=admin)


# --- run ----------------------------------------------------------------------------------------

def main() -> int:
    ensure_packages()
    ensure_oidc_provider(install=True)
    folder = team_dir()
    folder.mkdir(parents=True, exist_ok=True)
    logs = folder / "logs"
    state = demo_state(folder)
    web_url = f"http://127.0.0.1:{port('web')}"
    started: list = []

    def stop_all(*_args) -> None:
        for server in reversed(started):
            try:
                server.stop()
            except Exception as err:  # noqa: BLE001 — stop the others anyway
                print(f"could not stop {type(server).__name__}: {err}", file=sys.stderr)
        started.clear()

    signal.signal(signal.SIGTERM, lambda *_: (stop_all(), sys.exit(0)))
    try:
        print(f"Team folder: {folder}", flush=True)
        pg = PostgresCluster(folder / "postgres", port=port("postgres")).start()
        started.append(pg)
        redis = RedisServer(folder / "redis", port=port("redis"), persistent=True).start()
        started.append(redis)
        users = [DemoUser(sub, email, name, state["passwords"][sub]) for sub, email, name, _ in DEMO_PEOPLE]
        provider = OidcProvider(folder / "oidc", users, [f"{web_url}/oauth2callback"], port=port("oidc"),
                                client_secret=state["client_secret"]).start()
        started.append(provider)
        data_dir = folder / "data"
        set_up_people(provider.issuer, pg.url, data_dir)
        secrets_path = write_secrets(REPO / ".streamlit" / "secrets.toml", web_url, provider, state["cookie_secret"])
        env = team_env(pg.url, redis.url, data_dir)
        for n in range(1, WORKERS + 1):
            started.append(Worker(env, logs / f"worker-{n}.log", name=f"worker{n}").start())
        web = WebServer(env, logs / "web.log", secrets_path=secrets_path, port=port("web")).start()
        started.append(web)
    except (ServerError, ValueError) as err:
        stop_all()
        print(f"make team: {err}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BaseException:
        stop_all()
        raise

    print(f"""
Callback team mode is running: {web_url}
  sign in (local demo provider at {provider.issuer}):""")
    for sub, email, name, role in DEMO_PEOPLE:
        print(f"    {role:8} {name:14} {email:28} password {state['passwords'][sub]}")
    print(f"""  {WORKERS} workers transcribe answers; PostgreSQL {pg.url}; Redis {redis.url}
  logs: {logs}    secrets: {secrets_path} (never commit it)
Press Ctrl-C to stop everything.""", flush=True)
    try:
        while all(s.process is None or s.process.poll() is None for s in started if hasattr(s, "process")):
            time.sleep(1)
        died = [type(s).__name__ for s in started if getattr(s, "process", None) and s.process.poll() is not None]
        print(f"make team: {', '.join(died)} stopped unexpectedly; see {logs}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("\nStopping ...", flush=True)
        return 0
    finally:
        stop_all()


if __name__ == "__main__":
    sys.exit(main())
