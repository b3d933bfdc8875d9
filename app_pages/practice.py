"""Practice: a mock second interview, one question at a time — hear it, answer it, see the score."""
import hashlib
import time
from datetime import datetime

import streamlit as st

import storage
from coach import interview, jobs, practice, prepare, question_sets
from app_pages import _recorder_guard as recorder_guard
from app_pages import _shared as ui
from question_bank import CATEGORIES, load_bank

QUEUE_REFRESH_S = 2  # team mode: how often an answer in the queue looks for its score

st.title("Practice")

user = ui.current_user()

target = ui.current_target()
settings = ui.settings()
state = st.session_state

if target is None:
    st.info("Choose or create the job you are preparing for on the Welcome page first.")
    st.stop()


def _new_mock(session_id: int, planned, index: int = 0, attempt: int = 0, answer_ids=None) -> dict:
    # saved/refused: what this tab already did with each input ("<attempt key>:<sha256>"), so a
    # rerun never stores the same recording twice nor repeats a refusal's work.
    return {"session_id": session_id, "target_id": target.id, "planned": planned, "index": index,
            "attempt": attempt, "answer_ids": dict(answer_ids or {}), "done": False, "saved": {}, "refused": {}}


def _start(mode: str, n: int, category: str | None = None, must_include=()) -> None:
    _close_left_open()
    mock = interview.start_mock_interview(target.id, n=n, mode=mode, category=category,
                                          voice=state.get("voice") or settings.voice_or_none,
                                          must_include=must_include, user=user)
    state["mock"] = _new_mock(mock.session_id, mock.questions)


def _start_single(question) -> None:
    _close_left_open()
    session = storage.start_session(target.id, "single", [question.id], owner=user)
    planned = interview.assign_interviewers([question], [], default_voice=state.get("voice") or settings.voice_or_none)
    interview.save_interview_progress(target.id, session.id, planned, 0, user=user)
    state["mock"] = _new_mock(session.id, planned)


# --- an interview left open: a refresh (or a new tab) resumes it where the user was ---------------------

@st.cache_resource
def _tabs_showing() -> dict:
    """Interview session id → the browser session (tab) showing it, shared by this server's tabs."""
    return {}


def _this_tab() -> str | None:
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx()
    return ctx.session_id if ctx else None


def _open_in_another_tab(session_id: int) -> bool:
    """True while another connected tab shows this interview (two tabs, two interviews)."""
    owner = _tabs_showing().get(session_id)
    if owner is None or owner == _this_tab():
        return False
    try:
        from streamlit import runtime

        return runtime.get_instance().is_active_session(owner)
    except Exception:  # no runtime (tests) or a Streamlit without it: the owner is gone
        return False


def _close_left_open() -> None:
    """A new interview replaces the ones left open (unless another tab is in one)."""
    for left in interview.open_interviews(target.id, user=user):
        if not _open_in_another_tab(left.session_id):
            interview.abandon_mock_interview(left.session_id, user=user)


def _resume_left_open() -> None:
    for left in interview.open_interviews(target.id, user=user):  # the most recent first
        if _open_in_another_tab(left.session_id):
            continue
        answer_ids = {left.index: left.latest_answer.id} if left.latest_answer else {}
        state["mock"] = _new_mock(left.session_id, left.questions, left.index, left.attempts, answer_ids)
        state["mock"]["resumed_from"] = left.started_at
        return


# A session asked for from another page (Progress: "practise my weak areas", Welcome: first interview).
request = state.pop("start_request", None)
if request:
    try:
        _start(request.get("mode", "realistic"), request.get("n", 5), request.get("category"),
               request.get("must_include", ()))
    except ValueError as err:
        st.error(ui.md_escape(err))

if state.get("mock") is None and not request:
    _resume_left_open()

mock = state.get("mock")

