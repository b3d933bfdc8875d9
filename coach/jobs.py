"""Team mode: answers are transcribed and scored by worker processes that share one queue.

The page saves the answer (the recording is in the database before anything else happens), then
`enqueue()` publishes "process answer N" on Celery with a Redis broker. `callback worker` starts a
worker (`run_worker`): its pool process loads the Whisper model once and then runs jobs one at a
time. Any number of workers, on any number of machines, share the queue, the database and the
recordings.

Nothing is lost, and nothing is saved twice:
- late acknowledgement: a job's message is acknowledged only when the job has finished. A pool
  process that dies mid-job (SIGKILL, out of memory) has its job requeued at once
  (`task_reject_on_worker_lost`); a whole worker that dies leaves the message unacknowledged in
  Redis, and another worker takes it over after the visibility timeout;
- Redis also keeps the set of answers that have a message on its queue (ON_QUEUE_KEY). At every
  (re)connection to the broker, and every minute, a worker puts back on the queue each answer the
  database has not processed that is missing from that set (`requeue_unscored`): an answer a page
  saved while Redis was down, or a web process died before queueing. Adding to the set is atomic,
  so two workers never both put back the same answer. After Redis itself restarted, the first
  worker to reconnect puts back every waiting answer (messages Redis kept as handed out to a
  worker whose connection it dropped would otherwise wait for the visibility timeout);
- `storage.claim_answer` hands a job its answer only if it is not scored yet, and counts the try;
  `storage.save_result` saves a result once, so a job that does run twice (its worker presumed
  dead but only slow) changes nothing the second time. A job that keeps failing — at once when it
  is the answer's own fault (no speech, a corrupt file), otherwise after MAX_TRIES tries — ends
  "failed" with its reason, and the user can send it again from Review.

Personal mode never imports this module's Celery parts: it transcribes in the app's own process.
"""
from __future__ import annotations

import logging
import os
import threading
import warnings
from dataclasses import dataclass

import storage
from coach import config

log = logging.getLogger("callback.jobs")

TASK_NAME = "callback.process_answer"
QUEUE = "callback-answers"
ON_QUEUE_KEY = "callback:on-queue"   # Redis set: ids of the answers that have a message on the queue
REDIS_STARTED_KEY = "callback:redis-run"  # + Redis's run_id: a worker has seen this Redis start


class QueueError(ValueError):
    """The queue could not be reached: the answer is saved and will be scored later (one line)."""


def max_tries() -> int:
    """How many times a job is tried (worker deaths included) before it ends "failed"."""
    return config.env_int("CALLBACK_JOB_MAX_TRIES", 3, 1, 20)


def visibility_timeout_s() -> int:
    """How long a job's message may stay unacknowledged before another worker takes it over.

    Longer than the longest job (a 15-minute recording takes well under a minute to transcribe
    on one core); a job that is still running when it expires is only done twice, never saved twice.
    """
    return config.env_int("CALLBACK_VISIBILITY_TIMEOUT_S", 600, 5, 24 * 3600)


def requeue_every_s() -> int:
    """How often a connected worker looks for waiting answers that have no message on the queue."""
    return config.env_int("CALLBACK_REQUEUE_EVERY_S", 60, 5, 3600)


# --- the Celery application -------------------------------------------------------------------

_apps: dict[str, object] = {}
_apps_lock = threading.Lock()


def celery_app():
    """The process's Celery application for CALLBACK_BROKER_URL (made on first use; Celery is
    imported only here, so personal mode never loads it)."""
    url = config.broker_url()
    with _apps_lock:
        if url not in _apps:
            _apps[url] = _make_app(url)
        return _apps[url]


