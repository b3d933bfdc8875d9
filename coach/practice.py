"""Practising one answer: audio → transcript → score. Both the pages and the CLI call these."""
from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

from coach.inputs import InputError, read_text

AudioInput = bytes | str | Path | BinaryIO

MAX_POSTING_BYTES = 200_000
MAX_TYPED_ANSWER_CHARS = 20_000


def transcribe_answer(audio: AudioInput, engine: str = "faster-whisper", model: str | None = None):
    """The recorded answer as a `speech.transcribe.Transcript` (the model is loaded once per process)."""
    from speech.transcribe import transcribe

    if isinstance(audio, Path) and not audio.is_file():
        raise InputError(f"audio file not found: {audio}")
    return transcribe(audio, engine=engine, model=model)


def rubric_from_file(path: str | Path, company: str | None = None):
    from scoring import build_rubric

    return build_rubric(read_text(path, "job posting", max_bytes=MAX_POSTING_BYTES), company=company)


def rubric_from_text(text: str, company: str | None = None):
    from scoring import build_rubric

    if len(text.encode("utf-8", "ignore")) > MAX_POSTING_BYTES:
        raise InputError(f"the job posting is too long (over {MAX_POSTING_BYTES // 1000} KB): paste the job's own text")
    return build_rubric(text, company=company)


def question_from_text(text: str):
    """A bank or imported question when `text` is one of their ids or texts; otherwise the text
    itself. A value shaped like an id ("beh-004", "my_q2") that names no question is refused:
    scoring it as if it were the question would give a meaningless score."""
    from coach.question_sets import user_questions
    from question_bank import load_bank

    text = text.strip()
    if not text:
        raise InputError("the question is empty")
    for q in load_bank() + user_questions():
        if q.id == text or q.text.strip().lower() == text.lower():
            return q
    if looks_like_question_id(text):
        raise InputError(f"no question has the id {text!r} (`callback questions` lists them); "
                         "to score an answer to a question of your own, pass the question's text")
    return text


def looks_like_question_id(text: str) -> bool:
    """One token of id characters with a digit, '-' or '_' in it — an id, not a question."""
    from question_bank.load import ID_PATTERN

    return bool(ID_PATTERN.match(text)) and any(c.isdigit() or c in "-_" for c in text)


def score_typed_answer(question, answer_text: str, rubric, company_facts=()):
    from scoring import score_answer

    answer_text = (answer_text or "").strip()
    if not answer_text:
        raise InputError("the answer is empty: type or record something first")
    if len(answer_text) > MAX_TYPED_ANSWER_CHARS:
        raise InputError(f"the answer is too long ({len(answer_text):,} characters; the limit is {MAX_TYPED_ANSWER_CHARS:,})")
    return score_answer(question, answer_text, rubric, company_facts=company_facts)


def score_spoken_answer(question, transcript, rubric, company_facts=()):
    """Score a transcript; an answer with no speech in it is refused rather than scored 0."""
    from scoring import score_answer

    if transcript.no_speech or not transcript.text.strip():
        raise InputError("no speech found in the recording: check the microphone and record again")
    return score_answer(question, transcript, rubric, company_facts=company_facts)


def question_audio(text: str, voice: str | None = None, rate_wpm: int | None = None) -> tuple[bytes | None, str | None]:
    """The question read aloud as a WAV, or (None, why not) — the page then shows it as text only."""
    from speech.tts import synthesize, tts_status

    ok, reason = tts_status()
    if not ok:
        return None, reason
    try:
        return synthesize(text, voice=voice, rate_wpm=rate_wpm), None
    except ValueError as err:
        return None, str(err)
