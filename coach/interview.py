"""A mock second interview: plan it, take each answer (saved before anything can fail), process it,
and sum it up. The Practice page and the CLI call these; they hand back plain dataclasses.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Callable

import storage
from coach.inputs import InputError
from coach.practice import MAX_TYPED_ANSWER_CHARS

SAMPLE_POSTING = Path(__file__).parent / "data" / "sample_posting.txt"
SAMPLE_COMPANY = "Brightwater Analytics"
SAMPLE_ROLE = "Customer Success Manager"

MODES = {
    "realistic": "A realistic second interview",
    "weak_areas": "My weak areas",
    "category": "One category",
}


@dataclass
class PlannedQuestion:
    """A question as it will be asked: by whom, and in which voice."""

    question: object  # question_bank.Question
    interviewer: str | None = None
    interviewer_title: str | None = None
    voice: str | None = None


@dataclass
class MockInterview:
    session_id: int
    target_id: int | None
    mode: str
    questions: list[PlannedQuestion]


@dataclass
class ProcessedAnswer:
    answer: storage.AnswerRecord
    transcript: object | None  # speech.transcribe.Transcript, None for typed answers
    score: object | None       # scoring.AnswerScore, None when processing failed
    error: str | None = None


@dataclass
class SessionSummary:
    session_id: int
    answers: list[storage.AnswerRecord]            # the latest scored attempt of each question
    overall: float | None
    dimensions: dict[str, float]                    # dimension name → average score
    best: storage.AnswerRecord | None
    weakest: storage.AnswerRecord | None
    never_mentioned: list[str]                      # must-haves no answer evidenced
    weak_categories: list[str] = field(default_factory=list)


# --- targets --------------------------------------------------------------------------------------

def ensure_sample_target(*, user, db=None) -> storage.TargetRecord:
    """First run: a fictional target ready to practise on, so the first interview is one click away."""
    targets = storage.list_targets(owner=user, db=db)
    if targets:
        return targets[0]
    return create_target(SAMPLE_COMPANY, SAMPLE_ROLE, SAMPLE_POSTING.read_text(encoding="utf-8"),
                         interviewers=[
                             {"name": "Dana Whitfield", "title": "VP of Customer Success"},
                             {"name": "Marcus Oyelaran", "title": "Senior CSM, Hospitals team"},
                         ],
                         notes="A sample target. Create your own from the Welcome page.", user=user, db=db)


def create_target(company: str, role: str, posting_text: str, interviewers=(), notes: str = "",
                  *, user, db=None) -> storage.TargetRecord:
    """A job application from its posting; the rubric is built now and saved for the user to edit."""
    from coach.practice import rubric_from_text

    company, role = (company or "").strip(), (role or "").strip()
    if not company or not role:
        raise InputError("give both the company and the role")
    rubric = rubric_from_text(posting_text, company=company)
    return storage.create_target(company, role, posting_text=posting_text, rubric=rubric.to_json(),
                                 interviewers=list(interviewers), notes=notes, owner=user, db=db)


def target_rubric(target: storage.TargetRecord):
    """The target's rubric as the user last edited it (rebuilt from the posting if missing)."""
    from scoring import PostingError, Rubric, build_rubric

    if target.rubric:
        return Rubric.from_json(target.rubric) if isinstance(target.rubric, str) else Rubric.from_dict(target.rubric)
    try:
        return build_rubric(target.posting_text, company=target.company)
    except PostingError:  # no usable posting yet: questions are still asked, job fit has nothing to match
        return Rubric(items=[], company=target.company)


def save_rubric(target_id: int, rubric, *, user, db=None) -> storage.TargetRecord:
    return storage.update_target(target_id, rubric=rubric.to_json(), owner=user, db=db)


# --- planning ---------------------------------------------------------------------------------------

def practice_records(target_id: int | None, *, user, db=None):
    """The user's past answers in the shape question selection needs."""
    from question_bank import PracticeRecord

    records = []
    for row in storage.practice_history(target_id, owner=user, db=db):
        practised = row["practised_at"]
        if isinstance(practised, str):
            practised = datetime.fromisoformat(practised)
        records.append(PracticeRecord(
            question_id=row["question_id"], category=row.get("category") or "",
            competencies=tuple(row.get("competencies") or ()), overall=row["overall"],
            missed_keywords=tuple(row.get("missed_keywords") or ()),
            matched_keywords=tuple(row.get("matched_keywords") or ()), practised_at=practised))
    return records


