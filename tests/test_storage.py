"""Storage: what the user keeps — targets, mock interviews, answers with their recordings — on a
real SQLite file in a temporary data folder."""
from __future__ import annotations

import csv
import io
import json
import wave
import zipfile
from pathlib import Path

import pytest

import storage
from storage import StorageError




def wav_bytes(seconds: float = 0.25, level: int = 0) -> bytes:
    """A real, playable 16 kHz mono WAV recording."""
    out = io.BytesIO()
    with wave.open(out, "wb") as w:
        w.setnchannels(1)
        w.setsampwidth(2)
        w.setframerate(16_000)
        w.writeframes(int(level).to_bytes(2, "little", signed=True) * int(16_000 * seconds))
    return out.getvalue()


def question(qid: str = "beh-conflict", category: str = "behavioural") -> dict:
    return {"id": qid, "text": f"Question {qid}: tell me about a time you disagreed with a colleague.",
            "category": category, "competencies": ["collaboration", "communication"], "difficulty": 2,
            "star": True, "expected_seconds": [60, 120]}


def score(overall: int, wpm: float | None = 142.0, matched=("sql", "airflow"), missed=("kafka",)) -> dict:
    """The shape of scoring's AnswerScore.to_dict()."""
    return {
        "overall": overall,
        "dimensions": {"content": {"score": overall + 5, "reasons": ["named the tools"]},
                       "structure": {"score": overall - 5, "reasons": ["clear STAR order"]},
                       "delivery": {"score": None if wpm is None else 70, "reasons": []}},
        "matched": [{"keyword": k, "kind": "tool", "weight": 1.0, "quote": k, "start": 0, "end": len(k)}
                    for k in matched],
        "missed": list(missed),
        "feedback": ["Say what you did, not what the team did."],
        "sketch": "S: ... T: ... A: ... R: ...",
        "metrics": {"words": 240, "duration_s": 101.0, "wpm": wpm, "fillers": 3,
                    "fillers_per_min": None if wpm is None else 1.8, "long_pauses": 0, "filler_spans": []},
    }


def transcript(text: str = "I disagreed with a colleague about the schema") -> dict:
    words = text.split()
    return {"text": text, "duration_s": len(words) * 0.4, "language": "en", "engine": "faster-whisper",
            "words": [{"word": w, "start": i * 0.4, "end": i * 0.4 + 0.3, "probability": 0.9}
                      for i, w in enumerate(words)]}


# --- targets ---------------------------------------------------------------------------------

def test_a_target_keeps_the_posting_edited_rubric_and_interviewers(folder):
    rubric = {"company": "Acme", "items": [{"keyword": "SQL", "kind": "tool", "weight": 2.0}]}
    created = storage.create_target("Acme", "Data Engineer", "We need SQL and Airflow.", rubric,
                                    [{"name": "Ann Lee", "title": "CTO"}], notes="second round on Tuesday")

    rubric["items"].append({"keyword": "Kafka", "kind": "tool", "weight": 1.0})
    updated = storage.update_target(created.id, rubric=rubric, notes="moved to Wednesday")

    again = storage.get_target(created.id)
    assert again == updated
    assert [item["keyword"] for item in again.rubric["items"]] == ["SQL", "Kafka"]
    assert again.interviewers == [{"name": "Ann Lee", "title": "CTO"}]
    assert again.posting_text == "We need SQL and Airflow."
    assert again.notes == "moved to Wednesday"
    assert again.label == "Data Engineer at Acme"
    assert again.updated_at > created.updated_at and again.created_at == created.created_at


def test_targets_are_listed_most_recently_changed_first(folder):
    first = storage.create_target("Acme", "Analyst")
    second = storage.create_target("Globex", "Engineer")
    assert [t.id for t in storage.list_targets()] == [second.id, first.id]
    storage.update_target(first.id, notes="prepared the STAR stories")
    assert [t.id for t in storage.list_targets()] == [first.id, second.id]


def test_a_target_needs_a_company_or_a_role_and_only_known_fields_change(folder):
    with pytest.raises(StorageError, match="company or a role"):
        storage.create_target("  ", "")
    target = storage.create_target("Acme", "")
    with pytest.raises(StorageError, match="no field 'salary'"):
        storage.update_target(target.id, salary=100)
    with pytest.raises(StorageError, match="JSON"):
        storage.update_target(target.id, rubric=object())
    with pytest.raises(storage.NotFoundError, match="no target with id 999"):
        storage.get_target(999)
    assert storage.get_target(target.id).rubric is None  # the refused changes left it alone


