"""`make bench`: run every benchmark module and print one table (medians of several runs).

Each module bench/bench_*.py exposes `run() -> list[Row]`.
"""
from __future__ import annotations

import importlib
import pkgutil
import sys
import traceback
from pathlib import Path

from bench.common import Row, print_table


def main(argv: list[str]) -> int:
    only = set(argv)
    here = Path(__file__).parent
    rows: list[Row] = []
    failed = []
    for info in sorted(pkgutil.iter_modules([str(here)]), key=lambda m: m.name):
        if not info.name.startswith("bench_"):
            continue
        if only and info.name.removeprefix("bench_") not in only:
            continue
        print(f"running {info.name} ...", file=sys.stderr, flush=True)
        try:
            module = importlib.import_module(f"bench.{info.name}")
            rows.extend(module.run())
        except Exception:  # one broken benchmark should not hide the others' figures
            traceback.print_exc()
            failed.append(info.name)
    print_table(rows)
    if failed:
        print(f"benchmarks that failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
