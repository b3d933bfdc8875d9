"""Rubric extraction generalises: postings in fields the lexicon does not cover
(tests/rubric_dev/, see corpus.py) yield the requirements a thorough recruiter would list,
found by the validation bench's own matching rule (bench/validity.py).

The dev set was re-annotated in round 2 the way the validation annotators work (degree, years,
every licence, every duty, tools, standards, languages, people led) and grew to 24 postings.
Main's extractor before round 2 found 67 % there (37 % .. 100 % per posting); the floors below
hold what round 2 reaches, so a change that loses requirements fails here. The frozen validation
set lives elsewhere and is not used.
"""
from __future__ import annotations

import pytest

from rubric_dev.corpus import load_postings, measure, overall_recall, report
from scoring import build_rubric, find_mentions

DEV = load_postings()


def test_the_dev_set_is_varied_enough_to_mean_something():
    assert len(DEV) >= 19
    assert len({d.field.split("(")[0].strip() for d in DEV}) >= 8   # trades, clinical, legal, ...
    assert sum(len(d.requirements) for d in DEV) >= 500


def test_recall_over_the_dev_set_holds_its_floor():
    results = [measure(d) for d in DEV]
    assert overall_recall(results) >= 0.90, report(results)
    for r in results:
        assert r.recall >= 0.80, (r.posting, r.missed)


@pytest.mark.parametrize("dev", DEV, ids=lambda d: d.name)
def test_nothing_from_benefits_company_blurb_or_boilerplate_becomes_an_item(dev):
    assert measure(dev).forbidden == []


@pytest.mark.parametrize("dev", DEV, ids=lambda d: d.name)
def test_required_and_preferred_are_told_apart(dev):
    r = measure(dev)
    assert len(r.must_wrong) <= 1, r.must_wrong


# --- the pharmacy-technician posting a new user met (issue 9, section 5) -------------------------

PHARMACY = next(d for d in DEV if d.name == "hospital_pharmacy_technician").posting


def test_words_of_connective_phrases_are_not_must_haves():
    # "Epic or another EHR" and "a fast-paced schedule" made "Another" and "Scheduling" items
    keys = {i.keyword.lower() for i in build_rubric(PHARMACY)}
    assert "another" not in keys and "scheduling" not in keys, keys


def test_registration_licence_and_years_of_experience_are_requirements():
    rubric = build_rubric(PHARMACY)
    registration = next(i for i in rubric if "registration" in i.keyword.lower())
    assert registration.must_have and registration.kind == "certification", registration
    experience = next(i for i in rubric if i.min_years is not None)
    assert experience.min_years == 2 and experience.must_have, experience
    assert "pharmacy" in experience.keyword.lower()
    cphT = rubric.get("CPhT")
    assert cphT is not None and cphT.must_have


def test_a_preferred_certification_on_a_requirements_list_is_not_a_must_have():
    rubric = build_rubric(PHARMACY)
    cspt = next(i for i in rubric if i.keyword.upper().startswith("CSPT"))
    assert not cspt.must_have, cspt


def test_a_nice_to_have_in_brackets_does_not_demote_the_rest_of_the_line():
    rubric = build_rubric("You have\n- Advanced QuickBooks Online skills (QuickBooks certification "
                          "is a bonus)\n- 3+ years of full-charge bookkeeping experience\n")
    assert rubric.get("QuickBooks").must_have


def test_duty_lines_give_their_activities_as_verb_object_requirements():
    rubric = build_rubric("Responsibilities\n- Reconcile bank statements every month\n"
                          "- Maintain patient charts and records\n- Place IV catheters and draw blood\n"
                          "- Pursue subrogation opportunities\n")
    keys = {i.keyword.lower() for i in rubric}
    assert {"bank statements", "iv catheters", "subrogation"} <= keys, keys
    assert "patient charts" in keys or "charting" in keys, keys   # the lexicon knows charts
    item = rubric.get("Bank statements")
    assert find_mentions("I reconciled the bank statements for three stores.", item)


def test_a_duty_s_purpose_and_its_setting_are_not_requirements():
    rubric = build_rubric("Responsibilities\n- Build financial models in Excel to support pricing\n"
                          "Requirements\n- Proven leadership of teams in a high-volume store\n")
    keys = {i.keyword.lower() for i in rubric}
    assert "pricing" not in keys and "store" not in keys, keys
    assert "financial models" in keys or "financial modeling" in keys, keys


def test_experience_years_survive_a_json_round_trip():
    rubric = build_rubric("Requirements\n- 3+ years of hands-on HVAC service experience\n")
    item = next(i for i in rubric if i.min_years)
    assert item.min_years == 3
    again = type(rubric).from_json(rubric.to_json())
    assert again.get(item.keyword).min_years == 3
