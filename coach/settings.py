"""The user's preferences (engine, model, voice, speed, score goal, the job used last), kept as
JSON in the data folder."""
from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, fields, replace

from storage.paths import data_dir

ENGINES = ("faster-whisper", "openai-whisper")


@dataclass
class Settings:
    engine: str = "faster-whisper"
    model: str = ""             # empty: the bundled tiny.en
    voice: str = ""             # empty: the synthesizer's default voice
    rate_wpm: int = 160
    target_score: int = 75      # "practised enough" threshold used by the preparation plan
    last_target_id: int | None = None  # the job used last: a new browser tab opens on it

    @property
    def model_or_none(self) -> str | None:
        return self.model or None

    @property
    def voice_or_none(self) -> str | None:
        return self.voice or None


def _path():
    return data_dir() / "settings.json"


def load_settings() -> Settings:
    try:
        raw = json.loads(_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return Settings()
    known = {f.name for f in fields(Settings)}
    settings = Settings(**{k: v for k, v in raw.items() if k in known})
    if settings.engine not in ENGINES:
        settings.engine = Settings.engine
    if not isinstance(settings.last_target_id, int) or isinstance(settings.last_target_id, bool):
        settings.last_target_id = None
    return settings


def remember_target(target_id: int) -> None:
    """Remember the job the user is working on, so the next new tab or visit opens on it."""
    current = load_settings()
    if current.last_target_id != target_id:
        save_settings(replace(current, last_target_id=target_id))


def save_settings(settings: Settings) -> None:
    if settings.engine not in ENGINES:
        raise ValueError(f"unknown engine {settings.engine!r}; choose one of: {', '.join(ENGINES)}")
    if not 80 <= int(settings.rate_wpm) <= 300:
        raise ValueError("speaking speed must be between 80 and 300 words per minute")
    path = _path()
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump(asdict(settings), f, indent=2)
    os.replace(tmp, path)
