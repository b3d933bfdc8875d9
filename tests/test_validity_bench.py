"""The validity evaluation (bench/validity.py, printed by bench/bench_validity.py) runs on the
frozen set and prints what it computes. No floors here: the lead sets those after measuring."""
from __future__ import annotations

import json
import math
import re

import pandas as pd
import pytest

from bench import bench_validity, validity


@pytest.fixture(scope="module")
def vset():
    return validity.load_set()


def test_spearman_matches_a_hand_worked_example():
    assert validity.spearman([1, 2, 3, 4], [10, 20, 30, 40]) == pytest.approx(1.0)
    assert validity.spearman([1, 2, 3, 4], [4, 3, 2, 1]) == pytest.approx(-1.0)
    # Ties share their average rank: x ranks 1, 2.5, 2.5, 4 against 1, 2, 3, 4 -> 4.5 / sqrt(22.5).
    assert validity.spearman([1, 2, 2, 3], [1, 2, 3, 4]) == pytest.approx(4.5 / math.sqrt(22.5))
    assert math.isnan(validity.spearman([5, 5, 5], [1, 2, 3]))


def test_a_tied_pair_counts_as_a_miss():
    assert validity.pair_accuracy([(60, 40), (50, 50), (30, 70)]) == (pytest.approx(1 / 3), 3, 1)


def test_recall_matching_accepts_other_wordings_but_not_a_pasted_sentence():
    assert validity.term_matches("Bank reconciliations", ["bank reconciliation"])
    assert validity.term_matches("reconciling bank statements", ["reconcile bank statement"])
    assert validity.term_matches("USP 797 garbing procedures", ["garbing"])
    assert not validity.term_matches("Sterile compounding experience and successful completion of "
                                     "our media-fill testing", ["media fill"])
    assert not validity.term_matches("Compounding", ["sterile compounding"])
    assert validity.term_matches("Scheduling", ["fast-paced schedule", "scheduling"])


def test_the_set_is_complete_and_consistent(vset):
    assert len(vset.postings) >= 12 and len(vset.answers) >= 180 and len(vset.pairs) >= 30
    for annotation in vset.postings.values():
        assert 15 <= len(annotation.requirements) <= 30, annotation.slug
        assert 300 <= len(annotation.text.split()) <= 900, annotation.slug
    for kind in vset.kinds:
        grades = {a.grade for a in vset.answers if a.answer_kind == kind}
        assert grades == {1, 2, 3, 4, 5}, kind
        assert sum(a.answer_kind == kind for a in vset.answers) >= 12, kind
    for pair in vset.pairs:
        better, worse = vset.by_id[pair.better], vset.by_id[pair.worse]
        assert (better.posting, better.question) == (worse.posting, worse.question), pair.id
        assert better.grade > worse.grade, pair.id
        if "worse_longer" in pair.traps:
            assert len(worse.text.split()) > len(better.text.split()), pair.id


def test_the_frozen_baseline_has_a_score_for_everything(vset):
    data = json.loads(validity.BASELINE_FILE.read_text(encoding="utf-8"))
    assert re.fullmatch(r"[0-9a-f]{40}", data["commit"])
    expected = {a.id for a in vset.answers}
    expected |= {f"{p.id}/{side}" for p in vset.published for side in ("better", "worse")}
    assert set(data["scores"]) == expected
    assert all(0 <= s <= 100 for s in data["scores"].values())


@pytest.fixture(scope="module")
def printed(vset):
    """The bench's own printed table (python -m bench.bench_validity), captured once."""
    import contextlib
    import io

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert bench_validity.main([]) == 0
    return out.getvalue()


def _printed_value(table: str, measure: str) -> float:
    for line in table.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 3 and cells[0] == "validity" and cells[1] == measure:
            return float(cells[2].split()[0])
    raise AssertionError(f"no printed row {measure!r}")


def test_the_printed_length_baseline_is_what_the_set_gives(vset, printed):
    # Recomputed here independently: words per answer, pandas' ranks and correlation, plain counting.
    frame = pd.DataFrame({"kind": [a.answer_kind for a in vset.answers],
                          "grade": [a.grade for a in vset.answers],
                          "words": [len(a.text.split()) for a in vset.answers]})
    groups = [(k, frame[frame.kind == k]) for k in sorted(frame.kind.unique())]
    for kind, part in [*groups, ("overall", frame)]:
        expected = part["words"].rank().corr(part["grade"].rank())  # Spearman = Pearson on ranks
        shown = _printed_value(printed, f"Spearman, {kind} (n={len(part)}), length alone")
        assert shown == pytest.approx(expected, abs=6e-4), kind
    words = {a.id: len(a.text.split()) for a in vset.answers}
    wins = sum(words[p.better] > words[p.worse] for p in vset.pairs)
    shown = _printed_value(printed, f"pairs, overall ({len(vset.pairs)} pairs), length alone")
    assert shown == pytest.approx(100 * wins / len(vset.pairs), abs=0.06)


def test_the_printed_previous_scorer_figures_come_from_the_frozen_file(vset, printed):
    scores = json.loads(validity.BASELINE_FILE.read_text(encoding="utf-8"))["scores"]
    expected = pd.Series([scores[a.id] for a in vset.answers]).rank().corr(
        pd.Series([a.grade for a in vset.answers]).rank())
    shown = _printed_value(printed, f"Spearman, overall (n={len(vset.answers)}), previous scorer")
    assert shown == pytest.approx(expected, abs=6e-4)


def test_the_current_scorer_is_measured_on_every_kind_and_posting(vset, printed):
    for kind in [*vset.kinds, "overall"]:
        n = len(vset.answers) if kind == "overall" else sum(a.answer_kind == kind
                                                            for a in vset.answers)
        value = _printed_value(printed, f"Spearman, {kind} (n={n}), current scorer")
        assert -1 <= value <= 1
    for slug, annotation in vset.postings.items():
        assert f"| validity | rubric recall, {slug} (" in printed
    assert "| validity | rubric items from benefits/boilerplate (must-not list) |" in printed
