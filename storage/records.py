"""Plain dataclasses that storage hands back to callers (never ORM objects).

Times are timezone-aware UTC datetimes. JSON fields (rubric, question, transcript, score) are
returned exactly as they were given: whatever the producing package's `to_dict()` made.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from typing import Any

# Answer status: saved first as "unprocessed", then "scored" or "failed" once processing ends.
# Team mode's queue adds "queued" (waiting for a worker) and "processing" (a worker has it).
UNPROCESSED = "unprocessed"
QUEUED = "queued"
PROCESSING = "processing"
SCORED = "scored"
FAILED = "failed"
STATUSES = (UNPROCESSED, QUEUED, PROCESSING, SCORED, FAILED)
WAITING = (UNPROCESSED, QUEUED, PROCESSING)   # not processed yet: a worker still has to do it

# Roles: a student keeps their own data; a coach reads the students of their cohorts; an admin
# manages cohorts, roles and deletions.
STUDENT = "student"
COACH = "coach"
ADMIN = "admin"
ROLES = (STUDENT, COACH, ADMIN)


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


@dataclass(frozen=True)
class UserRecord:
    """Who is acting: identified by issuer + subject (never by e-mail alone)."""

    id: int
    issuer: str
    subject: str
    email: str | None
    name: str | None
    role: str                               # STUDENT, COACH or ADMIN

    @property
    def label(self) -> str:
        return self.name or self.email or f"user {self.id}"

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "UserRecord":
        return _from_dict(cls, data)


@dataclass
class CohortRecord:
    """A group of students with their coaches; pending places are e-mails not signed in yet."""

    id: int
    name: str
    student_ids: list[int] = field(default_factory=list)
    coach_ids: list[int] = field(default_factory=list)
    pending_students: list[str] = field(default_factory=list)
    pending_coaches: list[str] = field(default_factory=list)
    created_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CohortRecord":
        return _from_dict(cls, data)


@dataclass
class CommentRecord:
    """A written comment on an answer (by a coach of its student, or by the student)."""

    id: int
    answer_id: int
    author_id: int
    author: str                             # the author's name, else e-mail
    author_role: str
    text: str
    created_at: datetime | None = None

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "CommentRecord":
        return _from_dict(cls, data)


@dataclass
class StudentSummary:
    """One student of one of a coach's cohorts, at a glance."""

    user: UserRecord
    cohort_id: int
    cohort: str
    sessions: int = 0
    scored_answers: int = 0
    last_session_id: int | None = None
    last_session_at: datetime | None = None
    average_score: float | None = None      # mean overall of the last RECENT scored answers
    recent_scores: list[int] = field(default_factory=list)   # oldest first
    weakest_categories: list[str] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        data = _to_dict(self)
        data["user"] = self.user.to_dict()
        return data


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
    owner_id: int | None = None

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
    owner_id: int | None = None

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
    status: str                             # one of STATUSES
    audio_path: str | None = None           # relative to the data folder, e.g. "recordings/<uuid>.webm"
    audio_format: str | None = None
    typed_text: str | None = None
    transcript: dict | None = None
    score: dict | None = None
    overall: int | None = None
    error: str | None = None                # why processing failed (the last try's reason)
    created_at: datetime | None = None
    updated_at: datetime | None = None
    tries: int = 0                          # times a worker took it up
    owner_id: int | None = None

    @property
    def has_audio(self) -> bool:
        return self.audio_path is not None

    def to_dict(self) -> dict[str, Any]:
        return _to_dict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "AnswerRecord":
        return _from_dict(cls, data)