# --- set-up ----------------------------------------------------------------------------------------
if mock is None:
    st.markdown(f"Mock interview for **{ui.md_escape(target.label)}**.")
    ready = prepare.readiness(target.id, settings.target_score, user=user)
    st.progress(ready.done / len(ready.steps), text=ui.md_escape(ready.summary))
    st.progress(ready.practice.fraction, text=ui.md_escape(ready.practice.summary))
    st.page_link("app_pages/prepare.py", label="Open the preparation steps", icon=":material/checklist:")
    if target.interviewers:
        names = ", ".join(p.get("name", "") for p in target.interviewers if p.get("name"))
        st.caption(f"Panel mode: questions come from {ui.md_escape(names)}, each with their own voice.")
    if skipped := question_sets.unreadable_sets():
        st.warning(f"{len(skipped)} of your imported question sets cannot be read, so their questions are "
                   "not asked: see Settings → Your own questions.", icon=":material/warning:")
    # The mode is outside the form so that the form shows only what that mode uses.
    mode_labels = dict(interview.MODES, single="One question I pick")
    mode = st.radio("Mode", list(mode_labels), format_func=mode_labels.get, horizontal=True, key="setup-mode")
    n, category, picked = 5, None, None
    with st.form("setup"):
        if mode == "single":
            # The user's imported questions first: the ones they are most likely to pick.
            pickable = {q.id: q for q in question_sets.user_questions() + load_bank()}
            picked = st.selectbox("Question", list(pickable), format_func=lambda qid: pickable[qid].text)
        else:
            n = st.slider("Number of questions", 3, 10, 5)
        if mode == "category":
            category = st.selectbox("Category", list(CATEGORIES), format_func=CATEGORIES.get)
        voices = ui.voice_options()
        st.selectbox("Interviewer voice", list(voices), key="voice", format_func=voices.get,
                     index=list(voices).index(settings.voice) if settings.voice in voices else 0)
        st.slider("Interviewer speed (words per minute)", 100, 220, settings.rate_wpm, step=10, key="rate_wpm")
        go = st.form_submit_button("Start the mock interview", type="primary")
    if go:
        try:
            if mode == "single":
                _start_single(pickable[picked])
            else:
                # Hard questions from the first interview, references' concerns and resume claims
                # come first until practised to the goal; the opener and closing keep their places.
                priorities = () if mode == "category" else prepare.plan_priorities(
                    target.id, settings.target_score, limit=n - 3, user=user)
                _start(mode, n, category if mode == "category" else None, must_include=priorities)
        except ValueError as err:
            st.error(ui.md_escape(err))
            st.stop()
        st.rerun()
    st.stop()

# --- the summary at the end --------------------------------------------------------------------------
@st.fragment(run_every=QUEUE_REFRESH_S)
def _wait_for_scores(session_id: int, waiting: int) -> None:
    """Team mode: answers of this session still in the queue; the summary is redone when they are scored."""
    now = sum(a.status in storage.WAITING for a in storage.list_answers(session_id=session_id, owner=user))
    if now != waiting:
        st.rerun()
    st.info(f"{now} answer{'s are' if now != 1 else ' is'} still being transcribed and scored; "
            "this summary updates by itself.", icon=":material/hourglass_top:")


if mock["done"]:
    summary = interview.session_summary(mock["session_id"], user=user)
    st.header("How the interview went")
    if ui.team_mode():
        waiting = sum(a.status in storage.WAITING
                      for a in storage.list_answers(session_id=mock["session_id"], owner=user))
        if waiting:
            _wait_for_scores(mock["session_id"], waiting)
    if summary.overall is None:
        st.info("No answer was scored in this session.")
    else:
        cols = st.columns(1 + len(summary.dimensions))
        cols[0].metric("Overall (average)", f"{summary.overall:.0f}/100")
        for col, (name, value) in zip(cols[1:], summary.dimensions.items()):
            col.metric(name, f"{value:.0f}/100")
        st.markdown(f"**Best answer** ({summary.best.overall}/100): {ui.md_escape(summary.best.question.get('text', ''))}")
        st.markdown(f"**Weakest answer** ({summary.weakest.overall}/100): {ui.md_escape(summary.weakest.question.get('text', ''))}")
        if summary.never_mentioned:
            st.markdown("**Must-haves you never mentioned:** " + ", ".join(ui.md_escape(k) for k in summary.never_mentioned))
    # Every question of the interview with its score (the latest scored attempt, as in the averages
    # above; else the latest attempt) and a way to its review.
    latest = {a.question_id: a for a in sorted(storage.list_answers(session_id=mock["session_id"], owner=user),
                                                key=lambda a: (a.attempt, a.id))}
    latest.update({a.question_id: a for a in summary.answers})
    st.subheader("Question by question", anchor=False)
    for number, planned_question in enumerate(mock["planned"], start=1):
        asked = planned_question.question
        answer = latest.get(asked.id)
        outcome = ("not answered" if answer is None else ui.score_badge(answer.overall)
                   if answer.status == storage.SCORED else "saved, not scored")
        text_col, link_col = st.columns([6, 1], vertical_alignment="center")
        text_col.markdown(f"{number}\\. {ui.md_escape(asked.text)} — **{outcome}**")
        if answer is not None and link_col.button("Review", key=f"summary-review-{answer.id}",
                                                   help="Open this answer on the Review page"):
            state["review_answer_id"] = answer.id
            st.switch_page("app_pages/review.py")
    weak = [a for a in summary.answers if a.overall is not None and a.overall < settings.target_score]
    left, right = st.columns(2)
    if left.button("Practise these again", type="primary", disabled=not summary.answers):
        from question_bank import Question

        again = [Question.from_dict(a.question) for a in (weak or [summary.weakest])]
        state.pop("mock")
        _start("weak_areas", max(3, min(10, len(again) + 2)), must_include=again)
        st.rerun()
    if right.button("New mock interview"):
        state.pop("mock")
        st.rerun()
    st.stop()

