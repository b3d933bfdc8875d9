"""Who may see what, enforced by storage itself — on SQLite and on PostgreSQL.

A student who puts another student's id in a URL (or in session state) gets "not found", never
their data; a coach reads only the students of the cohorts they coach; only an admin sets up
cohorts and roles; export and delete cover exactly one user's data.
"""
from __future__ import annotations

import inspect
import json
import zipfile
from dataclasses import dataclass

import pytest

import storage
from storage import ForbiddenError, NotFoundError, StorageError

ISSUER = "https://accounts.example.edu"


def question(qid: str = "beh-conflict", category: str = "behavioural") -> dict:
    return {"id": qid, "text": f"Question {qid}", "category": category, "competencies": ["ownership"]}


def score(overall: int) -> dict:
    return {"overall": overall, "dimensions": {"structure": {"score": overall, "reasons": []}},
            "matched": [{"keyword": "sql", "quote": "SQL", "start": 0, "end": 3}], "missed": ["kafka"],
            "metrics": {"wpm": 140.0, "fillers_per_min": 1.0}}


@dataclass
class Practice:
    """One student's data: a job, a session, a spoken scored answer, a typed unscored one."""

    user: storage.UserRecord
    target: storage.TargetRecord
    session: storage.SessionRecord
    spoken: storage.AnswerRecord
    typed: storage.AnswerRecord
    audio: bytes


def practise(user: storage.UserRecord, company: str) -> Practice:
    target = storage.create_target(company, "Analyst", "We need SQL.", owner=user)
    storage.save_prep(target.id, "company_facts", "mission", {"text": f"{company} mission"}, owner=user)
    session = storage.start_session(target.id, "realistic", ["beh-conflict", "why-us"], owner=user)
    audio = f"RIFF {company} recording".encode()
    spoken = storage.add_answer(session.id, question(), audio, "wav", None, owner=user)
    spoken = storage.save_result(spoken.id, {"text": f"{company} answer"}, score(70), 70, owner=user)
    typed = storage.add_answer(session.id, question("why-us", "motivation"), None, None, f"{company} typed",
                               owner=user)
    return Practice(user, target, session, spoken, typed, audio)


@pytest.fixture
def centre(db):
    """A career centre: two students (Alice in the Spring cohort, Bob in none), Carol coaching
    Spring, and an admin."""
    admin = storage.sign_in(ISSUER, "sub-admin", email="admin@example.edu", name="Ada Admin")
    storage.grant_role("admin@example.edu", storage.ADMIN)
    admin = storage.sign_in(ISSUER, "sub-admin", email="admin@example.edu", name="Ada Admin")
    alice = practise(storage.sign_in(ISSUER, "sub-alice", email="alice@example.edu", name="Alice"), "Acme")
    bob = practise(storage.sign_in(ISSUER, "sub-bob", email="bob@example.edu", name="Bob"), "Globex")
    carol = storage.sign_in(ISSUER, "sub-carol", email="carol@example.edu", name="Carol")
    spring = storage.create_cohort("Spring", admin=admin)
    storage.add_to_cohort(spring.id, alice.user.id, as_coach=False, admin=admin)
    storage.add_to_cohort(spring.id, carol.id, as_coach=True, admin=admin)
    carol = storage.get_user(carol.id, viewer=carol)
    return {"admin": admin, "alice": alice, "bob": bob, "carol": carol, "spring": spring, "db": db}


def unchanged(p: Practice) -> None:
    """Everything the student had is there, exactly as it was."""
    assert storage.get_target(p.target.id, owner=p.user).company == p.target.company
    assert storage.load_prep(p.target.id, "company_facts", owner=p.user) == {"mission": {"text": f"{p.target.company} mission"}}
    assert storage.get_session(p.session.id, owner=p.user).answer_count == 2
    assert storage.get_answer(p.spoken.id, owner=p.user).score == score(70)
    assert storage.read_audio(p.spoken.id, owner=p.user) == p.audio
    assert storage.get_answer(p.typed.id, owner=p.user).status == storage.UNPROCESSED


