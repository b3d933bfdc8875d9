"""Agreement with the grades on the scorer's own tuning set (tests/tuning/): the figure the scorer
was tuned against, printed beside answer length alone. The frozen validation set, which the
scorer was not tuned on, is measured by bench/bench_validity.py.

Per answer kind and overall: Spearman between the overall score and the grade; pairwise accuracy
on the good-vs-weak pairs; band agreement (grade 1 <= 25, grade 3 in 40-65, grade 5 >= 80).
`python -m bench.bench_tuning` prints the table.
"""
from __future__ import annotations

import sys
from pathlib import Path

from bench.common import Row, print_table

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from tuning import corpus  # noqa: E402

AREA = "tuning"
BANDS = {1: (0, 25), 3: (40, 65), 5: (80, 100)}


def run() -> list[Row]:
    answers = corpus.load()
    scores = {a.id: corpus.score(a).overall for a in answers}
    rows: list[Row] = []
    kinds = sorted({a.kind for a in answers})
    for kind in [*kinds, "overall"]:
        part = [a for a in answers if kind == "overall" or a.kind == kind]
        grades = [a.grade for a in part]
        rho = corpus.spearman([scores[a.id] for a in part], grades)
        length = corpus.spearman([len(a.text.split()) for a in part], grades)
        rows.append(Row(AREA, f"Spearman, {kind} (n={len(part)})", rho, "", f"> length ({length:.2f})",
                        rho > length))
    pairs = corpus.pairs()
    wins = sum(scores[p.better.id] > scores[p.worse.id] for p in pairs)
    rows.append(Row(AREA, f"pairs ({len(pairs)})", 100 * wins / len(pairs), "%"))
    for grade, (low, high) in BANDS.items():
        inside = [low <= scores[a.id] <= high for a in answers if a.grade == grade]
        rows.append(Row(AREA, f"grade {grade} in {low}-{high} (n={len(inside)})",
                        100 * sum(inside) / len(inside), "%"))
    return rows


if __name__ == "__main__":
    print_table(run())