# --- one question ------------------------------------------------------------------------------------
planned = mock["planned"]
index = mock["index"]
current = planned[index]
question = current.question
_tabs_showing()[mock["session_id"]] = _this_tab()

attempt_key = f"{mock['session_id']}-{index}-{mock['attempt']}"
heading = st.container()  # the question itself: drawn once whatever this rerun carries is saved
record_tab, upload_tab, type_tab = st.tabs(["Record", "Upload a file", "Type"])
with record_tab:
    recorded = st.audio_input("Record your answer", key=f"rec-{attempt_key}")
with upload_tab:
    uploaded = st.file_uploader("Upload a recording", type=["wav", "mp3", "m4a", "ogg", "webm"],
                                key=f"up-{attempt_key}")
with type_tab:
    typed = st.text_area("Type your answer", key=f"type-{attempt_key}", height=180)
    typed_go = st.button("Score my typed answer", key=f"typego-{attempt_key}")
outcome = st.container()

# Save first. Whatever this rerun carries — a recording, an upload, a typed answer — is stored
# before anything else runs: before the question is drawn or spoken, before any button below acts.
inputs = []
if recorded is not None:
    inputs.append(("audio", recorded.getvalue(), False))
if uploaded is not None:
    inputs.append(("audio", uploaded.getvalue(), True))
if typed_go and typed.strip():
    inputs.append(("typed", typed, False))
saved_inputs, refused_inputs = mock.setdefault("saved", {}), mock.setdefault("refused", {})
refusal = None
for kind, payload, from_upload in inputs:
    data = payload if kind == "audio" else payload.encode()
    input_key = f"{attempt_key}:{hashlib.sha256(data).hexdigest()}"
    if input_key in refused_inputs:
        refusal = refused_inputs[input_key]
        continue
    if input_key in saved_inputs:
        continue
    with outcome:
        saving = st.empty()
        saving.info("Saving your answer…", icon=":material/save:")
    try:
        saved = interview.submit_answer(mock["session_id"], question,
                                        audio=payload if kind == "audio" else None,
                                        typed_text=payload if kind == "typed" else None,
                                        uploaded=from_upload, user=user)
    except ValueError as err:
        refused_inputs[input_key] = refusal = str(err)
    else:
        saved_inputs[input_key] = saved.id
        mock["answer_ids"][index] = saved.id
        refusal = None
        if ui.team_mode():
            # A worker transcribes and scores it; this page follows it in the queue (below). If the
            # queue is out of reach, the page tries again while it waits (and a worker finds it too).
            try:
                jobs.enqueue(saved.id, owner=user)
            except jobs.QueueError:
                pass
    saving.empty()
if typed_go and not typed.strip():
    refusal = "Type an answer first."

with heading:
    resumed_from = mock.get("resumed_from")
    if resumed_from is not None:
        when = resumed_from.astimezone()  # this computer's time zone: the server is the user's machine
        when_text = f"{when:%H:%M}" if when.date() == datetime.now().astimezone().date() else f"{when:%a %d %b, %H:%M}"
        left, right = st.columns([4, 1])
        left.info(f"Resumed your interview from {when_text}, at question {index + 1}.", icon=":material/history:")
        if right.button("Abandon it", help="End this interview (its answers stay in Review) and set up a new one."):
            interview.abandon_mock_interview(mock["session_id"], user=user)
            state.pop("mock", None)
            st.rerun()
    st.progress((index + 1) / len(planned), text=f"Question {index + 1} of {len(planned)}")
    if current.interviewer:
        who = current.interviewer + (f", {current.interviewer_title}" if current.interviewer_title else "")
        st.markdown(f"**{ui.md_escape(who)}** asks:")
    st.subheader(ui.md_escape(question.text), anchor=False)

    wav, why_not = practice.question_audio(question.text, voice=current.voice or state.get("voice") or settings.voice_or_none,
                                           rate_wpm=state.get("rate_wpm", settings.rate_wpm))
    if wav:
        first_time = state.get("autoplayed") != (mock["session_id"], index)
        st.audio(wav, format="audio/wav", autoplay=first_time)
        state["autoplayed"] = (mock["session_id"], index)
        st.caption("Press play to hear the question again.")
    else:
        st.info(f"The question is shown as text only. {ui.md_escape(why_not)}")

    low, high = question.expected_seconds
    st.caption(f"Aim for {low}–{high} seconds. The recorder shows how long you have been speaking.")
    with st.expander("What the interviewer listens for"):
        st.markdown(ui.md_escape(question.looking_for))
        st.markdown(f"_Tip:_ {ui.md_escape(question.tip)}")