# --- answers: saved before processing -----------------------------------------------------------

def test_a_recording_is_on_disk_and_in_the_database_before_processing(folder):
    target = storage.create_target("Acme", "Data Engineer")
    session = storage.start_session(target.id, "realistic", ["beh-conflict", "closing-ask"])
    audio = wav_bytes()

    answer = storage.add_answer(session.id, question(), audio, "WAV", None)

    assert answer.status == storage.UNPROCESSED and answer.attempt == 1
    assert answer.audio_format == "wav" and answer.audio_path.startswith("recordings/")
    assert (folder / answer.audio_path).read_bytes() == audio
    assert storage.read_audio(answer) == audio
    assert [a.id for a in storage.unprocessed_answers()] == [answer.id]
    assert storage.get_answer(answer.id).question["text"].startswith("Question beh-conflict")


def test_the_file_name_is_generated_and_only_known_audio_extensions_are_kept(folder):
    session = storage.start_session(None, "category")
    odd = storage.add_answer(session.id, question(), b"not really audio", "../../etc/passwd", None)
    webm = storage.add_answer(session.id, question(), b"\x1aE\xdf\xa3 webm bytes", ".webm", None)

    odd_path = folder / odd.audio_path
    assert odd_path.parent == folder / "recordings" and odd_path.suffix == ".bin"
    assert Path(webm.audio_path).suffix == ".webm"
    assert len(Path(webm.audio_path).stem) == 32  # a uuid4, nothing from the user
    assert sorted(p.name for p in (folder / "recordings").iterdir()) == sorted(
        [Path(odd.audio_path).name, Path(webm.audio_path).name])  # no temporary files left


def test_a_typed_answer_is_scored_and_leaves_the_unprocessed_list(folder):
    session = storage.start_session(None, "realistic")
    answer = storage.add_answer(session.id, question(), None, None, "I listened first, then proposed a test.")
    assert storage.unprocessed_answers()[0].typed_text == "I listened first, then proposed a test."

    scored = storage.save_result(answer.id, None, score(74, wpm=None), 74)

    assert scored.status == storage.SCORED and scored.overall == 74 and scored.transcript is None
    assert storage.unprocessed_answers() == []
    with pytest.raises(StorageError, match="typed"):
        storage.read_audio(scored)


def test_a_failed_answer_keeps_its_recording_and_can_be_processed_again(folder):
    session = storage.start_session(None, "realistic")
    answer = storage.add_answer(session.id, question(), wav_bytes(), "wav", None)

    storage.mark_failed(answer.id, "the speech model could not be loaded")
    left = storage.unprocessed_answers()
    assert [(a.id, a.status, a.error) for a in left] == [
        (answer.id, storage.FAILED, "the speech model could not be loaded")]
    assert storage.read_audio(left[0]) == wav_bytes()

    storage.save_result(answer.id, transcript(), score(81), 81)
    done = storage.get_answer(answer.id)
    assert (done.status, done.error, done.overall) == (storage.SCORED, None, 81)
    assert done.transcript["words"][0]["word"] == "I"
    assert storage.unprocessed_answers() == []


def test_attempts_are_numbered_per_question_and_found_side_by_side(folder):
    target = storage.create_target("Acme", "Data Engineer")
    monday = storage.start_session(target.id, "realistic")
    tuesday = storage.start_session(target.id, "weak_areas")
    first = storage.add_answer(monday.id, question("beh-conflict"), None, None, "first try")
    storage.add_answer(monday.id, question("opener"), None, None, "about me")
    second = storage.add_answer(monday.id, question("beh-conflict"), None, None, "second try")
    third = storage.add_answer(tuesday.id, question("beh-conflict"), None, None, "third try")

    assert (first.attempt, second.attempt, third.attempt) == (1, 2, 1)  # counted per session
    in_monday = storage.attempts_of("beh-conflict", session_id=monday.id)
    assert [a.typed_text for a in in_monday] == ["first try", "second try"]
    for_target = storage.attempts_of("beh-conflict", target_id=target.id)
    assert [a.typed_text for a in for_target] == ["first try", "second try", "third try"]
    with pytest.raises(StorageError, match="either a session_id or a target_id"):
        storage.attempts_of("beh-conflict")


