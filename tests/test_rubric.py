"""A job posting becomes a rubric a user would nod at: the real requirements, weighted, without
the benefits and legal boilerplate, whatever shape the posting was pasted in."""
from __future__ import annotations

import html
import json
import re
from pathlib import Path

import pytest

from scoring import PostingError, Rubric, RubricItem, build_rubric, find_mentions
from scoring.rubric import MAX_ITEMS, RubricError

POSTINGS = Path(__file__).parent / "postings"


def posting(name: str) -> str:
    return (POSTINGS / name).read_text(encoding="utf-8")


def keywords(rubric: Rubric) -> set[str]:
    return {i.keyword for i in rubric}


def the(rubric: Rubric, keyword: str) -> RubricItem:
    item = rubric.get(keyword)
    assert item is not None, f"{keyword!r} missing from rubric: {sorted(keywords(rubric))}"
    return item


# (posting file, [(keyword, kind, must_have)], words that must not appear in any item)
EXPECTED = {
    "healthcare_icu_nurse.txt": (
        [("RN license", "certification", True), ("BLS", "certification", True),
         ("ACLS", "certification", True), ("Critical care", "domain", True),
         ("Communication", "soft_skill", True), ("Attention to detail", "soft_skill", True),
         ("Epic", "tool", False), ("EHR", "tool", True), ("Medication administration", "domain", False),
         ("Telemetry", "domain", False), ("HIPAA", "domain", False), ("CCRN", "certification", False),
         ("BSN", "certification", False)],
        ["dental", "vision", "403(b)", "tuition", "equal opportunity", "accommodation", "lift"],
    ),
    "software_backend_engineer.txt": (
        [("Python", "tool", True), ("Go", "tool", True), ("PostgreSQL", "tool", True), ("SQL", "tool", True),
         ("Kubernetes", "tool", True), ("Docker", "tool", True), ("AWS", "tool", True),
         ("Kafka", "tool", True), ("Distributed systems", "domain", True), ("CI/CD", "domain", True),
         ("Communication", "soft_skill", True), ("Code review", "domain", False),
         ("Terraform", "tool", False), ("GraphQL", "tool", False), ("A/B testing", "domain", False)],
        ["401(k)", "dental", "stipend", "PTO", "equal opportunity", "salary", "home-office"],
    ),
    "retail_store_manager.txt": (
        [("Leadership", "soft_skill", True), ("P&L", "domain", True), ("POS systems", "tool", True),
         ("Excel", "tool", True), ("Problem solving", "soft_skill", True),
         ("Time management", "soft_skill", True), ("Inventory management", "domain", False),
         ("Visual merchandising", "domain", False), ("Loss prevention", "domain", False),
         ("Kronos", "tool", False), ("KPIs", "domain", False), ("SAP", "tool", False)],
        ["401k", "dental", "discount", "E-Verify", "equal employment", "accommodation", "weekends"],
    ),
    "sales_customer_success.txt": (
        [("Customer success", "domain", True), ("Account management", "domain", True),
         ("SaaS", "domain", True), ("Salesforce", "tool", True), ("HubSpot", "tool", True),
         ("Negotiation", "skill", True), ("Communication", "soft_skill", True),
         ("QBR", "domain", False), ("Churn", "domain", False), ("Gainsight", "tool", False),
         ("Upselling", "domain", False), ("Zendesk", "tool", False)],
        ["401(k)", "dental", "OTE", "Equal Opportunity", "match"],
    ),
    "finance_fpa_analyst.txt": (
        [("FP&A", "domain", True), ("Excel", "tool", True), ("VBA", "tool", True), ("GAAP", "domain", True),
         ("Hyperion", "tool", True), ("Attention to detail", "soft_skill", True),
         ("Budgeting", "skill", False), ("Forecasting", "skill", False),
         ("Financial modeling", "skill", False), ("Variance analysis", "domain", False),
         ("Month-end close", "domain", False), ("Power BI", "tool", False),
         ("CPA", "certification", False), ("CFA", "certification", False)],
        ["401(k)", "dental", "bonus", "hybrid", "equal opportunity", "salary"],
    ),
    "education_math_teacher.txt": (
        [("Teaching license", "certification", True), ("Common Core", "domain", True),
         ("Lesson planning", "domain", True), ("Communication", "soft_skill", True),
         ("Patience", "soft_skill", True), ("Differentiated instruction", "domain", False),
         ("English language learners", "domain", False), ("IEP", "domain", False),
         ("Formative assessment", "domain", False), ("Classroom management", "domain", False),
         ("Google Classroom", "tool", False), ("Social-emotional learning", "domain", False)],
        ["CalSTRS", "pension", "dental", "sick", "discrimination", "harassment", "accommodation"],
    ),
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_posting_yields_the_requirements_a_reader_would_list(name):
    rubric = build_rubric(posting(name))
    expected, _ = EXPECTED[name]
    for keyword, kind, must_have in expected:
        item = the(rubric, keyword)
        assert (item.kind, item.must_have) == (kind, must_have), f"{keyword}: {item}"
    assert 8 <= len(rubric) <= MAX_ITEMS


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_benefits_salary_and_equal_opportunity_text_never_become_items(name):
    rubric = build_rubric(posting(name))
    _, absent = EXPECTED[name]
    text = json.dumps([[i.keyword, *i.variants, i.source_line] for i in rubric]).lower()
    for word in absent:
        assert word.lower() not in text, f"boilerplate {word!r} leaked into the rubric"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_every_item_points_back_to_the_posting_line_it_came_from(name):
    text = re.sub(r"\s+", " ", posting(name))
    rubric = build_rubric(posting(name))
    for item in rubric:
        assert item.count >= 1
        probe = re.sub(r"\s+", " ", item.source_line)[:25]
        # HTML postings store decoded text; compare on letters and digits only
        assert re.sub(r"\W", "", probe) in re.sub(r"\W", "", html.unescape(text)), item


def test_must_haves_weigh_more_than_duties_which_weigh_more_than_nice_to_haves():
    rubric = build_rubric(posting("software_backend_engineer.txt"))
    assert the(rubric, "Docker").weight == 3.0          # "What you'll need"
    assert the(rubric, "Code review").weight == 2.0     # "What you'll do"
    assert the(rubric, "GraphQL").weight == 1.0         # "Nice to have"
    assert {i.keyword for i in rubric.must_haves()} >= {"Python", "Docker", "Kubernetes", "CI/CD"}
    assert all(i.must_have for i in rubric.must_haves())


def test_repetition_adds_half_a_point_per_line_up_to_one_and_a_half():
    rubric = build_rubric(posting("healthcare_icu_nurse.txt"))
    rn = the(rubric, "RN license")      # title, intro, summary, qualifications
    assert rn.count >= 4 and rn.weight == 4.5
    text = "Requirements:\n" + "\n".join(f"- Experience with Jira on project {n}" for n in range(8))
    assert the(build_rubric(text), "Jira").weight == 4.5


def test_line_cues_override_the_section():
    text = """Requirements
    - Python required
    - Tableau experience is a plus
    Responsibilities
    - Write SQL reports for the finance team
    - You must hold a current CPA license
    """
    rubric = build_rubric(text)
    assert the(rubric, "Python").must_have
    assert not the(rubric, "Tableau").must_have and the(rubric, "Tableau").weight == 1.0
    assert the(rubric, "SQL").weight == 2.0 and not the(rubric, "SQL").must_have
    assert the(rubric, "CPA").must_have


def test_a_synonym_in_the_posting_lands_on_the_canonical_item_with_its_variants():
    rubric = build_rubric("Must have:\n* k8s in production\n* ran QBRs for enterprise accounts\n")
    assert "k8s" in the(rubric, "Kubernetes").variants
    assert "quarterly business review" in the(rubric, "QBR").variants


def _as_html(text: str) -> str:
    out = ["<html><body><div>"]
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        escaped = line.replace("&", "&amp;").replace("'", "&#39;")
        if line.isupper():
            out.append(f"<h3><strong>{escaped.title()}</strong></h3>")
        elif line.startswith("•"):
            out.append(f"<ul><li>{escaped.lstrip('• ')}</li></ul>")
        else:
            out.append(f"<p>{escaped}<br/></p>")
    return "\n".join(out + ["</div></body></html>"])


def _as_one_paragraph(text: str) -> str:
    return " ".join(line.strip() for line in text.splitlines() if line.strip())


@pytest.mark.parametrize("name", ["healthcare_icu_nurse.txt", "retail_store_manager.txt",
                                  "education_math_teacher.txt", "software_backend_engineer.txt"])
def test_html_and_one_paragraph_pastes_give_the_same_core_items(name):
    plain = build_rubric(posting(name))
    core = {(i.keyword, i.must_have) for i in plain if i.weight >= 2.0}
    for variant in (_as_html(posting(name)), _as_one_paragraph(posting(name))):
        other = build_rubric(variant)
        got = {(i.keyword, i.must_have) for i in other}
        missing = core - got
        assert len(missing) <= 1, f"lost {missing}"
        assert "dental" not in json.dumps(other.to_dict()).lower()


def test_bullets_of_every_kind_and_headings_of_every_wording_are_understood():
    text = """
    ## WHAT YOU'LL NEED
    ▪ Jira
    ➢ Confluence
    ✓ Figma
    1. Asana
    a) Trello
    · Tableau
    - SQL
    * AWS
    **Bonus points:**
    - Looker
    """
    rubric = build_rubric(text)
    # a one-word bullet in capitals ("- SQL") is an item, not a new heading
    assert all(the(rubric, k).must_have
               for k in ("Jira", "Confluence", "Figma", "Asana", "Trello", "Tableau", "SQL", "AWS"))
    assert not the(rubric, "Looker").must_have


def test_phrases_the_lexicon_does_not_know_come_from_requirement_patterns():
    text = """Qualifications:
    - 3+ years of experience with Datadog and Grafana
    - Working knowledge of double-entry bookkeeping
    - Proficiency in Spanish
    - 5+ years of warehouse operations experience
    - Strong ability to work in a fast-paced environment
    """
    rubric = build_rubric(text)
    assert the(rubric, "Datadog").kind == "tool" and the(rubric, "Grafana").must_have
    assert the(rubric, "Double-entry bookkeeping").kind in ("domain", "skill")
    assert the(rubric, "Spanish").kind == "skill"
    assert the(rubric, "Warehouse operations").must_have
    assert not any("paced" in k.lower() or "ability" in k.lower() for k in keywords(rubric))


def test_company_name_travels_with_the_rubric():
    rubric = build_rubric(posting("sales_customer_success.txt"), company="Loopwise")
    assert rubric.company == "Loopwise"


# --- JSON and editing ------------------------------------------------------------------------


def test_json_round_trip_keeps_every_field():
    rubric = build_rubric(posting("finance_fpa_analyst.txt"), company="Harbor Lane Foods")
    again = Rubric.from_json(rubric.to_json())
    assert again == rubric
    assert Rubric.from_dict(json.loads(json.dumps(rubric.to_dict()))) == rubric


def test_the_user_can_edit_the_rubric_and_matching_follows():
    rubric = build_rubric(posting("software_backend_engineer.txt"))
    added = rubric.add_item("Salesforce", weight=1.5)
    assert added.kind == "tool" and "SFDC" in added.variants      # known terms bring their synonyms
    rubric.add_item("Incident postmortems", kind="skill", weight=2.0, must_have=True)
    assert rubric.get("incident postmortems").must_have

    removed = rubric.remove_item("kafka")
    assert removed.keyword == "Kafka" and rubric.get("Kafka") is None

    rubric.reweight("GraphQL", 3.0, must_have=True)
    assert the(rubric, "GraphQL").weight == 3.0 and the(rubric, "GraphQL").must_have

    docker = the(rubric, "Docker")
    assert not find_mentions("We shipped it all as Podman images.", docker)
    rubric.add_synonym("Docker", "Podman")
    assert find_mentions("We shipped it all as Podman images.", docker)

    assert Rubric.from_json(rubric.to_json()) == rubric


@pytest.mark.parametrize("edit, message", [
    (lambda r: r.add_item("Python"), "already in the rubric"),
    (lambda r: r.add_item("Knitting", kind="hobby"), "Unknown kind"),
    (lambda r: r.add_item("  "), "cannot be empty"),
    (lambda r: r.remove_item("COBOL"), "not in the rubric"),
    (lambda r: r.reweight("Python", 0), "above 0"),
    (lambda r: r.reweight("Python", float("nan")), "above 0"),
    (lambda r: r.add_synonym("Python", " "), "cannot be empty"),
])
def test_impossible_edits_raise_one_clear_error(edit, message):
    rubric = build_rubric(posting("software_backend_engineer.txt"))
    with pytest.raises(RubricError, match=message) as err:
        edit(rubric)
    assert isinstance(err.value, ValueError) and "\n" not in str(err.value)


def test_unreadable_rubric_json_is_a_rubric_error():
    for bad in ("{not json", "[]", '{"items": [{"keyword": "x"}]}'):
        with pytest.raises(RubricError):
            Rubric.from_json(bad)


# --- postings that cannot be used ----------------------------------------------------------------


@pytest.mark.parametrize("bad, message", [
    ("", "empty"),
    ("   \n\t  ", "empty"),
    (b"%PDF-1.7\x00\x01\x02\x03binary", "binary"),
    (bytes(range(256)) * 40, "binary"),
    ("\x01\x02\x03\x04\x05\x06\x07\x08" * 50, "binary"),
    ("Requirements:\n- Python\n" + "Lorem ipsum dolor sit amet. " * 8000, "too large"),
    ("We are a friendly company. Apply today!\nBenefits: dental, vision and a 401(k).", "No requirements"),
])
def test_unusable_postings_raise_a_one_line_posting_error(bad, message):
    with pytest.raises(PostingError, match=message) as err:
        build_rubric(bad)
    assert isinstance(err.value, ValueError)
    assert "\n" not in str(err.value)


def test_a_posting_without_headings_still_separates_musts_from_nice_to_haves():
    text = ("We need a data engineer with 4+ years of Python and strong SQL. You must know Airflow. "
            "Experience with Snowflake would be great, and dbt is a plus. We offer dental and a 401(k).")
    rubric = build_rubric(text)
    assert the(rubric, "Python").must_have and the(rubric, "SQL").must_have
    assert the(rubric, "Airflow").must_have
    assert not the(rubric, "Snowflake").must_have and not the(rubric, "dbt").must_have
    assert "dental" not in json.dumps(rubric.to_dict()).lower()


def test_a_preference_inside_a_requirement_only_softens_what_follows_it():
    rubric = build_rubric("Requirements:\n- 3+ years of Python, ideally with Django or FastAPI\n")
    assert the(rubric, "Python").must_have
    assert not the(rubric, "Django").must_have and the(rubric, "Django").weight == 1.0


def test_a_long_posting_is_capped_to_a_short_list_best_first():
    everything = "\n\n".join(posting(name) for name in sorted(EXPECTED))
    rubric = build_rubric(everything)
    assert len(rubric) == MAX_ITEMS
    assert sum(i.kind == "soft_skill" for i in rubric) <= 6
    weights = [i.weight for i in rubric]
    assert weights == sorted(weights, reverse=True)
