"""Progress: scores across sessions, dimension trends, the requirements you keep missing."""
import altair as alt
import pandas as pd
import streamlit as st

import storage
from app_pages import _shared as ui
from question_bank import CATEGORIES
from scoring.answer import DIMENSION_NAMES

st.title("Progress")

user = ui.current_user()

# Sessions are counted: whole-number ticks, shown as whole numbers (one session is "1", not "1.000000").
SESSION_AXIS = alt.Axis(tickMinStep=1, format="d")

target = ui.current_target()
rows = storage.progress_rows(target.id if target else None, owner=user)
if not rows:
    st.info("No scored answers yet. Finish a mock interview on the Practice page and your scores, "
            "trends and weak areas will be charted here.")
    st.stop()

answers = pd.DataFrame(rows)
sessions = (answers.groupby("session_id", sort=False)
            .agg(started=("session_started", "first"), overall=("overall", "mean"), answers=("overall", "size"))
            .reset_index())
sessions["session"] = range(1, len(sessions) + 1)
n_sessions = len(sessions)

if n_sessions == 1:
    st.info("One session so far: these are its figures. Trends appear after your second session.")

if st.button("Practise my weak areas", type="primary"):
    st.session_state.pop("mock", None)
    st.session_state["start_request"] = {"mode": "weak_areas", "n": 5}
    st.switch_page("app_pages/practice.py")

latest, first = sessions["overall"].iloc[-1], sessions["overall"].iloc[0]
cols = st.columns(3)
cols[0].metric("Sessions", n_sessions)
cols[1].metric("Last session", f"{latest:.0f}/100", delta=None if n_sessions == 1 else f"{latest - first:+.0f} since the first")
cols[2].metric("Answers scored", len(answers))

# 1. Overall score across sessions
st.subheader("Overall score across sessions", anchor=False)
st.altair_chart(
    alt.Chart(sessions).mark_line(point=True).encode(
        x=alt.X("session:Q", title="Session", axis=SESSION_AXIS),
        y=alt.Y("overall:Q", title="Average overall", scale=alt.Scale(domain=[0, 100])),
        tooltip=["session", "started", alt.Tooltip("overall:Q", format=".0f"), "answers"],
    ),
    width="stretch",
)

# 2. Each dimension's trend
dims = (pd.DataFrame(answers["dimensions"].tolist(), index=answers["session_id"])
        .rename(columns=DIMENSION_NAMES).reset_index())
dim_long = (dims.melt(id_vars="session_id", var_name="dimension", value_name="score").dropna()
            .groupby(["session_id", "dimension"], sort=False)["score"].mean().reset_index()
            .merge(sessions[["session_id", "session"]], on="session_id"))
st.subheader("Each dimension", anchor=False)
st.altair_chart(
    alt.Chart(dim_long).mark_line(point=n_sessions <= 40).encode(
        x=alt.X("session:Q", title="Session", axis=SESSION_AXIS),
        y=alt.Y("score:Q", title="Average score", scale=alt.Scale(domain=[0, 100])),
        color=alt.Color("dimension:N", title="Dimension"),
        tooltip=["session", "dimension", alt.Tooltip("score:Q", format=".0f")],
    ),
    width="stretch",
)

# 3. Weak areas: requirement keywords × the most recent sessions
recent_ids = sessions["session_id"].iloc[-20:]
recent = answers[answers["session_id"].isin(recent_ids)]
cells = []
for session_id, group in recent.groupby("session_id", sort=False):
    matched = {k for ks in group["matched_keywords"] for k in ks}
    missed = {k for ks in group["missed_keywords"] for k in ks} - matched
    cells += [{"session_id": session_id, "keyword": k, "status": "evidenced"} for k in matched]
    cells += [{"session_id": session_id, "keyword": k, "status": "missed"} for k in missed]
st.subheader("Requirements you keep missing", anchor=False)
if cells:
    grid = pd.DataFrame(cells).merge(sessions[["session_id", "session"]], on="session_id")
    misses = grid[grid["status"] == "missed"].groupby("keyword").size().sort_values(ascending=False)
    order = list(misses.index) + sorted(set(grid["keyword"]) - set(misses.index))
    st.caption("The last 20 sessions. Red: a must-have the question invited but you did not mention.")
    st.altair_chart(
        alt.Chart(grid).mark_rect().encode(
            x=alt.X("session:O", title="Session"),
            y=alt.Y("keyword:N", sort=order[:25], title=None),
            color=alt.Color("status:N", scale=alt.Scale(domain=["evidenced", "missed"], range=["#4caf50", "#e53935"])),
            tooltip=["keyword", "session", "status"],
        ),
        width="stretch",
    )
else:
    st.caption("No requirement keywords recorded yet.")

# 4. Categories ranked by average score
cats = answers.groupby("category")["overall"].agg(["mean", "size"]).reset_index().sort_values("mean")
cats["label"] = cats["category"].map(lambda c: CATEGORIES.get(c, c))
st.subheader("Question categories, weakest first", anchor=False)
st.altair_chart(
    alt.Chart(cats).mark_bar().encode(
        x=alt.X("mean:Q", title="Average overall", scale=alt.Scale(domain=[0, 100])),
        y=alt.Y("label:N", sort=list(cats["label"]), title=None),
        tooltip=["label", alt.Tooltip("mean:Q", format=".0f"), alt.Tooltip("size:Q", title="answers")],
    ),
    width="stretch",
)

# 5. Delivery over time against the target bands (sources in docs/scoring.md)
spoken = answers.dropna(subset=["wpm"])
if spoken.empty:
    st.caption("Pace and fillers appear once you answer aloud.")
else:
    delivery = (spoken.groupby("session_id", sort=False)[["wpm", "fillers_per_min"]].mean().reset_index()
                .merge(sessions[["session_id", "session"]], on="session_id"))
    left, right = st.columns(2)
    for col, field, title, band in ((left, "wpm", "Words per minute", (130, 160)),
                                    (right, "fillers_per_min", "Fillers per minute", (0, 5))):
        base = alt.Chart(delivery).encode(x=alt.X("session:Q", title="Session", axis=SESSION_AXIS))
        target_band = alt.Chart(pd.DataFrame({"low": [band[0]], "high": [band[1]]})).mark_rect(
            opacity=0.15, color="#4caf50").encode(y="low:Q", y2="high:Q")
        line = base.mark_line(point=len(delivery) <= 40).encode(y=alt.Y(f"{field}:Q", title=title))
        with col:
            st.markdown(f"**{title}** (green band: the target)")
            st.altair_chart(target_band + line, width="stretch")
