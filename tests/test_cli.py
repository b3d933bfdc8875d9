"""The `callback` command line, run as a user runs it: a separate process, real files."""
from __future__ import annotations

import json
import subprocess
import sys
import wave
from pathlib import Path

import pytest

POSTING = Path(__file__).resolve().parents[1] / "coach" / "data" / "sample_posting.txt"
STRONG = (
    "At Meridian I owned thirty hospital accounts. When churn risk rose I rebuilt our quarterly "
    "business reviews around Gainsight health scores and presented them to each CFO myself. As a "
    "result net revenue retention went from 98 to 109 percent in a year."
)


def callback(*args: str, env_dir: Path) -> subprocess.CompletedProcess:
    import os

    env = {**os.environ, "CALLBACK_DATA_DIR": str(env_dir)}
    return subprocess.run([sys.executable, "-m", "coach.cli", *args], capture_output=True, text=True,
                          timeout=300, env=env)


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    """Bad input: exit code 2, exactly one line on stderr, no traceback."""
    assert result.returncode == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for word in words:
        assert word in lines[0].lower(), lines[0]


def test_speak_writes_a_wav_of_the_question(tmp_path):
    out = tmp_path / "q.wav"
    result = callback("speak", "Why do you want this job over the others you applied for?", "-o", str(out),
                      "--rate", "160", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    with wave.open(str(out)) as w:
        assert w.getnframes() / w.getframerate() > 1.5


def test_voices_lists_ids_names_and_languages(tmp_path):
    result = callback("voices", "--json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    voices = json.loads(result.stdout)
    assert voices and {"id", "name", "language"} <= set(voices[0])
    assert any(v["language"].startswith("en") for v in voices)


def test_transcribe_prints_the_words_and_json_has_every_transcript_field(tmp_path, spoken_answer_wav):
    audio = tmp_path / "answer.wav"
    audio.write_bytes(spoken_answer_wav)
    plain = callback("transcribe", str(audio), env_dir=tmp_path)
    assert plain.returncode == 0, plain.stderr
    assert "gainsight" in plain.stdout.lower().replace(" ", "") or "churn" in plain.stdout.lower()
    data = json.loads(callback("transcribe", str(audio), "--json", env_dir=tmp_path).stdout)
    assert {"text", "words", "duration_s", "language", "engine", "model", "elapsed_s", "no_speech"} <= set(data)
    assert data["engine"] == "faster-whisper" and data["words"][0]["end"] > data["words"][0]["start"]


def test_questions_lists_the_bank_by_category(tmp_path):
    result = callback("questions", "--category", "why_you", "--json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    questions = json.loads(result.stdout)
    assert len(questions) >= 5 and all(q["category"] == "why_you" for q in questions)
    assert_refused(callback("questions", "--category", "astrology", env_dir=tmp_path), "unknown category")


def test_rubric_shows_keywords_weights_kinds_variants_and_source_lines(tmp_path):
    result = callback("rubric", str(POSTING), "--json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    items = {i["keyword"].lower(): i for i in json.loads(result.stdout)["items"]}
    assert items["gainsight"]["must_have"] and "Gainsight" in items["gainsight"]["source_line"]
    table = callback("rubric", str(POSTING), env_dir=tmp_path).stdout
    assert "Gainsight" in table and "weight" in table


def test_score_a_typed_answer_as_json(tmp_path):
    answer = tmp_path / "answer.txt"
    answer.write_text(STRONG)
    result = callback("score", "--posting", str(POSTING), "--question",
                      "Tell me about a time you turned around an account at risk of churning.",
                      "--answer-file", str(answer), "--json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert 0 <= data["overall"] <= 100
    assert set(data["dimensions"]) == {"job_fit", "structure", "relevance", "delivery"}
    assert data["dimensions"]["delivery"]["score"] is None  # typed: delivery is not judged
    assert all(d["reasons"] for d in data["dimensions"].values())
    matched = {m["keyword"].lower(): m["evidence"] for m in data["keywords"]["matched"]}
    assert "gainsight" in matched and "gainsight" in matched["gainsight"].lower()
    assert isinstance(data["keywords"]["missed"], list)
    assert 2 <= len(data["feedback"]) <= 4


def test_score_a_spoken_answer_transcribes_first(tmp_path, spoken_answer_wav):
    audio = tmp_path / "answer.wav"
    audio.write_bytes(spoken_answer_wav)
    result = callback("score", "--posting", str(POSTING), "--question", "How do you reduce churn?",
                      "--audio", str(audio), "--json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert "churn" in data["transcript"].lower()
    assert data["dimensions"]["delivery"]["score"] is not None


@pytest.mark.parametrize("case", ["empty", "binary", "huge", "missing"])
def test_bad_postings_are_refused_in_one_line(tmp_path, case):
    posting = tmp_path / "posting.txt"
    if case == "empty":
        posting.write_text("   \n")
    elif case == "binary":
        posting.write_bytes(bytes(range(256)) * 40)
    elif case == "huge":
        posting.write_text("Requirements: Python and SQL.\n" * 8000)  # ~240 KB
    answer = tmp_path / "answer.txt"
    answer.write_text(STRONG)
    result = callback("score", "--posting", str(posting), "--question", "Why you?", "--answer-file", str(answer),
                      env_dir=tmp_path)
    assert_refused(result, {"empty": "empty", "binary": "binary", "huge": "too large", "missing": "not found"}[case])
    assert_refused(callback("rubric", str(posting), env_dir=tmp_path))


def test_an_empty_answer_and_unreadable_audio_are_refused_in_one_line(tmp_path):
    empty = tmp_path / "empty.txt"
    empty.write_text("")
    assert_refused(callback("score", "--posting", str(POSTING), "--question", "Why you?",
                            "--answer-file", str(empty), env_dir=tmp_path), "empty")
    not_audio = tmp_path / "answer.wav"
    not_audio.write_text("this is not audio at all " * 20)
    assert_refused(callback("transcribe", str(not_audio), env_dir=tmp_path))
    assert_refused(callback("score", "--posting", str(POSTING), "--question", "Why you?",
                            "--audio", str(not_audio), env_dir=tmp_path))
    zero = tmp_path / "zero.wav"
    zero.write_bytes(b"")
    assert_refused(callback("transcribe", str(zero), env_dir=tmp_path))


@pytest.mark.slow
def test_transcribe_says_when_speech_had_to_be_transcribed_again(tmp_path):
    from tests.long_answers import espeak_answer

    answer = espeak_answer("pharmacy", "en-us", 150, 16_000)  # loses 43 words in a row unrepaired
    result = callback("transcribe", str(answer.path), env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "my task was to get the chemo dose prepared safely" in result.stdout.lower()
    assert "came back without words and was transcribed again" in result.stderr


@pytest.mark.slow
def test_an_answer_in_another_language_is_refused_not_scored(tmp_path):
    from tests.long_answers import foreign_clip

    spanish = foreign_clip("es")
    refused = callback("transcribe", str(spanish), env_dir=tmp_path)
    assert_refused(refused, "callback transcribes english answers")
    assert refused.stdout == ""  # no invented English printed
    scored = callback("score", "--posting", str(POSTING), "--question", "Why you?", "--audio", str(spanish),
                      "--json", env_dir=tmp_path)
    assert_refused(scored, "callback transcribes english answers")
    assert scored.stdout == ""
    assert spanish.exists()  # the recording is the user's: kept as it was


def test_usage_errors_are_one_line_too(tmp_path):
    assert_refused(callback("score", "--posting", str(POSTING), env_dir=tmp_path))
    assert_refused(callback("speak", "", "-o", str(tmp_path / "x.wav"), env_dir=tmp_path))
    assert_refused(callback("speak", "Hello there", "-o", str(tmp_path / "x.wav"), "--voice", "klingon",
                            env_dir=tmp_path), "klingon")


def test_your_own_questions_are_imported_all_or_nothing_and_asked_in_interviews(tmp_path):
    good = tmp_path / "mine.csv"
    good.write_text("id,text,category\nmy-001,How would you run our first hospital QBR?,role_depth\n"
                    "my-002,What would you change in your first 90 days?,situational\n")
    bad = tmp_path / "bad.csv"
    bad.write_text("id,text,category,difficulty\nmy-101,A fine question?,role_depth,2\n"
                   "my-102,Another question?,role_depth,hard\n")
    result = callback("questions", "--import", str(bad), env_dir=tmp_path)
    assert_refused(result, "bad.csv", "row 3", "difficulty")
    assert "my-101" not in callback("questions", env_dir=tmp_path).stdout  # nothing imported

    assert callback("questions", "--import", str(good), env_dir=tmp_path).returncode == 0
    listed = callback("questions", "--category", "role_depth", env_dir=tmp_path).stdout
    assert "my-001" in listed
    assert_refused(callback("questions", "--import", str(good), env_dir=tmp_path), "my-001")  # ids stay unique

    exported = tmp_path / "all.yaml"
    assert callback("questions", "--export", str(exported), "--category", "situational",
                    env_dir=tmp_path).returncode == 0
    assert "my-002" in exported.read_text() and "role_depth" not in exported.read_text()
