"""What the command line says when the input is not what it expects: an id that names no question,
a file saved as UTF-16, a folder that does not exist. Run as a user runs it, in a separate process."""
from __future__ import annotations

import json

from test_cli import POSTING, STRONG, assert_refused, callback

UTF16_QUESTIONS = "id\ttext\tcategory\nmy-001\tWhy would you leave a café team you built?\tmotivation\n"


def test_an_id_that_names_no_question_is_refused_not_scored_as_the_question(tmp_path):
    answer = tmp_path / "answer.txt"
    answer.write_text(STRONG, encoding="utf-8")
    result = callback("score", "--posting", str(POSTING), "--question", "nonexistent-999",
                      "--answer-file", str(answer), env_dir=tmp_path)
    assert_refused(result, "nonexistent-999", "no question")
    assert result.stdout == ""

    # A real id still picks its question, and a question's text is still scored as that text.
    by_id = callback("score", "--posting", str(POSTING), "--question", "beh-001", "--answer-file", str(answer),
                     "--json", env_dir=tmp_path)
    assert by_id.returncode == 0, by_id.stderr
    own = callback("score", "--posting", str(POSTING), "--question", "Why should we hire you?",
                   "--answer-file", str(answer), env_dir=tmp_path)
    assert own.returncode == 0, own.stderr


def test_an_imported_questions_id_is_found_by_score(tmp_path):
    questions = tmp_path / "mine.csv"
    questions.write_text("id,text,category\nmy-007,Why do you want to lead our QBRs?,motivation\n", encoding="utf-8")
    assert callback("questions", "--import", str(questions), env_dir=tmp_path).returncode == 0
    answer = tmp_path / "answer.txt"
    answer.write_text(STRONG, encoding="utf-8")
    result = callback("score", "--posting", str(POSTING), "--question", "my-007", "--answer-file", str(answer),
                      "--json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["overall"] > 0


def test_a_utf16_question_file_is_read_not_called_binary(tmp_path):
    for encoding in ("utf-16", "utf-16-le"):  # with a byte-order mark (Excel), and without
        path = tmp_path / f"questions-{encoding}.csv"
        path.write_bytes(UTF16_QUESTIONS.replace("my-001", f"my-{encoding}").encode(encoding))
        result = callback("questions", "--import", str(path), env_dir=tmp_path)
        assert result.returncode == 0, result.stderr
    listed = callback("questions", "--category", "motivation", "--json", env_dir=tmp_path)
    texts = [q["text"] for q in json.loads(listed.stdout) if q["id"].startswith("my-")]
    assert texts == ["Why would you leave a café team you built?"] * 2


def test_a_cut_short_utf16_file_is_refused_as_utf16(tmp_path):
    path = tmp_path / "questions.csv"
    path.write_bytes(UTF16_QUESTIONS.encode("utf-16")[:41])  # an odd number of bytes
    result = callback("questions", "--import", str(path), env_dir=tmp_path)
    assert_refused(result, "utf-16", "questions.csv")
    assert "binary" not in result.stderr


def test_a_utf16_posting_is_read(tmp_path):
    posting = tmp_path / "posting.txt"
    posting.write_bytes(POSTING.read_text(encoding="utf-8").encode("utf-16"))
    result = callback("rubric", str(posting), "--json", env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["items"]


def test_speak_into_a_missing_folder_says_so_in_one_line(tmp_path):
    out = tmp_path / "missing" / "dir" / "q.wav"
    result = callback("speak", "Why this job?", "-o", str(out), env_dir=tmp_path)
    assert_refused(result, "does not exist", str(out.parent))
    assert "errno" not in result.stderr.lower()
    assert not out.parent.exists()
