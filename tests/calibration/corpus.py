"""Load the labelled calibration answers (tests/calibration/*.yaml) for tests and benchmarks.

Each YAML file names a posting in tests/postings/ (or carries `posting_text`), a few questions
(Question-like attributes) and answers labelled strong / medium / weak / keyword_list / off_topic /
one_word, each with the rubric keywords it really evidences. Spoken answers (`mode: spoken`) get
evenly spaced word timings at the given pace, like a transcript from the speech package.
"""
from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).parent
POSTINGS = HERE.parent / "postings"
LABELS = ("strong", "medium", "weak", "keyword_list", "off_topic", "one_word")


@dataclass(frozen=True)
class CalQuestion:
    id: str
    text: str
    category: str
    star: bool
    competencies: tuple[str, ...] = ()
    expected_seconds: tuple[int, int] = (60, 120)
    looking_for: str = ""
    requirement: str | None = None
    difficulty: int = 2
    tip: str = ""
    follow_up: str = ""


@dataclass
class TimedWord:
    word: str
    start: float
    end: float
    probability: float = 0.95


@dataclass
class SpokenTranscript:
    text: str
    words: list[TimedWord]
    duration_s: float


@dataclass
class CalAnswer:
    label: str
    text: str
    evidences: list[str]
    mode: str = "typed"
    wpm: float = 150.0

    def transcript(self):
        """The typed string, or a spoken transcript with word timings at self.wpm."""
        if self.mode != "spoken":
            return self.text
        return spoken(self.text, self.wpm)


@dataclass
class CalCase:
    posting_name: str
    posting_text: str
    company_facts: list[str]
    question: CalQuestion
    answers: list[CalAnswer] = field(default_factory=list)


def spoken(text: str, wpm: float, pauses: dict[int, float] | None = None,
           lead_in: float = 0.6) -> SpokenTranscript:
    """Word timings for text read at `wpm`; `pauses` adds silence after word index -> seconds."""
    text = " ".join(text.split())
    tokens = re.findall(r"\S+", text)
    per_word = 60.0 / wpm
    t = lead_in
    words = []
    for i, tok in enumerate(tokens):
        words.append(TimedWord(tok, round(t, 3), round(t + per_word * 0.8, 3)))
        t += per_word + (pauses or {}).get(i, 0.0)
    return SpokenTranscript(text, words, round(t + 0.5, 3))


def load_cases(folder: Path = HERE, postings: Path = POSTINGS) -> list[CalCase]:
    """Every labelled question in `folder`/*.yaml, its posting read from `postings`."""
    cases = []
    for path in sorted(folder.glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        posting = data.get("posting_text") or (postings / data["posting"]).read_text(
            encoding="utf-8")
        for q in data["questions"]:
            question = CalQuestion(
                q["id"], " ".join(q["text"].split()), q["category"], bool(q["star"]),
                tuple(q.get("competencies", ())), tuple(q.get("expected_seconds", (60, 120))),
                " ".join(str(q.get("looking_for", "")).split()), q.get("requirement"))
            answers = [CalAnswer(a["label"], " ".join(str(a["text"]).split()),
                                 list(a.get("evidences") or []), a.get("mode", "typed"),
                                 float(a.get("wpm", 150)))
                       for a in q["answers"]]
            cases.append(CalCase(data.get("posting", path.stem), posting,
                                 list(data.get("company_facts") or []), question, answers))
    return cases


@functools.lru_cache(maxsize=None)
def rubric_for(posting_text: str):
    from scoring import build_rubric

    return build_rubric(posting_text)


def score_cases(cases: list[CalCase]) -> list[tuple[CalCase, CalAnswer, object]]:
    """(case, answer, AnswerScore) for every labelled answer."""
    from scoring import score_answer

    return [(case, answer, score_answer(case.question, answer.transcript(), rubric_for(case.posting_text),
                                        case.company_facts))
            for case in cases for answer in case.answers]


def resolve_annotation(annotated: str, rubric) -> str | None:
    """The rubric keyword an annotation names (by keyword, variant or mention)."""
    from scoring import find_mentions

    for item in rubric.items:
        names = [item.keyword.lower(), *[v.lower() for v in item.variants or []]]
        if annotated.lower() in names:
            return item.keyword
    for item in rubric.items:
        if find_mentions(annotated, item):
            return item.keyword
    return None
