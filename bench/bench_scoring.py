"""Scoring speed: one answer against a built rubric, the first score in a fresh process, and
building a rubric from a 1,000-word posting; and the answer-kind classifier's accuracy.

Targets (issue 9): <= 50 ms median to score an answer once the rubric is built and the models are
warm (spaCy parse, criteria, red flags); <= 2 s for the first score in a fresh process, model
loads included; <= 200 ms to build a rubric from a 1,000-word posting. Every timed run scores a
text the parser has not seen (its per-text caches would flatter the figure); each answer's time is
the best of three such runs.
"""
from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

import subprocess

from bench.common import Row

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))  # the calibration corpus lives with the tests

from calibration.corpus import load_cases  # noqa: E402

from scoring import build_rubric, score_answer  # noqa: E402


def _thousand_word_posting() -> str:
    """The test postings joined (about 1,600 words), cut to the first 1,000 words by line."""
    lines, words = [], 0
    for path in sorted((ROOT / "tests" / "postings").glob("*.txt")):
        for line in path.read_text(encoding="utf-8").splitlines():
            n = len(line.split())
            if words + n > 1000:
                break
            lines.append(line)
            words += n
    return "\n".join(lines)


def run() -> list[Row]:
    rows: list[Row] = []
    posting = _thousand_word_posting()
    n_words = len(posting.split())
    build_times = []
    for i in range(7):
        text = posting + "\n" * (i + 1)   # a new text each run: no cache hit
        start = time.perf_counter()
        build_rubric(text)
        build_times.append(time.perf_counter() - start)
    build_ms = statistics.median(build_times[1:]) * 1000
    rows.append(Row("scoring", f"build rubric, {n_words}-word posting (median)", build_ms, "ms",
                    "<= 200 ms", build_ms <= 200))

    score_times = []
    words = []
    cold_ms = None
    for case in load_cases():
        rubric = build_rubric(case.posting_text)
        # The first answer against a new rubric also compiles its items' matchers (once per
        # rubric, cached); report it apart from the steady-state figure.
        start = time.perf_counter()
        score_answer(case.question, "I led the weekly review and cut errors by 20%.", rubric)
        if cold_ms is None:
            cold_ms = (time.perf_counter() - start) * 1000
        for answer in case.answers:
            # Best of three uncached runs (the text differs by trailing spaces each time), so a
            # busy machine's scheduling noise does not pose as scoring time.
            runs = []
            for k in range(3):
                transcript = answer.text + " " * (k + 1)
                if answer.mode == "spoken":
                    transcript = answer.transcript()
                    transcript.text = answer.text + " " * (k + 1)
                start = time.perf_counter()
                score_answer(case.question, transcript, rubric, case.company_facts)
                runs.append(time.perf_counter() - start)
            score_times.append(min(runs))
            words.append(len(answer.text.split()))
    median_ms = statistics.median(score_times) * 1000
    worst_ms = max(score_times) * 1000
    rows.append(Row("scoring", f"score one answer, {len(score_times)} answers (median)",
                    median_ms, "ms", "<= 50 ms", median_ms <= 50))
    rows.append(Row("scoring", f"score one answer, slowest ({max(words)} words max)", worst_ms,
                    "ms"))

    rows.append(Row("scoring", "first answer against a new rubric (compiles matchers)", cold_ms,
                    "ms"))

    fresh = [_first_score_in_a_fresh_process() for _ in range(3)]
    fresh_s = statistics.median(fresh)
    rows.append(Row("scoring", "first score in a fresh process, model loads included (median of 3)",
                    fresh_s, "s", "<= 2 s", fresh_s <= 2.0))

    from scoring.answer_kind import classifier_accuracy

    accuracy = classifier_accuracy()
    rows.append(Row("scoring", f"answer kind of a plain-string question, {accuracy.examples} bank "
                    "questions (cues + vote)", 100 * accuracy.whole, "%"))
    rows.append(Row("scoring", "answer kind, nearest-bank-questions vote alone, each held out",
                    100 * accuracy.vote_held_out, "%"))

    long_answer = " ".join(c.answers[0].text for c in load_cases())  # ~1,500 words
    rubric = build_rubric(posting)
    start = time.perf_counter()
    score_answer("Tell me about a time you led a change.", long_answer, rubric)
    long_ms = (time.perf_counter() - start) * 1000
    rows.append(Row("scoring", f"score a {len(long_answer.split())}-word answer", long_ms, "ms"))
    return rows


_FRESH = """
import time
start = time.perf_counter()
from scoring import build_rubric, score_answer
rubric = build_rubric(open({posting!r}, encoding="utf-8").read())
score_answer({question!r}, {answer!r}, rubric)
print(time.perf_counter() - start)
"""


def _first_score_in_a_fresh_process() -> float:
    """Seconds from a fresh interpreter's first import of scoring to its first score: the spaCy
    pipeline's checks and load, building the rubric and scoring one answer."""
    code = _FRESH.format(posting=str(ROOT / "tests" / "postings" / "retail_store_manager.txt"),
                         question="Tell me about a time you turned a struggling store around.",
                         answer="Last year I took over a store that was bottom of the district. I "
                                "rebuilt the schedule in Kronos, coached the team every morning, "
                                "and comp sales rose nine percent in six months.")
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True,
                         check=True)
    return float(out.stdout.strip().splitlines()[-1])