def start_mock_interview(target_id: int, n: int = 5, mode: str = "realistic", category: str | None = None,
                         seed: int | None = None, voice: str | None = None, must_include=(),
                         *, user, db=None) -> MockInterview:
    """Plan the questions, assign each to an interviewer of the panel (if any), and open a session."""
    from question_bank import plan_interview

    if mode not in MODES:
        raise InputError(f"unknown mode {mode!r}; choose one of: {', '.join(MODES)}")
    if not 3 <= n <= 10:
        raise InputError("a mock interview has 3 to 10 questions")
    target = storage.get_target(target_id, owner=user, db=db)
    rubric = target_rubric(target)
    history = practice_records(target_id, user=user, db=db)
    if seed is None:
        seed = random.SystemRandom().randrange(1 << 30)
    from coach.question_sets import user_questions

    questions = plan_interview(rubric, history, n, mode=mode, seed=seed, category=category,
                               must_include=tuple(must_include), extra_questions=user_questions())
    planned = assign_interviewers(questions, target.interviewers, default_voice=voice)
    session = storage.start_session(target_id, mode, [q.id for q in questions], owner=user, db=db)
    return MockInterview(session.id, target_id, mode, planned)


def assign_interviewers(questions, interviewers, default_voice: str | None = None) -> list[PlannedQuestion]:
    """Panel mode: each question comes from one interviewer, each with a voice of their own."""
    people = [p for p in interviewers or [] if (p.get("name") or "").strip()]
    if not people:
        return [PlannedQuestion(q, voice=default_voice) for q in questions]
    voices = _panel_voices(len(people), default_voice)
    return [
        PlannedQuestion(q, interviewer=people[i % len(people)]["name"],
                        interviewer_title=people[i % len(people)].get("title") or None,
                        voice=voices[i % len(people)])
        for i, q in enumerate(questions)
    ]


def _panel_voices(n: int, default_voice: str | None) -> list[str | None]:
    try:
        from speech.tts import interviewer_voices

        return list(interviewer_voices(n))
    except Exception:  # no synthesizer: questions are shown as text, voices don't matter
        return [default_voice] * n


# --- answering ------------------------------------------------------------------------------------

_AUDIO_SIGNATURES = (
    (b"RIFF", "wav"), (b"ID3", "mp3"), (b"\xff\xfb", "mp3"), (b"\xff\xf3", "mp3"), (b"\xff\xf2", "mp3"),
    (b"OggS", "ogg"), (b"\x1a\x45\xdf\xa3", "webm"),
)


def sniff_audio_format(data: bytes) -> str:
    """The container of a recording, from its first bytes — never from an uploaded file's name."""
    for signature, ext in _AUDIO_SIGNATURES:
        if data.startswith(signature):
            return ext
    if data[4:8] == b"ftyp":
        return "m4a"
    return "bin"


def submit_answer(session_id: int, question, *, user, audio: bytes | None = None, typed_text: str | None = None,
                  db=None) -> storage.AnswerRecord:
    """Save the answer as given, before transcription, so that nothing is lost if processing fails."""
    if audio is None and not (typed_text or "").strip():
        raise InputError("the answer is empty: record, upload or type something first")
    if audio is not None and len(audio) == 0:
        raise InputError("the recording is empty (0 bytes): record again")
    if typed_text is not None and len(typed_text) > MAX_TYPED_ANSWER_CHARS:
        raise InputError(f"the answer is too long ({len(typed_text):,} characters; the limit is {MAX_TYPED_ANSWER_CHARS:,})")
    ext = sniff_audio_format(audio) if audio is not None else None
    snapshot = question.to_dict() if hasattr(question, "to_dict") else {"id": "adhoc", "text": str(question)}
    return storage.add_answer(session_id, snapshot, audio=audio, audio_ext=ext,
                              typed_text=typed_text.strip() if typed_text else None, owner=user, db=db)


def process_answer(answer_id: int, engine: str = "faster-whisper", model: str | None = None,
                   on_stage: Callable[[str], None] | None = None, company_facts=(), *, user, db=None) -> ProcessedAnswer:
    """Transcribe (if spoken) and score a saved answer; a failure is recorded, never lost.

    `on_stage` is told "Transcribing…" and "Scoring…" so the page can show progress.
    """
    from question_bank import Question
    from scoring import score_answer

    answer = storage.get_answer(answer_id, owner=user, db=db)
    target = storage.get_target(answer.target_id, owner=user, db=db) if answer.target_id else None
    question = _question_from_snapshot(answer.question, Question)
    transcript = None
    try:
        if answer.has_audio:
            if on_stage:
                on_stage("Transcribing…")
            from speech.transcribe import transcribe

            transcript = transcribe(storage.read_audio(answer, owner=user, db=db), engine=engine, model=model)
            if transcript.no_speech or not transcript.text.strip():
                raise InputError("no speech found in the recording: check the microphone and record again")
            answer_input = transcript
        else:
            answer_input = answer.typed_text or ""
        if on_stage:
            on_stage("Scoring…")
        rubric = target_rubric(target) if target else _empty_rubric()
        score = score_answer(question, answer_input, rubric, company_facts=tuple(company_facts))
    except ValueError as err:  # bad input: the recording stays saved, marked failed with the reason
        message = str(err).splitlines()[0] if str(err) else type(err).__name__
        failed = storage.mark_failed(answer_id, message, owner=user, db=db)
        return ProcessedAnswer(failed, transcript, None, message)
    saved = storage.save_result(answer_id, transcript.to_dict() if transcript else None, score.to_dict(),
                                score.overall, owner=user, db=db)
    return ProcessedAnswer(saved, transcript, score)