# --- students -----------------------------------------------------------------------------------

def test_a_student_gets_not_found_for_every_id_of_another_student(centre):
    alice, bob = centre["alice"], centre["bob"]
    me = bob.user
    foreign = [
        lambda: storage.get_target(alice.target.id, owner=me),
        lambda: storage.update_target(alice.target.id, notes="mine now", owner=me),
        lambda: storage.delete_target(alice.target.id, owner=me),
        lambda: storage.save_prep(alice.target.id, "company_facts", "mission", {"text": "x"}, owner=me),
        lambda: storage.load_prep(alice.target.id, "company_facts", owner=me),
        lambda: storage.delete_prep(alice.target.id, "company_facts", owner=me),
        lambda: storage.start_session(alice.target.id, "realistic", owner=me),
        lambda: storage.get_session(alice.session.id, owner=me),
        lambda: storage.finish_session(alice.session.id, owner=me),
        lambda: storage.delete_session(alice.session.id, owner=me),
        lambda: storage.add_answer(alice.session.id, question(), None, None, "sneaky", owner=me),
        lambda: storage.get_answer(alice.spoken.id, owner=me),
        lambda: storage.read_audio(alice.spoken.id, owner=me),
        lambda: storage.read_audio(alice.spoken, owner=me),  # even holding her record
        lambda: storage.save_result(alice.typed.id, None, score(99), 99, owner=me),
        lambda: storage.replace_score(alice.spoken.id, score(1), 1, owner=me),
        lambda: storage.mark_failed(alice.typed.id, "nope", owner=me),
        lambda: storage.mark_queued(alice.typed.id, owner=me),
        lambda: storage.queue_position(alice.typed.id, owner=me),
        lambda: storage.delete_answer(alice.spoken.id, owner=me),
        lambda: storage.list_comments(alice.spoken.id, viewer=me),
        lambda: storage.add_comment(alice.spoken.id, "hi", author=me),
        lambda: storage.get_user(alice.user.id, viewer=me),
    ]
    for attempt in foreign:
        with pytest.raises(NotFoundError, match="^there is no "):
            attempt()
    # Lists filtered by her ids come back empty.
    assert storage.list_sessions(target_id=alice.target.id, owner=me) == []
    assert storage.list_answers(session_id=alice.session.id, owner=me) == []
    assert storage.list_answers(target_id=alice.target.id, owner=me) == []
    assert storage.attempts_of("beh-conflict", session_id=alice.session.id, owner=me) == []
    assert storage.progress_rows(alice.target.id, owner=me) == []
    assert storage.practice_history(alice.target.id, owner=me) == []
    unchanged(alice)


def test_not_found_reads_the_same_for_another_students_answer_and_a_missing_one(centre):
    bob = centre["bob"].user
    with pytest.raises(NotFoundError) as theirs:
        storage.get_answer(centre["alice"].spoken.id, owner=bob)
    with pytest.raises(NotFoundError) as missing:
        storage.get_answer(999_999, owner=bob)
    assert str(theirs.value).replace(str(centre["alice"].spoken.id), "N") == str(missing.value).replace("999999", "N")


def test_each_student_lists_only_their_own_data(centre):
    for name in ("alice", "bob"):
        p: Practice = centre[name]
        assert [t.id for t in storage.list_targets(owner=p.user)] == [p.target.id]
        assert [s.id for s in storage.list_sessions(owner=p.user)] == [p.session.id]
        assert {a.id for a in storage.list_answers(owner=p.user)} == {p.spoken.id, p.typed.id}
        assert [a.id for a in storage.unprocessed_answers(owner=p.user)] == [p.typed.id]
        assert [r["answer_id"] for r in storage.progress_rows(owner=p.user)] == [p.spoken.id]
        assert [r["question_id"] for r in storage.practice_history(None, owner=p.user)] == ["beh-conflict"]
        assert {a.owner_id for a in storage.list_answers(owner=p.user)} == {p.user.id}


