"""Reading a question aloud: a 25-word question uncached (<= 200 ms) and cached (<= 5 ms)."""
from __future__ import annotations

import os
import statistics
import tempfile
import time

from bench.common import Row

QUESTION_25_WORDS = ("Question {n}: tell me about a time you had to change a plan at the last "
                     "minute, what you did, and what the result was.")
RUNS = 7


def _median_ms(calls) -> float:
    times = []
    for call in calls:
        start = time.perf_counter()
        call()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def run() -> list[Row]:
    with tempfile.TemporaryDirectory() as data_dir:
        previous = os.environ.get("CALLBACK_DATA_DIR")
        os.environ["CALLBACK_DATA_DIR"] = data_dir  # a fresh, empty cache
        try:
            from speech.tts import synthesize

            synthesize("Warm up the engine.")  # engine creation is a one-off per process
            texts = [QUESTION_25_WORDS.format(n=n) for n in range(RUNS)]
            assert all(len(t.split()) == 25 for t in texts)
            # Unique texts, so every call really synthesizes.
            uncached = _median_ms([lambda t=t: synthesize(t) for t in texts])
            # The same texts again, now served from the disk cache.
            cached = _median_ms([lambda t=t: synthesize(t) for t in texts])
        finally:
            if previous is None:
                os.environ.pop("CALLBACK_DATA_DIR", None)
            else:
                os.environ["CALLBACK_DATA_DIR"] = previous
    return [
        Row("tts", "25-word question, uncached", uncached, "ms", "<= 200 ms", uncached <= 200),
        Row("tts", "25-word question, cached", cached, "ms", "<= 5 ms", cached <= 5),
    ]


if __name__ == "__main__":
    from bench.common import print_table

    print_table(run())
