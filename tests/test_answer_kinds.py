"""Answer kinds and their anchored grades (scoring/data/anchors.yaml).

The anchors are the spec the scorer and the graded validation set are written against, so the
file must be complete.
"""
from __future__ import annotations

import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
import yaml

from question_bank.kinds import (
    AnchorsFileError, anchors_path, answer_kind_ids, load_anchors, parse_anchors,
)

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
