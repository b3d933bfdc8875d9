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

def test_a_target_keeps_the_posting_edited_rubric_and_interviewers(folder, me):
    rubric = {"company": "Acme", "items": [{"keyword": "SQL", "kind": "tool", "weight": 2.0}]}
    created = storage.create_target("Acme", "Data Engineer", "We need SQL and Airflow.", rubric,
                                    [{"name": "Ann Lee", "title": "CTO"}], notes="second round on Tuesday", owner=me)

    rubric["items"].append({"keyword": "Kafka", "kind": "tool", "weight": 1.0})
    updated = storage.update_target(created.id, rubric=rubric, notes="moved to Wednesday", owner=me)

    again = storage.get_target(created.id, owner=me)
    assert again == updated
    assert [item["keyword"] for item in again.rubric["items"]] == ["SQL", "Kafka"]
    assert again.interviewers == [{"name": "Ann Lee", "title": "CTO"}]
    assert again.posting_text == "We need SQL and Airflow."
    assert again.notes == "moved to Wednesday"
    assert again.label == "Data Engineer at Acme"
    assert again.updated_at > created.updated_at and again.created_at == created.created_at


def test_targets_are_listed_most_recently_changed_first(folder, me):
    first = storage.create_target("Acme", "Analyst", owner=me)
    second = storage.create_target("Globex", "Engineer", owner=me)
    assert [t.id for t in storage.list_targets(owner=me)] == [second.id, first.id]
    storage.update_target(first.id, notes="prepared the STAR stories", owner=me)
    assert [t.id for t in storage.list_targets(owner=me)] == [first.id, second.id]


def test_a_target_needs_a_company_or_a_role_and_only_known_fields_change(folder, me):
    with pytest.raises(StorageError, match="company or a role"):
        storage.create_target("  ", "", owner=me)
    target = storage.create_target("Acme", "", owner=me)
    with pytest.raises(StorageError, match="no field 'salary'"):
        storage.update_target(target.id, salary=100, owner=me)
    with pytest.raises(StorageError, match="JSON"):
        storage.update_target(target.id, rubric=object(), owner=me)
    with pytest.raises(storage.NotFoundError, match="no target with id 999"):
        storage.get_target(999, owner=me)
    assert storage.get_target(target.id, owner=me).rubric is None  # the refused changes left it alone


# --- answers: saved before processing -----------------------------------------------------------

def test_a_recording_is_on_disk_and_in_the_database_before_processing(folder, me):
    target = storage.create_target("Acme", "Data Engineer", owner=me)
    session = storage.start_session(target.id, "realistic", ["beh-conflict", "closing-ask"], owner=me)
    audio = wav_bytes()

    answer = storage.add_answer(session.id, question(), audio, "WAV", None, owner=me)

    assert answer.status == storage.UNPROCESSED and answer.attempt == 1
    assert answer.audio_format == "wav" and answer.audio_path.startswith("recordings/")
    assert (folder / answer.audio_path).read_bytes() == audio
    assert storage.read_audio(answer, owner=me) == audio
    assert [a.id for a in storage.unprocessed_answers(owner=me)] == [answer.id]
    assert storage.get_answer(answer.id, owner=me).question["text"].startswith("Question beh-conflict")


def test_the_file_name_is_generated_and_only_known_audio_extensions_are_kept(folder, me):
    session = storage.start_session(None, "category", owner=me)
    odd = storage.add_answer(session.id, question(), b"not really audio", "../../etc/passwd", None, owner=me)
    webm = storage.add_answer(session.id, question(), b"\x1aE\xdf\xa3 webm bytes", ".webm", None, owner=me)

    odd_path = folder / odd.audio_path
    assert odd_path.parent == folder / "recordings" and odd_path.suffix == ".bin"
    assert Path(webm.audio_path).suffix == ".webm"
    assert len(Path(webm.audio_path).stem) == 32  # a uuid4, nothing from the user
    assert sorted(p.name for p in (folder / "recordings").iterdir()) == sorted(
        [Path(odd.audio_path).name, Path(webm.audio_path).name])  # no temporary files left


def test_a_typed_answer_is_scored_and_leaves_the_unprocessed_list(folder, me):
    session = storage.start_session(None, "realistic", owner=me)
    answer = storage.add_answer(session.id, question(), None, None, "I listened first, then proposed a test.", owner=me)
    assert storage.unprocessed_answers(owner=me)[0].typed_text == "I listened first, then proposed a test."

    scored = storage.save_result(answer.id, None, score(74, wpm=None), 74, owner=me)

    assert scored.status == storage.SCORED and scored.overall == 74 and scored.transcript is None
    assert storage.unprocessed_answers(owner=me) == []
    with pytest.raises(StorageError, match="typed"):
        storage.read_audio(scored, owner=me)


