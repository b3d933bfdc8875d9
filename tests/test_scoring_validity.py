"""Floors on the frozen validation set (tests/validation/): a regression in how the score agrees
with an interviewer's grades fails CI.

The set was written and graded by someone else before the scorer was tuned, and the scorer's
developer never read it: only aggregate figures were measured, four times in all (the runs are
listed in docs/scoring.md, "How well it agrees with an interviewer"). The floors sit a little
under the last measurement. Where the issue's target was missed, the floor holds what was
measured, not the target, and docs/scoring.md says so; nothing here relaxes the anchors or the set.

Only aggregates are asserted and shown on failure, never an answer, a grade or a pair.
"""
from __future__ import annotations

import functools
import math

import pytest

from bench import validity
from scoring import embeddings

MIN_KIND_ANSWERS = 10

# Measured at the final run (see docs/scoring.md), default install (no embeddings).
MEASURED_OVERALL = 0.83
MEASURED_PAIRS = 0.96           # 45 of 47
MEASURED_PUBLISHED = 0.86       # 12 of 14
MEASURED_BANDS = 0.67           # grade 1 <= 25, grade 3 in 40-65, grade 5 >= 80
MEASURED_BY_KIND = {
    "candidate_questions": 0.89, "company_knowledge": 0.90, "hypothetical": 0.88,
    "motivation": 0.97, "negotiation": 0.74, "past_story": 0.85, "pitch": 0.83, "process": 0.78,
    "self_assessment": 0.67, "self_summary": 0.96, "small_talk": 0.85, "work_style": 0.90,
}
# Kinds where the scorer beat answer length alone by a clear margin at the final run; in the
# others (hypothetical, company knowledge) it did not, which docs/scoring.md reports.
BEATS_LENGTH = ("candidate_questions", "motivation", "negotiation", "past_story", "pitch",
                "process", "self_assessment", "self_summary", "small_talk", "work_style")
MARGIN = 0.03


@functools.lru_cache(maxsize=1)
def _measured():
    embeddings.enable(False)      # the default install's scorer
    try:
        vset = validity.load_set()
        scores = validity.score_all(vset)
        return (vset, {f.kind: f for f in validity.figures(vset, scores)},
                {f.kind: f for f in validity.figures(vset, validity.length_scores(vset))},
                validity.published_accuracy(vset, scores))
    finally:
        embeddings.enable(None)


def test_overall_agreement_with_the_grades_does_not_regress():
    _, current, length, _ = _measured()
    rho = current["overall"].spearman
    assert rho >= MEASURED_OVERALL - 0.02, f"overall Spearman {rho:.3f}"
    assert rho > length["overall"].spearman + 0.15


def test_good_answers_still_beat_weak_ones():
    _, current, _, published = _measured()
    accuracy, n, _ties = current["overall"].pairs
    assert n >= 40 and accuracy >= MEASURED_PAIRS - MARGIN, f"pairs {accuracy:.3f} of {n}"
    assert published[0] >= MEASURED_PUBLISHED - 0.08, f"published pairs {published[0]:.3f}"


def test_the_bands_still_match_the_grades():
    _, current, _, _ = _measured()
    assert current["overall"].band_share >= MEASURED_BANDS - 0.05, \
        f"band agreement {current['overall'].band_share:.3f}"


@pytest.mark.parametrize("kind", sorted(MEASURED_BY_KIND))
def test_each_kind_keeps_its_agreement(kind):
    _, current, length, _ = _measured()
    fig = current[kind]
    assert fig.n >= MIN_KIND_ANSWERS
    assert not math.isnan(fig.spearman)
    assert fig.spearman >= MEASURED_BY_KIND[kind] - MARGIN, f"{kind}: Spearman {fig.spearman:.3f}"
    if kind in BEATS_LENGTH:
        assert fig.spearman > length[kind].spearman, \
            f"{kind}: {fig.spearman:.3f} vs length {length[kind].spearman:.3f}"


def test_every_kind_with_enough_answers_is_covered():
    vset, current, _, _ = _measured()
    kinds = {k for k, f in current.items() if k != "overall" and f.n >= MIN_KIND_ANSWERS}
    assert kinds == set(MEASURED_BY_KIND)


# Rubric recall on the set's 12 postings, measured after the last merges (docs/scoring.md):
# 82.4 % overall, worst posting 70.8 %, one item from benefits or boilerplate. The target
# (90 %, 80 % each, none) is missed; these floors keep it from sliding further.
MEASURED_RECALL, MEASURED_WORST_RECALL, MEASURED_MUST_NOT_ITEMS = 0.82, 0.70, 1


def test_the_rubric_finds_the_requirements_a_recruiter_would_list():
    results = validity.recall_all(validity.load_set())
    recall = validity.overall_recall(results)
    worst = min(r.recall for r in results)
    assert recall >= MEASURED_RECALL - 0.02, f"rubric recall {recall:.3f}"
    assert worst >= MEASURED_WORST_RECALL - 0.05, f"worst posting's recall {worst:.3f}"
    assert sum(len(r.must_not_items) for r in results) <= MEASURED_MUST_NOT_ITEMS, \
        "more rubric items from benefits or boilerplate than measured"
