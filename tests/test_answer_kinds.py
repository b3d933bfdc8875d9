"""Answer kinds and their anchored grades (scoring/data/anchors.yaml), and every question's kind.

The anchors are the spec the scorer and the graded validation set are written against, so the
file must be complete; every question in the bank, every template and every imported question
must carry a kind the file knows.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from collections import Counter
from pathlib import Path

import pytest
import yaml

from question_bank import (
    CATEGORIES, Question, QuestionFileError, export_questions, import_questions, job_questions,
    load_bank, load_templates,
)
from question_bank.kinds import (
    AnchorsFileError, anchors_path, answer_kind_ids, load_anchors, parse_anchors,
)
from question_bank.load import DATA_DIR
from question_bank.model import DEFAULT_ANSWER_KIND, default_answer_kind
from scoring import Rubric, RubricItem

ROOT = Path(__file__).resolve().parent.parent
KINDS_IN_THE_ISSUE = ("past_story", "hypothetical", "process", "motivation", "pitch", "self_summary",
                      "self_assessment", "negotiation", "candidate_questions", "small_talk")


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLBACK_DATA_DIR", str(tmp_path / "data"))


def raw_anchors() -> dict:
    return yaml.safe_load(anchors_path().read_text(encoding="utf-8"))


# --- the anchors file -------------------------------------------------------------------------

def test_the_anchors_file_is_the_one_in_the_scoring_package():
    assert anchors_path() == ROOT / "scoring" / "data" / "anchors.yaml"


def test_every_kind_has_criteria_anchors_for_1_3_5_and_an_example():
    anchors = load_anchors()
    assert set(KINDS_IN_THE_ISSUE) <= set(answer_kind_ids())
    for kind in anchors.kinds:
        assert re.fullmatch(r"[a-z][a-z_]*", kind.id)
        assert kind.label and kind.assesses.endswith(".")
        assert len(kind.criteria) >= 3 and all(c.id and c.label and c.description for c in kind.criteria)
        assert [g for g, _ in kind.anchors] == [1, 3, 5]
        for grade in (1, 3, 5):
            assert 2 <= len(kind.anchor(grade)) <= 4, (kind.id, grade)
        assert kind.example_question
        assert len(kind.example_answer.split()) >= 30, kind.id   # a real answer, not a hint
    with pytest.raises(KeyError, match="1, 3 and 5"):
        anchors.kind("past_story").anchor(4)


def test_the_grades_between_the_anchors_are_explained():
    grades = dict(load_anchors().grades)
    assert "between" in grades[2].lower() and "between" in grades[4].lower()


def test_every_red_flag_has_a_fix_a_cap_and_examples_it_catches():
    anchors = load_anchors()
    ids = {f.id for f in anchors.red_flags}
    # the issue's list: insults/blame, profanity, non-answers, pay-only motivation, salary demands,
    # skipped checks, humblebrag or disqualifying weaknesses, oversharing, dishonesty
    assert {"disparaging", "blame", "profanity", "non_answer", "pay_only", "aggressive_salary",
            "skipped_checks", "humblebrag_weakness", "disqualifying_weakness", "oversharing",
            "dishonesty"} <= ids
    band_tops = {b.max for b in anchors.bands}
    for flag in anchors.red_flags:
        assert flag.fix and flag.counts and flag.does_not_count and flag.examples, flag.id
        assert flag.cap in band_tops and flag.cap <= 65, flag.id  # a cap ends a band below "Good"
        assert set(flag.applies_to) <= set(answer_kind_ids()) and flag.applies_to
    # conduct flags keep an answer out of "Competent", whatever else it does
    for flag_id in ("disparaging", "profanity", "blame", "dishonesty", "non_answer"):
        assert next(f for f in anchors.red_flags if f.id == flag_id).cap < 40
    assert any("never beats a polite one" in rule for rule in anchors.red_flag_rules)
    assert {f.id for f in anchors.flags_for("negotiation")} >= {"aggressive_salary", "non_answer"}
    assert "aggressive_salary" not in {f.id for f in anchors.flags_for("past_story")}


def test_bands_cover_0_to_100_and_match_the_grades():
    anchors = load_anchors()
    assert [(b.min, b.max) for b in anchors.bands][0][0] == 0 and anchors.bands[-1].max == 100
    for low, high in zip(anchors.bands, anchors.bands[1:]):
        assert high.min == low.max + 1
    grade = {s: anchors.band_for(s).grade for s in range(101)}
    assert {grade[s] for s in range(0, 26)} == {1}          # grade 1 <= 25
    assert {grade[s] for s in range(40, 66)} == {3}         # grade 3 in 40-65
    assert {grade[s] for s in range(80, 101)} == {5}        # grade 5 >= 80
    assert grade[26] == grade[39] == 2 and grade[66] == grade[79] == 4
    assert anchors.band_for(92).name == "Strong" and anchors.band_for(52.4).name == "Competent"
    assert anchors.band_for(12).name == "Needs work"
    assert anchors.band_for(-5).grade == 1 and anchors.band_for(140).grade == 5


@pytest.mark.parametrize("break_it, message", [
    (lambda d: d["kinds"][0]["anchors"].pop(3), r"kind 'past_story', anchors, field '3'"),
    (lambda d: d["kinds"][1].pop("example"), r"kind 'hypothetical', example, field 'question'"),
    (lambda d: d["kinds"][2].update(criteria=d["kinds"][2]["criteria"][:2]),
     r"kind 'process', field 'criteria': needs at least 3"),
    (lambda d: d["red_flags"][0].pop("fix"), r"red flag 'disparaging', field 'fix'"),
    (lambda d: d["red_flags"][0].update(cap=120), r"red flag 'disparaging', field 'cap'"),
    (lambda d: d["red_flags"][0].update(applies_to=["storytelling"]), r"unknown kind 'storytelling'"),
    (lambda d: d["bands"][1].update(min=30), r"band 'developing': starts at 30, expected 26"),
    (lambda d: d["bands"][0].update(max=30), r"grade 1 must lie within 0-25"),
])
def test_a_broken_anchors_file_names_the_part_and_field(break_it, message):
    data = raw_anchors()
    break_it(data)
    with pytest.raises(AnchorsFileError) as err:
        parse_anchors(data)
    assert any(re.search(message, p) for p in err.value.problems), err.value.problems


# --- every question has a kind ----------------------------------------------------------------

def test_every_bank_question_names_its_kind_by_id():
    raw = yaml.safe_load((DATA_DIR / "questions.yaml").read_text(encoding="utf-8"))["questions"]
    assert all(q.get("answer_kind") in answer_kind_ids() for q in raw), \
        [q["id"] for q in raw if q.get("answer_kind") not in answer_kind_ids()]


def test_a_bank_question_without_a_kind_is_refused(tmp_path):
    text = (DATA_DIR / "questions.yaml").read_text(encoding="utf-8")
    broken = tmp_path / "questions.yaml"
    broken.write_text(text.replace("  answer_kind: past_story\n", "", 1), encoding="utf-8")
    from question_bank.load import validate_bank_file
    with pytest.raises(QuestionFileError, match=r"field 'answer_kind': is missing"):
        validate_bank_file(broken)


def test_each_kind_has_at_least_three_bank_questions():
    counts = Counter(q.answer_kind for q in load_bank())
    assert set(counts) == set(answer_kind_ids())
    assert min(counts.values()) >= 3, counts


def test_kinds_were_set_by_reading_the_question_not_the_category():
    bank = {q.id: q for q in load_bank()}
    for q in bank.values():
        text = q.text.lower()
        if re.match(r"(tell (me|us) about|describe|give (me )?an example of) (a|the) (time|situation|decision|piece)", text):
            assert q.answer_kind in ("past_story", "self_assessment"), q.id
        if re.match(r"(imagine|suppose|what would you do if)", text):
            assert q.answer_kind == "hypothetical", q.id
        if "salary" in text or "notice period" in text or "when could you start" in text:
            assert q.answer_kind == "negotiation", q.id
        if "weakness" in text:
            assert q.answer_kind == "self_assessment", q.id
    # the same category holds different kinds
    assert bank["cul-006"].answer_kind == "process"            # "how you handle shifting priorities"
    assert bank["cul-003"].answer_kind == "past_story"         # "tell us about a time you lived…"
    assert bank["clo-001"].answer_kind == "candidate_questions"
    assert bank["clo-005"].answer_kind == "small_talk"         # references: logistics
    assert bank["prs-001"].answer_kind == "self_assessment"    # "a time you failed"
    assert bank["com-006"].answer_kind == "motivation"         # "which of our values… and why"


def test_the_common_second_interview_questions_are_in_the_bank():
    texts = {q.answer_kind: [] for q in load_bank()}
    for q in load_bank():
        texts[q.answer_kind].append(q.text.lower())
    def has(kind, *words):
        return any(all(w in t for w in words) for t in texts[kind])
    assert has("negotiation", "salary") and has("negotiation", "notice period") and has("negotiation", "start")
    assert has("self_assessment", "greatest weakness")
    assert has("hypothetical", "first 90 days")
    assert has("motivation", "five years")
    assert has("motivation", "leaving your current job")
    assert has("candidate_questions", "what questions do you have for us")
    assert has("candidate_questions", "the team you'd be joining")
    assert has("pitch", "why should we pick you")
    assert has("self_summary", "your background")


def test_every_template_has_a_kind_and_its_questions_carry_it():
    for kind, templates in load_templates().items():
        for template in templates:
            assert template["answer_kind"] in answer_kind_ids(), template["id"]
    rubric = Rubric(items=[RubricItem(keyword="Salesforce", kind="tool", weight=3.0, must_have=True)])
    by_template = {t["id"]: t["answer_kind"] for ts in load_templates().values() for t in ts}
    for q in job_questions(rubric, 5, seed=0):
        assert q.answer_kind == by_template[q.id.removeprefix("job-salesforce-")]


def test_a_question_made_in_code_gets_the_documented_default_kind():
    assert set(DEFAULT_ANSWER_KIND) == set(CATEGORIES)
    assert set(DEFAULT_ANSWER_KIND.values()) <= set(answer_kind_ids())
    assert Question(id="x", text="Why us?", category="motivation").answer_kind == "motivation"
    assert Question(id="x", text="A time you led?", category="culture_fit", star=True).answer_kind == "past_story"
    # a snapshot stored before kinds existed still loads, with a kind
    old = {"id": "beh-001", "text": "Tell us about…", "category": "situational", "star": False}
    assert Question.from_dict(old).answer_kind == "hypothetical"
    assert default_answer_kind("no_such_category") in answer_kind_ids()


# --- import and export ------------------------------------------------------------------------

def write(tmp_path, name, text):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_an_imported_csv_without_the_column_gets_kinds_from_the_category(tmp_path):
    path = write(tmp_path, "mine.csv", "id,text,category,star\n"
                 "my-1,What salary are you after?,closing,\n"
                 "my-2,Why this team?,motivation,\n"
                 "my-3,Tell us about a time you were wrong.,pressure_failure,\n"
                 "my-4,How do you handle stress?,pressure_failure,no\n"
                 "my-5,Our values include candour. When did you live that?,culture_fit,yes\n")
    kinds = [q.answer_kind for q in import_questions(path)]
    assert kinds == ["negotiation", "motivation", "past_story", "self_assessment", "past_story"]


def test_an_imported_kind_may_be_an_id_a_label_or_a_common_name(tmp_path):
    path = write(tmp_path, "mine.csv", "id,text,category,answer_kind\n"
                 "my-1,What salary are you after?,closing,Salary\n"
                 "my-2,Tell us about a time you led.,leadership,STAR\n"
                 "my-3,Any questions for us?,closing,candidate questions\n"
                 "my-4,How do you plan your week?,role_depth,\n")
    kinds = [q.answer_kind for q in import_questions(path)]
    assert kinds == ["negotiation", "past_story", "candidate_questions", "process"]


def test_an_unknown_kind_is_refused_naming_row_and_field(tmp_path):
    path = write(tmp_path, "mine.csv", "id,text,category,answer_kind\n"
                 "my-1,What salary are you after?,closing,negotiation\n"
                 "my-2,Tell us about a time you led.,leadership,past_stroy\n")
    with pytest.raises(QuestionFileError) as err:
        import_questions(path)
    message = str(err.value)
    assert message.startswith("mine.csv, row 3, field 'answer_kind': must be one of past_story, ")
    assert "(got 'past_stroy')" in message and "did you mean 'past_story'?" in message


def test_an_unknown_kind_in_yaml_names_its_line(tmp_path):
    path = write(tmp_path, "mine.yaml", "questions:\n"
                 "  - id: my-1\n"
                 "    text: Why us?\n"
                 "    category: motivation\n"
                 "    answer_kind: vibes\n")
    with pytest.raises(QuestionFileError, match=r"^mine\.yaml, line 5, field 'answer_kind': must be one of"):
        import_questions(path)


@pytest.mark.parametrize("name", ["set.csv", "set.yaml"])
def test_export_round_trips_the_kind(tmp_path, name):
    bank = {q.id: q for q in load_bank()}
    chosen = [bank[i] for i in ("clo-002", "cul-006", "prs-001", "tour-007")]
    mine = [Question(id=f"my-{i}", text=q.text, category=q.category, star=q.star,
                     answer_kind=q.answer_kind, source="user") for i, q in enumerate(chosen)]
    path = export_questions(mine, tmp_path / name)
    again = import_questions(path)
    assert [q.answer_kind for q in again] == ["negotiation", "process", "self_assessment", "candidate_questions"]
    assert again == mine
    if name.endswith(".csv"):
        assert "answer_kind" in path.read_text(encoding="utf-8-sig").splitlines()[0].split(",")


# --- packaging --------------------------------------------------------------------------------

@pytest.mark.slow
def test_the_anchors_file_is_installed_with_the_package(tmp_path):
    source = tmp_path / "src"
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for package in ("coach", "question_bank", "scoring", "speech", "storage"):
        shutil.copytree(ROOT / package, source / package, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", str(source), "--no-deps", "--no-build-isolation",
                    "-q", "-w", str(tmp_path / "dist")], check=True, capture_output=True)
    wheel = next((tmp_path / "dist").glob("*.whl"))
    assert "scoring/data/anchors.yaml" in zipfile.ZipFile(wheel).namelist()


# --- docs/scoring.md is a readable copy of the file -------------------------------------------

def test_docs_scoring_shows_every_kind_anchor_flag_and_band():
    doc = (ROOT / "docs" / "scoring.md").read_text(encoding="utf-8")
    section = doc[doc.index("## Answer kinds and anchors"):]
    flat = " ".join(section.replace("\n> ", " ").split())
    anchors = load_anchors()
    counts = Counter(q.answer_kind for q in load_bank())
    for kind in anchors.kinds:
        assert f"| {kind.label} | `{kind.id}` | {kind.assesses} | {counts[kind.id]} |" in section
        assert f"### {kind.label} — `{kind.id}`" in section
        for sentence in [kind.assesses, kind.example_answer, *(c.description for c in kind.criteria)]:
            assert sentence in flat, (kind.id, sentence)
        for grade in (1, 3, 5):
            assert " ".join(kind.anchor(grade)) in flat, (kind.id, grade)
    for flag in anchors.red_flags:
        assert f"**{flag.label}** (`{flag.id}`, cap {flag.cap})" in section
        assert flag.fix in flat and flag.counts in flat and flag.does_not_count in flat
    for rule in anchors.red_flag_rules:
        assert rule in flat
    for band in anchors.bands:
        assert f"| {band.min}–{band.max} | **{band.name}** | {band.grade} | {band.meaning} |" in section
    for category, kind in DEFAULT_ANSWER_KIND.items():
        assert f"| {CATEGORIES[category]} | `{kind}` |" in section