def test_a_failed_answer_keeps_its_recording_and_can_be_processed_again(folder, me):
    session = storage.start_session(None, "realistic", owner=me)
    answer = storage.add_answer(session.id, question(), wav_bytes(), "wav", None, owner=me)

    storage.mark_failed(answer.id, "the speech model could not be loaded", owner=me)
    left = storage.unprocessed_answers(owner=me)
    assert [(a.id, a.status, a.error) for a in left] == [
        (answer.id, storage.FAILED, "the speech model could not be loaded")]
    assert storage.read_audio(left[0], owner=me) == wav_bytes()

    storage.save_result(answer.id, transcript(), score(81), 81, owner=me)
    done = storage.get_answer(answer.id, owner=me)
    assert (done.status, done.error, done.overall) == (storage.SCORED, None, 81)
    assert done.transcript["words"][0]["word"] == "I"
    assert storage.unprocessed_answers(owner=me) == []


def test_attempts_are_numbered_per_question_and_found_side_by_side(folder, me):
    target = storage.create_target("Acme", "Data Engineer", owner=me)
    monday = storage.start_session(target.id, "realistic", owner=me)
    tuesday = storage.start_session(target.id, "weak_areas", owner=me)
    first = storage.add_answer(monday.id, question("beh-conflict"), None, None, "first try", owner=me)
    storage.add_answer(monday.id, question("opener"), None, None, "about me", owner=me)
    second = storage.add_answer(monday.id, question("beh-conflict"), None, None, "second try", owner=me)
    third = storage.add_answer(tuesday.id, question("beh-conflict"), None, None, "third try", owner=me)

    assert (first.attempt, second.attempt, third.attempt) == (1, 2, 1)  # counted per session
    in_monday = storage.attempts_of("beh-conflict", session_id=monday.id, owner=me)
    assert [a.typed_text for a in in_monday] == ["first try", "second try"]
    for_target = storage.attempts_of("beh-conflict", target_id=target.id, owner=me)
    assert [a.typed_text for a in for_target] == ["first try", "second try", "third try"]
    with pytest.raises(StorageError, match="either a session_id or a target_id"):
        storage.attempts_of("beh-conflict", owner=me)


def test_a_new_attempt_after_deleting_an_earlier_one_gets_the_next_number(folder, me):
    """Deleting attempt 1 of 3 used to make the next answer attempt 3 again (a count, not the
    highest number): the save failed on the unique constraint."""
    session = storage.start_session(None, "realistic", owner=me)
    first, second, third = (storage.add_answer(session.id, question(), None, None, f"try {n}", owner=me)
                            for n in (1, 2, 3))
    storage.delete_answer(first.id, owner=me)

    fourth = storage.add_answer(session.id, question(), None, None, "try 4", owner=me)

    assert [a.attempt for a in storage.attempts_of(question()["id"], session_id=session.id, owner=me)] == [2, 3, 4]
    assert fourth.attempt == 4


def test_answers_are_listed_newest_first_by_session_target_and_category(folder, me):
    acme = storage.create_target("Acme", "Engineer", owner=me)
    globex = storage.create_target("Globex", "Engineer", owner=me)
    a1 = storage.start_session(acme.id, "realistic", owner=me)
    g1 = storage.start_session(globex.id, "realistic", owner=me)
    old = storage.add_answer(a1.id, question("q-beh", "behavioural"), None, None, "old", owner=me)
    motive = storage.add_answer(a1.id, question("q-why", "motivation"), None, None, "why", owner=me)
    other = storage.add_answer(g1.id, question("q-beh", "behavioural"), None, None, "globex", owner=me)

    assert [a.id for a in storage.list_answers(owner=me)] == [other.id, motive.id, old.id]
    assert [a.id for a in storage.list_answers(session_id=a1.id, owner=me)] == [motive.id, old.id]
    assert [a.id for a in storage.list_answers(target_id=globex.id, owner=me)] == [other.id]
    assert [a.id for a in storage.list_answers(category="behavioural", owner=me)] == [other.id, old.id]
    assert [a.id for a in storage.list_answers(target_id=acme.id, category="behavioural", owner=me)] == [old.id]


