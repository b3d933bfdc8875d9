"""Team mode's transcription queue, with every part real: PostgreSQL (tests/postgres_server.py),
Redis (pytest-redis starts Debian's redis-server), and Celery workers as real `callback worker`
processes that load the real Whisper model and transcribe real synthesized speech.

What a career centre can rely on:
- answers wait in line, each student sees their place, and a worker scores them all;
- a job delivered twice is scored once;
- a recording without speech fails at once with its reason; a job that keeps failing for other
  reasons ends "failed" after its tries, and sent again (as Review does) it is scored;
- a worker killed mid-transcription (its pool process, or all of it) loses no answer;
- Redis restarted with jobs queued loses no answer, nor does an answer saved while Redis was down
  or saved by a web server that died before queueing it.
"""
from __future__ import annotations

import os
import signal
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pytest_redis import factories

import storage
from coach import interview, jobs
from deploy.servers import Worker
from team_support import long_answer_wav, start_worker, team_env, wait_for  # noqa: F401 (fixture)

pytestmark = [pytest.mark.slow]

ISSUER = "https://idp.example.edu"
QBR_PHRASE = "quarterly business reviews"

# A Redis of its own for the restart test (pytest-redis starts a real redis-server): restarting
# the shared one would pull the queue from under the other tests.
redis_restartable = factories.redis_proc(port=None)


@dataclass
class Team:
    env: dict
    folder: Path
    workers: list[Worker] = field(default_factory=list)

    def worker(self, name: str, **extra_env: str) -> Worker:
        worker = start_worker(dict(self.env, **extra_env), self.folder, name)
        self.workers.append(worker)
        return worker

    def logs(self) -> str:
        return "\n".join(f"--- {w.name} ---\n{w.log()}" for w in self.workers)


def _team(postgres_url, data_dir, broker, monkeypatch, tmp_path, **extra_env):
    import redis

    redis.Redis.from_url(broker).flushdb()  # the queue of an earlier test is not this one's
    monkeypatch.setenv("CALLBACK_MODE", "team")
    monkeypatch.setenv("CALLBACK_BROKER_URL", broker)
    env = team_env(postgres_url, broker, data_dir, **extra_env)
    return Team(env, tmp_path)


@pytest.fixture
def team(postgres_url, data_dir, redis_proc, monkeypatch, tmp_path):
    t = _team(postgres_url, data_dir, f"redis://127.0.0.1:{redis_proc.port}/0", monkeypatch, tmp_path,
              CALLBACK_VISIBILITY_TIMEOUT_S="15", CALLBACK_JOB_MAX_TRIES="3")
    yield t
    for w in t.workers:
        w.kill()


# --- helpers ----------------------------------------------------------------------------------

def student(n: int) -> storage.UserRecord:
    return storage.sign_in(ISSUER, f"student-{n}", email=f"student{n}@example.edu", name=f"Student {n}")


def submit(user, wav: bytes, enqueue: bool = True) -> storage.AnswerRecord:
    """What the Practice page does in team mode: save the answer, then put it on the queue."""
    from question_bank import load_bank

    target = interview.ensure_sample_target(user=user)
    question = next(q for q in load_bank() if q.category == "behavioural")
    session = storage.start_session(target.id, "single", [question.id], owner=user)
    answer = interview.submit_answer(session.id, question, user=user, audio=wav)
    if enqueue:
        jobs.enqueue(answer.id, owner=user)
    return answer


def status(answer, user) -> str:
    return storage.get_answer(answer.id, owner=user).status


def wait_scored(team: Team, answers_and_users, timeout_s: float = 240):
    def all_done():
        found = [storage.get_answer(a.id, owner=u) for a, u in answers_and_users]
        return found if all(f.status in ("scored", "failed") for f in found) else None

    found = wait_for(all_done, timeout_s, "every answer scored", describe=team.logs)
    for f in found:
        assert f.status == "scored", f"answer {f.id} ended {f.status}: {f.error}\n{team.logs()}"
    return found


def heard(answer) -> str:
    return (answer.transcript or {}).get("text", "").lower()


# --- the queue --------------------------------------------------------------------------------