def test_an_owner_must_be_a_user_record_not_a_bare_id(centre):
    alice = centre["alice"]
    with pytest.raises(StorageError, match="UserRecord"):
        storage.get_target(alice.target.id, owner=alice.user.id)
    with pytest.raises(TypeError):
        storage.list_targets()  # the owner is required


def test_export_and_delete_cover_exactly_one_student(centre, tmp_path):
    alice, bob = centre["alice"], centre["bob"]
    storage.add_comment(alice.spoken.id, "Good use of numbers.", author=centre["carol"])

    path = storage.export_all(tmp_path, owner=alice.user)

    with zipfile.ZipFile(path) as archive:
        names = set(archive.namelist())
        answers = json.loads(archive.read("answers.json"))
        comments = json.loads(archive.read("comments.json"))
        everything = b" ".join(archive.read(n) for n in names)
    assert {a["id"] for a in answers} == {alice.spoken.id, alice.typed.id}
    assert archive_has(names, alice.spoken.audio_path) and not archive_has(names, bob.spoken.audio_path)
    assert [c["text"] for c in comments] == ["Good use of numbers."]
    assert b"Globex" not in everything and b"Acme" in everything

    storage.delete_everything(owner=bob.user)

    assert storage.list_targets(owner=bob.user) == [] and storage.list_answers(owner=bob.user) == []
    with pytest.raises(NotFoundError):
        storage.read_audio(bob.spoken.id, owner=bob.user)
    unchanged(alice)  # her recordings included
    assert storage.get_user(bob.user.id, viewer=bob.user) == bob.user  # the account stays, empty


def archive_has(names: set[str], audio_path: str) -> bool:
    return any(name.endswith(audio_path.split("/")[-1]) for name in names)


# --- coaches --------------------------------------------------------------------------------------

def test_a_coach_reads_the_students_of_their_cohorts_and_nobody_else(centre):
    alice, bob, carol = centre["alice"], centre["bob"], centre["carol"]

    [summary] = storage.coach_students(coach=carol)
    assert (summary.user.id, summary.cohort, summary.sessions, summary.scored_answers) == (alice.user.id, "Spring", 1, 1)
    assert (summary.recent_scores, summary.average_score, summary.weakest_categories) == ([70], 70.0, ["behavioural"])
    assert summary.last_session_id == alice.session.id
    assert [s.id for s in storage.coach_sessions(alice.user.id, coach=carol)] == [alice.session.id]
    assert {a.id for a in storage.coach_answers(alice.user.id, coach=carol)} == {alice.spoken.id, alice.typed.id}
    assert [t.id for t in storage.coach_targets(alice.user.id, coach=carol)] == [alice.target.id]
    assert storage.coach_answer(alice.spoken.id, coach=carol).transcript == {"text": "Acme answer"}
    assert storage.coach_read_audio(alice.spoken.id, coach=carol) == alice.audio
    assert [r["answer_id"] for r in storage.coach_progress_rows(alice.user.id, coach=carol)] == [alice.spoken.id]
    assert storage.get_user(alice.user.id, viewer=carol).name == "Alice"

    for attempt in (lambda: storage.coach_sessions(bob.user.id, coach=carol),
                    lambda: storage.coach_answers(bob.user.id, coach=carol),
                    lambda: storage.coach_targets(bob.user.id, coach=carol),
                    lambda: storage.coach_progress_rows(bob.user.id, coach=carol),
                    lambda: storage.coach_answer(bob.spoken.id, coach=carol),
                    lambda: storage.coach_read_audio(bob.spoken.id, coach=carol),
                    lambda: storage.get_user(bob.user.id, viewer=carol),
                    lambda: storage.add_comment(bob.spoken.id, "hello", author=carol),
                    # and the coach's own reading rights do not make them the owner:
                    lambda: storage.get_answer(alice.spoken.id, owner=carol),
                    lambda: storage.read_audio(alice.spoken.id, owner=carol)):
        with pytest.raises(NotFoundError):
            attempt()
    # A student is nobody's coach, not even their own.
    assert storage.coach_students(coach=alice.user) == []
    with pytest.raises(NotFoundError):
        storage.coach_sessions(alice.user.id, coach=alice.user)
    with pytest.raises(NotFoundError):
        storage.coach_answer(alice.spoken.id, coach=alice.user)


