"""Shared helpers for the benchmarks: timing with medians and one printed table."""
from __future__ import annotations

import statistics
import time
from dataclasses import dataclass
from typing import Callable


@dataclass
class Row:
    area: str          # "tts", "transcribe", "scoring", "app", ...
    measure: str       # what was measured, e.g. "25-word question, uncached"
    value: float
    unit: str          # "ms", "s", "MB", "%", "x" ...
    target: str = ""   # e.g. "<= 200 ms"; empty when there is no target
    ok: bool | None = None  # None when there is no target


def median_time(fn: Callable[[], object], runs: int = 5, warmup: int = 1) -> float:
    """Median wall-clock seconds of `runs` calls of fn after `warmup` calls."""
    for _ in range(warmup):
        fn()
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def print_table(rows: list[Row]) -> None:
    print("| area | measure | value | target | met |")
    print("|---|---|---|---|---|")
    for r in rows:
        met = "" if r.ok is None else ("yes" if r.ok else "NO")
        value = f"{r.value:.3g} {r.unit}" if abs(r.value) < 1000 else f"{r.value:.0f} {r.unit}"
        print(f"| {r.area} | {r.measure} | {value} | {r.target} | {met} |")