def _make_app(broker: str):
    from celery import Celery, bootsteps

    app = Celery("callback", broker=broker, set_as_current=False)
    app.conf.update(
        task_default_queue=QUEUE,
        task_serializer="json", accept_content=["json"],
        task_ignore_result=True,                 # results live in the database, not in Redis
        task_acks_late=True,                     # acknowledged when done, not when received
        task_reject_on_worker_lost=True,         # a pool process killed mid-job: requeue the job
        worker_prefetch_multiplier=1,            # a worker holds only the job it is doing
        # A job running when Redis goes away finishes and saves its result (the database is
        # separate); its message comes back later and finds the answer scored.
        worker_cancel_long_running_tasks_on_connection_loss=False,
        broker_connection_retry_on_startup=True,
        broker_connection_max_retries=None,      # a worker waits for Redis to come back, forever
        broker_transport_options={
            "visibility_timeout": visibility_timeout_s(),
            # Sweep for jobs whose worker died every 10 s (kombu's default is every 100 s).
            "unacked_restore_interval": 10, "unacked_restore_throttle": 1,
        },
        worker_hijack_root_logger=False,
        worker_redirect_stdouts=False,
    )

    @app.task(name=TASK_NAME)
    def process_answer_task(answer_id: int) -> str:
        outcome = run_job(answer_id)
        if outcome.retry_in_s is not None:
            # A new message for a later try; this one is then acknowledged. claim_answer counts
            # the tries, so a job that keeps failing stops after max_tries().
            publish(answer_id, app, countdown=outcome.retry_in_s)
        else:
            _off_queue(app, answer_id)
        return outcome.status

    def requeue_logged(after_connect: bool = False) -> None:
        try:
            requeue_unscored(app, after_connect=after_connect)
        except Exception as err:  # noqa: BLE001 — never stop a worker over this; log why
            log.warning("could not put unprocessed answers back on the queue: %s", _one_line(err))

    class RequeueUnscored(bootsteps.StartStopStep):
        """At every (re)connection to the broker, and every REQUEUE_EVERY_S while connected: put
        back on the queue the waiting answers that have no message on it (Redis lost its data, or
        a web server saved an answer but could not reach Redis)."""

        requires = {"celery.worker.consumer.tasks:Tasks"}

        def __init__(self, consumer, **kwargs):
            super().__init__(consumer, **kwargs)
            self.timer_ref = None

        def start(self, consumer):
            requeue_logged(after_connect=True)
            self.timer_ref = consumer.timer.call_repeatedly(requeue_every_s(), requeue_logged)

        def stop(self, consumer):
            if self.timer_ref is not None:
                self.timer_ref.cancel()
                self.timer_ref = None

    app.steps["consumer"].add(RequeueUnscored)
    return app


# --- the web side: enqueue and follow an answer -------------------------------------------------

def enqueue(answer_id: int, *, owner) -> None:
    """Publish "process answer N" and mark the answer queued; QueueError if Redis is unreachable.

    Published first, then marked: if Redis is down the answer stays "unprocessed", and the page
    (or the next worker that starts) enqueues it again.
    """
    publish(answer_id)
    storage.mark_queued(answer_id, owner=owner)


def publish(answer_id: int, app=None, countdown: float | None = None) -> None:
    """Put "process answer N" on the queue (and N in the set of answers on it)."""
    app = app or celery_app()
    try:
        _broker_client(app).sadd(ON_QUEUE_KEY, int(answer_id))
        app.send_task(TASK_NAME, args=[int(answer_id)], queue=QUEUE, countdown=countdown, retry=True,
                      retry_policy={"max_retries": 2, "interval_start": 0.2, "interval_step": 0.5,
                                    "interval_max": 1.0})
    except Exception as err:  # redis-py's and kombu's connection errors: say it for people
        raise QueueError("your answer is saved, but the transcription queue cannot be reached just now; "
                         "it will be scored as soon as the queue is back") from err


def _off_queue(app, answer_id: int) -> None:
    try:
        _broker_client(app).srem(ON_QUEUE_KEY, int(answer_id))
    except Exception as err:  # noqa: BLE001 — harmless: the next requeue finds it processed
        log.warning("answer %s: could not note it off the queue: %s", answer_id, _one_line(err))


_clients: dict[tuple[int, str], object] = {}


def _broker_client(app):
    """A redis-py client on the broker, one per process (pool processes are forked)."""
    import redis

    key = (os.getpid(), app.conf.broker_url)
    client = _clients.get(key)
    if client is None:
        client = redis.Redis.from_url(app.conf.broker_url, socket_connect_timeout=3, socket_timeout=10)
        _clients[key] = client
    return client