def test_a_coach_loses_sight_of_a_student_who_leaves_the_cohort(centre):
    alice, carol, admin = centre["alice"], centre["carol"], centre["admin"]
    assert storage.remove_from_cohort(centre["spring"].id, alice.user.id, admin=admin) == 1
    assert storage.coach_students(coach=carol) == []
    with pytest.raises(NotFoundError):
        storage.coach_answer(alice.spoken.id, coach=carol)
    unchanged(alice)  # her data stays hers


def test_comments_are_seen_by_the_student_and_their_coach_only(centre):
    alice, bob, carol = centre["alice"], centre["bob"], centre["carol"]
    note = storage.add_comment(alice.spoken.id, "  Say what *you* did.  ", author=carol)
    reply = storage.add_comment(alice.spoken.id, "Will do!", author=alice.user)

    for viewer in (alice.user, carol):
        listed = storage.list_comments(alice.spoken.id, viewer=viewer)
        assert [(c.author, c.author_role, c.text) for c in listed] == [
            ("Carol", storage.COACH, "Say what *you* did."), ("Alice", storage.STUDENT, "Will do!")]
    with pytest.raises(NotFoundError):
        storage.list_comments(alice.spoken.id, viewer=bob.user)
    with pytest.raises(NotFoundError):
        storage.delete_comment(note.id, author=alice.user)  # only its author takes it back
    storage.delete_comment(note.id, author=carol)
    assert [c.id for c in storage.list_comments(alice.spoken.id, viewer=alice.user)] == [reply.id]
    with pytest.raises(StorageError, match="comment is empty"):
        storage.add_comment(alice.spoken.id, "   ", author=carol)
    # Deleting the answer takes its comments with it.
    storage.delete_answer(alice.spoken.id, owner=alice.user)
    with pytest.raises(NotFoundError):
        storage.list_comments(alice.spoken.id, viewer=carol)


# --- admins, roles, cohorts -----------------------------------------------------------------------

def test_only_an_admin_sets_up_cohorts_and_roles(centre):
    alice, carol, admin, spring = centre["alice"], centre["carol"], centre["admin"], centre["spring"]
    for user in (alice.user, carol):
        for attempt in (lambda: storage.create_cohort("Autumn", admin=user),
                        lambda: storage.add_to_cohort(spring.id, user.id, as_coach=True, admin=user),
                        lambda: storage.add_to_cohort_by_email(spring.id, "x@example.edu", as_coach=False, admin=user),
                        lambda: storage.remove_from_cohort(spring.id, alice.user.id, admin=user),
                        lambda: storage.delete_cohort(spring.id, admin=user),
                        lambda: storage.set_role(user.id, storage.ADMIN, admin=user),
                        lambda: storage.list_users(admin=user),
                        lambda: storage.find_users("alice@example.edu", admin=user),
                        lambda: storage.find_cohort("Spring", admin=user),
                        lambda: storage.delete_user_data(centre["bob"].user.id, admin=user)):
            with pytest.raises(ForbiddenError, match="only an admin"):
                attempt()
    assert [c.name for c in storage.list_cohorts(viewer=admin)] == ["Spring"]
    assert [c.name for c in storage.list_cohorts(viewer=carol)] == ["Spring"]
    assert [c.name for c in storage.list_cohorts(viewer=alice.user)] == ["Spring"]
    assert storage.list_cohorts(viewer=centre["bob"].user) == []
    assert {u.name for u in storage.list_users(admin=admin)} == {"Ada Admin", "Alice", "Bob", "Carol"}
    with pytest.raises(StorageError, match="already a cohort named 'Spring'"):
        storage.create_cohort("Spring", admin=admin)
    assert carol.role == storage.COACH  # made a coach when given a coach's place


