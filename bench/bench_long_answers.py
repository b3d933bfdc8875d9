"""Long answers: words lost and WER per decoding option, the repair's cost, and the language check.

The set is tests/long_answers.py: 21 espeak-ng interview answers (eight voices, 120-185 wpm) and
4 answers of real recorded speech, 45 s to 3 min, recorded at 8-48 kHz and delivered as 16 kHz WAV.
Decoding is deterministic, so accuracy is measured once per option; times are medians of RUNS.

Rows per option (faster-whisper, bundled tiny.en): corpus WER, reference words lost per answer
(mean and worst answer; a "lost" word is a deletion in the alignment, a misheard word is not
lost), and the longest run of consecutive lost words. Options: the default (filler prompt,
greedy, word timestamps, the coverage repair), the same without the repair, and each setting
the bug report tried on its own (no prompt, beam 5, no word timestamps; no repair).

The language check: how many English recordings (this set and the 13 real clips) are refused
(must be 0), and how many answers in French, Spanish and German (espeak-ng) are refused.
"""
from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager

from bench.common import Row

RUNS = 3
LIMIT: int | None = None  # answers per list, for a quick check: python -m bench.bench_long_answers RUNS LIMIT


def lost_words(reference: str, hypothesis: str) -> tuple[int, int, int, int]:
    """(errors, reference words, words deleted, longest run of deleted words) after normalisation."""
    from tests.clips import normalize_text

    ref, hyp = normalize_text(reference).split(), normalize_text(hypothesis).split()
    cost = [[i + j if i == 0 or j == 0 else 0 for j in range(len(hyp) + 1)] for i in range(len(ref) + 1)]
    for i in range(1, len(ref) + 1):
        for j in range(1, len(hyp) + 1):
            cost[i][j] = min(cost[i - 1][j] + 1, cost[i][j - 1] + 1, cost[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]))
    deleted = run = longest = 0
    i, j = len(ref), len(hyp)
    while i > 0 or j > 0:
        if i > 0 and j > 0 and cost[i][j] == cost[i - 1][j - 1] + (ref[i - 1] != hyp[j - 1]):
            i, j, run = i - 1, j - 1, 0
        elif i > 0 and cost[i][j] == cost[i - 1][j] + 1:
            i, deleted, run = i - 1, deleted + 1, run + 1
            longest = max(longest, run)
        else:
            j -= 1
    return cost[len(ref)][len(hyp)], len(ref), deleted, longest


@contextmanager
def engine_settings(engine, *, beam: int | None = None, word_timestamps: bool = True):
    saved = engine.beam_size, engine.word_timestamps
    engine.beam_size = beam or saved[0]
    engine.word_timestamps = word_timestamps
    try:
        yield
    finally:
        engine.beam_size, engine.word_timestamps = saved


# (label, transcribe() keyword arguments, engine settings)
OPTIONS = [
    ("default (prompt, beam 1, word times, repair)", {}, {}),
    ("default without the repair", {"repair": False}, {}),
    ("no prompt, no repair", {"initial_prompt": None, "repair": False}, {}),
    ("beam 5, no repair", {"repair": False}, {"beam": 5}),
    ("no word timestamps, no repair", {"repair": False}, {"word_timestamps": False}),
]


def _accuracy_rows(answers, engine, transcribe) -> list[Row]:
    rows = []
    for label, kwargs, settings in OPTIONS:
        errors = words = 0
        lost, runs, repaired = [], [], 0
        with engine_settings(engine, **settings):
            for answer in answers:
                result = transcribe(answer.path, english_only=False, **kwargs)
                e, n, d, longest = lost_words(answer.reference_text, result.text)
                errors, words = errors + e, words + n
                lost.append(d)
                runs.append(longest)
                repaired += result.repaired
        area = "long answers"
        rows += [
            Row(area, f"{label}: WER over {len(answers)} answers", 100 * errors / words, "%"),
            Row(area, f"{label}: words lost per answer, mean", statistics.mean(lost), "words"),
            Row(area, f"{label}: words lost, worst answer", max(lost), "words"),
            Row(area, f"{label}: longest run of lost words", max(runs), "words",
                *(("<= 6 words", max(runs) <= 6) if label.startswith("default (") else ())),
        ]
        if kwargs.get("repair", True):
            rows.append(Row(area, f"{label}: answers repaired", repaired, "answers"))
    return rows