def test_answers_wait_in_line_and_a_worker_scores_them_all(team, spoken_answer_wav):
    people = [student(n) for n in (1, 2, 3)]
    answers = [submit(u, spoken_answer_wav) for u in people]
    # No worker yet: each student sees how many answers are before theirs.
    assert [jobs.progress(a.id, owner=u).ahead for a, u in zip(answers, people)] == [0, 1, 2]
    assert jobs.progress(answers[2].id, owner=people[2]).label.endswith("2 answers before it.")

    team.worker("w1")
    scored = wait_scored(team, list(zip(answers, people)))
    for answer in scored:
        assert QBR_PHRASE in heard(answer)
        assert 0 <= answer.overall <= 100 and answer.score["dimensions"]
        assert answer.tries == 1


def test_a_job_delivered_twice_is_scored_once(team, spoken_answer_wav):
    import redis

    user = student(1)
    answer = submit(user, spoken_answer_wav)
    jobs.publish(answer.id)   # the same job twice more, e.g. re-enqueued after a restart
    jobs.publish(answer.id)
    team.worker("w1")
    team.worker("w2")
    (scored,) = wait_scored(team, [(answer, user)])
    broker = redis.Redis.from_url(team.env["CALLBACK_BROKER_URL"])
    wait_for(lambda: broker.llen(jobs.QUEUE) == 0 and not broker.hlen("unacked"), 60,
             "the duplicate jobs finished", describe=team.logs)
    time.sleep(1)
    again = storage.get_answer(answer.id, owner=user)
    assert again.updated_at == scored.updated_at and again.score == scored.score
    # One answer, one point on the student's charts.
    assert len(storage.progress_rows(owner=user)) == 1


def test_a_recording_without_speech_fails_at_once_with_its_reason(team, silence_wav):
    user = student(1)
    answer = submit(user, silence_wav)
    team.worker("w1")
    found = wait_for(lambda: (a := storage.get_answer(answer.id, owner=user)).status == "failed" and a,
                     120, "the silent answer failed", describe=team.logs)
    assert "no speech" in found.error
    assert found.tries == 1   # the answer's own fault: not tried again and again


def test_a_job_that_keeps_failing_ends_failed_and_is_scored_when_sent_again(team, spoken_answer_wav, tmp_path):
    user = student(1)
    answer = submit(user, spoken_answer_wav)
    # A worker whose model is missing: not the answer's fault, so it is tried again, up to the limit.
    team.worker("broken", CALLBACK_MODEL=str(tmp_path / "no-such-model"), CALLBACK_JOB_MAX_TRIES="2")
    found = wait_for(lambda: (a := storage.get_answer(answer.id, owner=user)).status == "failed" and a,
                     120, "the answer ended failed", describe=team.logs)
    assert found.error.startswith("gave up after 2 tries:")
    assert found.tries == 2
    team.workers.pop().stop()

    team.worker("good")
    jobs.enqueue(answer.id, owner=user)   # "Process again" on the Review page
    (scored,) = wait_scored(team, [(answer, user)])
    assert QBR_PHRASE in heard(scored)


# --- nothing is lost ----------------------------------------------------------------------------

def _processing(team, answer, user):
    wait_for(lambda: status(answer, user) == "processing", 120, "a worker started on the answer",
             interval_s=0.05, describe=team.logs)
    time.sleep(0.5)  # the pool process is now decoding and transcribing the minute of speech


def test_a_pool_process_killed_mid_transcription_is_retried_at_once(team, long_answer_wav):
    user = student(1)
    answer = submit(user, long_answer_wav)
    worker = team.worker("w1")
    _processing(team, answer, user)
    (pool,) = worker.pool_pids()
    os.kill(pool, signal.SIGKILL)   # e.g. the out-of-memory killer
    (scored,) = wait_scored(team, [(answer, user)])
    assert scored.tries == 2
    assert "regional hospital network" in heard(scored)