def test_an_admin_changes_roles_and_places_and_dissolves_a_cohort(centre):
    alice, bob, carol, admin, spring = (centre["alice"], centre["bob"], centre["carol"], centre["admin"],
                                        centre["spring"])
    assert storage.set_role(bob.user.id, storage.COACH, admin=admin).role == storage.COACH
    storage.add_to_cohort(spring.id, bob.user.id, as_coach=True, admin=admin)
    assert [s.user.id for s in storage.coach_students(coach=bob.user)] == [alice.user.id]
    storage.add_to_cohort(spring.id, bob.user.id, as_coach=False, admin=admin)  # now a student there
    assert storage.coach_students(coach=bob.user) == []
    assert {s.user.id for s in storage.coach_students(coach=carol)} == {alice.user.id, bob.user.id}
    assert storage.find_cohort("Spring", admin=admin).student_ids == sorted([alice.user.id, bob.user.id])

    storage.delete_cohort(spring.id, admin=admin)

    assert storage.list_cohorts(viewer=admin) == [] and storage.coach_students(coach=carol) == []
    unchanged(alice)
    unchanged(bob)
    with pytest.raises(NotFoundError):
        storage.add_to_cohort(spring.id, alice.user.id, as_coach=False, admin=admin)


def test_a_role_taken_away_takes_effect_at_once_even_for_a_signed_in_page(centre):
    admin = centre["admin"]  # a page holds this record from sign-in
    storage.grant_role("admin@example.edu", storage.STUDENT)
    with pytest.raises(ForbiddenError):
        storage.create_cohort("Autumn", admin=admin)


def test_roles_and_cohort_places_given_by_email_wait_for_the_first_sign_in(centre):
    admin, spring = centre["admin"], centre["spring"]
    assert storage.grant_role("Dana@Example.edu", storage.COACH) == []  # nobody with it yet: pending
    assert storage.add_to_cohort_by_email(spring.id, "erin@example.edu", as_coach=False, admin=admin) == []
    assert storage.find_cohort("Spring", admin=admin).pending_students == ["erin@example.edu"]

    dana = storage.sign_in(ISSUER, "sub-dana", email="dana@example.edu", name="Dana")
    erin = storage.sign_in(ISSUER, "sub-erin", email="erin@example.edu", name="Erin")

    assert dana.role == storage.COACH and erin.role == storage.STUDENT
    cohort = storage.find_cohort("Spring", admin=admin)
    assert erin.id in cohort.student_ids and cohort.pending_students == []
    # The grant was used up: someone else showing the same address later gets nothing.
    copycat = storage.sign_in("https://other-idp.example", "sub-x", email="dana@example.edu")
    assert copycat.role == storage.STUDENT and copycat.id != dana.id


def test_an_unverified_address_does_not_collect_what_was_granted_to_it(db):
    storage.grant_role("head@example.edu", storage.ADMIN)
    impostor = storage.sign_in("https://social.example", "sub-z", email="head@example.edu", email_verified=False)
    assert impostor.role == storage.STUDENT
    head = storage.sign_in(ISSUER, "sub-head", email="head@example.edu", email_verified=True)
    assert head.role == storage.ADMIN
    # Nor does a later grant to that address reach the unverified account.
    assert storage.grant_role("head@example.edu", storage.COACH) == [storage.get_user(head.id, viewer=head)]
    assert storage.get_user(impostor.id, viewer=impostor).role == storage.STUDENT
    assert impostor.email is None


