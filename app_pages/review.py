"""Review: every session and answer, newest first — listen, read, compare attempts, export."""
import streamlit as st

import storage
from coach import interview
from coach.report import session_markdown
from app_pages import _shared as ui
from question_bank import CATEGORIES

st.title("Review")
user = ui.current_user()
settings = ui.settings()


def show_answer(a) -> None:
    st.markdown(f"**{ui.md_escape(a.question.get('text', ''))}**")
    st.caption(f"{ui.md_escape(CATEGORIES.get(a.category, a.category or ''))} · attempt {a.attempt} · {a.status}")
    if a.has_audio:
        try:
            st.audio(storage.read_audio(a, owner=user))
        except storage.StorageError as err:
            st.warning(ui.md_escape(err))
    text = (a.transcript or {}).get("text") if a.transcript else a.typed_text
    if text:
        ui.render_transcript(text, a.score)
    if a.status == storage.FAILED:
        st.error(f"Not scored: {ui.md_escape(a.error)}")
    if a.score:
        ui.render_score(a.score)


# Answers a crash or an error left unscored: the recording is safe, process it again.
pending = storage.unprocessed_answers(owner=user)
if pending:
    st.warning(f"{len(pending)} saved answer(s) are not scored yet (the app stopped, or processing failed).")
    for a in pending:
        cols = st.columns([4, 1])
        reason = f" — {a.error}" if a.error else ""
        cols[0].markdown(f"{ui.md_escape(a.question.get('text', ''))} · _{a.status}{ui.md_escape(reason)}_")
        if cols[1].button("Process again", key=f"reprocess-{a.id}"):
            with st.spinner("Transcribing and scoring…"):
                if a.has_audio:
                    ui.try_warm_engine(settings.engine, settings.model_or_none)
                result = interview.process_answer(a.id, settings.engine, settings.model_or_none,
                                                  company_facts=interview.company_facts(a.target_id, user=user), user=user)
            if result.error:
                st.error(ui.md_escape(result.error))
            else:
                st.rerun()


# An answer opened from elsewhere (the Prepare page's requirement → evidence matrix) comes first.
focus = st.session_state.pop("review_answer_id", None)
if focus is not None:
    try:
        focused = storage.get_answer(focus, owner=user)
    except storage.NotFoundError:
        st.info("That answer was deleted.")
    else:
        with st.container(border=True):
            show_answer(focused)

targets = storage.list_targets(owner=user)
labels = {t.id: t.label for t in targets}
left, right = st.columns(2)
target_choice = left.selectbox("Job", [None] + list(labels), format_func=lambda i: "All jobs" if i is None else labels[i],
                               index=1 + list(labels).index(st.session_state["target_id"])
                               if st.session_state.get("target_id") in labels else 0)
category = right.selectbox("Category", [None] + list(CATEGORIES),
                           format_func=lambda c: "All categories" if c is None else CATEGORIES[c])

sessions = storage.list_sessions(target_id=target_choice, owner=user)
answers = storage.list_answers(target_id=target_choice, category=category, owner=user)
by_session: dict[int, list] = {}
for a in answers:
    by_session.setdefault(a.session_id, []).append(a)

if not answers:
    st.info("No answers here yet. Practise on the Practice page and they will appear here.")
    st.stop()


for session in sessions:
    items = by_session.get(session.id)
    if not items:
        continue
    when = session.started_at.strftime("%Y-%m-%d %H:%M") if session.started_at else ""
    average = f" · average {session.average_score:.0f}/100" if session.average_score is not None else ""
    with st.expander(f"{when} · {ui.md_escape(labels.get(session.target_id, ''))} · {len(items)} answer(s){average}"):
        st.download_button("Export this session as Markdown", session_markdown(session.id, user=user),
                           file_name=f"callback-session-{session.id}.md", mime="text/markdown",
                           key=f"export-{session.id}")
        if st.button("Delete this session and its recordings", key=f"del-session-{session.id}"):
            storage.delete_session(session.id, owner=user)
            st.rerun()
        for a in sorted(items, key=lambda a: a.id, reverse=True):
            st.divider()
            earlier = [b for b in storage.attempts_of(a.question_id, target_id=a.target_id, owner=user)
                       if b.id != a.id and b.status == storage.SCORED]
            show_answer(a)
            if earlier and st.toggle("Compare with earlier attempts", key=f"cmp-{a.id}"):
                cols = st.columns(min(3, len(earlier)))
                for col, b in zip(cols, earlier[:3]):
                    with col:
                        when_b = b.created_at.strftime("%Y-%m-%d %H:%M") if b.created_at else ""
                        st.markdown(f"_{when_b}_ — **{ui.score_badge(b.overall)}**")
                        text_b = (b.transcript or {}).get("text") if b.transcript else b.typed_text
                        st.text(text_b or "")
            if st.button("Delete this answer", key=f"del-{a.id}"):
                storage.delete_answer(a.id, owner=user)
                st.rerun()
