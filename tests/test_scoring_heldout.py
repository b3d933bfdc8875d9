"""Held-out check: labelled answers the scorer was not tuned on (tests/heldout/*.yaml).

Six postings in fields the calibration set does not cover (warehouse, marketing, civil
engineering, HR, hotel front office, security operations), pasted as HTML, as one paragraph or
with odd bullets and boilerplate. The answers are typed and spoken (lowercase, unpunctuated,
numbers as words, fillers, British spellings) and include the tricks a scorer must not fall for:
keyword stuffing in a sentence, repeated keyword spam, a long on-topic ramble with no result,
"I have never used X", near-words ("monitoring" is not "mentoring") and answers about another job.

The properties are the ones the calibration set checks, because they are what a user relies on.
"""
from __future__ import annotations

import functools

import pytest

from calibration.corpus import resolve_annotation, rubric_for, score_cases
from heldout.corpus import LABELS, load_cases

CASES = load_cases()


@functools.lru_cache(maxsize=None)
def _scored():
    return score_cases(CASES)


def _by_label(case):
    return {a.label: s for c, a, s in _scored() if c is case}


def _score_of(question_id: str, label: str):
    return next(s for c, a, s in _scored() if c.question.id == question_id and a.label == label)


def test_the_held_out_set_is_big_and_varied_enough_to_mean_something():
    answers = [a for c in CASES for a in c.answers]
    assert len({c.posting_name for c in CASES}) >= 6
    assert len(answers) >= 40
    assert {a.label for a in answers} == set(LABELS)
    assert any(a.mode == "spoken" for a in answers) and any(a.mode == "typed" for a in answers)


# Orderings the scorer still gets wrong, kept visible rather than tuned away (strict: the test
# fails the day they start passing, so the mark gets removed). See docs/scoring.md, Known limits.
# Empty since relevance learned related concepts: "a chance to learn new things" answers "how
# have you developed your people", and "wasn't getting many sign-ups" / "expensive" answer "a
# paid campaign that was underperforming".
KNOWN_MISORDERED: dict[str, str] = {}


def _ordering_cases():
    for c in CASES:
        reason = KNOWN_MISORDERED.get(c.question.id)
        marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
        yield pytest.param(c, id=c.question.id, marks=marks)


@pytest.mark.parametrize("case", list(_ordering_cases()))
def test_strong_beats_medium_beats_weak(case):
    s = _by_label(case)
    assert s["strong"].overall > s["medium"].overall > s["weak"].overall, {
        k: v.overall for k, v in s.items()}


@pytest.mark.parametrize("case", [c for c in CASES if any(a.label == "keyword_list"
                                                          for a in c.answers)],
                         ids=lambda c: c.question.id)
def test_a_list_of_the_postings_keywords_scores_far_below_a_real_answer(case):
    s = _by_label(case)
    assert s["strong"].overall >= s["keyword_list"].overall + 20
    assert s["keyword_list"].overall <= 30
    assert s["keyword_list"].overall < s["medium"].overall
    assert any("list" in cap for cap in s["keyword_list"].caps)


def test_off_topic_and_one_word_answers_score_at_most_30_and_say_why():
    capped = [(c, a, s) for c, a, s in _scored() if a.label in {"off_topic", "one_word"}]
    assert len(capped) >= 8
    for case, answer, score in capped:
        assert score.overall <= 30, (case.question.id, answer.label, score.overall)
        assert score.caps, (case.question.id, answer.label)


def test_matched_keywords_agree_with_the_annotated_evidence():
    tp = fp = fn = 0
    unresolved, wrong = [], []
    for case, answer, score in _scored():
        rubric = rubric_for(case.posting_text)
        wanted = set()
        for name in answer.evidences:
            keyword = resolve_annotation(name, rubric)
            if keyword is None:
                unresolved.append(name)
            else:
                wanted.add(keyword)
        got = {h.keyword for h in score.matched}
        tp += len(got & wanted)
        fp += len(got - wanted)
        fn += len(wanted - got)
        if got != wanted:
            wrong.append((case.question.id, answer.label, sorted(got - wanted),
                          sorted(wanted - got)))
    assert not unresolved, f"annotations the rubric does not contain: {unresolved}"
    precision, recall = tp / (tp + fp), tp / (tp + fn)
    assert precision >= 0.9 and recall >= 0.9, (precision, recall, wrong)


def test_saying_you_never_used_a_tool_does_not_count_as_using_it():
    # "I have never used Manhattan or SAP", "I haven't used Splunk myself ... never wrote SPL"
    for qid in ("wh-wms", "cy-splunk", "mk-data"):
        weak = _score_of(qid, "weak")
        assert not weak.matched, (qid, [(h.keyword, h.quote) for h in weak.matched])


def test_a_word_that_only_looks_like_a_requirement_is_not_that_requirement():
    # "I started monitoring the rates" / "I set up monitoring of the absence data": not mentoring.
    for qid, label in (("wh-accuracy", "medium"), ("hr-case", "weak")):
        hits = {h.keyword for h in _score_of(qid, label).matched}
        assert "Coaching" not in hits, (qid, label, hits)


def test_feedback_is_two_to_four_lines_that_point_at_this_answer():
    for case, answer, score in _scored():
        assert 2 <= len(score.feedback) <= 4, (case.question.id, answer.label, score.feedback)
        assert len(set(score.feedback)) == len(score.feedback)


def test_every_hit_quotes_the_words_that_evidence_it():
    for case, answer, score in _scored():
        text = answer.text
        for hit in score.matched:
            assert 0 <= hit.start < hit.end <= len(text)
            said = text[hit.start:hit.end]
            assert said.split()[0].strip(",.").lower() in hit.quote.lower()