def test_a_user_is_issuer_plus_subject_never_the_email_alone(db):
    first = storage.sign_in(ISSUER, "sub-1", email="sam@example.edu", name="Sam")
    again = storage.sign_in(ISSUER, "sub-1", email="sam.new@example.edu", name="Sam N.")
    other = storage.sign_in("https://login.microsoftonline.com/x/v2.0", "sub-1", email="sam@example.edu")
    assert again.id == first.id and (again.email, again.name) == ("sam.new@example.edu", "Sam N.")
    assert other.id != first.id
    for issuer in ("local", "operator"):
        with pytest.raises(StorageError, match="reserved"):
            storage.sign_in(issuer, "local")
    with pytest.raises(StorageError, match="not an e-mail address"):
        storage.grant_role("not-an-address", storage.ADMIN)
    with pytest.raises(StorageError, match="unknown role"):
        storage.grant_role("sam@example.edu", "superuser")


def test_an_admin_deletes_a_user_completely_recordings_included(centre):
    alice, bob, carol, admin = centre["alice"], centre["bob"], centre["carol"], centre["admin"]
    storage.add_comment(alice.spoken.id, "Nice.", author=carol)
    storage.add_comment(bob.spoken.id, "Note to self.", author=bob.user)
    db = centre["db"]
    files_before = set((db.folder / "recordings").glob("*")) if not db.audio_in_database else set()

    storage.delete_user_data(alice.user.id, admin=admin)

    with pytest.raises(NotFoundError):
        storage.get_user(alice.user.id, viewer=admin)
    assert storage.coach_students(coach=carol) == []
    assert [u.name for u in storage.list_users(admin=admin)] == ["Ada Admin", "Bob", "Carol"]
    if not db.audio_in_database:  # her recording files are gone, Bob's are not
        left = set((db.folder / "recordings").glob("*"))
        assert len(files_before - left) == 1 and any(p.read_bytes() == bob.audio for p in left)
    with db.read() as session:  # nothing of hers anywhere: not even rows nobody can see
        from sqlalchemy import func, select

        from storage.models import Answer, Comment, PracticeSession, PrepItem, Recording, Target
        assert session.scalar(select(func.count()).select_from(Target).where(Target.owner_id == alice.user.id)) == 0
        assert session.scalar(select(func.count()).select_from(PracticeSession)
                              .where(PracticeSession.owner_id == alice.user.id)) == 0
        assert session.scalar(select(func.count()).select_from(Answer)
                              .where(Answer.id.in_([alice.spoken.id, alice.typed.id]))) == 0
        assert session.scalar(select(func.count()).select_from(Recording)
                              .where(Recording.answer_id == alice.spoken.id)) == 0
        assert session.scalar(select(func.count()).select_from(Comment)
                              .where(Comment.answer_id == alice.spoken.id)) == 0
        assert session.scalar(select(func.count()).select_from(PrepItem)
                              .where(PrepItem.target_id == alice.target.id)) == 0
    unchanged(bob)
    assert [c.text for c in storage.list_comments(bob.spoken.id, viewer=bob.user)] == ["Note to self."]
    # Signing in again starts a new, empty account.
    back = storage.sign_in(ISSUER, "sub-alice", email="alice@example.edu")
    assert back.id != alice.user.id and storage.list_targets(owner=back) == []


# --- the queue (team mode's workers) -------------------------------------------------------------

