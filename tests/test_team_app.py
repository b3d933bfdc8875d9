"""The app's pages in team mode, through Streamlit's AppTest with a signed-in `st.user` (the
browser test, test_team_browser.py, signs in through the real provider): real PostgreSQL, real
Redis, and a real worker process where an answer must be scored.

What people can rely on:
- nothing is shown before sign-in, and a server without sign-in set up says so in one line;
- a student's recording is saved and queued, the page shows its place in the queue, and the score
  appears once a worker has done it;
- a coach sees the Coach page with their cohort's students and answers, and comments on one; the
  student reads the comment in Review; students get no Coach page;
- an answer id typed into the Review URL that is someone else's is "not found".
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

import storage
from coach import interview, jobs
from question_bank import load_bank
from team_support import start_worker, team_env, wait_for

ROOT = Path(__file__).resolve().parents[1]
APP = str(ROOT / "streamlit_app.py")
ISSUER = "https://idp.example.edu"
AUTH = {"redirect_uri": "http://127.0.0.1:8501/oauth2callback", "cookie_secret": "x" * 32,
        "client_id": "callback", "client_secret": "s" * 24,
        "server_metadata_url": "http://127.0.0.1:9/.well-known/openid-configuration"}

pytestmark = [pytest.mark.slow]


@pytest.fixture
def team(postgres_url, data_dir, redis_proc, monkeypatch):
    import redis

    broker = f"redis://127.0.0.1:{redis_proc.port}/0"
    redis.Redis.from_url(broker).flushdb()
    monkeypatch.setenv("CALLBACK_MODE", "team")
    monkeypatch.setenv("CALLBACK_BROKER_URL", broker)
    return team_env(postgres_url, broker, data_dir)


def person(sub: str, name: str, email: str) -> dict:
    return {"is_logged_in": True, "iss": ISSUER, "sub": sub, "name": name, "email": email,
            "email_verified": True}


ANA = person("ana", "Ana Student", "ana@students.example")
BEN = person("ben", "Ben Student", "ben@students.example")
COACH = person("carla", "Carla Coach", "carla@staff.example")


def app(user: dict | None, page: str | None = None, **query) -> AppTest:
    at = AppTest.from_file(APP, default_timeout=180)
    at.secrets["auth"] = AUTH
    at.user = user if user is not None else {"is_logged_in": False}
    at.query_params.update(query)
    at.run()
    if page:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [m.value for m in at.markdown] + [e.value for e in at.error] + [i.value for i in at.info] \
        + [c.value for c in at.caption] + [w.value for w in at.warning] + [t.value for t in at.title]
    # User text is Markdown-escaped on screen (a backslash before each special character).
    return re.sub(r"\\(.)", r"\1", "\n".join(str(p) for p in parts))


def cohort_with(students: list[dict], coach: dict) -> None:
    """An admin's cohort (as `callback admin cohort ...` makes it) with these people, by e-mail."""
    admin = storage.operator()
    storage.grant_role(coach["email"], "coach")
    cohort = storage.create_cohort("Spring bootcamp", admin=admin)
    for s in students:
        storage.add_to_cohort_by_email(cohort.id, s["email"], as_coach=False, admin=admin)
    storage.add_to_cohort_by_email(cohort.id, coach["email"], as_coach=True, admin=admin)


def practise(user: dict, wav: bytes) -> AppTest:
    """A student starts a mock interview and records the first answer."""
    at = app(user, "app_pages/practice.py")
    at.button[0].click().run()  # start the mock interview
    at.audio_input[0].set_value(("answer.wav", wav, "audio/wav"))
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


# --- sign-in ------------------------------------------------------------------------------------

def test_nothing_is_shown_before_sign_in(team):
    at = app(None)
    assert [b.label for b in at.button] == ["Sign in"]
    assert not at.sidebar.selectbox            # no job picker, no pages: nothing of anyone's data
    assert "Job you are preparing for" not in texts(at)


def test_a_server_without_sign_in_set_up_says_so(team):
    at = AppTest.from_file(APP, default_timeout=60).run()
    assert [e.value for e in at.error] == [
        "Sign-in is not set up: team mode needs an [auth] section in .streamlit/secrets.toml (see docs/deploy.md)."]
    assert not at.button


def test_team_mode_without_its_queue_says_what_is_missing(team, monkeypatch):
    monkeypatch.delenv("CALLBACK_BROKER_URL")
    at = app(ANA)
    assert any("CALLBACK_BROKER_URL" in e.value for e in at.error)


# --- practice through the queue ---------------------------------------------------------------

