"""The packaged question data: the second-interview bank, the candidate's own questions, and
the templates that turn a job posting's requirements into job-specific questions."""
from __future__ import annotations

import re
from collections import Counter

import pytest

from question_bank import (
    ASK_WHOM, CATEGORIES, CLOSING_QUESTION_ID, TOPICS, Question, QuestionFileError, job_questions,
    load_bank,
    load_candidate_questions, load_templates,
)
from question_bank.load import DATA_DIR, validate_bank_file
from question_bank.select import similar
from scoring import Rubric, RubricItem, build_rubric

POSTING = """Customer Success Manager

Requirements:
- 3+ years of experience with Salesforce (must have)
- Excellent stakeholder management and communication skills
- BLS certification required
- Experience in healthcare

Nice to have: SQL, Jira
"""


# --- the bank ---------------------------------------------------------------------------------

def test_the_shipped_bank_is_valid_and_large_enough():
    bank = validate_bank_file()  # parses the YAML and checks every field; raises QuestionFileError
    assert len(bank) >= 150
    assert all(isinstance(q, Question) and q.source == "bank" for q in bank)
    assert load_bank() == bank  # the fast (compiled) path gives exactly the validated questions


def test_a_broken_bank_file_is_reported_with_line_and_field(tmp_path):
    text = (DATA_DIR / "questions.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "questions.yaml"
    broken.write_text(text.replace("difficulty: 2", "difficulty: two", 1), encoding="utf-8")
    line = next(i for i, row in enumerate(broken.read_text().splitlines(), 1) if "difficulty: two" in row)
    with pytest.raises(QuestionFileError, match=rf"^questions\.yaml, line {line}, field 'difficulty'"):
        validate_bank_file(broken)


def test_every_category_has_at_least_eight_questions():
    counts = Counter(q.category for q in load_bank())
    assert set(counts) == set(CATEGORIES)
    assert min(counts.values()) >= 8, counts


def test_ids_and_texts_are_unique_and_no_two_questions_are_near_duplicates():
    bank = load_bank()
    assert len({q.id for q in bank}) == len(bank)
    assert len({q.text.lower() for q in bank}) == len(bank)
    by_category: dict[str, list[Question]] = {}
    for q in bank:
        by_category.setdefault(q.category, []).append(q)
    pairs = [(a.id, b.id) for qs in by_category.values()
             for i, a in enumerate(qs) for b in qs[i + 1:] if similar(a.text, b.text)]
    assert pairs == []


def test_ids_are_stable_category_prefixes_with_numbers():
    prefixes = {}
    for q in load_bank():
        match = re.fullmatch(r"([a-z]+)-(\d{3})", q.id)
        assert match, q.id
        prefixes.setdefault(match.group(1), set()).add(q.category)
    assert all(len(categories) == 1 for categories in prefixes.values()), prefixes


def test_every_question_carries_its_coaching_fields():
    for q in load_bank():
        assert q.difficulty in (1, 2, 3)
        low, high = q.expected_seconds
        assert 5 <= low < high <= 600, q.id
        assert q.competencies and all(re.fullmatch(r"[a-z0-9-]+", c) for c in q.competencies), q.id
        assert q.looking_for and q.tip and q.follow_up, q.id
        assert q.text.endswith(("?", ".")), q.id


def test_answer_lengths_follow_the_kind_of_question():
    bank = load_bank()
    behavioural = [q for q in bank if q.category == "behavioural"]
    # the candidate's own questions take longer than the rest of the closing logistics
    logistics = [q for q in bank if q.category == "closing" and q.answer_kind != "candidate_questions"]
    assert all(q.star for q in behavioural)
    assert all(q.expected_seconds[1] >= 100 for q in behavioural)
    assert all(q.expected_seconds[1] <= 60 for q in logistics)


def test_the_bank_covers_the_second_interview_topics_of_the_guide():
    texts = " ".join(q.text.lower() for q in load_bank())
    assert "plans for growth" in texts                                  # company knowledge
    assert "last time you mentioned" in texts                           # first-interview follow-up
    for topic in ("salary", "start", "references", "notice period", "tour", "why should we pick you"):
        assert topic in texts, topic


def test_the_closing_question_is_in_the_bank():
    closing = {q.id: q for q in load_bank()}[CLOSING_QUESTION_ID]
    assert closing.category == "closing"
    assert "what questions do you have for us" in closing.text.lower()


def test_loading_is_cached():
    assert load_bank() == load_bank()
    assert load_bank() is not load_bank()  # callers get their own list to modify


def test_questions_survive_a_json_round_trip():
    import json
    for q in load_bank()[:20]:
        assert Question.from_dict(json.loads(json.dumps(q.to_dict()))) == q


# --- questions the candidate asks -------------------------------------------------------------

GUIDE_QUESTIONS = [
    "biggest challenge facing someone starting in this job",
    "interactional style",
    "performance expectations for the first six months",
    "special projects",
    "how do you see this role developing",
    "plans for growth",
    "where does the company see itself",
    "qualities of people that are successful here",
    "long term possibilities",
    "training or coaching",
    "how will my performance be measured",
]


def test_candidate_questions_include_the_guides_eleven_and_fifteen_more():
    questions = load_candidate_questions()
    texts = [q.text.lower() for q in questions]
    for phrase in GUIDE_QUESTIONS:
        assert any(phrase in t for t in texts), phrase
    assert sum(q.from_guide for q in questions) == 11
    assert sum(not q.from_guide for q in questions) >= 15


def test_candidate_questions_have_purpose_topic_and_valid_audience():
    questions = load_candidate_questions()
    assert len({q.id for q in questions}) == len(questions)
    assert all(q.purpose and q.topic in TOPICS for q in questions)
    assert all(q.ask_whom is None or q.ask_whom in ASK_WHOM for q in questions)
    assert {q.topic for q in questions} == set(TOPICS)


def test_candidate_questions_can_be_filtered_by_topic():
    growth = load_candidate_questions("growth")
    assert growth and all(q.topic == "growth" for q in growth)


# --- job-specific questions from templates ----------------------------------------------------

AWKWARD_KEYWORDS = {
    "tool": ["Salesforce", "SQL", "Microsoft Excel", "JavaScript"],
    "skill": ["stakeholder management", "Project Management", "data analysis"],
    "certification": ["BLS certification", "PMP", "CPA licence"],
    "domain": ["healthcare", "B2B SaaS", "payments"],
    "soft_skill": ["communication", "attention to detail", "Teamwork"],
}


def _item(keyword, kind, weight=2.0, must_have=False):
    return RubricItem(keyword=keyword, kind=kind, weight=weight, must_have=must_have)


@pytest.mark.parametrize("kind", list(AWKWARD_KEYWORDS))
def test_every_template_reads_well_for_every_kind_of_keyword(kind):
    templates = load_templates()[kind]
    assert len(templates) >= 4
    for keyword in AWKWARD_KEYWORDS[kind]:
        rubric = Rubric(items=[_item(keyword, kind)])
        questions = job_questions(rubric, len(templates), seed=0)
        assert len({q.id for q in questions}) == len(templates)  # every template used once
        for q in questions:
            assert "{" not in q.text + q.looking_for + q.tip + q.follow_up
            assert q.text[0].isupper() and q.text.endswith(("?", ".")), q.text
            assert "  " not in q.text and not re.search(r"\b(a|an) " + re.escape(keyword), q.text)
            assert keyword.lower().split()[0] in q.text.lower(), q.text
            assert q.requirement == keyword and q.source == "template"
            assert q.category in ("role_depth", "behavioural")


def test_title_case_skills_are_lowered_but_names_and_acronyms_are_kept():
    rubric = Rubric(items=[_item("Stakeholder Management", "skill", must_have=True),
                           _item("SQL", "tool"), _item("BLS", "certification")])
    texts = " ".join(q.text for q in job_questions(rubric, 3, seed=0))
    assert "stakeholder management" in texts
    assert "SQL" in texts
    assert "BLS certification" in texts  # a bare certification name gets its noun


def test_job_questions_start_with_the_heaviest_must_haves():
    rubric = Rubric(items=[
        _item("Jira", "tool", weight=1.0),
        _item("Salesforce", "tool", weight=3.0, must_have=True),
        _item("healthcare", "domain", weight=3.5, must_have=True),
        _item("SQL", "tool", weight=5.0),  # heavy, but not a must-have
    ])
    questions = job_questions(rubric, 4, seed=0)
    assert [q.requirement for q in questions] == ["healthcare", "Salesforce", "SQL", "Jira"]


def test_job_question_ids_are_deterministic_and_name_the_keyword():
    rubric = build_rubric(POSTING)
    first = job_questions(rubric, 6, seed=7)
    assert first == job_questions(rubric, 6, seed=7)
    for q in first:
        assert q.id.startswith("job-") and re.fullmatch(r"job-[a-z0-9+#-]+", q.id)
    salesforce = next(q for q in first if q.requirement == "Salesforce")
    assert salesforce.id.startswith("job-salesforce-tool-")


def test_more_questions_than_requirements_uses_other_templates():
    rubric = Rubric(items=[_item("Salesforce", "tool", must_have=True)])
    questions = job_questions(rubric, 3, seed=0)
    assert len(questions) == 3 and len({q.text for q in questions}) == 3


def test_questions_from_a_real_posting_cover_its_must_haves():
    rubric = build_rubric(POSTING)
    must = {i.keyword for i in rubric.must_haves()}
    questions = job_questions(rubric, len(must), seed=0)
    assert {q.requirement for q in questions} == must


def test_no_rubric_means_no_job_questions():
    assert job_questions(None, 5, seed=0) == []
    assert job_questions(Rubric(items=[]), 5, seed=0) == []
