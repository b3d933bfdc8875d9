"""`callback admin ...`: how a centre sets itself up from the command line — on SQLite and on
PostgreSQL, run as a separate process like an admin runs it."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile

import storage

ISSUER = "https://accounts.example.edu"


def admin(*args: str) -> subprocess.CompletedProcess:
    """Run `callback admin ...` on the test's database (CALLBACK_DATA_DIR / CALLBACK_DATABASE_URL)."""
    return subprocess.run([sys.executable, "-m", "coach.cli", "admin", *args], capture_output=True, text=True,
                          timeout=120, env=dict(os.environ))


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result.stderr
    return result.stdout


def assert_refused(result: subprocess.CompletedProcess, *words: str) -> None:
    assert result.returncode == 2, result.stdout + result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    for word in words:
        assert word in lines[0].lower(), lines[0]


def test_a_centre_sets_up_admin_coach_and_cohort_before_anyone_signs_in(db):
    assert "first sign-in" in ok(admin("grant", "Head@Centre.edu", "--role", "admin"))
    assert "created cohort 'Spring'" in ok(admin("cohort", "create", "Spring"))
    out = ok(admin("cohort", "add", "Spring", "--coach", "coach@centre.edu"))
    assert "coach@centre.edu: has not signed in yet; a coach of 'Spring' at their first sign-in" in out
    ok(admin("cohort", "add", "Spring", "ana@centre.edu", "ben@centre.edu"))
    [listed] = json.loads(ok(admin("cohort", "list", "--json")))
    assert (listed["pending_students"], listed["pending_coaches"]) == (["ana@centre.edu", "ben@centre.edu"],
                                                                       ["coach@centre.edu"])

    head = storage.sign_in(ISSUER, "s-head", email="head@centre.edu")
    coach = storage.sign_in(ISSUER, "s-coach", email="coach@centre.edu", name="Cora")
    ana = storage.sign_in(ISSUER, "s-ana", email="ana@centre.edu", name="Ana")

    assert (head.role, coach.role, ana.role) == (storage.ADMIN, storage.COACH, storage.STUDENT)
    assert [s.user.name for s in storage.coach_students(coach=coach)] == ["Ana"]
    assert "1 student(s), 1 coach(es), 1 not signed in yet" in ok(admin("cohort", "list"))
    users = ok(admin("users"))
    assert "head@centre.edu" in users and "\tadmin\t" in users
    # Someone who has signed in gets a role at once.
    assert ok(admin("grant", "ana@centre.edu", "--role", "coach")).strip() == "ana@centre.edu: role coach"
    assert storage.get_user(ana.id, viewer=ana).role == storage.COACH


def test_a_students_data_request_and_deletion(db, tmp_path):
    ana = storage.sign_in(ISSUER, "s-ana", email="ana@centre.edu", name="Ana")
    target = storage.create_target("Acme", "Analyst", owner=ana)
    session = storage.start_session(target.id, "realistic", owner=ana)
    answer = storage.add_answer(session.id, {"id": "q1", "text": "Why us?"}, b"RIFF ana's answer", "wav", None,
                                owner=ana)

    out = ok(admin("export", "ana@centre.edu", str(tmp_path)))
    [archive] = tmp_path.glob("callback-export-*.zip")
    assert str(archive) in out
    with zipfile.ZipFile(archive) as z:
        assert [a["id"] for a in json.loads(z.read("answers.json"))] == [answer.id]
        assert b"RIFF ana's answer" in [z.read(n) for n in z.namelist() if n.startswith("recordings/")]

    assert_refused(admin("delete-user", "ana@centre.edu"), "--yes")
    assert storage.list_targets(owner=ana) != []  # nothing deleted without --yes
    assert "deleted ana@centre.edu" in ok(admin("delete-user", str(ana.id), "--yes"))
    assert storage.list_users(admin=storage.operator()) == []


def test_bad_admin_input_gets_one_line(db):
    assert_refused(admin("grant", "not-an-address", "--role", "admin"), "not an e-mail address")
    assert_refused(admin("grant", "a@b.edu", "--role", "superuser"), "invalid choice")
    assert_refused(admin("cohort", "add", "Nowhere", "a@b.edu"), "no cohort named 'nowhere'")
    assert_refused(admin("cohort", "create"), "required: name")
    ok(admin("cohort", "create", "Spring"))
    assert_refused(admin("cohort", "create", "Spring"), "already a cohort")
    assert_refused(admin("export", "nobody@centre.edu", "."), "nobody has signed in with")
    storage.sign_in(ISSUER, "one", email="twin@centre.edu")
    storage.sign_in("https://other.example", "two", email="twin@centre.edu")
    assert_refused(admin("delete-user", "twin@centre.edu", "--yes"), "2 accounts use")
