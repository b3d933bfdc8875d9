"""The rubric lists what a thorough recruiter would list (issue 9, section 3): the degree, years of
experience as a requirement of their own, every licence, every duty as the recruiter names it,
standards with their numbers, people led; and nothing from perks, hiring boilerplate or the words
that only join a sentence together.

"Found" means what the validation bench means (bench/validity.py, imported): a rubric item's
keyword or a variant equals the recruiter's wording or holds it with at most four more words,
after lower-casing, dropping function words and light stemming.
"""
from __future__ import annotations

import pytest

from bench.validity import term_matches
from scoring import build_rubric
from scoring.rubric import MAX_ITEMS


def terms(rubric) -> list[str]:
    return [t for item in rubric for t in (item.keyword, *item.variants)]


def finds(rubric, *forms: str) -> bool:
    """Does some item name the requirement (any of its wordings), by the bench's rule?"""
    return any(term_matches(t, forms) for t in terms(rubric))


def keywords(rubric) -> set[str]:
    return {i.keyword.lower() for i in rubric}


# --- perks, boilerplate and connectives ---------------------------------------------------------

PERKS_UNDER_OTHER_HEADINGS = """Service Plumber
WHAT YOU'LL DO
- Diagnose and repair leaks in copper and PEX lines
- Install tankless water heaters
WHAT YOU'LL NEED
- Ohio journeyman plumber license
LIFE AT BLUEWATER
Top techs earn $38-$52/hr plus spiffs. 401(k) with 4% company match after 90 days, medical/dental/vision, 15 days PTO, paid parking at our shop, and an Employee Assistance Program for you and your family. Another reason people stay: every plumber gets 40 hours of paid continuing education a year.

The good stuff
Tuition assistance up to $5,250 a year; free parking; volunteer days. Another perk: we reimburse your certification fees.
"""


def test_perks_are_no_items_even_when_the_heading_does_not_say_benefits():
    rubric = build_rubric(PERKS_UNDER_OTHER_HEADINGS)
    for item in rubric:
        low = " ".join([item.keyword, *item.variants]).lower()
        for perk in ("match", "parking", "assistance", "pto", "spiffs", "continuing education",
                     "tuition", "volunteer", "another", "certification fees"):
            assert perk not in low, (perk, item)
    assert finds(rubric, "journeyman plumber license") and finds(rubric, "tankless water heaters")


def test_connective_words_never_open_an_item():
    rubric = build_rubric("Requirements\n- Experience with Epic or another EHR\n"
                          "- Other related duties and various clerical tasks as assigned\n"
                          "Nice to have\n- Another language, ideally Spanish\n")
    for item in rubric:
        first = item.keyword.split()[0].lower()
        assert first not in ("another", "other", "related", "various"), item


HR_LINES = """HR Generalist
What you'll do
- Conduct workplace investigations into complaints of harassment and discrimination
- Prepare EEO-1 and affirmative action plan (AAP) reports
- Document findings and recommend related actions
- Process workers' compensation claims and OSHA recordkeeping
Requirements
- Knowledge of federal, state and local employment laws (FLSA, FMLA, ADA, Title VII)
- Knowledge of federal, state and local laws
- Experience with multi-state payroll
Acme is an equal opportunity employer. We comply with Title VII and all applicable federal law.
"""


def test_fragments_of_names_and_laws_are_no_items():
    rubric = build_rubric(HR_LINES)
    keys = keywords(rubric)
    for fragment in ("vii", "laws", "law", "findings", "federal law", "federal laws", "state laws",
                     "multi-state", "federal", "actions"):
        assert fragment not in keys, (fragment, sorted(keys))
    assert finds(rubric, "Title VII")                   # the whole name is a requirement
    assert finds(rubric, "employment law", "employment laws")


def test_hr_work_that_sounds_like_boilerplate_is_kept():
    rubric = build_rubric(HR_LINES)
    assert finds(rubric, "EEO-1", "EEO-1 reports")
    assert finds(rubric, "affirmative action plan", "AAP")
    assert finds(rubric, "workplace investigations", "investigations")
    assert finds(rubric, "workers' compensation claims")
    assert finds(rubric, "document findings")


def test_benefits_and_compensation_headings_over_duties_head_hr_work():
    rubric = build_rubric("""Total Rewards Analyst
Responsibilities
Compensation
- Benchmark jobs against salary surveys and recommend pay ranges
- Run the annual merit and incentive cycle
Benefits
- Administer health, dental, vision, life and disability plans and lead open enrollment
- Administer the 401(k) plan, including nondiscrimination testing
Qualifications
- 3+ years of compensation or benefits analysis experience
Benefits
Medical and dental from your first day, 401(k) with a 6% match, 25 days PTO, free parking.
""")
    assert finds(rubric, "health plans", "benefits administration")
    assert finds(rubric, "open enrollment")
    assert finds(rubric, "merit cycle", "incentive cycle")
    assert finds(rubric, "salary surveys", "benchmark jobs")
    assert finds(rubric, "nondiscrimination testing")
    assert not any("match" in t.lower() or "parking" in t.lower() for t in terms(rubric))


# --- degrees, years, licences -------------------------------------------------------------------

def test_the_degree_is_a_requirement_with_its_subjects():
    rubric = build_rubric(
        "Minimum Qualifications\nBachelor's degree in business administration, supply chain management "
        "or a related field and four (4) years of professional public procurement experience.\n"
        "Education: High school diploma or GED.\n- BSc (Hons) Diagnostic Radiography or equivalent\n")
    assert finds(rubric, "bachelor's degree")
    assert finds(rubric, "bachelor's degree in business administration")
    assert finds(rubric, "supply chain management degree")
    assert finds(rubric, "high school diploma") and finds(rubric, "GED")
    assert finds(rubric, "BSc Diagnostic Radiography")
    # the subjects are the degree's, not skills of their own
    assert "business administration" not in keywords(rubric)