def test_answers_are_listed_newest_first_by_session_target_and_category(folder):
    acme = storage.create_target("Acme", "Engineer")
    globex = storage.create_target("Globex", "Engineer")
    a1 = storage.start_session(acme.id, "realistic")
    g1 = storage.start_session(globex.id, "realistic")
    old = storage.add_answer(a1.id, question("q-beh", "behavioural"), None, None, "old")
    motive = storage.add_answer(a1.id, question("q-why", "motivation"), None, None, "why")
    other = storage.add_answer(g1.id, question("q-beh", "behavioural"), None, None, "globex")

    assert [a.id for a in storage.list_answers()] == [other.id, motive.id, old.id]
    assert [a.id for a in storage.list_answers(session_id=a1.id)] == [motive.id, old.id]
    assert [a.id for a in storage.list_answers(target_id=globex.id)] == [other.id]
    assert [a.id for a in storage.list_answers(category="behavioural")] == [other.id, old.id]
    assert [a.id for a in storage.list_answers(target_id=acme.id, category="behavioural")] == [old.id]


def test_bad_answers_are_refused_and_leave_no_file_behind(folder):
    session = storage.start_session(None, "realistic")
    with pytest.raises(StorageError, match="empty"):
        storage.add_answer(session.id, question(), b"", "wav", None)
    with pytest.raises(StorageError, match="empty"):
        storage.add_answer(session.id, question(), None, None, "   ")
    with pytest.raises(StorageError, match="'id'"):
        storage.add_answer(session.id, {"text": "no id"}, None, None, "answer")
    with pytest.raises(storage.NotFoundError, match="no practice session with id 42"):
        storage.add_answer(42, question(), wav_bytes(), "wav", None)
    answer = storage.add_answer(session.id, question(), None, None, "fine")
    with pytest.raises(StorageError, match="0 to 100"):
        storage.save_result(answer.id, None, score(150), 150)

    recordings = folder / "recordings"
    assert not recordings.exists() or list(recordings.iterdir()) == []
    assert [a.id for a in storage.list_answers()] == [answer.id]
    assert storage.get_answer(answer.id).status == storage.UNPROCESSED


# --- sessions, charts, selection ---------------------------------------------------------------

def test_sessions_are_listed_newest_first_with_answer_counts_and_average_score(folder):
    target = storage.create_target("Acme", "Data Engineer")
    earlier = storage.start_session(target.id, "realistic", ["q1", "q2", "q3"])
    for qid, overall in (("q1", 60), ("q2", 80)):
        answer = storage.add_answer(earlier.id, question(qid), None, None, "text")
        storage.save_result(answer.id, None, score(overall), overall)
    storage.add_answer(earlier.id, question("q3"), wav_bytes(), "wav", None)  # not yet scored
    storage.finish_session(earlier.id)
    later = storage.start_session(None, "category", ["q9"])

    listed = storage.list_sessions()
    assert [s.id for s in listed] == [later.id, earlier.id]
    assert (listed[1].answer_count, listed[1].average_score) == (3, 70.0)
    assert (listed[0].answer_count, listed[0].average_score) == (0, None)
    assert listed[1].question_ids == ["q1", "q2", "q3"] and listed[1].finished_at is not None
    assert [s.id for s in storage.list_sessions(target_id=target.id)] == [earlier.id]
    assert storage.get_session(earlier.id) == listed[1]


def test_progress_rows_give_each_scored_answer_with_its_figures(folder):
    target = storage.create_target("Acme", "Data Engineer")
    session = storage.start_session(target.id, "realistic")
    spoken = storage.add_answer(session.id, question("beh-conflict"), wav_bytes(), "wav", None)
    storage.save_result(spoken.id, transcript(), score(72, wpm=151.5, matched=("sql",), missed=("kafka", "dbt")), 72)
    typed = storage.add_answer(session.id, question("why-us", "motivation"), None, None, "typed")
    storage.save_result(typed.id, None, score(64, wpm=None), 64)
    storage.add_answer(session.id, question("closing"), wav_bytes(), "wav", None)  # unprocessed: no row
    free = storage.start_session(None, "category")
    storage.save_result(storage.add_answer(free.id, question(), None, None, "x").id, None, score(50), 50)

    rows = storage.progress_rows(target_id=target.id)
    assert [r["answer_id"] for r in rows] == [spoken.id, typed.id]
    first = rows[0]
    assert first["target"] == "Data Engineer at Acme" and first["session_id"] == session.id
    assert first["session_started"] == session.started_at
    assert (first["category"], first["question_id"], first["overall"]) == ("behavioural", "beh-conflict", 72)
    assert first["dimensions"] == {"content": 77, "structure": 67, "delivery": 70}
    assert (first["wpm"], first["fillers_per_min"]) == (151.5, 1.8)
    assert (first["matched_keywords"], first["missed_keywords"]) == (["sql"], ["kafka", "dbt"])
    assert rows[1]["wpm"] is None and rows[1]["dimensions"]["delivery"] is None
    assert len(storage.progress_rows()) == 3 and storage.progress_rows()[-1]["target"] is None


