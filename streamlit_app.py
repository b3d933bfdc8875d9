"""Callback — the frame: page navigation and the shared sidebar. Pages live in app_pages/.

Not "pages/": Streamlit treats a folder of that name as legacy multipage pages until
st.navigation has run once, so a bookmarked page opened right after a start ran on its own.
"""
import streamlit as st

from app_pages import _shared as ui

st.set_page_config(
    page_title="Callback — second interview practice",
    page_icon="📞",  # an emoji favicon is built locally; a :material: icon is fetched from Google
    layout="wide",
    menu_items={"About": "Callback: practise your second interview. Everything stays on this computer."},
)

PAGES = [
    st.Page("app_pages/welcome.py", title="Welcome", icon=":material/home:", default=True),
    st.Page("app_pages/practice.py", title="Practice", icon=":material/mic:"),
    st.Page("app_pages/prepare.py", title="Prepare", icon=":material/checklist:"),
    st.Page("app_pages/review.py", title="Review", icon=":material/fact_check:"),
    st.Page("app_pages/progress.py", title="Progress", icon=":material/trending_up:"),
    st.Page("app_pages/settings.py", title="Settings", icon=":material/settings:"),
]

page = st.navigation(PAGES)
ui.sidebar()
page.run()
