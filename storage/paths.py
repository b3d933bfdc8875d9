"""Where Callback keeps its files on this machine.

One folder holds everything the user owns (database, recordings, caches), so that export,
backup and "delete everything" are about one place. `CALLBACK_DATA_DIR` overrides the
per-user platform folder; tests point it at a temporary directory.
"""
from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir


def data_dir() -> Path:
    """The user's Callback folder, created on first use."""
    override = os.environ.get("CALLBACK_DATA_DIR")
    path = Path(override).expanduser() if override else Path(user_data_dir("callback", appauthor=False))
    path.mkdir(parents=True, exist_ok=True)
    return path


def cache_dir(name: str) -> Path:
    """A cache folder inside the data folder (synthesized speech, converted models, ...)."""
    path = data_dir() / "cache" / name
    path.mkdir(parents=True, exist_ok=True)
    return path