@pytest.mark.parametrize("line, forms, years", [
    ("3+ years of litigation paralegal experience", ["litigation paralegal experience",
                                                      "3+ years of litigation paralegal experience"], 3),
    ("4+ years of residential service or repair plumbing experience", ["repair plumbing experience"], 4),
    ("1+ year as a sous chef or kitchen manager", ["sous chef experience", "kitchen manager experience"], 1),
    ("Two years of post-qualification experience in child welfare", ["child welfare experience"], 2),
    ("four (4) years of professional public procurement or contract administration experience",
     ["public procurement experience", "contract administration experience"], 4),
])
def test_years_of_experience_are_a_requirement_in_the_recruiter_s_words(line, forms, years):
    rubric = build_rubric(f"Requirements\n- {line}\n")
    for form in forms:
        assert finds(rubric, form), (form, terms(rubric))
    assert any(i.min_years == years and i.must_have for i in rubric), list(rubric)


def test_a_credential_keeps_the_name_it_contains():
    rubric = build_rubric("Requirements\n- ServSafe Manager certification\n"
                          "- EPA 608 Universal certification\n- Master plumber license\n"
                          "- Current registration with the Health and Care Professions Council (HCPC)\n")
    assert finds(rubric, "ServSafe Manager certification")
    assert finds(rubric, "EPA 608 Universal certification")
    assert finds(rubric, "master plumber license")
    assert finds(rubric, "HCPC registration")
    assert "master's degree" not in keywords(rubric)


def test_standards_keep_their_numbers():
    rubric = build_rubric("Requirements\n- Compound per USP <797> and USP 800\n"
                          "- Knowledge of ISO 9001:2015, ASME Y14.5 and 21 CFR Part 11\n"
                          "- Familiarity with NIST 800-53 and SOC 2\n")
    for form in ("USP 797", "USP 800", "ISO 9001", "ASME Y14.5", "21 CFR Part 11", "NIST 800-53", "SOC 2"):
        assert finds(rubric, form), (form, terms(rubric))
    assert "security operations" not in keywords(rubric)   # "SOC 2" is not a SOC


def test_the_right_to_work_is_a_requirement():
    rubric = build_rubric("Requirements\n- Must be legally authorized to work in the United States; "
                          "we do not offer visa sponsorship\n- Valid driver's license\n")
    assert finds(rubric, "authorized to work", "right to work", "work authorization")
    assert finds(rubric, "driver's license")


# --- duties, as a recruiter lists them ----------------------------------------------------------

def test_a_duty_is_named_whole_and_as_the_noun_a_recruiter_uses():
    rubric = build_rubric("Responsibilities\n- Administer health, dental and vision benefits\n"
                          "- Audit freight invoices against carrier contracts\n"
                          "- Prepare H-1B, L-1 and O-1 petitions\n- Conduct cost and price analysis\n"
                          "- Maintain the chain of custody for exhibits\n- Train new ophthalmic assistants\n"
                          "- Supervise and train a brigade of 12 line cooks\n")
    assert finds(rubric, "benefits administration")
    assert finds(rubric, "freight invoice audit")
    assert finds(rubric, "O-1 petitions") and finds(rubric, "H-1B petitions")
    assert finds(rubric, "price analysis") and finds(rubric, "cost analysis")
    assert finds(rubric, "chain of custody")
    assert finds(rubric, "train new ophthalmic assistants")
    assert finds(rubric, "supervise line cooks", "train line cooks")


def test_headings_in_other_words_and_role_sentences_are_read():
    rubric = build_rubric("""Project Engineer - Civil
The Project Engineer supports the Project Manager with submittals, RFIs and change orders, and prepares quantity takeoffs.
Your Responsibilities
- Review shop drawings
- Maintain the project schedule in Primavera P6
Additional Requirements
- EIT certification
""")
    for form in ("submittals", "RFIs", "change orders", "quantity takeoffs", "Primavera P6"):
        assert finds(rubric, form), (form, terms(rubric))
    assert rubric.get("EIT").must_have


def test_a_one_paragraph_paste_with_label_fields_keeps_its_requirements():
    text = ("Band 5 Diagnostic Radiographer Imaging Department: Northfield General Hospital Salary: "
            "£29,970 - £36,483 per annum pro rata | Permanent | 37.5 hours per week. You will operate "
            "image intensifiers in theatre and perform mobile x-rays on the wards. You will report "
            "incidents through Datix. Essential: Current registration with the HCPC. Knowledge of IR(ME)R.")
    rubric = build_rubric(text)
    for form in ("image intensifiers", "mobile x-rays", "Datix", "IR(ME)R"):
        assert finds(rubric, form), (form, terms(rubric))
    assert "incident response" not in keywords(rubric)      # "IR" of "IR(ME)R" is no IR


def test_a_thorough_posting_keeps_its_requirements_and_caps_the_rest():
    duties = "\n".join(f"- Inspect valve assembly {n} and log torque readings on line {n}" for n in range(60))
    rubric = build_rubric(f"Requirements\n- Bachelor's degree in mechanical engineering\n"
                          f"- 5+ years of pressure vessel design experience\n- PE license\n"
                          f"Responsibilities\n{duties}\n")
    assert len(rubric) <= MAX_ITEMS
    assert finds(rubric, "bachelor's degree in mechanical engineering")
    assert finds(rubric, "pressure vessel design experience")
    assert finds(rubric, "PE license")
