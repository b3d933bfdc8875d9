"""Plain dataclasses that storage hands back to callers (never ORM objects).

Times are timezone-aware UTC datetimes. JSON fields (rubric, question, transcript, score) are
returned exactly as they were given: whatever the producing package's `to_dict()` made.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

# Answer status: saved first as "unprocessed", then "scored" or "failed" once processing ends.
# "dismissed": the user set aside an attempt that was never scored (it stays, with its recording
# and reason, but is no longer offered for processing).
UNPROCESSED = "unprocessed"
SCORED = "scored"
FAILED = "failed"
DISMISSED = "dismissed"
STATUSES = (UNPROCESSED, SCORED, FAILED, DISMISSED)


def _to_dict(obj) -> dict[str, Any]:
    data = asdict(obj)
    for key, value in data.items():
        if isinstance(value, datetime):
            data[key] = value.isoformat()
    return data


def _from_dict(cls, data: dict[str, Any]):
    values = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name.endswith("_at") and isinstance(value, str):
            value = datetime.fromisoformat(value)
        values[f.name] = value
    return cls(**values)


@dataclass
class TargetRecord:
    """A job being applied for: the posting, its edited rubric, the people met and notes."""

    id: int
    company: str
    role: str
    posting_text: str = ""
    rubric: Any = None                      # the edited rubric, JSON-safe (Rubric.to_json())
    interviewers: list[dict] = field(default_factory=list)  # [{name, title, ...}]
    notes: str = ""
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def label(self) -> str:
        """"Role at Company", or whichever of the two is known."""
        if self.company and self.role:
            return f"{self.role} at {self.company}"
        return self.role or self.company

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "TargetRecord":
        return _from_dict(cls, data)


@dataclass
class SessionRecord:
    """One mock interview: the planned questions and when it started and finished."""

    id: int
    target_id: int | None
    mode: str
    question_ids: list[str] = field(default_factory=list)
    started_at: datetime | None = None
    finished_at: datetime | None = None
    answer_count: int = 0
    average_score: float | None = None      # mean overall of the scored answers; None if none

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "SessionRecord":
        return _from_dict(cls, data)


@dataclass
class AnswerRecord:
    """One attempt at one question: the recording or typed text, and its result once processed."""

    id: int
    session_id: int
    target_id: int | None
    question: dict                          # snapshot of the question as asked (Question.to_dict())
    question_id: str
    category: str | None
    attempt: int                            # 1 for the first try at this question in the session
    status: str                             # UNPROCESSED, SCORED, FAILED or DISMISSED
    audio_path: str | None = None           # relative to the data folder, e.g. "recordings/<uuid>.webm"
    audio_format: str | None = None
    typed_text: str | None = None
    transcript: dict | None = None
    score: dict | None = None
    overall: int | None = None
    error: str | None = None
    created_at: datetime | None = None
    updated_at: datetime | None = None

    @property
    def has_audio(self) -> bool:
        return self.audio_path is not None

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "AnswerRecord":
        return _from_dict(cls, data)