@st.fragment(run_every=QUEUE_REFRESH_S)
def _follow_in_queue(answer_id: int) -> None:
    """Team mode: the answer's place in the queue, updated until it is scored (the student can go
    on to the next question meanwhile); then the whole page shows the score."""
    progress = jobs.progress(answer_id, owner=user)
    if not progress.pending:
        st.rerun()
    if progress.status == storage.UNPROCESSED and time.monotonic() - state.get(f"queued-at-{answer_id}", 0) > 10:
        # Saved while the queue was unreachable: try again every 10 s (a worker also finds it).
        state[f"queued-at-{answer_id}"] = time.monotonic()
        try:
            jobs.enqueue(answer_id, owner=user)
        except jobs.QueueError:
            pass
    st.info(ui.md_escape(progress.label), icon=":material/hourglass_top:")
    st.caption("The score appears here by itself. You can go on to the next question meanwhile; "
               "every score is also in Review.")


answer_id = mock["answer_ids"].get(index)
try:
    answer = storage.get_answer(answer_id, owner=user) if answer_id is not None else None
except storage.NotFoundError:  # deleted on the Review page meanwhile
    mock["answer_ids"].pop(index, None)
    answer = answer_id = None
with outcome:
    if answer is not None and answer.status == storage.UNPROCESSED and not ui.team_mode():
        # Just saved, or saved by a run that was interrupted before it was scored: score it now
        # (team mode: a worker does it, and the page follows the answer in the queue below).
        slot = st.empty()
        with slot.status("Transcribing…" if answer.has_audio else "Scoring…", expanded=True) as status:
            if answer.has_audio:
                ui.try_warm_engine(settings.engine, settings.model_or_none)
            interview.process_answer(answer.id, settings.engine, settings.model_or_none,
                                     on_stage=lambda label: status.update(label=label),
                                     company_facts=interview.company_facts(target.id, user=user), user=user)
        slot.empty()  # the outcome is shown once, below
        answer = storage.get_answer(answer.id, owner=user)
    if refusal:  # the new input was refused; an answer saved earlier still shows below
        st.error(ui.md_escape(refusal))
    if answer is not None and answer.status in storage.WAITING and ui.team_mode():
        _follow_in_queue(answer.id)
    elif answer is not None and answer.status == storage.FAILED:
        st.error(f"This answer was saved but not scored: {ui.md_escape(answer.error)}")
    elif answer is not None and answer.status == storage.SCORED:
        text = (answer.transcript or {}).get("text") if answer.transcript else answer.typed_text
        st.markdown("**What you said**" if answer.transcript else "**Your answer**")
        ui.render_transcript(text or "", answer.score)
        if answer.transcript:
            metrics = (answer.score or {}).get("metrics", {})
            duration = answer.transcript.get("duration_s", 0.0)
            speaking = metrics.get("speaking_s") or duration
            wpm = metrics.get("wpm") or (60 * len((text or "").split()) / duration if duration else 0)
            st.caption(f"Recording {duration:.0f} s · you spoke for {speaking:.0f} s · "
                       f"{wpm:.0f} words per minute · attempt {answer.attempt}")
            if note := ui.repair_note(answer.transcript):
                st.caption(note)
        ui.render_score(answer.score)

# The way forward stays on screen whatever happened above (a refused file, a failed transcription).
left, mid, right, _ = st.columns([1, 1, 1, 2])
if left.button("Re-record this answer", disabled=answer_id is None and refusal is None,
               help="Start this answer again with an empty recorder; your earlier attempts are kept."):
    mock["attempt"] += 1
    mock["answer_ids"].pop(index, None)
    st.rerun()
last = index == len(planned) - 1
if mid.button("Finish the interview" if last else "Next question", type="primary"):
    if last:
        interview.finish_mock_interview(mock["session_id"], user=user)
        mock["done"] = True
    else:
        mock["index"] += 1
        mock["attempt"] = 0
        mock.pop("resumed_from", None)
        interview.save_interview_progress(mock.get("target_id", target.id), mock["session_id"], planned, mock["index"],
                                          user=user)
    st.rerun()
if right.button("Stop here"):
    interview.finish_mock_interview(mock["session_id"], user=user)
    mock["done"] = True
    st.rerun()
recorder_guard.install()
