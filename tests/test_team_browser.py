"""Team mode in a real browser, every part real: Chromium signs in through the Node OpenID Connect
provider (deploy/oidc) and Streamlit's st.login; the web server runs in team mode on PostgreSQL;
a Celery worker process transcribes from a Redis queue; the microphone is a WAV of real speech.

The story a career centre cares about:
- two students and their coach sign in (a wrong password is refused);
- each student practises one answer by voice; the page shows it queued, then its score by itself;
- the coach sees both students' answers and comments on one; that student reads the comment in
  Review, the other student sees none;
- each student who puts the other's answer id in the Review URL gets "not found".

Run: `.venv/bin/python -m pytest tests/test_team_browser.py -q -x` (about 3 minutes on two cores).
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

import storage
from browser_support import (
    CHROMIUM, UI_TIMEOUT_MS, go_to, launch_chromium, metric_value, record_answer, screen_text,
    shown_transcripts, start_mock_interview, wait_for_text, wait_until_idle, write_spoken_answer,
)
from deploy.servers import WebServer, free_port, write_secrets
from team_support import COACH, STUDENT_ONE, STUDENT_TWO, start_provider, start_worker, team_env

pytestmark = [
    pytest.mark.browser,
    pytest.mark.slow,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason=f"needs Debian's chromium at {CHROMIUM}"),
]
sync_api = pytest.importorskip("playwright.sync_api")

ONE_SAYS = ("In my last role I ran quarterly business reviews with hospital finance teams, "
            "and churn fell by twelve percent in one year.")
ONE_HEARD = ("hospital finance",)  # words Whisper tiny.en reliably hears in espeak's voice
TWO_SAYS = ("When a hospital client was unhappy with onboarding, I met their director, "
            "agreed a recovery plan, and renewed the contract three months later.")
TWO_HEARD = ("recovery plan",)
COMMENT = "Good: lead with the result next time, then the steps."
SCORE = re.compile(r"^\d{1,3}/100$")


def said(text: str, phrases) -> bool:
    return all(p in text.lower() for p in phrases)


@pytest.fixture
def deployment(postgres_url, data_dir, redis_proc, tmp_path, monkeypatch):
    """Provider, worker and web server in team mode; the cohort set up by e-mail beforehand."""
    import redis

    broker = f"redis://127.0.0.1:{redis_proc.port}/0"
    redis.Redis.from_url(broker).flushdb()
    monkeypatch.setenv("CALLBACK_MODE", "team")
    monkeypatch.setenv("CALLBACK_BROKER_URL", broker)
    # What an admin does with `callback admin ...` before anyone has signed in.
    admin = storage.operator()
    storage.grant_role(COACH.email, "coach")
    cohort = storage.create_cohort("Spring bootcamp", admin=admin)
    for person in (STUDENT_ONE, STUDENT_TWO):
        storage.add_to_cohort_by_email(cohort.id, person.email, as_coach=False, admin=admin)
    storage.add_to_cohort_by_email(cohort.id, COACH.email, as_coach=True, admin=admin)

    port = free_port()
    provider = start_provider(tmp_path / "oidc", port)
    env = team_env(postgres_url, broker, data_dir)
    worker = start_worker(env, tmp_path, "w1")
    web = WebServer(env, tmp_path / "web.log", secrets_path=write_secrets(
        tmp_path / "secrets.toml", f"http://127.0.0.1:{port}", provider), port=port)
    try:
        web.start()
        yield web, provider
    finally:
        web.stop()
        worker.stop()
        provider.stop()
        print(f"--- web log ---\n{web.log()}\n--- worker log ---\n{worker.log()}")


@pytest.fixture(scope="module")
def voices(tmp_path_factory):
    folder = tmp_path_factory.mktemp("voices")
    return {name: (folder / f"{name}.wav", write_spoken_answer(text, folder / f"{name}.wav"))
            for name, text in (("one", ONE_SAYS), ("two", TWO_SAYS))}


@pytest.fixture(scope="module")
def playwright():
    with sync_api.sync_playwright() as p:
        yield p


def sign_in(page, web, provider, person, password: str | None = None) -> None:
    """From the app's sign-in screen through the provider's form and back, signed in."""
    page.goto(web.url)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{provider.issuer}/interaction/**", timeout=UI_TIMEOUT_MS)
    page.fill("#login", person.email)
    page.fill("#password", password or person.password)
    page.click("button[type=submit]")
    if password is None:
        wait_for_text(page, "Job you are preparing for")
        wait_until_idle(page)


def practise_one_answer(page, seconds: float, heard) -> str:
    go_to(page, "Practice")
    start_mock_interview(page, questions=3)
    record_answer(page, seconds + 1.0)
    # Saved and queued at once; the worker's score then appears by itself (the page refreshes).
    wait_for_text(page, "Saved and queued for transcription")
    overall = metric_value(page, "Overall")
    assert SCORE.match(overall), overall
    transcripts = shown_transcripts(page)
    assert any(said(t, heard) for t in transcripts), transcripts
    return overall


def user_of(person) -> storage.UserRecord:
    """The user a sign-in made (found by e-mail, as an admin would: signing in again is not a look-up)."""
    (user,) = storage.find_users(person.email, admin=storage.operator())
    return user


def only_answer_of(person) -> storage.AnswerRecord:
    (answer,) = storage.list_answers(owner=user_of(person))
    return answer


def test_two_students_and_their_coach(deployment, voices, playwright):
    web, provider = deployment
    one_wav, one_seconds = voices["one"]
    two_wav, two_seconds = voices["two"]
    one_browser = launch_chromium(playwright, one_wav)
    two_browser = launch_chromium(playwright, two_wav)
    try:
        one = one_browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        two = two_browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()
        coach = two_browser.new_context(viewport={"width": 1280, "height": 1000}).new_page()

        # A wrong password gets nobody in.
        sign_in(one, web, provider, STUDENT_ONE, password="not-my-password")
        one.get_by_text("Wrong e-mail or password.").wait_for(timeout=UI_TIMEOUT_MS)

        sign_in(one, web, provider, STUDENT_ONE)
        practise_one_answer(one, one_seconds, ONE_HEARD)
        sign_in(two, web, provider, STUDENT_TWO)
        practise_one_answer(two, two_seconds, TWO_HEARD)
        one_answer, two_answer = only_answer_of(STUDENT_ONE), only_answer_of(STUDENT_TWO)

        # The coach sees both students' answers, and comments on Student One's.
        sign_in(coach, web, provider, COACH)
        go_to(coach, "Coach")
        for name, heard in (("Student Two", TWO_HEARD), ("Student One", ONE_HEARD)):
            pick_student(coach, name)
            wait_for_text(coach, f"Sessions of {name}")
            assert any(said(t, heard) for t in shown_transcripts(coach)), screen_text(coach)
        coach.get_by_label("Comment for the student").fill(COMMENT)
        coach.get_by_role("button", name="Add comment").click()
        wait_until_idle(coach)
        assert [c.text for c in storage.list_comments(one_answer.id, viewer=user_of(COACH))] == [COMMENT]

        # Student One reads it in Review; Student Two has no comment.
        go_to(one, "Review")
        one.get_by_test_id("stExpander").first.locator("summary").first.click()
        wait_for_text(one, COMMENT)
        assert "Comment from Coach Carter (coach)" in screen_text(one)
        go_to(two, "Review")
        two.get_by_test_id("stExpander").first.locator("summary").first.click()
        wait_until_idle(two)
        assert COMMENT not in screen_text(two)

        # Each student is refused the other's answer by URL.
        for page, theirs, their_words in ((one, two_answer, TWO_HEARD), (two, one_answer, ONE_HEARD)):
            page.goto(f"{web.url}/review?answer={theirs.id}")
            wait_for_text(page, f"Answer not found: you have no answer {theirs.id}.")
            wait_until_idle(page)
            assert not any(said(t, their_words) for t in shown_transcripts(page))
    finally:
        one_browser.close()
        two_browser.close()


def pick_student(page, name: str) -> None:
    """Choose a student in the Coach page's picker (a Streamlit selectbox)."""
    page.get_by_test_id("stMain").get_by_test_id("stSelectbox").first.click()
    page.get_by_role("option", name=name).click()
    wait_until_idle(page)