def test_a_whole_worker_killed_mid_transcription_is_taken_over_by_another(team, long_answer_wav):
    user = student(1)
    answer = submit(user, long_answer_wav)
    doomed = team.worker("doomed")
    _processing(team, answer, user)
    doomed.kill()   # SIGKILL to the worker and its pool process: the machine lost power
    team.worker("survivor")
    # The job's message was never acknowledged: after the visibility timeout (15 s here) the
    # other worker takes it over (it is still on the queue, so nobody needs to put it back).
    (scored,) = wait_scored(team, [(answer, user)], timeout_s=180)
    assert scored.tries == 2
    assert "regional hospital network" in heard(scored)


def test_an_answer_saved_but_never_queued_is_found_by_a_running_worker(team, spoken_answer_wav):
    team.worker("w1", CALLBACK_REQUEUE_EVERY_S="5")
    user = student(1)
    # Saved, then the web server died (or lost Redis) before putting it on the queue.
    answer = submit(user, spoken_answer_wav, enqueue=False)
    assert status(answer, user) == "unprocessed"
    (scored,) = wait_scored(team, [(answer, user)], timeout_s=120)
    assert QBR_PHRASE in heard(scored)


@pytest.mark.parametrize("keeps_its_data", [True, False], ids=["redis-keeps-its-data", "redis-lost-its-data"])
def test_redis_restarted_with_jobs_queued_loses_no_answer(keeps_its_data, redis_restartable, postgres_url, data_dir,
                                                            monkeypatch, tmp_path, spoken_answer_wav):
    broker = f"redis://127.0.0.1:{redis_restartable.port}/0"
    team = _team(postgres_url, data_dir, broker, monkeypatch, tmp_path)
    dump = Path(redis_restartable.unixsocket).parent / f"dump.{redis_restartable.port}.rdb"
    try:
        people = [student(n) for n in range(1, 5)]
        answers = [submit(u, spoken_answer_wav) for u in people]   # queued, no worker yet
        team.worker("w1")
        redis_restartable.stop()   # a normal stop: Redis writes its data file
        if not keeps_its_data:
            dump.unlink()          # ... which is lost: Redis comes back empty
        # Saved while Redis is down: the page says so, and the answer waits in the database.
        late_user = student(5)
        with pytest.raises(jobs.QueueError, match="saved"):
            submit(late_user, spoken_answer_wav)
        late = storage.list_answers(owner=late_user)[0]
        assert late.status == "unprocessed"
        redis_restartable.start()  # the worker reconnects and puts back what the queue lacks
        scored = wait_scored(team, list(zip(answers, people)) + [(late, late_user)], timeout_s=300)
        assert all(QBR_PHRASE in heard(a) for a in scored)
    finally:
        for w in team.workers:
            w.kill()


# A worker that took a job from Redis and vanished with it (SIGKILL before it even started): the
# message stays "unacknowledged" in Redis until the visibility timeout (10 minutes by default).
TAKE_AND_HANG = """
import sys, time
from kombu import Connection, Queue
with Connection(sys.argv[1]) as conn:
    with conn.SimpleQueue(Queue(sys.argv[2])) as queue:
        queue.get(timeout=30)      # taken, never acknowledged
        print("taken", flush=True)
        time.sleep(600)
"""


def test_a_job_redis_handed_to_a_lost_worker_is_done_soon_after_redis_restarts(
        redis_restartable, postgres_url, data_dir, monkeypatch, tmp_path, spoken_answer_wav):
    import subprocess
    import sys

    broker = f"redis://127.0.0.1:{redis_restartable.port}/0"
    team = _team(postgres_url, data_dir, broker, monkeypatch, tmp_path)   # visibility timeout: 600 s
    try:
        user = student(1)
        answer = submit(user, spoken_answer_wav)
        taker = subprocess.Popen([sys.executable, "-c", TAKE_AND_HANG, broker, jobs.QUEUE],
                                 stdout=subprocess.PIPE, text=True)
        assert taker.stdout.readline().strip() == "taken"
        taker.kill()
        taker.wait()
        redis_restartable.stop()     # Redis saves its data, the unacknowledged message included
        redis_restartable.start()
        team.worker("w1")
        (scored,) = wait_scored(team, [(answer, user)], timeout_s=120)   # not after 10 minutes
        assert QBR_PHRASE in heard(scored)
    finally:
        for w in team.workers:
            w.kill()