def test_bad_answers_are_refused_and_leave_no_file_behind(folder, me):
    session = storage.start_session(None, "realistic", owner=me)
    with pytest.raises(StorageError, match="empty"):
        storage.add_answer(session.id, question(), b"", "wav", None, owner=me)
    with pytest.raises(StorageError, match="empty"):
        storage.add_answer(session.id, question(), None, None, "   ", owner=me)
    with pytest.raises(StorageError, match="'id'"):
        storage.add_answer(session.id, {"text": "no id"}, None, None, "answer", owner=me)
    with pytest.raises(storage.NotFoundError, match="no practice session with id 42"):
        storage.add_answer(42, question(), wav_bytes(), "wav", None, owner=me)
    answer = storage.add_answer(session.id, question(), None, None, "fine", owner=me)
    with pytest.raises(StorageError, match="0 to 100"):
        storage.save_result(answer.id, None, score(150), 150, owner=me)

    recordings = folder / "recordings"
    assert not recordings.exists() or list(recordings.iterdir()) == []
    assert [a.id for a in storage.list_answers(owner=me)] == [answer.id]
    assert storage.get_answer(answer.id, owner=me).status == storage.UNPROCESSED


# --- sessions, charts, selection ---------------------------------------------------------------

def test_sessions_are_listed_newest_first_with_answer_counts_and_average_score(folder, me):
    target = storage.create_target("Acme", "Data Engineer", owner=me)
    earlier = storage.start_session(target.id, "realistic", ["q1", "q2", "q3"], owner=me)
    for qid, overall in (("q1", 60), ("q2", 80)):
        answer = storage.add_answer(earlier.id, question(qid), None, None, "text", owner=me)
        storage.save_result(answer.id, None, score(overall), overall, owner=me)
    storage.add_answer(earlier.id, question("q3"), wav_bytes(), "wav", None, owner=me)  # not yet scored
    storage.finish_session(earlier.id, owner=me)
    later = storage.start_session(None, "category", ["q9"], owner=me)

    listed = storage.list_sessions(owner=me)
    assert [s.id for s in listed] == [later.id, earlier.id]
    assert (listed[1].answer_count, listed[1].average_score) == (3, 70.0)
    assert (listed[0].answer_count, listed[0].average_score) == (0, None)
    assert listed[1].question_ids == ["q1", "q2", "q3"] and listed[1].finished_at is not None
    assert [s.id for s in storage.list_sessions(target_id=target.id, owner=me)] == [earlier.id]
    assert storage.get_session(earlier.id, owner=me) == listed[1]


def test_progress_rows_give_each_scored_answer_with_its_figures(folder, me):
    target = storage.create_target("Acme", "Data Engineer", owner=me)
    session = storage.start_session(target.id, "realistic", owner=me)
    spoken = storage.add_answer(session.id, question("beh-conflict"), wav_bytes(), "wav", None, owner=me)
    storage.save_result(spoken.id, transcript(), score(72, wpm=151.5, matched=("sql",), missed=("kafka", "dbt")), 72, owner=me)
    typed = storage.add_answer(session.id, question("why-us", "motivation"), None, None, "typed", owner=me)
    storage.save_result(typed.id, None, score(64, wpm=None), 64, owner=me)
    storage.add_answer(session.id, question("closing"), wav_bytes(), "wav", None, owner=me)  # unprocessed: no row
    free = storage.start_session(None, "category", owner=me)
    storage.save_result(storage.add_answer(free.id, question(), None, None, "x", owner=me).id, None, score(50), 50, owner=me)

    rows = storage.progress_rows(target_id=target.id, owner=me)
    assert [r["answer_id"] for r in rows] == [spoken.id, typed.id]
    first = rows[0]
    assert first["target"] == "Data Engineer at Acme" and first["session_id"] == session.id
    assert first["session_started"] == session.started_at
    assert (first["category"], first["question_id"], first["overall"]) == ("behavioural", "beh-conflict", 72)
    assert first["dimensions"] == {"content": 77, "structure": 67, "delivery": 70}
    assert (first["wpm"], first["fillers_per_min"]) == (151.5, 1.8)
    assert (first["matched_keywords"], first["missed_keywords"]) == (["sql"], ["kafka", "dbt"])
    assert rows[1]["wpm"] is None and rows[1]["dimensions"]["delivery"] is None
    assert len(storage.progress_rows(owner=me)) == 3 and storage.progress_rows(owner=me)[-1]["target"] is None