def _cost_rows(transcribe, answer_60s, dropped_answer) -> list[Row]:
    def median_s(path, **kwargs) -> float:
        times = []
        for _ in range(RUNS):
            start = time.perf_counter()
            transcribe(path, **kwargs)
            times.append(time.perf_counter() - start)
        return statistics.median(times)

    plain = median_s(answer_60s, repair=False, english_only=False)
    checked = median_s(answer_60s)
    dropped_plain = median_s(dropped_answer.path, repair=False, english_only=False)
    dropped_checked = median_s(dropped_answer.path)
    return [
        Row("long answers", "60 s real answer: default (coverage check + language check)", checked, "s",
            "<= 3 s", checked <= 3),
        Row("long answers", "60 s real answer: cost of the checks (no hole found)", checked - plain, "s"),
        Row("long answers", f"{dropped_answer.duration_s:.0f} s answer that drops speech: default with its repair",
            dropped_checked, "s"),
        Row("long answers", f"{dropped_answer.duration_s:.0f} s answer that drops speech: cost of the repair",
            dropped_checked - dropped_plain, "s"),
    ]


def _language_rows(english, foreign, transcribe) -> list[Row]:
    from speech.language import LanguageError

    def refused(path) -> bool:
        try:
            transcribe(path, repair=False)
        except LanguageError:
            return True
        return False

    false_refusals = sum(refused(path) for path in english)
    detected = sum(refused(path) for path in foreign)
    return [
        Row("language", f"English recordings refused as another language (of {len(english)})", false_refusals,
            "recordings", "0", false_refusals == 0),
        Row("language", f"French/Spanish/German answers refused (of {len(foreign)})", detected, "answers",
            f"{len(foreign)}", detected == len(foreign)),
    ]


def run() -> list[Row]:
    from bench.bench_transcribe import _answer_60s
    from speech.transcribe import get_engine, transcribe
    from tests.clips import real_clips
    from tests.long_answers import FOREIGN, espeak_answer, foreign_answers, foreign_clip, long_answers

    answers = long_answers()[:LIMIT]
    clips = real_clips()
    with tempfile.TemporaryDirectory() as tmp:
        previous = os.environ.get("CALLBACK_DATA_DIR")
        os.environ["CALLBACK_DATA_DIR"] = tmp
        try:
            engine = get_engine()
            transcribe(clips[-1].path)  # warm-up: VAD model, first-call allocations
            answer_60s = _answer_60s(clips, __import__("pathlib").Path(tmp) / "answer-60s.wav")
            rows = _cost_rows(transcribe, answer_60s, espeak_answer("pharmacy", "en-us", 150, 16_000))
            rows += _accuracy_rows(answers, engine, transcribe)
            english = [a.path for a in answers] + [c.path for c in clips]
            foreign = [a.path for a in foreign_answers()] + [foreign_clip(lang) for lang in FOREIGN]
            rows += _language_rows(english[:LIMIT], foreign[:LIMIT], transcribe)
        finally:
            if previous is None:
                os.environ.pop("CALLBACK_DATA_DIR", None)
            else:
                os.environ["CALLBACK_DATA_DIR"] = previous
    return rows


if __name__ == "__main__":
    from bench.common import print_table

    if len(sys.argv) > 1:
        RUNS = int(sys.argv[1])
    if len(sys.argv) > 2:
        LIMIT = int(sys.argv[2])
    print_table(run())