def _question_from_snapshot(snapshot: dict, question_cls):
    try:
        return question_cls.from_dict(snapshot)
    except (TypeError, ValueError, KeyError):
        return snapshot.get("text", "")


def _empty_rubric():
    from scoring import Rubric

    return Rubric(items=[])


def reprocess_unprocessed(engine: str = "faster-whisper", model: str | None = None, *, user, db=None) -> list[ProcessedAnswer]:
    """Process again every answer left unprocessed (a crash) or failed."""
    return [process_answer(a.id, engine, model, user=user, db=db) for a in storage.unprocessed_answers(owner=user, db=db)]


# --- the end of a mock interview ------------------------------------------------------------------

def session_summary(session_id: int, *, user, db=None) -> SessionSummary:
    """Averages, best and weakest answers, and the must-haves no answer evidenced."""
    session = storage.get_session(session_id, owner=user, db=db)
    latest: dict[str, storage.AnswerRecord] = {}
    for a in sorted(storage.list_answers(session_id=session_id, owner=user, db=db), key=lambda a: (a.attempt, a.id)):
        if a.status == storage.SCORED:
            latest[a.question_id] = a
    answers = list(latest.values())
    if not answers:
        return SessionSummary(session_id, [], None, {}, None, None, [])
    overall = sum(a.overall for a in answers) / len(answers)
    dims: dict[str, list[int]] = {}
    matched: set[str] = set()
    for a in answers:
        for name, dim in (a.score or {}).get("dimensions", {}).items():
            if dim.get("score") is not None:
                dims.setdefault(dim.get("name") or name, []).append(dim["score"])
        matched.update(h["keyword"].lower() for h in (a.score or {}).get("matched", []))
    never = []
    if session.target_id:
        rubric = target_rubric(storage.get_target(session.target_id, owner=user, db=db))
        never = [i.keyword for i in rubric.must_haves() if i.keyword.lower() not in matched]
    by_category: dict[str, list[int]] = {}
    for a in answers:
        by_category.setdefault(a.category or "", []).append(a.overall)
    weak = sorted((c for c in by_category if c), key=lambda c: sum(by_category[c]) / len(by_category[c]))
    return SessionSummary(
        session_id, answers, overall, {k: sum(v) / len(v) for k, v in dims.items()},
        best=max(answers, key=lambda a: a.overall), weakest=min(answers, key=lambda a: a.overall),
        never_mentioned=never, weak_categories=weak[:2])


def finish_mock_interview(session_id: int, *, user, db=None) -> SessionSummary:
    storage.finish_session(session_id, owner=user, db=db)
    return session_summary(session_id, user=user, db=db)


# --- company research -----------------------------------------------------------------------------

COMPANY_FACTS_KIND = "company_facts"


def company_facts(target_id: int | None, *, user, db=None) -> list[str]:
    """The user's researched facts about the company (one per line), credited in fit answers."""
    if target_id is None:
        return []
    notes = storage.load_prep(target_id, COMPANY_FACTS_KIND, owner=user, db=db)
    facts: list[str] = []
    for data in notes.values():
        text = data.get("text", "") if isinstance(data, dict) else str(data)
        facts.extend(line.strip(" -•*\t") for line in text.splitlines() if line.strip(" -•*\t"))
    return facts


def rubric_from_table(original, rows: list[dict]):
    """The rubric as the user edited it in a table (keyword, kind, weight, must_have, variants).

    Rows keep their posting line when the keyword was already there; blank rows are ignored.
    """
    from scoring import Rubric, RubricError, RubricItem

    by_keyword = {i.keyword.lower(): i for i in original.items}
    items, seen = [], set()
    for n, row in enumerate(rows, start=1):
        keyword = " ".join(str(row.get("keyword") or "").split())
        if not keyword:
            continue
        if keyword.lower() in seen:
            raise RubricError(f"row {n}: {keyword!r} appears twice in the rubric")
        seen.add(keyword.lower())
        before = by_keyword.get(keyword.lower())
        variants = [v.strip() for v in str(row.get("variants") or "").split(";") if v.strip()]
        weight = row.get("weight")
        try:
            weight = float(weight if weight is not None and weight == weight else (before.weight if before else 2.0))
        except (TypeError, ValueError):
            raise RubricError(f"row {n}: the weight of {keyword!r} must be a number") from None
        item = RubricItem.from_dict({
            "keyword": keyword, "kind": row.get("kind") or (before.kind if before else "skill"),
            "weight": weight, "must_have": bool(row.get("must_have")), "variants": variants,
            "source_line": before.source_line if before else "", "count": before.count if before else 1,
        })
        items.append(item)
    if not items:
        raise RubricError("the rubric needs at least one requirement")
    return Rubric(items, company=original.company)
