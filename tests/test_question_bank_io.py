"""Importing and exporting the user's own question sets (CSV for spreadsheets, YAML for editors).

Every error names the file, the row (CSV; the header is row 1, as in a spreadsheet) or the line
(YAML) and the field, and a file with any bad row imports nothing.
"""
from __future__ import annotations

import pytest

from question_bank import Question, QuestionFileError, export_questions, import_questions, load_bank

HEADER = "id,text,category,competencies,difficulty,star,expected_seconds\n"
GOOD_ROW = 'my-001,"Tell us about the Henderson account you mentioned.",first_interview_followup,ownership; negotiation,3,yes,60-120\n'


def write(tmp_path, name, content):
    path = tmp_path / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    return path


@pytest.fixture(autouse=True)
def _data_dir(tmp_path, monkeypatch):
    monkeypatch.setenv("CALLBACK_DATA_DIR", str(tmp_path / "data"))


def test_a_spreadsheet_style_csv_imports_with_lists_and_ranges(tmp_path):
    path = write(tmp_path, "my_questions.csv", HEADER + GOOD_ROW +
                 "my-002,Why this team?,Motivation,,,,\n")
    first, second = import_questions(path)
    assert first == Question(
        id="my-001", text="Tell us about the Henderson account you mentioned.",
        category="first_interview_followup", competencies=("ownership", "negotiation"),
        difficulty=3, star=True, expected_seconds=(60, 120), source="user")
    # Only id, text and category are required; the rest gets sensible defaults.
    assert second.category == "motivation"
    assert second.difficulty == 2 and second.star is False and second.expected_seconds == (30, 90)


def test_a_bad_cell_is_reported_by_file_row_and_field(tmp_path):
    path = write(tmp_path, "my_questions.csv", HEADER + GOOD_ROW +
                 "my-002,Why this team?,motivation,,2,no,30-60\n"
                 "my-003,What would you change first?,situational,,hard,no,45-90\n")
    with pytest.raises(QuestionFileError) as err:
        import_questions(path)
    assert str(err.value) == ("my_questions.csv, row 4, field 'difficulty': "
                              "must be 1, 2 or 3 (got 'hard')")


def test_an_import_with_any_bad_row_imports_nothing_and_lists_every_problem(tmp_path):
    path = write(tmp_path, "set.csv", HEADER + GOOD_ROW +
                 "my-002,Why this team?,motivation,,5,no,30-60\n"
                 "my-003,What would you change?,situationl,,2,maybe,90-30\n")
    with pytest.raises(QuestionFileError) as err:
        import_questions(path)
    problems = err.value.problems
    assert len(problems) == 4
    assert "set.csv, row 3, field 'difficulty'" in problems[0]
    assert "set.csv, row 4, field 'category'" in problems[1] and "did you mean 'situational'" in problems[1]
    assert "set.csv, row 4, field 'star'" in problems[2]
    assert "set.csv, row 4, field 'expected_seconds'" in problems[3]
    first_line = str(err.value)
    assert "\n" not in first_line and first_line.startswith(problems[0])
    assert "3 more problems; nothing was imported" in first_line


def test_yaml_errors_give_the_line_of_the_field(tmp_path):
    path = write(tmp_path, "mine.yaml", """\
questions:
  - id: my-001
    text: Walk us through the outage you mentioned last time.
    category: first_interview_followup
  - id: my-002
    text: What would you do in your first week?
    category: role_depth
    difficulty: hard
""")
    with pytest.raises(QuestionFileError, match=r"^mine\.yaml, line 8, field 'difficulty': must be 1, 2 or 3"):
        import_questions(path)


def test_a_field_written_twice_in_one_yaml_question_is_an_error_not_a_silent_overwrite(tmp_path):
    path = write(tmp_path, "mine.yaml", "- id: my-001\n  text: Why us?\n  category: opener\n  text: Why now?\n")
    with pytest.raises(QuestionFileError, match=r"^mine\.yaml, line 4, field 'text': appears twice"):
        import_questions(path)


def test_a_missing_required_field_names_the_question_it_belongs_to(tmp_path):
    path = write(tmp_path, "mine.yaml", "- id: my-001\n  category: opener\n")
    with pytest.raises(QuestionFileError, match=r"^mine\.yaml, line 1, field 'text': is missing"):
        import_questions(path)


def test_a_missing_required_column_is_reported_once_for_the_header(tmp_path):
    path = write(tmp_path, "q.csv", "id,category\nmy-001,opener\n")
    with pytest.raises(QuestionFileError, match=r"^q\.csv, row 1, field 'text': required column is missing"):
        import_questions(path)


def test_unknown_columns_are_rejected_with_a_suggestion(tmp_path):
    path = write(tmp_path, "q.csv", "id,text,category,dificulty\nmy-001,Hello?,opener,2\n")
    with pytest.raises(QuestionFileError) as err:
        import_questions(path)
    assert str(err.value).startswith("q.csv, row 1, field 'dificulty': unknown column")
    assert "did you mean 'difficulty'" in str(err.value)


