"""Widgets the pages share: the acting user, the sidebar, the current target, and how a scored
answer is shown.

Not a page (the underscore keeps it out of navigation). User text — transcripts, postings, names,
imported questions — is always escaped: shown as text, never rendered as HTML or Markdown.
"""
from __future__ import annotations

import html

import streamlit as st

import storage
from coach import interview
from coach.markup import escape_markdown_inline
from coach.settings import load_settings, remember_target


def md_escape(text: object) -> str:
    """User or imported text for anything Streamlit renders as Markdown — st.markdown, captions,
    headings, alerts, toasts, status, widget labels, expander titles — shown exactly as typed:
    no links, formatting, colours, icons, maths or HTML."""
    return escape_markdown_inline(text)


def settings():
    """The user's saved preferences, read once per rerun."""
    return load_settings()


@st.cache_resource(show_spinner="Loading the speech recognition model…")
def warm_engine(engine: str, model: str | None) -> str:
    """Load the transcription model once per server process (speech also caches it)."""
    from speech.transcribe import get_engine

    get_engine(engine, model)
    return engine


def try_warm_engine(engine: str, model: str | None) -> None:
    """Load the model if it can be; if not, processing the answer records why (nothing is lost)."""
    try:
        warm_engine(engine, model)
    except ValueError:
        pass


def current_user() -> storage.UserRecord:
    """Who is acting. Every page passes this user to coach/ and storage, which only ever touch
    that user's data. Personal mode: the one local user, who owns everything on this computer."""
    try:
        return storage.local_user()
    except storage.StorageError as err:
        st.error(f"Your data could not be opened: {err}")
        st.stop()


def current_target() -> storage.TargetRecord | None:
    target_id = st.session_state.get("target_id")
    if target_id is None:
        return None
    user = current_user()
    try:
        return storage.get_target(target_id, owner=user)
    except storage.NotFoundError:
        st.session_state.pop("target_id", None)
        return None


def sidebar() -> None:
    """The target picker every page shares, plus the privacy promise."""
    user = current_user()
    try:
        targets = storage.list_targets(owner=user)
        if not targets:
            targets = [interview.ensure_sample_target(user=user)]
    except storage.StorageError as err:
        st.error(f"Your data could not be opened: {md_escape(err)}")
        st.stop()
    ids = [t.id for t in targets]
    if st.session_state.get("target_id") not in ids:
        # A new tab opens on the job used last (in any tab), not simply the newest one.
        last = settings().last_target_id
        st.session_state["target_id"] = last if last in ids else ids[0]
    labels = {t.id: t.label for t in targets}
    with st.sidebar:
        # Our own state key, not the widget's: widget state does not survive page switches.
        st.session_state["target_id"] = st.selectbox(
            "Job you are preparing for", ids, index=ids.index(st.session_state["target_id"]),
            format_func=lambda i: labels.get(i, str(i)))
        st.caption("Everything — recordings, transcripts, scores — stays on this computer.")
    try:
        remember_target(st.session_state["target_id"])  # writes only when another job was used last
    except (OSError, ValueError):
        pass  # a read-only data folder: the choice is just not remembered


def score_badge(overall: int | None) -> str:
    return "not scored" if overall is None else f"{overall}/100"


def render_score(score: dict) -> None:
    """Overall, the dimension scores with their reasons, matched and missed requirements, feedback."""
    st.metric("Overall", f"{score['overall']}/100")
    dims = [d for d in score.get("dimensions", {}).values()]
    cols = st.columns(max(1, len(dims)))
    for col, dim in zip(cols, dims):
        value = "n/a" if dim.get("score") is None else f"{dim['score']}/100"
        col.metric(dim.get("name", ""), value)
    st.subheader("Feedback")
    for line in score.get("feedback", []):
        st.markdown(f"- {md_escape(line)}")
    left, right = st.columns(2)
    with left:
        st.markdown("**Requirements you evidenced**")
        matched = score.get("matched", [])
        if not matched:
            st.markdown("_None yet._")
        for hit in matched:
            st.markdown(f"- **{md_escape(hit['keyword'])}** — “{md_escape(hit.get('quote', ''))}”")
    with right:
        st.markdown("**Must-haves that did not come up**")
        missed = score.get("missed", [])
        if not missed:
            st.markdown("_None._")
        for kw in missed:
            st.markdown(f"- {md_escape(kw)}")
    with st.expander("Why these scores"):
        for dim in dims:
            st.markdown(f"**{md_escape(dim.get('name', ''))}**")
            for reason in dim.get("reasons", []):
                st.markdown(f"- {md_escape(reason)}")
    if score.get("sketch"):
        st.info(md_escape(score["sketch"]), icon=":material/lightbulb:")


def transcript_html(text: str, score: dict | None) -> str:
    """The transcript with evidenced requirement words highlighted and fillers struck through.

    Every piece of the user's text goes through html.escape; only our own <mark>/<s> tags remain.
    """
    spans: list[tuple[int, int, str]] = []
    for hit in (score or {}).get("matched", []):
        start, end = hit.get("start"), hit.get("end")
        if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
            spans.append((start, end, "match"))
    for span in ((score or {}).get("metrics") or {}).get("filler_spans", []) or []:
        start, end = span[0], span[1]
        if 0 <= start < end <= len(text):
            spans.append((start, end, "filler"))
    spans.sort()
    out, pos = [], 0
    for start, end, kind in spans:
        if start < pos:
            continue  # overlapping spans: keep the first
        out.append(html.escape(text[pos:start]))
        piece = html.escape(text[start:end])
        if kind == "match":
            out.append(f'<mark style="background:#c8f7c5">{piece}</mark>')
        else:
            out.append(f'<s style="color:#b45309" title="filler">{piece}</s>')
        pos = end
    out.append(html.escape(text[pos:]))
    return '<div style="line-height:1.7">' + "".join(out) + "</div>"


def render_transcript(text: str, score: dict | None) -> None:
    st.html(transcript_html(text, score))
    st.caption("Highlighted: requirements you evidenced. Struck through: filler words.")


@st.cache_data(show_spinner=False)
def voice_options() -> dict[str, str]:
    """Voice id → label for pickers; "" is the synthesizer's default."""
    options = {"": "Default voice"}
    try:
        from speech.tts import list_voices, tts_status

        if tts_status()[0]:
            options.update({v.id: f"{v.name} ({v.language})" for v in list_voices()})
    except Exception:  # no synthesizer: the default entry is enough, questions show as text
        pass
    return options