def test_practice_history_tells_question_selection_what_went_wrong(folder):
    target = storage.create_target("Acme", "Data Engineer")
    session = storage.start_session(target.id, "realistic")
    answer = storage.add_answer(session.id, question("beh-conflict"), None, None, "text")
    storage.save_result(answer.id, None, score(55, matched=("sql",), missed=("airflow",)), 55)
    storage.add_answer(session.id, question("opener", "opener"), None, None, "not scored yet")

    history = storage.practice_history(target.id)
    assert history == [{
        "question_id": "beh-conflict", "category": "behavioural",
        "competencies": ("collaboration", "communication"), "overall": 55,
        "missed_keywords": ["airflow"], "matched_keywords": ["sql"],
        "practised_at": storage.get_answer(answer.id).created_at,
        "answer_kind": "",          # a score without answer kinds (scorer version 1)
    }]
    assert storage.practice_history(storage.create_target("Globex", "Analyst").id) == []


# --- preparation items ----------------------------------------------------------------------------

def test_preparation_items_are_saved_replaced_and_deleted_per_target(folder):
    acme = storage.create_target("Acme", "Data Engineer")
    globex = storage.create_target("Globex", "Analyst")
    storage.save_prep(acme.id, "questions_to_ask", "q1", {"text": "What does success look like in 90 days?"})
    storage.save_prep(acme.id, "questions_to_ask", "q2", {"text": "How is the team organised?"})
    storage.save_prep(acme.id, "thank_you", "ann-lee", {"draft": "Thank you, Ann"})
    storage.save_prep(acme.id, "questions_to_ask", "q1", {"text": "What would my first project be?"})
    storage.save_prep(globex.id, "questions_to_ask", "q1", {"text": "Globex only"})

    assert storage.load_prep(acme.id, "questions_to_ask") == {
        "q1": {"text": "What would my first project be?"}, "q2": {"text": "How is the team organised?"}}
    assert storage.delete_prep(acme.id, "questions_to_ask", "q2") == 1
    assert list(storage.load_prep(acme.id, "questions_to_ask")) == ["q1"]
    assert storage.delete_prep(acme.id, "questions_to_ask") == 1
    assert storage.load_prep(acme.id, "questions_to_ask") == {}
    assert storage.load_prep(acme.id, "thank_you") == {"ann-lee": {"draft": "Thank you, Ann"}}
    assert storage.load_prep(globex.id, "questions_to_ask") == {"q1": {"text": "Globex only"}}
    with pytest.raises(storage.NotFoundError):
        storage.save_prep(999, "thank_you", "x", {})


# --- deleting and exporting -----------------------------------------------------------------------

def _recordings(folder: Path) -> set[str]:
    directory = folder / "recordings"
    return {f"recordings/{p.name}" for p in directory.iterdir()} if directory.exists() else set()


