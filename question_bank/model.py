"""The shapes of interview questions: what the interviewer asks, and what the candidate asks back.

Plain frozen dataclasses, so a question can be hashed, compared and stored as JSON
(`to_dict()` / `from_dict()`).
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field

# Ordered: this is also the order in which the app lists categories.
CATEGORIES: dict[str, str] = {
    "opener": "Opener",
    "first_interview_followup": "Follow-up on the first interview",
    "role_depth": "Depth in the role's skills",
    "behavioural": "Behavioural (STAR)",
    "situational": "Situational",
    "culture_fit": "Culture and team fit",
    "motivation": "Motivation and commitment",
    "why_you": "Why you over the other candidates",
    "leadership": "Leadership and influence",
    "pressure_failure": "Pressure and failure",
    "company_knowledge": "Company knowledge",
    "closing": "Logistics and closing",
    "company_tour": "Small talk on a company tour",
}

# The answer kind a question gets when its file does not say (imported user sets, questions built
# in code). Kinds, their criteria and anchored grades live in scoring/data/anchors.yaml
# (question_bank.kinds); the bank sets every question's kind by reading the question. A STAR
# question (star=True) is a past story whatever its category.
DEFAULT_ANSWER_KIND: dict[str, str] = {
    "opener": "self_summary",
    "first_interview_followup": "past_story",
    "role_depth": "process",
    "behavioural": "past_story",
    "situational": "hypothetical",
    "culture_fit": "work_style",
    "motivation": "motivation",
    "why_you": "pitch",
    "leadership": "past_story",
    "pressure_failure": "self_assessment",
    "company_knowledge": "company_knowledge",
    "closing": "negotiation",
    "company_tour": "small_talk",
}
FALLBACK_ANSWER_KIND = "process"  # a category this version does not know, not a STAR question


def default_answer_kind(category: str, star: bool = False) -> str:
    """The documented default: past_story for a STAR question, else the category's kind."""
    if star:
        return "past_story"
    return DEFAULT_ANSWER_KIND.get(category, FALLBACK_ANSWER_KIND)


# Where a question came from (see docs/architecture.md).
SOURCES: tuple[str, ...] = (
    "bank", "template", "user", "first-interview", "reference", "resume", "company",
)

# Topics and audiences of the questions the candidate asks the employer.
TOPICS: tuple[str, ...] = (
    "role", "team", "performance", "growth", "company", "training", "culture", "next steps",
)
ASK_WHOM: tuple[str, ...] = ("hiring manager", "peer", "HR", "executive")


class QuestionFileError(ValueError):
    """A question file (packaged or imported) could not be read or has invalid entries.

    `str(err)` is one line naming the file, the row/line and the field of the first problem;
    `err.problems` lists every problem found (one string each).
    """

    def __init__(self, message: str, problems: list[str] | None = None, path: str | None = None):
        super().__init__(message)
        self.problems = list(problems) if problems else [message]
        self.path = path


@dataclass(frozen=True)
class Question:
    id: str
    text: str
    category: str
    competencies: tuple[str, ...] = ()
    difficulty: int = 2
    star: bool = False
    expected_seconds: tuple[int, int] = (30, 90)
    looking_for: str = ""
    tip: str = ""
    follow_up: str = ""
    requirement: str | None = None
    source: str = "bank"
    answer_kind: str = ""  # e.g. "past_story"; empty -> default_answer_kind(category, star)

    def __post_init__(self):
        if not self.answer_kind:
            object.__setattr__(self, "answer_kind", default_answer_kind(self.category, self.star))

    @property
    def category_label(self) -> str:
        return CATEGORIES.get(self.category, self.category)

    def to_dict(self) -> dict:
        data = asdict(self)
        data["competencies"] = list(self.competencies)
        data["expected_seconds"] = list(self.expected_seconds)
        return data

    @classmethod
    def from_dict(cls, data: dict) -> "Question":
        data = dict(data)
        data["competencies"] = tuple(data.get("competencies") or ())
        data["expected_seconds"] = tuple(data.get("expected_seconds") or (30, 90))
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})


@dataclass(frozen=True)
class CandidateQuestion:
    """A question the candidate asks the employer."""

    id: str
    text: str
    purpose: str
    topic: str
    ask_whom: str | None = None
    from_guide: bool = field(default=False)  # one of the guide's own eleven

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict) -> "CandidateQuestion":
        known = {f for f in cls.__dataclass_fields__}
        return cls(**{k: v for k, v in data.items() if k in known})
