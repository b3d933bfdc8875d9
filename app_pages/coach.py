"""Coach (team mode, coaches only): the students of the cohorts you coach — their sessions, scores
and weakest categories; each answer's recording, transcript and score card; and comments on an
answer, which the student reads in Review.

Everything here is read through storage's coach_* functions, which return only the students of
cohorts this coach coaches: another student's id, typed into the URL, is "not found".
"""
import pandas as pd
import streamlit as st

import storage
from app_pages import _shared as ui
from question_bank import CATEGORIES

SESSIONS_SHOWN = 10

st.title("Coach")
user = ui.current_user()
if user.role not in (storage.COACH, storage.ADMIN):
    st.info("This page is for coaches. An admin can make you one: `callback admin grant EMAIL --role coach`.")
    st.stop()

summaries = storage.coach_students(coach=user)
if not summaries:
    st.info("You coach no students yet. An admin adds you to a cohort as its coach, and its students "
            "appear here.")
    st.stop()


def _name(u: storage.UserRecord) -> str:
    return u.name or u.email or f"student {u.id}"


def _when(moment) -> str:
    return moment.strftime("%Y-%m-%d %H:%M") if moment else ""


st.subheader("Your students")
st.dataframe(pd.DataFrame([{
    "Student": _name(s.user),
    "Cohort": s.cohort,
    "Sessions": s.sessions,
    "Scored answers": s.scored_answers,
    "Last session": _when(s.last_session_at),
    "Average (recent)": s.average_score,
    "Recent scores": s.recent_scores,
    "Weakest categories": ", ".join(CATEGORIES.get(c, c) for c in s.weakest_categories),
} for s in summaries]), hide_index=True, width="stretch", column_config={
    "Average (recent)": st.column_config.NumberColumn(format="%.0f"),
    "Recent scores": st.column_config.LineChartColumn(y_min=0, y_max=100),
})

# One entry per student, even when they are in two of your cohorts.
students: dict[int, storage.UserRecord] = {}
for s in summaries:
    students.setdefault(s.user.id, s.user)
ids = list(students)
wanted = st.query_params.get("student")
default = ids.index(int(wanted)) if wanted and wanted.isdigit() and int(wanted) in ids else 0
student_id = st.selectbox("Student", ids, index=default, format_func=lambda i: _name(students[i]),
                          key="coach-student")
st.query_params["student"] = str(student_id)
student = students[student_id]

try:
    sessions = storage.coach_sessions(student_id, coach=user)
    targets = {t.id: t.label for t in storage.coach_targets(student_id, coach=user)}
except storage.NotFoundError:
    st.error("That student is not in a cohort you coach.")
    st.stop()

if not sessions:
    st.info(f"{ui.md_escape(_name(student))} has not practised yet.")
    st.stop()


def _comment_form(answer) -> None:
    with st.form(f"comment-{answer.id}", clear_on_submit=True):
        text = st.text_area("Comment for the student", key=f"comment-text-{answer.id}", height=90,
                            placeholder="What to keep, what to change next time…")
        if st.form_submit_button("Add comment"):
            try:
                storage.add_comment(answer.id, text, author=user)
            except storage.StorageError as err:
                st.error(ui.md_escape(err))
            else:
                st.toast("Comment saved: the student sees it in Review.")
                st.rerun()


st.subheader(f"Sessions of {ui.md_escape(_name(student))}", anchor=False)
for session in sessions[:SESSIONS_SHOWN]:
    answers = storage.coach_answers(student_id, coach=user, session_id=session.id)
    average = f" · average {session.average_score:.0f}/100" if session.average_score is not None else ""
    title = f"{_when(session.started_at)} · {ui.md_escape(targets.get(session.target_id, 'free practice'))} · " \
            f"{len(answers)} answer(s){average}"
    with st.expander(title, expanded=session is sessions[0]):
        if not answers:
            st.caption("No answers in this session.")
        for a in sorted(answers, key=lambda a: a.id):
            with st.container(border=True):
                ui.render_answer(a, lambda a=a: storage.coach_read_audio(a.id, coach=user))
                ui.render_comments(storage.list_comments(a.id, viewer=user))
                _comment_form(a)
if len(sessions) > SESSIONS_SHOWN:
    st.caption(f"The {SESSIONS_SHOWN} most recent of {len(sessions)} sessions.")