def test_the_queue_sees_every_students_answers_and_positions_are_per_answer(centre):
    alice, bob = centre["alice"], centre["bob"]
    a2 = storage.add_answer(alice.session.id, question("why-us"), b"RIFF a2", "wav", None, owner=alice.user)
    b2 = storage.add_answer(bob.session.id, question("why-us"), b"RIFF b2", "wav", None, owner=bob.user)

    assert storage.answers_to_enqueue() == [alice.typed.id, bob.typed.id, a2.id, b2.id]
    for answer, user in ((alice.typed, alice.user), (bob.typed, bob.user), (a2, alice.user), (b2, bob.user)):
        assert storage.mark_queued(answer.id, owner=user).status == storage.QUEUED
    assert [storage.queue_position(a.id, owner=u) for a, u in
            ((alice.typed, alice.user), (bob.typed, bob.user), (a2, alice.user), (b2, bob.user))] == [0, 1, 2, 3]
    assert storage.queue_position(alice.spoken.id, owner=alice.user) is None  # scored: not on the queue

    job = storage.claim_answer(alice.typed.id)
    assert (job.status, job.tries, job.owner_id) == (storage.PROCESSING, 1, alice.user.id)
    assert storage.answer_owner(alice.typed.id) == alice.user
    assert storage.queue_position(alice.typed.id, owner=alice.user) == 0
    assert storage.queue_position(b2.id, owner=bob.user) == 3  # one being processed, two queued before
    assert storage.read_audio_for_job(b2.id) == b"RIFF b2"

    retry = storage.mark_failed(alice.typed.id, "worker lost", owner=alice.user, final=False)
    assert (retry.status, retry.error) == (storage.QUEUED, "worker lost")
    assert storage.queue_position(alice.typed.id, owner=alice.user) == 3  # back of the queue, behind three
    storage.claim_answer(alice.typed.id)
    failed = storage.mark_failed(alice.typed.id, "no speech found", owner=alice.user, final=True)
    assert (failed.status, failed.tries) == (storage.FAILED, 2)
    assert alice.typed.id not in storage.answers_to_enqueue()
    assert storage.claim_answer(alice.typed.id) is None  # a stale job for a failed answer does nothing
    again = storage.mark_queued(alice.typed.id, owner=alice.user)  # retried from Review
    assert (again.status, again.tries) == (storage.QUEUED, 0)
    assert storage.claim_answer(alice.spoken.id) is None  # scored already
    with pytest.raises(NotFoundError):
        storage.answer_owner(999_999)


def test_a_late_failure_or_a_second_result_does_not_undo_a_score(centre):
    alice = centre["alice"]
    first = storage.save_result(alice.typed.id, None, score(64), 64, owner=alice.user)
    second = storage.save_result(alice.typed.id, None, score(12), 12, owner=alice.user)
    late = storage.mark_failed(alice.typed.id, "timeout", owner=alice.user, final=True)
    assert first.overall == second.overall == late.overall == 64 and late.status == storage.SCORED
    rescored = storage.replace_score(alice.typed.id, score(80), 80, owner=alice.user)
    assert rescored.overall == 80
    assert sorted(r["overall"] for r in storage.progress_rows(owner=alice.user)) == [70, 80]


# --- every public function is scoped ------------------------------------------------------------

ACTING = {"owner", "viewer", "coach", "admin", "author"}
SYSTEM_SCOPE = {"claim_answer", "answer_owner", "answers_to_enqueue", "read_audio_for_job",
                "local_user", "sign_in", "grant_role", "operator", "data_dir", "cache_dir"}


def test_every_public_function_names_who_is_acting():
    """A new storage function must take the acting user (or be deliberately system scope)."""
    unscoped = []
    for name in storage.__all__:
        value = getattr(storage, name)
        if not inspect.isfunction(value) or name in SYSTEM_SCOPE:
            continue
        params = inspect.signature(value).parameters
        acting = [p for p in params.values() if p.name in ACTING]
        if not acting or any(p.kind != p.KEYWORD_ONLY or p.default is not p.empty for p in acting):
            unscoped.append(name)
    assert unscoped == []


def test_question_sets_in_the_data_folder_go_into_a_personal_export_only(db, tmp_path):
    """Personal mode: the data folder is the user's, its question sets are theirs. Team mode: it is
    the web server's, shared by everyone on it, so one student's export must not carry it."""
    user = storage.sign_in(ISSUER, "sub-sam", email="sam@example.edu")
    (db.folder / "questions").mkdir(exist_ok=True)
    (db.folder / "questions" / "set-001.yaml").write_text("- {id: mine-1, text: Someone's question}\n")

    with zipfile.ZipFile(storage.export_all(tmp_path, owner=user)) as archive:
        names = set(archive.namelist())

    assert ("questions/set-001.yaml" in names) == (db.sqlite_path is not None)