@dataclass
class AnswerProgress:
    status: str                 # unprocessed, queued, processing, scored, failed
    ahead: int | None           # answers waiting before this one (queued only)
    error: str | None = None

    @property
    def pending(self) -> bool:
        return self.status in storage.WAITING

    @property
    def label(self) -> str:
        if self.status == "processing":
            return "A worker is transcribing and scoring your answer…"
        if self.status == "queued":
            if not self.ahead:
                return "Your answer is next in the queue."
            return f"Your answer is in the queue: {self.ahead} answer{'s' if self.ahead != 1 else ''} before it."
        if self.status == "unprocessed":
            return "Your answer is saved; waiting for the transcription queue…"
        if self.status == "failed":
            return f"Your answer was saved but not scored: {self.error}"
        return "Scored"


def progress(answer_id: int, *, owner) -> AnswerProgress:
    """Where an answer is: its status and how many answers wait before it."""
    answer = storage.get_answer(answer_id, owner=owner)
    ahead = storage.queue_position(answer_id, owner=owner) if answer.status == "queued" else None
    return AnswerProgress(answer.status, ahead, answer.error)


# --- the worker side --------------------------------------------------------------------------

@dataclass
class JobOutcome:
    status: str                     # "scored", "failed", "skipped" (already done or deleted)
    retry_in_s: float | None = None


def worker_engine() -> tuple[str, str | None]:
    """The engine and model the workers use: the worker's command line, else the settings file."""
    from coach.settings import load_settings

    settings = load_settings()
    engine = os.environ.get("CALLBACK_ENGINE", "").strip() or settings.engine
    model = os.environ.get("CALLBACK_MODEL", "").strip() or settings.model_or_none
    return engine, model


def run_job(answer_id: int) -> JobOutcome:
    """Transcribe and score one answer, once. Called by the Celery task; usable on its own."""
    from coach import interview

    try:
        claimed = storage.claim_answer(answer_id)
    except storage.NotFoundError:
        return JobOutcome("skipped")             # deleted while it waited
    if claimed is None:
        return JobOutcome("skipped")             # already scored (a duplicate message)
    try:
        owner = storage.answer_owner(answer_id)
    except storage.NotFoundError:
        return JobOutcome("skipped")
    limit = max_tries()
    if claimed.tries > limit:
        # It was claimed `limit` times and never finished: the worker died each time.
        reason = claimed.error or "processing stopped the worker each time it was tried"
        storage.mark_failed(answer_id, f"gave up after {limit} tries: {reason}", owner=owner, final=True)
        return JobOutcome("failed")
    try:
        engine, model = worker_engine()
        if claimed.has_audio:
            _load_engine(engine, model)
        # Bad input (no speech, a corrupt file) is the answer's own: process_answer marks it
        # failed for good, with the reason. Anything raised here is not the answer's fault.
        result = interview.process_answer(answer_id, engine, model, user=owner,
                                          company_facts=interview.company_facts(claimed.target_id, user=owner))
    except Exception as err:  # noqa: BLE001 — the database, the model, a bug: try again later
        reason = _one_line(err)
        log.warning("answer %s: try %s of %s failed: %s", answer_id, claimed.tries, limit, reason)
        final = claimed.tries >= limit
        storage.mark_failed(answer_id, f"gave up after {limit} tries: {reason}" if final else reason,
                            owner=owner, final=final)
        return JobOutcome("failed", None if final else min(60.0, 5.0 * 2 ** (claimed.tries - 1)))
    return JobOutcome("failed" if result.error else "scored")


def _load_engine(engine: str, model: str | None) -> None:
    from speech.transcribe import get_engine

    get_engine(engine, model)


