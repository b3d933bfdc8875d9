"""Scoring validity on the frozen graded set (tests/validation/), next to two baselines.

Per answer kind and overall: Spearman between the overall score and the grade, pairwise accuracy
on the good-vs-weak pairs, band agreement; the same for answer length alone and for the previous
scorer (frozen scores in tests/validation/baseline_previous_scorer.json); pairwise accuracy on
the published pairs; rubric recall per posting and overall, and rubric items from the must-not
list. Targets are the issue's (overall Spearman >= 0.85, pairs >= 95 %, better than length alone
in every kind with >= 10 answers, recall >= 90 % overall and >= 80 % per posting, nothing from
benefits or boilerplate). `python -m bench.bench_validity` prints the same figures as one matrix.
"""
from __future__ import annotations

import math
import sys

from bench.common import Row, print_table
from bench.validity import BANDS, KindFigures, Report, evaluate, overall_recall

AREA = "validity"
MIN_KIND_ANSWERS = 10   # the issue: "better than length alone in every kind with >= 10 answers"


def _pct(share: float) -> float:
    return share * 100 if not math.isnan(share) else math.nan


def _by_kind(figs: list[KindFigures] | None) -> dict[str, KindFigures]:
    return {f.kind: f for f in figs} if figs else {}


def rows_from(report: Report) -> list[Row]:
    rows: list[Row] = []
    length = _by_kind(report.length)
    previous = _by_kind(report.previous)
    for cur in report.current:
        kind, n = cur.kind, cur.n
        base = length[kind]
        if kind == "overall":
            target, ok = ">= 0.85", (cur.spearman >= 0.85 if not math.isnan(cur.spearman) else False)
        elif n >= MIN_KIND_ANSWERS:
            target = f"> length ({base.spearman:.2f})"
            ok = (not math.isnan(cur.spearman)) and cur.spearman > base.spearman
        else:
            target, ok = "", None
        rows.append(Row(AREA, f"Spearman, {kind} (n={n}), current scorer", cur.spearman, "",
                        target, ok))
        rows.append(Row(AREA, f"Spearman, {kind} (n={n}), length alone", base.spearman, ""))
        if kind in previous:
            rows.append(Row(AREA, f"Spearman, {kind} (n={n}), previous scorer",
                            previous[kind].spearman, ""))
    for cur in report.current:
        acc, n_pairs, ties = cur.pairs
        if n_pairs == 0:
            continue
        kind = cur.kind
        target = ">= 95 %" if kind == "overall" else ""
        ok = (acc >= 0.95) if kind == "overall" else None
        rows.append(Row(AREA, f"pairs, {kind} ({n_pairs} pairs, {ties} ties), current scorer",
                        _pct(acc), "%", target, ok))
        rows.append(Row(AREA, f"pairs, {kind} ({n_pairs} pairs), length alone",
                        _pct(length[kind].pairs[0]), "%"))
        if kind in previous:
            rows.append(Row(AREA, f"pairs, {kind} ({n_pairs} pairs), previous scorer",
                            _pct(previous[kind].pairs[0]), "%"))
    for label, figure in (("current scorer", report.published_current),
                          ("length alone", report.published_length),
                          ("previous scorer", report.published_previous)):
        if figure and figure[1]:
            rows.append(Row(AREA, f"published pairs ({figure[1]} pairs), {label}",
                            _pct(figure[0]), "%"))
    overall = _by_kind(report.current)["overall"]
    prev_overall = previous.get("overall")
    for grade, (low, high) in BANDS.items():
        n_in, n = overall.bands[grade]
        if n == 0:
            continue
        rows.append(Row(AREA, f"grade {grade} in {low}-{high} (n={n}), current scorer",
                        100 * n_in / n, "%"))
        if prev_overall:
            p_in, p_n = prev_overall.bands[grade]
            rows.append(Row(AREA, f"grade {grade} in {low}-{high} (n={p_n}), previous scorer",
                            100 * p_in / p_n, "%"))
    recall = overall_recall(report.recall)
    rows.append(Row(AREA, f"rubric recall, {len(report.recall)} postings", _pct(recall), "%",
                    ">= 90 %", recall >= 0.90))
    for r in report.recall:
        rows.append(Row(AREA, f"rubric recall, {r.posting} ({len(r.found)}/"
                        f"{len(r.found) + len(r.missed)})", _pct(r.recall), "%", ">= 80 %",
                        r.recall >= 0.80))
    n_bad = sum(len(r.must_not_items) for r in report.recall)
    rows.append(Row(AREA, "rubric items from benefits/boilerplate (must-not list)", n_bad, "items",
                    "0", n_bad == 0))
    return rows


def run() -> list[Row]:
    return rows_from(evaluate())


def _fmt(x: float, pct: bool = False) -> str:
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "-"
    return f"{100 * x:.0f} %" if pct else f"{x:.2f}"


def print_matrix(report: Report) -> None:
    """One line per answer kind: Spearman and pair accuracy for the scorer and both baselines."""
    length = _by_kind(report.length)
    previous = _by_kind(report.previous)
    print("| kind | n | Spearman current | length | previous | pairs | pairs current | length |"
          " previous | bands current |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for cur in report.current:
        k = cur.kind
        prev = previous.get(k)
        print(f"| {k} | {cur.n} | {_fmt(cur.spearman)} | {_fmt(length[k].spearman)} | "
              f"{_fmt(prev.spearman) if prev else '-'} | {cur.pairs[1]} | "
              f"{_fmt(cur.pairs[0], True)} | {_fmt(length[k].pairs[0], True)} | "
              f"{_fmt(prev.pairs[0], True) if prev else '-'} | {_fmt(cur.band_share, True)} |")
    print()
    print("| rubric recall | found | missed | from the must-not list |")
    print("|---|---|---|---|")
    for r in report.recall:
        print(f"| {r.posting} | {len(r.found)}/{len(r.found) + len(r.missed)} | "
              f"{'; '.join(r.missed) or '-'} | {', '.join(r.must_not_items) or '-'} |")


def main(argv: list[str]) -> int:
    report = evaluate()
    print_matrix(report)
    print()
    print_table(rows_from(report))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