def test_duplicate_ids_are_rejected_within_the_file(tmp_path):
    path = write(tmp_path, "q.csv", HEADER + GOOD_ROW + GOOD_ROW.replace("Henderson", "Baker"))
    with pytest.raises(QuestionFileError, match=r"^q\.csv, row 3, field 'id': duplicate id 'my-001' "
                                                r"\(already used by q\.csv, row 2\)"):
        import_questions(path)


def test_duplicate_ids_are_rejected_against_the_bank_and_earlier_imports(tmp_path):
    bank_id = load_bank()[0].id
    path = write(tmp_path, "q.csv", f"id,text,category\n{bank_id},A brand new question?,opener\n")
    with pytest.raises(QuestionFileError, match="built-in question bank"):
        import_questions(path)
    path = write(tmp_path, "q2.csv", "id,text,category\nmy-001,A brand new question?,opener\n")
    with pytest.raises(QuestionFileError, match="a question you imported earlier"):
        import_questions(path, taken_ids={"my-001"})


@pytest.mark.parametrize("name, content, message", [
    ("empty.csv", "", "empty.csv: the file is empty"),
    ("blank.yaml", "\n   \n", "blank.yaml: the file is empty"),
    ("header_only.csv", HEADER, "header_only.csv: no questions below the header row"),
    ("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "photo.csv: this is a binary file"),
    ("latin1.csv", "id,text,category\nmy-1,Caf\xe9?,opener\n".encode("latin-1"),
     "latin1.csv, line 2: not UTF-8 text"),
    ("list.yaml", "questions: 5\n", "list.yaml, line 1: expected a list of questions"),
    ("broken.yaml", "- id: [unclosed\n", "broken.yaml, line 2: not valid YAML"),
    ("notes.txt", "hello", "notes.txt: unsupported file type '.txt'"),
    ("open_quote.csv", 'id,text,category\nmy-1,"Why us?,opener\n', "open_quote.csv, row 2: not valid CSV"),
    ("commas.csv", ",,,\n,,\n", "commas.csv: the file has no header row"),
])
def test_unusable_files_get_one_clear_error(tmp_path, name, content, message):
    path = write(tmp_path, name, content)
    with pytest.raises(QuestionFileError) as err:
        import_questions(path)
    assert str(err.value).startswith(message), str(err.value)
    assert isinstance(err.value, ValueError)


def test_a_file_over_two_megabytes_is_refused_before_reading(tmp_path):
    path = write(tmp_path, "huge.csv", HEADER + GOOD_ROW * 25_000)
    assert path.stat().st_size > 2 * 1024 * 1024
    with pytest.raises(QuestionFileError, match=r"^huge\.csv: the file is 2\.\d MB; .* at most 2 MB"):
        import_questions(path)


def test_a_missing_file_is_a_question_file_error(tmp_path):
    with pytest.raises(QuestionFileError, match="nope.csv: file not found"):
        import_questions(tmp_path / "nope.csv")


def test_excel_exports_with_semicolons_and_a_bom_import_fine(tmp_path):
    content = "\ufeffID;Text;Category;Expected seconds\nmy-001;Why us?;why you;30-60\n"
    path = write(tmp_path, "excel.csv", content)
    [question] = import_questions(path)
    assert question.category == "why_you" and question.expected_seconds == (30, 60)


def _user_questions():
    return [
        Question(id="fi-001", text="Last time you mentioned the Baker migration. How did it end?",
                 category="first_interview_followup", competencies=("ownership", "delivery"),
                 difficulty=3, star=True, expected_seconds=(60, 120),
                 looking_for="The outcome, in numbers", tip="Lead with the result, then the story",
                 follow_up="What would you change?", source="first-interview"),
        Question(id="my-002", text='Which of our products would you use, and "why"?',
                 category="company_knowledge", requirement="Salesforce", source="user"),
    ]


@pytest.mark.parametrize("name", ["set.csv", "set.yaml", "set.yml"])
def test_export_then_import_gives_back_the_same_questions(tmp_path, name):
    questions = _user_questions()
    path = export_questions(questions, tmp_path / name)
    assert import_questions(path) == questions


def test_an_exported_csv_reads_like_the_import_format(tmp_path):
    path = export_questions(_user_questions()[:1], tmp_path / "set.csv")
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    assert lines[0].startswith("id,text,category,competencies,difficulty,star,expected_seconds")
    assert "ownership; delivery" in lines[1] and ",60-120," in lines[1] and ",yes," in lines[1]


def test_export_refuses_an_unknown_format_and_leaves_no_file(tmp_path):
    with pytest.raises(QuestionFileError, match="unsupported file type"):
        export_questions(_user_questions(), tmp_path / "set.xlsx")
    assert not (tmp_path / "set.xlsx").exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".export-")]
