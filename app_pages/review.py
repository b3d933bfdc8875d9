"""Review: every session and answer, newest first — listen, read, compare attempts, export."""
import streamlit as st

import storage
from coach import interview, jobs
from coach.report import session_markdown
from app_pages import _shared as ui
from question_bank import CATEGORIES

st.title("Review")
user = ui.current_user()
settings = ui.settings()


def show_answer(a, where: str = "list") -> None:
    ui.render_answer(a, lambda: storage.read_audio(a, owner=user))
    if a.score and a.status == storage.SCORED:
        outdated = interview.needs_rescore(a.score)
        label = "Score it with the current scorer" if outdated else "Score it again"
        if st.button(label, key=f"rescore-{where}-{a.id}", type="primary" if outdated else "secondary",
                     help="The earlier score is kept in this answer's history."):
            result = interview.rescore_answer(a.id, user=user)
            if result.error:
                st.error(ui.md_escape(result.error))
            else:
                st.rerun()
    if ui.team_mode():
        ui.render_comments(storage.list_comments(a.id, viewer=user))


# Answers a crash or an error left unscored: the recording is safe, process it again (team mode:
# send it to the transcription queue again) — or set it aside. An attempt answered again and
# scored since is done, and is not listed.
pending = interview.pending_answers(user=user)
if pending:
    st.warning(f"{len(pending)} saved answer(s) are not scored yet (the app stopped, or processing failed).")
    for a in pending:
        cols = st.columns([4, 1, 1])
        reason = f" — {a.error}" if a.error else ""
        cols[0].markdown(f"{ui.md_escape(a.question.get('text', ''))} · _{a.status}{ui.md_escape(reason)}_")
        if cols[2].button("Dismiss", key=f"dismiss-{a.id}", help="Take it off this list; the answer stays below."):
            interview.dismiss_answer(a.id, user=user)
            st.rerun()
        if cols[1].button("Process again", key=f"reprocess-{a.id}"):
            if ui.team_mode():
                try:
                    jobs.enqueue(a.id, owner=user)
                except jobs.QueueError as err:
                    st.error(ui.md_escape(err))
                else:
                    st.rerun()
            else:
                with st.spinner("Transcribing and scoring…"):
                    if a.has_audio:
                        ui.try_warm_engine(settings.engine, settings.model_or_none)
                    result = interview.process_answer(a.id, settings.engine, settings.model_or_none,
                                                      company_facts=interview.company_facts(a.target_id, user=user),
                                                      user=user)
                if result.error:
                    st.error(ui.md_escape(result.error))
                else:
                    st.rerun()
if ui.team_mode():
    in_queue = [a for a in storage.list_answers(owner=user, limit=50) if a.status in storage.WAITING]
    if in_queue:
        st.info(f"{len(in_queue)} answer(s) are in the transcription queue; their scores appear here "
                "when they are ready.", icon=":material/hourglass_top:")


# An answer opened by its link (…/review?answer=ID) comes first; anyone else's is "not found".
linked = st.query_params.get("answer")
if linked is not None:
    try:
        linked_answer = storage.get_answer(int(linked), owner=user)
    except (ValueError, storage.NotFoundError):
        st.error(f"Answer not found: you have no answer {ui.md_escape(linked)}.")
    else:
        with st.container(border=True):
            show_answer(linked_answer, "link")


# Answers an earlier version of the scorer scored: they still display; re-score them on demand.
outdated = [a for a in storage.list_answers(owner=user) if a.status == storage.SCORED and interview.needs_rescore(a.score)]
if outdated:
    cols = st.columns([4, 1])
    cols[0].info(f"{len(outdated)} answer(s) were scored by an earlier version of the scorer, before "
                 "answer kinds and bands. Their scores still show; score them again to compare.")
    if cols[1].button("Score them all again", key="rescore-all"):
        with st.spinner("Scoring again…"):
            results = interview.rescore_outdated(user=user)
        errors = [r.error for r in results if r.error]
        if errors:
            st.error(ui.md_escape(errors[0]))
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
            show_answer(focused, "focus")

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
                        st.markdown(f"_{when_b}_ — **{ui.score_badge(b.overall, (b.score or {}).get('band'))}**")
                        text_b = (b.transcript or {}).get("text") if b.transcript else b.typed_text
                        st.text(text_b or "")
            if st.button("Delete this answer", key=f"del-{a.id}"):
                storage.delete_answer(a.id, owner=user)
                st.rerun()
