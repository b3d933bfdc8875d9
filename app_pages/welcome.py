"""Welcome: what Callback is, the first mock interview in one click, and the jobs you prepare for."""
import inspect
import time

import pandas as pd
import streamlit as st

import storage
from coach import interview
from coach.inputs import decode_text
from app_pages import _shared as ui

st.title("Callback")
user = ui.current_user()
st.markdown(
    "You got the call back. Now beat the other finalists. Callback reads second-interview "
    "questions aloud, records your answer, transcribes it **on this computer**, and scores it "
    "against what the job posting asks for — then shows what to practise next."
)

# The new-job form's own state, a plain dict: changing it never interrupts a run (a second press of
# "Create" does interrupt the first run, at its next Streamlit call).
new_job = st.session_state.setdefault("new_job_form", {"round": 0})
if new_job.get("select") is not None:  # the run that created the job was cut short before selecting it
    st.session_state["target_id"] = new_job.pop("select")
    st.rerun()
toast = new_job.pop("toast", None)
if toast:  # set before the rerun that shows the new job; a toast takes no place on the page
    long_toast = {"duration": "long"} if "duration" in inspect.signature(st.toast).parameters else {}
    st.toast(ui.md_escape(toast), icon=":material/check_circle:", **long_toast)

target = ui.current_target()
if target is not None:
    st.markdown(f"Ready to practise for **{ui.md_escape(target.label)}**.")
    if st.button("Start a mock interview (5 questions)", type="primary"):
        st.session_state.pop("mock", None)
        st.session_state["start_request"] = {"mode": "realistic", "n": 5}
        st.switch_page("app_pages/practice.py")

st.header("A job you are preparing for", anchor=False)
# New, empty fields after each job created (kept as typed when something was wrong); the form and
# its button stay the same element, so a second press lands on the same button.
form_round = new_job["round"]
with st.form("new_target", clear_on_submit=False):
    company = st.text_input("Company", key=f"nt-company-{form_round}")
    role = st.text_input("Role", key=f"nt-role-{form_round}")
    posting = st.text_area("Paste the job posting", height=220, key=f"nt-posting-{form_round}")
    posting_file = st.file_uploader("…or upload it as a text file", type=["txt", "md"], key=f"nt-file-{form_round}")
    people = st.text_area("Interviewers on the agenda (optional, one per line: Name, Title)", height=80,
                          key=f"nt-people-{form_round}")
    create = st.form_submit_button("Create and build the rubric")
blank = not (company.strip() or role.strip() or posting.strip() or posting_file or people.strip())
if create and blank and time.monotonic() - new_job.get("created_at", 0.0) < 10:
    create = False  # the second press of a double press reached the new, empty form: nothing to do
if create:
    try:
        text = decode_text(posting_file.getvalue(), "job posting") if posting_file else posting
        interviewers = []
        for line in people.splitlines():
            name, _, title = line.partition(",")
            if name.strip():
                interviewers.append({"name": name.strip(), "title": title.strip()})
        # A second press of the button (or the same job entered again) opens the job already made.
        new, created = interview.create_or_find_target(company, role, text, interviewers=interviewers, user=user)
    except ValueError as err:
        st.error(ui.md_escape(err))
    else:
        created = created or new_job.get("created_id") == new.id  # the second press of a double press
        new_job.update(round=form_round + 1, select=new.id, created_id=new.id if created else None,
                       created_at=time.monotonic(), toast=(
            f"Created {new.label}. Check its rubric below: you are the judge of what the job requires."
            if created else f"{new.label} is already here: it is selected, nothing was added."))
        st.session_state["target_id"] = new.id
        new_job.pop("select")
        st.rerun()

if target is None:
    st.stop()

st.header("The rubric for this job", anchor=False)
st.caption("What your answers are scored against, built from the posting. Edit it: change weights, "
           "add synonyms (separated by ;), remove rows, add requirements the posting implies.")
rubric = interview.target_rubric(target)
frame = pd.DataFrame([
    {"keyword": i.keyword, "kind": i.kind, "weight": float(i.weight), "must_have": bool(i.must_have),
     "variants": "; ".join(i.variants), "from the posting": i.source_line}
    for i in rubric.items
], columns=["keyword", "kind", "weight", "must_have", "variants", "from the posting"])
edited = st.data_editor(
    frame, num_rows="dynamic", width="stretch", hide_index=True, key=f"rubric-{target.id}",
    column_config={
        "kind": st.column_config.SelectboxColumn(options=["tool", "skill", "certification", "domain", "soft_skill"]),
        "weight": st.column_config.NumberColumn(min_value=0.5, max_value=10.0, step=0.5),
        "from the posting": st.column_config.TextColumn(disabled=True),
    },
)
if st.button("Save the rubric"):
    try:
        interview.save_rubric(target.id, interview.rubric_from_table(rubric, edited.to_dict("records")), user=user)
    except ValueError as err:
        st.error(ui.md_escape(err))
    else:
        st.success("Rubric saved. New answers are scored against it.")

with st.expander("Delete this job and all its practice"):
    st.warning("This deletes the job, its sessions, answers and recordings from this computer.")
    if st.button("Delete for good", key="delete-target"):
        storage.delete_target(target.id, owner=user)
        st.session_state.pop("target_id", None)
        st.session_state.pop("mock", None)
        st.rerun()
