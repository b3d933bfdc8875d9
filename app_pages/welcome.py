"""Welcome: what Callback is, the first mock interview in one click, and the jobs you prepare for."""
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

target = ui.current_target()
if target is not None:
    st.markdown(f"Ready to practise for **{ui.md_escape(target.label)}**.")
    if st.button("Start a mock interview (5 questions)", type="primary"):
        st.session_state.pop("mock", None)
        st.session_state["start_request"] = {"mode": "realistic", "n": 5}
        st.switch_page("app_pages/practice.py")

st.header("A job you are preparing for", anchor=False)
with st.form("new_target", clear_on_submit=False):
    company = st.text_input("Company")
    role = st.text_input("Role")
    posting = st.text_area("Paste the job posting", height=220)
    posting_file = st.file_uploader("…or upload it as a text file", type=["txt", "md"])
    people = st.text_area("Interviewers on the agenda (optional, one per line: Name, Title)", height=80)
    create = st.form_submit_button("Create and build the rubric")
if create:
    try:
        text = decode_text(posting_file.getvalue(), "job posting") if posting_file else posting
        interviewers = []
        for line in people.splitlines():
            name, _, title = line.partition(",")
            if name.strip():
                interviewers.append({"name": name.strip(), "title": title.strip()})
        new = interview.create_target(company, role, text, interviewers=interviewers, user=user)
    except ValueError as err:
        st.error(ui.md_escape(err))
    else:
        st.session_state["target_id"] = new.id
        st.success(f"Created {ui.md_escape(new.label)}. Check its rubric below — you are the judge of what the job requires.")
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
