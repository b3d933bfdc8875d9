"""Rubrics from postings in fields the scorer was not built on (tests/postings_extra/).

A pharmacy technician, a data analyst at a bank (pasted as HTML) and a UK primary teacher (one
paragraph). A reader would list the same requirements; the rubric must not invent any from pay,
years, amounts, company names, generic single words, or a neighbouring compound ("medication
reconciliation" is not account reconciliation, a "Snowflake warehouse" is not warehouse work).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from scoring import build_rubric, find_mentions
from scoring.lexicon import GENERIC_NOUNS

POSTINGS = Path(__file__).parent / "postings_extra"


def rubric_of(name: str):
    return build_rubric((POSTINGS / name).read_text(encoding="utf-8"))


# (posting, [(keyword, kind, must_have)], keywords that must not be items, words never in any item)
EXPECTED = {
    "pharmacy_technician.txt": (
        [("CPhT", "certification", True), ("HIPAA", "domain", True),
         ("Attention to detail", "soft_skill", True), ("Retail pharmacy", "domain", True),
         ("Dispensing", "domain", False), ("Medication reconciliation", "domain", False),
         ("Insurance billing", "domain", False), ("Controlled substances", "domain", False),
         ("Customer service", "skill", False), ("Compounding", "domain", False)],
        ["Account reconciliation", "Retail"],
        ["dental", "401(k)", "discount", "equal opportunity", "$", "Maple"],
    ),
    "bank_data_analyst.txt": (
        [("SQL", "tool", True), ("Data analysis", "skill", True), ("Excel", "tool", True),
         ("Python", "tool", True), ("Statistics", "domain", True),
         ("Communication", "soft_skill", True), ("Power BI", "tool", False),
         ("Snowflake", "tool", False), ("Regulatory reporting", "domain", False),
         ("Credit risk", "domain", False), ("Data quality", "domain", False),
         ("Data governance", "domain", False), ("Tableau", "tool", False)],
        ["Warehouse operations", "Leadership", "Northgate Bank"],
        ["£", "pension", "holiday", "medical insurance", "equal opportunities", "Leeds"],
    ),
    "uk_primary_teacher.txt": (
        [("QTS", "certification", True), ("Classroom management", "domain", True),
         ("Safeguarding", "domain", True), ("Communication", "soft_skill", True),
         ("National Curriculum", "domain", True), ("Formative assessment", "domain", False),
         ("SEND", "domain", False), ("Phonics", "domain", False),
         ("Google Classroom", "tool", False)],
        ["DBS", "Oakfield", "September"],
        ["DBS", "cycle to work", "MPS", "pay scale", "Ofsted"],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_a_fresh_posting_yields_the_requirements_a_reader_would_list(name):
    rubric = rubric_of(name)
    wanted, _, _ = EXPECTED[name]
    for keyword, kind, must_have in wanted:
        item = rubric.get(keyword)
        assert item is not None, f"{keyword!r} missing: {rubric.keywords()}"
        assert (item.kind, item.must_have) == (kind, must_have), f"{keyword}: {item}"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_boilerplate_and_neighbouring_terms_never_become_items(name):
    rubric = rubric_of(name)
    _, absent, never = EXPECTED[name]
    for keyword in absent:
        assert rubric.get(keyword) is None, f"{keyword!r} should not be an item"
    for item in rubric:
        for word in never:
            assert word.lower() not in item.keyword.lower(), (word, item.keyword)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_no_item_is_an_amount_a_year_or_a_bare_generic_word(name):
    for item in rubric_of(name):
        assert not re.search(r"[$£€]|\d{4}|\d+\s*(?:k|%)\b", item.keyword), item.keyword
        assert item.keyword.lower() not in GENERIC_NOUNS, item.keyword


def test_a_compound_with_another_head_word_is_its_own_item_not_a_lexicon_term():
    rubric = build_rubric("Responsibilities:\n- Lead the weekly intercompany reconciliation and employee "
                          "onboarding\n- Perform reconciliations of supplier accounts\n")
    assert rubric.get("Account reconciliation") is not None      # "perform reconciliations"
    assert rubric.get("Intercompany reconciliation") is not None
    assert rubric.get("Customer onboarding") is None


def test_money_years_and_job_titles_are_conditions_not_requirements():
    rubric = build_rubric("Requirements:\n- Track record of managing budgets over $500k\n"
                          "- 5+ years of progressive HR experience\n"
                          "- Experience as Assistant Manager or Supervisor\n"
                          "- 3+ years in performance or brand marketing\n")
    keys = [k.lower() for k in rubric.keywords()]
    assert "budgeting" in keys
    assert "performance marketing" in keys                      # "performance" takes the head
    assert not any("$" in k or "500" in k or "progressive" in k for k in keys), keys
    assert not {"manager", "supervisor", "performance", "hr"} & set(keys), keys
    assert all(i.kind != "tool" for i in rubric if i.keyword[:1].islower()), rubric.keywords()


def test_the_posting_s_own_wording_still_finds_the_answer_s_wording():
    rubric = rubric_of("pharmacy_technician.txt")
    assert find_mentions("I did the med rec for every discharge that week.",
                         rubric.get("Medication reconciliation"))
    hotel = build_rubric("Requirements:\n- Excellent knowledge of Opera PMS\n")
    assert find_mentions("I rebuilt the rate codes in Opera.", hotel.get("Opera PMS"))