def test_deleting_an_answer_a_session_or_a_target_removes_its_recordings(folder):
    acme = storage.create_target("Acme", "Data Engineer")
    globex = storage.create_target("Globex", "Analyst")
    s1 = storage.start_session(acme.id, "realistic")
    s2 = storage.start_session(acme.id, "realistic")
    s3 = storage.start_session(globex.id, "realistic")
    a1 = storage.add_answer(s1.id, question("q1"), wav_bytes(), "wav", None)
    a2 = storage.add_answer(s1.id, question("q2"), wav_bytes(), "wav", None)
    storage.save_result(a2.id, transcript(), score(70), 70)
    a3 = storage.add_answer(s2.id, question("q1"), wav_bytes(), "wav", None)
    a4 = storage.add_answer(s3.id, question("q1"), wav_bytes(), "wav", None)
    storage.save_prep(acme.id, "references", "boss", {"name": "Bo"})

    storage.delete_answer(a1.id)
    assert _recordings(folder) == {a2.audio_path, a3.audio_path, a4.audio_path}
    storage.delete_session(s1.id)
    assert _recordings(folder) == {a3.audio_path, a4.audio_path}
    assert storage.progress_rows() == []  # the scored answer went with its session
    storage.delete_target(acme.id)
    assert _recordings(folder) == {a4.audio_path}
    assert [t.id for t in storage.list_targets()] == [globex.id]
    assert [s.id for s in storage.list_sessions()] == [s3.id]
    assert [a.id for a in storage.list_answers()] == [a4.id]
    assert storage.load_prep(acme.id, "references") == {}
    with pytest.raises(storage.NotFoundError):
        storage.get_session(s2.id)


def test_deleting_everything_leaves_an_empty_working_database(folder):
    target = storage.create_target("Acme", "Data Engineer", "posting with a secret salary figure")
    session = storage.start_session(target.id, "realistic")
    storage.add_answer(session.id, question(), wav_bytes(), "wav", None)
    storage.save_prep(target.id, "thank_you", "ann", {"draft": "Thanks"})

    storage.delete_everything()

    assert storage.list_targets() == [] and storage.list_sessions() == [] and storage.list_answers() == []
    assert _recordings(folder) == set()
    for file in folder.glob("callback.db*"):  # compacted away, not just unlinked from the tables
        assert b"secret salary" not in file.read_bytes()
    again = storage.start_session(storage.create_target("Globex", "Analyst").id, "realistic")
    assert storage.add_answer(again.id, question(), wav_bytes(), "wav", None).attempt == 1


def test_export_holds_every_record_a_flat_csv_and_the_recordings(folder):
    target = storage.create_target("Acme", "Data Engineer", "We need SQL.", {"items": []},
                                   [{"name": "Ann Lee", "title": "CTO"}])
    session = storage.start_session(target.id, "realistic", ["beh-conflict", "why-us"])
    spoken = storage.add_answer(session.id, question("beh-conflict"), wav_bytes(level=100), "wav", None)
    storage.save_result(spoken.id, transcript(), score(72), 72)
    typed = storage.add_answer(session.id, question("why-us", "motivation"), None, None, "Because of the mission.")
    storage.save_prep(target.id, "questions_to_ask", "q1", {"text": "What does success look like?"})
    export_dir = folder / "exports"
    export_dir.mkdir()

    path = storage.export_all(export_dir)

    assert path.parent == export_dir and path.suffix == ".zip"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {"manifest.json", "targets.json", "sessions.json", "answers.json", "prep.json",
                "answers.csv", spoken.audio_path} == names
        assert archive.read(spoken.audio_path) == wav_bytes(level=100)
        targets = json.loads(archive.read("targets.json"))
        answers = json.loads(archive.read("answers.json"))
        prep = json.loads(archive.read("prep.json"))
        rows = list(csv.DictReader(io.StringIO(archive.read("answers.csv").decode())))
        manifest = json.loads(archive.read("manifest.json"))
    assert storage.TargetRecord.from_dict(targets[0]) == storage.get_target(target.id)
    assert [storage.AnswerRecord.from_dict(a) for a in answers] == [storage.get_answer(spoken.id),
                                                                   storage.get_answer(typed.id)]
    assert prep == [{"target_id": target.id, "kind": "questions_to_ask", "key": "q1",
                     "data": {"text": "What does success look like?"}, "updated_at": prep[0]["updated_at"]}]
    assert manifest["counts"] == {"targets": 1, "sessions": 1, "answers": 2, "prep_items": 1}
    assert [r["question_id"] for r in rows] == ["beh-conflict", "why-us"]
    first = rows[0]
    assert (first["target"], first["category"], first["overall"]) == ("Data Engineer at Acme", "behavioural", "72")
    assert (first["content"], first["structure"], first["delivery"]) == ("77", "67", "70")
    assert (first["wpm"], first["fillers_per_min"]) == ("142.0", "1.8")
    assert rows[1]["overall"] == "" and rows[1]["status"] == storage.UNPROCESSED


def test_export_to_a_missing_folder_is_refused(folder):
    with pytest.raises(StorageError, match="does not exist"):
        storage.export_all(folder / "nowhere" / "export.zip")