def test_a_recorded_answer_waits_in_the_queue_then_its_score_appears(team, spoken_answer_wav, tmp_path):
    at = practise(ANA, spoken_answer_wav)
    shown = texts(at)
    assert "Your answer is next in the queue." in shown
    assert not [m for m in at.metric if m.label == "Overall"]   # not scored in the web process
    # The student may go on meanwhile: the next question is there.
    assert "Next question" in [b.label for b in at.button]

    worker = start_worker(team, tmp_path, "w1")
    try:
        ana = storage.sign_in(ISSUER, "ana")
        wait_for(lambda: storage.list_answers(owner=ana)[0].status == "scored", 180, "the answer scored",
                 describe=worker.log)
    finally:
        worker.stop()
    at.run()   # what the page's own refresh does
    assert [m.value for m in at.metric if m.label == "Overall"][0].endswith("/100")
    assert "quarterly business reviews" in " ".join(h.value for h in at.get("html")).lower() or \
        "quarterly business reviews" in texts(at).lower()


# --- coaches, comments, and who may see what ------------------------------------------------------

def _scored_answer(user: dict, text: str):
    """An answer of `user`, scored (typed, scored in-process: this test is about who sees it)."""
    owner = storage.sign_in(ISSUER, user["sub"], email=user["email"], name=user["name"])
    target = interview.ensure_sample_target(user=owner)
    question = load_bank()[3]
    session = storage.start_session(target.id, "single", [question.id], owner=owner)
    answer = interview.submit_answer(session.id, question, typed_text=text, user=owner)
    interview.process_answer(answer.id, user=owner)
    return owner, storage.get_answer(answer.id, owner=owner)


def test_a_coach_reads_the_cohort_and_comments_and_the_student_reads_it(team):
    cohort_with([ANA, BEN], COACH)
    _, ana_answer = _scored_answer(ANA, "I ran quarterly business reviews with hospital finance teams.")
    _, ben_answer = _scored_answer(BEN, "I rebuilt the onboarding plan and renewed the contract.")

    at = app(COACH, "app_pages/coach.py")
    table = at.dataframe[0].value
    assert set(table["Student"]) == {"Ana Student", "Ben Student"}
    assert set(table["Cohort"]) == {"Spring bootcamp"}
    shown = texts(at) + " ".join(h.value for h in at.get("html"))
    assert "quarterly business reviews" in shown          # Ana's (the first student) answer
    at.text_area(key=f"comment-text-{ana_answer.id}").input("Lead with the result: churn fell 12%.")
    at.button(key=f"FormSubmitter:comment-{ana_answer.id}-Add comment").click().run()
    assert not at.exception
    at.selectbox(key="coach-student").select("Ben Student").run()
    assert "renewed the contract" in texts(at) + " ".join(h.value for h in at.get("html"))

    review = app(ANA, "app_pages/review.py")
    assert "Lead with the result: churn fell 12%." in texts(review)
    assert "Comment from Carla Coach (coach)" in texts(review)
    # Ben's Review has no comment, and no Coach page for students.
    ben = app(BEN, "app_pages/review.py")
    assert "Lead with the result" not in texts(ben)


def test_students_get_no_coach_page(team):
    at = app(BEN)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        at.switch_page("app_pages/coach.py")   # not in a student's navigation at all


def test_someone_elses_answer_by_url_is_not_found(team):
    cohort_with([ANA, BEN], COACH)
    _, ana_answer = _scored_answer(ANA, "I ran quarterly business reviews with hospital finance teams.")
    at = app(BEN, "app_pages/review.py", answer=str(ana_answer.id))
    assert f"Answer not found: you have no answer {ana_answer.id}." in texts(at)
    assert "quarterly business reviews" not in texts(at) + " ".join(h.value for h in at.get("html"))
    own = app(ANA, "app_pages/review.py", answer=str(ana_answer.id))
    assert "Answer not found" not in texts(own)


def test_a_student_cannot_change_what_the_whole_server_shares(team):
    """Settings and imported questions live in the server's data folder, shared by everyone: in
    team mode a student changes neither (and is not shown the server's folder)."""
    at = app(ANA, "app_pages/settings.py")
    assert not [s for s in at.selectbox if s.label == "Transcription engine"]
    assert not at.get("file_uploader")
    assert "Remove the questions I imported" not in [b.label for b in at.button]
    assert str(storage.data_dir()) not in texts(at)
    assert "Prepare an export of everything" in [b.label for b in at.button]   # their own data: yes


def test_a_failed_answer_is_sent_back_to_the_queue_from_review(team):
    import redis

    owner, answer = _scored_answer(ANA, "An answer that was scored.")
    session = storage.start_session(answer.target_id, "single", [answer.question_id], owner=owner)
    failed = interview.submit_answer(session.id, load_bank()[3], typed_text="An answer a worker gave up on.",
                                     user=owner)
    storage.mark_failed(failed.id, "gave up after 3 tries: the database could not be used just now", owner=owner)
    at = app(ANA, "app_pages/review.py")
    assert "gave up after 3 tries" in texts(at)
    at.button(key=f"reprocess-{failed.id}").click().run()
    assert not at.exception
    assert storage.get_answer(failed.id, owner=owner).status == "queued"
    broker = redis.Redis.from_url(team["CALLBACK_BROKER_URL"])
    assert broker.llen(jobs.QUEUE) == 1 and broker.sismember(jobs.ON_QUEUE_KEY, failed.id)
