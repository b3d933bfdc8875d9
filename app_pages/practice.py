"""Practice: a mock second interview, one question at a time — hear it, answer it, see the score."""
import hashlib

import streamlit as st

import storage
from coach import interview, practice, prepare, question_sets
from app_pages import _shared as ui
from question_bank import CATEGORIES, load_bank

st.title("Practice")

user = ui.current_user()

target = ui.current_target()
settings = ui.settings()
state = st.session_state

if target is None:
    st.info("Choose or create the job you are preparing for on the Welcome page first.")
    st.stop()


def _start(mode: str, n: int, category: str | None = None, must_include=()) -> None:
    mock = interview.start_mock_interview(target.id, n=n, mode=mode, category=category,
                                          voice=state.get("voice") or settings.voice_or_none,
                                          must_include=must_include, user=user)
    state["mock"] = {"session_id": mock.session_id, "planned": mock.questions, "index": 0,
                     "attempt": 0, "answer_ids": {}, "done": False}


def _start_single(question) -> None:
    session = storage.start_session(target.id, "single", [question.id], owner=user)
    planned = interview.assign_interviewers([question], [], default_voice=state.get("voice") or settings.voice_or_none)
    state["mock"] = {"session_id": session.id, "planned": planned, "index": 0, "attempt": 0,
                     "answer_ids": {}, "done": False}


# A session asked for from another page (Progress: "practise my weak areas", Welcome: first interview).
request = state.pop("start_request", None)
if request:
    try:
        _start(request.get("mode", "realistic"), request.get("n", 5), request.get("category"),
               request.get("must_include", ()))
    except ValueError as err:
        st.error(ui.md_escape(err))

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
if mock["done"]:
    summary = interview.session_summary(mock["session_id"], user=user)
    st.header("How the interview went")
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

attempt_key = f"{mock['session_id']}-{index}-{mock['attempt']}"
record_tab, upload_tab, type_tab = st.tabs(["Record", "Upload a file", "Type"])
with record_tab:
    recorded = st.audio_input("Record your answer", key=f"rec-{attempt_key}")
with upload_tab:
    uploaded = st.file_uploader("Upload a recording", type=["wav", "mp3", "m4a", "ogg", "webm"],
                                key=f"up-{attempt_key}")
with type_tab:
    typed = st.text_area("Type your answer", key=f"type-{attempt_key}", height=180)
    typed_go = st.button("Score my typed answer", key=f"typego-{attempt_key}")

audio_file = recorded or uploaded
submission = None
if audio_file is not None:
    audio = audio_file.getvalue()
    submission = ("audio", hashlib.sha256(audio).hexdigest(), audio)
elif typed_go and typed.strip():
    submission = ("typed", hashlib.sha256(typed.encode()).hexdigest(), typed)
elif typed_go:
    st.error("Type an answer first.")

if submission and state.get("processed") != (attempt_key, submission[1]):
    kind, digest, payload = submission
    with st.status("Saving your answer…", expanded=True) as status:
        try:
            saved = interview.submit_answer(mock["session_id"], question,
                                            audio=payload if kind == "audio" else None,
                                            typed_text=payload if kind == "typed" else None, user=user)
        except ValueError as err:
            status.update(label=ui.md_escape(err), state="error")
            st.stop()
        if kind == "audio":
            ui.try_warm_engine(settings.engine, settings.model_or_none)
        facts = interview.company_facts(target.id, user=user)
        result = interview.process_answer(saved.id, settings.engine, settings.model_or_none,
                                          on_stage=lambda label: status.update(label=label), company_facts=facts, user=user)
        if result.error:
            status.update(label=ui.md_escape(result.error), state="error")
        else:
            status.update(label="Scored", state="complete", expanded=False)
    state["processed"] = (attempt_key, digest)
    mock["answer_ids"][index] = saved.id

answer_id = mock["answer_ids"].get(index)
if answer_id is not None:
    answer = storage.get_answer(answer_id, owner=user)
    if answer.status == storage.FAILED:
        st.error(f"This answer was saved but not scored: {ui.md_escape(answer.error)}")
    elif answer.status == storage.SCORED:
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
        ui.render_score(answer.score)

left, mid, right, _ = st.columns([1, 1, 1, 2])
if left.button("Re-record this answer", disabled=answer_id is None, help="Your earlier attempts are kept."):
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
    st.rerun()
if right.button("Stop here"):
    interview.finish_mock_interview(mock["session_id"], user=user)
    mock["done"] = True
    st.rerun()