def test_practice_history_tells_question_selection_what_went_wrong(folder, me):
    target = storage.create_target("Acme", "Data Engineer", owner=me)
    session = storage.start_session(target.id, "realistic", owner=me)
    answer = storage.add_answer(session.id, question("beh-conflict"), None, None, "text", owner=me)
    storage.save_result(answer.id, None, score(55, matched=("sql",), missed=("airflow",)), 55, owner=me)
    storage.add_answer(session.id, question("opener", "opener"), None, None, "not scored yet", owner=me)

    history = storage.practice_history(target.id, owner=me)
    assert history == [{
        "question_id": "beh-conflict", "category": "behavioural",
        "competencies": ("collaboration", "communication"), "overall": 55,
        "missed_keywords": ["airflow"], "matched_keywords": ["sql"],
        "practised_at": storage.get_answer(answer.id, owner=me).created_at,
    }]
    assert storage.practice_history(storage.create_target("Globex", "Analyst", owner=me).id, owner=me) == []


# --- preparation items ----------------------------------------------------------------------------

def test_preparation_items_are_saved_replaced_and_deleted_per_target(folder, me):
    acme = storage.create_target("Acme", "Data Engineer", owner=me)
    globex = storage.create_target("Globex", "Analyst", owner=me)
    storage.save_prep(acme.id, "questions_to_ask", "q1", {"text": "What does success look like in 90 days?"}, owner=me)
    storage.save_prep(acme.id, "questions_to_ask", "q2", {"text": "How is the team organised?"}, owner=me)
    storage.save_prep(acme.id, "thank_you", "ann-lee", {"draft": "Thank you, Ann"}, owner=me)
    storage.save_prep(acme.id, "questions_to_ask", "q1", {"text": "What would my first project be?"}, owner=me)
    storage.save_prep(globex.id, "questions_to_ask", "q1", {"text": "Globex only"}, owner=me)

    assert storage.load_prep(acme.id, "questions_to_ask", owner=me) == {
        "q1": {"text": "What would my first project be?"}, "q2": {"text": "How is the team organised?"}}
    assert storage.delete_prep(acme.id, "questions_to_ask", "q2", owner=me) == 1
    assert list(storage.load_prep(acme.id, "questions_to_ask", owner=me)) == ["q1"]
    assert storage.delete_prep(acme.id, "questions_to_ask", owner=me) == 1
    assert storage.load_prep(acme.id, "questions_to_ask", owner=me) == {}
    assert storage.load_prep(acme.id, "thank_you", owner=me) == {"ann-lee": {"draft": "Thank you, Ann"}}
    assert storage.load_prep(globex.id, "questions_to_ask", owner=me) == {"q1": {"text": "Globex only"}}
    with pytest.raises(storage.NotFoundError):
        storage.save_prep(999, "thank_you", "x", {}, owner=me)


# --- deleting and exporting -----------------------------------------------------------------------

def _recordings(folder: Path) -> set[str]:
    directory = folder / "recordings"
    return {f"recordings/{p.name}" for p in directory.iterdir()} if directory.exists() else set()


def test_deleting_an_answer_a_session_or_a_target_removes_its_recordings(folder, me):
    acme = storage.create_target("Acme", "Data Engineer", owner=me)
    globex = storage.create_target("Globex", "Analyst", owner=me)
    s1 = storage.start_session(acme.id, "realistic", owner=me)
    s2 = storage.start_session(acme.id, "realistic", owner=me)
    s3 = storage.start_session(globex.id, "realistic", owner=me)
    a1 = storage.add_answer(s1.id, question("q1"), wav_bytes(), "wav", None, owner=me)
    a2 = storage.add_answer(s1.id, question("q2"), wav_bytes(), "wav", None, owner=me)
    storage.save_result(a2.id, transcript(), score(70), 70, owner=me)
    a3 = storage.add_answer(s2.id, question("q1"), wav_bytes(), "wav", None, owner=me)
    a4 = storage.add_answer(s3.id, question("q1"), wav_bytes(), "wav", None, owner=me)
    storage.save_prep(acme.id, "references", "boss", {"name": "Bo"}, owner=me)

    storage.delete_answer(a1.id, owner=me)
    assert _recordings(folder) == {a2.audio_path, a3.audio_path, a4.audio_path}
    storage.delete_session(s1.id, owner=me)
    assert _recordings(folder) == {a3.audio_path, a4.audio_path}
    assert storage.progress_rows(owner=me) == []  # the scored answer went with its session
    storage.delete_target(acme.id, owner=me)
    assert _recordings(folder) == {a4.audio_path}
    assert [t.id for t in storage.list_targets(owner=me)] == [globex.id]
    assert [s.id for s in storage.list_sessions(owner=me)] == [s3.id]
    assert [a.id for a in storage.list_answers(owner=me)] == [a4.id]
    with pytest.raises(storage.NotFoundError):
        storage.load_prep(acme.id, "references", owner=me)  # its preparation items went with it
    with pytest.raises(storage.NotFoundError):
        storage.get_session(s2.id, owner=me)