def requeue_unscored(app=None, after_connect: bool = False) -> int:
    """Put back on the queue every answer the database has not processed that has no message on it.

    `after_connect`: the worker has just (re)connected. If Redis itself started since any worker
    last looked (its run_id is new), the first worker to see it puts back *every* waiting answer:
    a Redis that kept its data also kept, as "unacknowledged", the messages it had handed to
    workers whose connections it dropped, which it would give out again only after the
    visibility timeout. The duplicates this makes are harmless (claim_answer, save once).

    Returns how many were published. Safe from any number of workers at once: adding an answer to
    the set of answers on the queue, and the note of a Redis start, are atomic.
    """
    app = app or celery_app()
    client = _broker_client(app)
    everything = False
    if after_connect:
        run_id = client.info("server").get("run_id", "")
        everything = bool(client.set(f"{REDIS_STARTED_KEY}:{run_id}", 1, nx=True, ex=30 * 24 * 3600))
    count = 0
    for answer_id in storage.answers_to_enqueue():
        if not client.sadd(ON_QUEUE_KEY, answer_id) and not everything:
            continue  # it has a message on the queue (or a worker is on it)
        try:
            app.send_task(TASK_NAME, args=[answer_id], queue=QUEUE)
        except Exception:
            client.srem(ON_QUEUE_KEY, answer_id)
            raise
        count += 1
        try:
            storage.mark_queued(answer_id, owner=storage.answer_owner(answer_id))
        except storage.NotFoundError:
            pass  # deleted meanwhile: its job will find nothing to do
    if count:
        log.info("put %d unprocessed answer(s) back on the queue%s", count,
                 " (Redis has restarted)" if everything else "")
    return count


# --- starting a worker --------------------------------------------------------------------------

def run_worker(concurrency: int = 1, engine: str | None = None, model: str | None = None,
               loglevel: str = "INFO", name: str | None = None) -> int:
    """`callback worker`: serve the queue until stopped (Ctrl-C or SIGTERM: a warm shutdown)."""
    if not config.team_mode():
        raise config.ConfigError("workers serve team mode only: set CALLBACK_MODE=team (personal mode "
                                 "transcribes in the app itself and needs no worker)")
    config.check_team()
    max_tries(), visibility_timeout_s(), requeue_every_s()  # a wrong number is refused now, not later
    if engine:
        os.environ["CALLBACK_ENGINE"] = engine
    if model:
        os.environ["CALLBACK_MODEL"] = model
    engine, model = worker_engine()
    from coach.settings import ENGINES

    # Checked by name only: importing an engine here would put it (torch, for openai-whisper) in
    # the worker's main process too, which never transcribes. Its pool process loads it.
    if engine not in ENGINES:
        raise config.ConfigError(f"unknown speech engine {engine!r}; choose one of: {', '.join(ENGINES)}")
    logging.basicConfig(level=loglevel.upper(), format="%(asctime)s %(name)s %(levelname)s %(message)s")
    # Celery warns at every lost connection that it will cancel running jobs by default one day;
    # we chose not to (a job running when Redis goes away saves its result): nothing to act on.
    from celery.exceptions import CPendingDeprecationWarning

    warnings.filterwarnings("ignore", category=CPendingDeprecationWarning)
    app = celery_app()
    _connect_model_loading(app, engine, model)
    argv = ["worker", f"--concurrency={concurrency}", "--pool=prefork", f"--loglevel={loglevel}",
            f"--queues={QUEUE}", "--without-gossip", "--without-mingle"]
    if name:
        argv.append(f"--hostname={name}@%h")
    app.worker_main(argv)
    return 0


def _connect_model_loading(app, engine: str, model: str | None) -> None:
    """Each pool process loads the model once, when it starts, not at its first answer."""
    from celery.signals import worker_process_init

    @worker_process_init.connect(weak=False)
    def load_model(**_kwargs):
        try:
            _load_engine(engine, model)
            log.info("speech model loaded (%s, %s) in process %d", engine, model or "bundled", os.getpid())
        except Exception as err:  # noqa: BLE001 — jobs will retry and then fail with this reason
            log.error("the speech model could not be loaded: %s", _one_line(err))


def _one_line(err: BaseException) -> str:
    text = str(err).strip()
    return text.splitlines()[0] if text else type(err).__name__
