"""Callback — the frame: page navigation and the shared sidebar. Pages live in app_pages/.

Not "pages/": Streamlit treats a folder of that name as legacy multipage pages until
st.navigation has run once, so a bookmarked page opened right after a start ran on its own.
"""
import streamlit as st

import storage
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

# Team mode: every page waits for sign-in (current_user shows the sign-in screen and stops);
# coaches also get the Coach page.
user = ui.current_user()
pages = list(PAGES)
if ui.team_mode() and user.role in (storage.COACH, storage.ADMIN):
    pages.append(st.Page("app_pages/coach.py", title="Coach", icon=":material/groups:"))

page = st.navigation(pages)
ui.sidebar()
page.run()