def test_deleting_everything_leaves_an_empty_working_database(folder, me):
    target = storage.create_target("Acme", "Data Engineer", "posting with a secret salary figure", owner=me)
    session = storage.start_session(target.id, "realistic", owner=me)
    storage.add_answer(session.id, question(), wav_bytes(), "wav", None, owner=me)
    storage.save_prep(target.id, "thank_you", "ann", {"draft": "Thanks"}, owner=me)

    storage.delete_everything(owner=me)

    assert storage.list_targets(owner=me) == [] and storage.list_sessions(owner=me) == [] and storage.list_answers(owner=me) == []
    assert _recordings(folder) == set()
    for file in folder.glob("callback.db*"):  # compacted away, not just unlinked from the tables
        assert b"secret salary" not in file.read_bytes()
    again = storage.start_session(storage.create_target("Globex", "Analyst", owner=me).id, "realistic", owner=me)
    assert storage.add_answer(again.id, question(), wav_bytes(), "wav", None, owner=me).attempt == 1


def test_export_holds_every_record_a_flat_csv_and_the_recordings(folder, me):
    target = storage.create_target("Acme", "Data Engineer", "We need SQL.", {"items": []},
                                   [{"name": "Ann Lee", "title": "CTO"}], owner=me)
    session = storage.start_session(target.id, "realistic", ["beh-conflict", "why-us"], owner=me)
    spoken = storage.add_answer(session.id, question("beh-conflict"), wav_bytes(level=100), "wav", None, owner=me)
    storage.save_result(spoken.id, transcript(), score(72), 72, owner=me)
    typed = storage.add_answer(session.id, question("why-us", "motivation"), None, None, "Because of the mission.", owner=me)
    storage.save_prep(target.id, "questions_to_ask", "q1", {"text": "What does success look like?"}, owner=me)
    export_dir = folder / "exports"
    export_dir.mkdir()

    path = storage.export_all(export_dir, owner=me)

    assert path.parent == export_dir and path.suffix == ".zip"
    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        assert {"manifest.json", "targets.json", "sessions.json", "answers.json", "prep.json", "comments.json",
                "answers.csv", spoken.audio_path} == names
        assert archive.read(spoken.audio_path) == wav_bytes(level=100)
        targets = json.loads(archive.read("targets.json"))
        answers = json.loads(archive.read("answers.json"))
        prep = json.loads(archive.read("prep.json"))
        rows = list(csv.DictReader(io.StringIO(archive.read("answers.csv").decode())))
        manifest = json.loads(archive.read("manifest.json"))
    assert storage.TargetRecord.from_dict(targets[0]) == storage.get_target(target.id, owner=me)
    assert [storage.AnswerRecord.from_dict(a) for a in answers] == [storage.get_answer(spoken.id, owner=me),
                                                                   storage.get_answer(typed.id, owner=me)]
    assert prep == [{"target_id": target.id, "kind": "questions_to_ask", "key": "q1",
                     "data": {"text": "What does success look like?"}, "updated_at": prep[0]["updated_at"]}]
    assert manifest["counts"] == {"targets": 1, "sessions": 1, "answers": 2, "prep_items": 1, "comments": 0,
                                  "question_sets": 0}
    assert [r["question_id"] for r in rows] == ["beh-conflict", "why-us"]
    first = rows[0]
    assert (first["target"], first["category"], first["overall"]) == ("Data Engineer at Acme", "behavioural", "72")
    assert (first["content"], first["structure"], first["delivery"]) == ("77", "67", "70")
    assert (first["wpm"], first["fillers_per_min"]) == ("142.0", "1.8")
    assert rows[1]["overall"] == "" and rows[1]["status"] == storage.UNPROCESSED


def test_export_to_a_missing_folder_is_refused(folder, me):
    with pytest.raises(StorageError, match="does not exist"):
        storage.export_all(folder / "nowhere" / "export.zip", owner=me)
