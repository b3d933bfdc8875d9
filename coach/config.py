"""Personal or team mode, and where team mode's servers are — read from the environment.

Personal mode (the default) needs nothing: SQLite in the data folder, no sign-in, answers
transcribed in the app's own process. Team mode (`CALLBACK_MODE=team`) is one shared deployment
for a career centre: PostgreSQL (`CALLBACK_DATABASE_URL`, read by storage), a Redis broker for
the transcription workers (`CALLBACK_BROKER_URL`), and sign-in through OpenID Connect configured
in `.streamlit/secrets.toml` (read by Streamlit itself). docs/deploy.md explains each setting.
"""
from __future__ import annotations

import os

PERSONAL, TEAM = "personal", "team"


class ConfigError(ValueError):
    """Team mode is on but a setting it needs is missing or unusable (one line, for people)."""


def mode() -> str:
    value = os.environ.get("CALLBACK_MODE", "").strip().lower() or PERSONAL
    if value not in (PERSONAL, TEAM):
        raise ConfigError(f"CALLBACK_MODE must be {PERSONAL!r} or {TEAM!r}, not {value!r}")
    return value


def team_mode() -> bool:
    return mode() == TEAM


def broker_url() -> str:
    """The Redis URL of the transcription queue (team mode)."""
    url = os.environ.get("CALLBACK_BROKER_URL", "").strip()
    if not url:
        raise ConfigError("team mode needs CALLBACK_BROKER_URL, the Redis server of the transcription "
                          "queue (e.g. redis://127.0.0.1:6379/0)")
    if not url.startswith(("redis://", "rediss://", "unix://")):
        raise ConfigError(f"CALLBACK_BROKER_URL must be a redis:// URL, not {url.split(':', 1)[0]!r}")
    return url


def database_url() -> str:
    """The PostgreSQL URL (team mode); storage reads the same variable."""
    url = os.environ.get("CALLBACK_DATABASE_URL", "").strip()
    if not url:
        raise ConfigError("team mode needs CALLBACK_DATABASE_URL, the PostgreSQL database "
                          "(e.g. postgresql+psycopg://callback@127.0.0.1:5432/callback)")
    return url


def check_team() -> None:
    """Raise ConfigError naming the first missing team-mode setting (nothing to check in personal mode)."""
    if team_mode():
        database_url()
        broker_url()


def env_int(name: str, default: int, low: int, high: int) -> int:
    """An integer setting from the environment, refused with one line when out of range."""
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ConfigError(f"{name} must be a whole number, not {raw!r}") from None
    if not low <= value <= high:
        raise ConfigError(f"{name} must be between {low} and {high}, not {value}")
    return value
