"""Callback — the frame: page navigation and the shared sidebar. Pages live in pages/."""
import streamlit as st

from pages import _shared as ui

st.set_page_config(
    page_title="Callback — second interview practice",
    page_icon=":material/call:",
    layout="wide",
    menu_items={"About": "Callback: practise your second interview. Everything stays on this computer."},
)

PAGES = [
    st.Page("pages/welcome.py", title="Welcome", icon=":material/home:", default=True),
    st.Page("pages/practice.py", title="Practice", icon=":material/mic:"),
    st.Page("pages/prepare.py", title="Prepare", icon=":material/checklist:"),
    st.Page("pages/review.py", title="Review", icon=":material/fact_check:"),
    st.Page("pages/progress.py", title="Progress", icon=":material/trending_up:"),
    st.Page("pages/settings.py", title="Settings", icon=":material/settings:"),
]

page = st.navigation(PAGES)
ui.sidebar()
page.run()
