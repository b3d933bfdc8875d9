"""Widgets the pages share: the acting user, the sidebar, the current target, and how a scored
answer is shown.

Not a page (the underscore keeps it out of navigation). User text — transcripts, postings, names,
imported questions — is always escaped: shown as text, never rendered as HTML or Markdown.
"""
from __future__ import annotations

import html
import time
from typing import Callable

import streamlit as st

import storage
from coach import config, interview
from coach.markup import escape_markdown_inline
from coach.settings import load_settings, remember_target

USER_REFRESH_S = 300  # a signed-in user's role and name are read again this often


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


def team_mode() -> bool:
    return config.team_mode()


def current_user() -> storage.UserRecord:
    """Who is acting. Every page passes this user to coach/ and storage, which only ever touch
    that user's data. Personal mode: the one local user, who owns everything on this computer.
    Team mode: the signed-in user (every page shows the sign-in screen until then)."""
    try:
        if team_mode():
            return _signed_in_user()
        return storage.local_user()
    except (storage.StorageError, config.ConfigError) as err:
        st.error(f"Your data could not be opened: {err}")
        st.stop()


def _signed_in_user() -> storage.UserRecord:
    """The user st.login signed in (issuer + subject), as storage knows them."""
    config.check_team()
    if not st.user.get("is_logged_in"):   # absent when no [auth] is configured: not signed in
        sign_in_screen()
        st.stop()
    issuer, subject = st.user.get("iss"), st.user.get("sub")
    if not issuer or not subject:
        st.error("The sign-in provider did not say who you are (no issuer and subject in its ID token).")
        st.stop()
    cached = st.session_state.get("_signed_in")
    if cached and cached[0] == (issuer, subject) and time.monotonic() - cached[1] < USER_REFRESH_S:
        return cached[2]
    # A role granted to an e-mail address goes to whoever signs in with it: only if the provider
    # vouches for the address.
    email = st.user.get("email") if st.user.get("email_verified") is not False else None
    user = storage.sign_in(issuer, subject, email=email, name=st.user.get("name"))
    st.session_state["_signed_in"] = ((issuer, subject), time.monotonic(), user)
    return user


def sign_in_screen() -> None:
    st.title("Callback")
    st.markdown("Practise your second interview: questions read aloud, your spoken answers "
                "transcribed and scored against the job's requirements, your coach's comments.")
    try:
        configured = "auth" in st.secrets
    except Exception:  # no secrets file at all
        configured = False
    if not configured:
        st.error("Sign-in is not set up: team mode needs an [auth] section in .streamlit/secrets.toml "
                 "(see docs/deploy.md).")
        return
    st.button("Sign in", type="primary", on_click=st.login)
    st.caption("You sign in with your career centre's account.")


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
        last = None if team_mode() else settings().last_target_id
        st.session_state["target_id"] = last if last in ids else ids[0]
    labels = {t.id: t.label for t in targets}
    with st.sidebar:
        # Our own state key, not the widget's: widget state does not survive page switches.
        st.session_state["target_id"] = st.selectbox(
            "Job you are preparing for", ids, index=ids.index(st.session_state["target_id"]),
            format_func=lambda i: labels.get(i, str(i)))
        if team_mode():
            st.caption(f"Signed in as {md_escape(user.name or user.email or 'you')} ({user.role}). Your recordings, "
                       "transcripts and scores are kept on your centre's Callback server; the coaches "
                       "of your cohort can read them.")
            st.button("Sign out", on_click=st.logout)
        else:
            st.caption("Everything — recordings, transcripts, scores — stays on this computer.")
    if team_mode():
        return  # one settings file serves everyone on a team server: nobody's last job goes in it
    try:
        remember_target(st.session_state["target_id"])  # writes only when another job was used last
    except (OSError, ValueError):
        pass  # a read-only data folder: the choice is just not remembered


def score_badge(overall: int | None, band: str | None = None) -> str:
    if overall is None:
        return "not scored"
    return f"{overall}/100" + (f" · {band}" if band else "")


def render_score(score: dict) -> None:
    """The score card: overall with its band, the kind of answer, red flags (quoted, with the fix),
    each dimension, feedback, the requirements evidenced and missed, and what a 5 looks like."""
    band = score.get("band") or ""
    left, right = st.columns([1, 3])
    left.metric("Overall", f"{score['overall']}/100", band or None, delta_color="off", delta_arrow="off")
    with right:
        if score.get("kind_label"):
            how = " (read from the question's wording)" if score.get("kind_source") == "classified" else ""
            st.markdown(f"**{md_escape(score['kind_label'])}**{md_escape(how)}")
        if band:
            grade = score.get("grade")
            st.caption(f"{md_escape(band)} is grade {grade} of 5 on the interviewers' scale: "
                       "Needs work 0–25 · Developing 26–39 · Competent 40–65 · Good 66–79 · Strong 80–100.")
        else:
            st.caption("Scored by an earlier version of the scorer, before answer kinds and bands. "
                       "Score it again from the Review page to see its band.")
    for flag in score.get("red_flags", []):
        st.error(f"**Red flag — {md_escape(flag.get('label', flag.get('flag', '')))}:** "
                 f"“{md_escape(flag.get('quote', ''))}”  \n{md_escape(flag.get('fix', ''))}",
                 icon=":material/flag:")
    dims = [d for d in score.get("dimensions", {}).values()]
    cols = st.columns(max(1, len(dims)))
    for col, dim in zip(cols, dims):
        value = "n/a" if dim.get("score") is None else f"{dim['score']}/100"
        weight = dim.get("weight")
        col.metric(dim.get("name", ""), value,
                   help=None if weight is None else f"Weighs {weight} in the overall for this kind of answer")
    st.subheader("Feedback", anchor=False)
    for line in score.get("feedback", []):
        st.markdown(f"- {md_escape(line)}")
    job_weighed = (score.get("dimensions", {}).get("job_fit") or {}).get("score") is not None
    if job_weighed or score.get("matched"):
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
        for cap in score.get("caps", []):
            st.markdown(f"- _{md_escape(cap)}_")
    if score.get("sketch"):
        st.info(md_escape(score["sketch"]), icon=":material/lightbulb:")
    if score.get("strong_example"):
        with st.expander("What a 5 looks like"):
            st.markdown(md_escape(score["strong_example"]))
            st.caption("The shape of a strong answer to this kind of question, not a script.")
    history = score.get("history") or []
    if history:
        earlier = " · ".join(
            f"{h.get('overall')}/100" + (f" ({md_escape(h['band'])})" if h.get("band") else " (earlier scorer)")
            + (f" on {md_escape(str(h.get('scored_at'))[:10])}" if h.get("scored_at") else "")
            for h in history)
        st.caption(f"Earlier scores of this same answer: {earlier}")


def render_answer(a: storage.AnswerRecord, read_audio: Callable[[], bytes]) -> None:
    """One answer as Review and the Coach page show it: question, recording, transcript, score card."""
    from question_bank import CATEGORIES

    st.markdown(f"**{md_escape(a.question.get('text', ''))}**")
    when = a.created_at.strftime("%Y-%m-%d %H:%M") if a.created_at else ""
    st.caption(f"{md_escape(CATEGORIES.get(a.category, a.category or ''))} · attempt {a.attempt} · "
               f"{a.status} · {when}")
    if a.has_audio:
        try:
            st.audio(read_audio())
        except storage.StorageError as err:
            st.warning(md_escape(err))
    text = (a.transcript or {}).get("text") if a.transcript else a.typed_text
    if text:
        render_transcript(text, a.score)
    if note := repair_note(a.transcript):
        st.caption(note)
    if a.status == storage.FAILED:
        st.error(f"Not scored: {md_escape(a.error)}")
    elif a.status == storage.DISMISSED:
        st.caption(f"Not scored, set aside{': ' + md_escape(a.error) if a.error else ''}")
    elif a.status in storage.WAITING and team_mode():
        st.info("Not scored yet: it is in the transcription queue.")
    if a.score:
        render_score(a.score)


def render_comments(comments: list) -> None:
    """Comments on an answer, oldest first (the text as written, never as Markdown)."""
    for c in comments:
        with st.container(border=True):
            when = c.created_at.strftime("%Y-%m-%d %H:%M") if c.created_at else ""
            st.caption(f"Comment from {md_escape(c.author)} ({c.author_role}), {when}")
            st.markdown(md_escape(c.text))


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


def repair_note(transcript: dict | None) -> str | None:
    """One line when speech first came back without words and was transcribed again (the
    transcript records it, speech/coverage.py), so the user knows to check those seconds."""
    found = [r for r in (transcript or {}).get("repairs") or []
             if int(r.get("words_after", 0)) > int(r.get("words_before", 0))]
    if not found:
        return None
    where = ", ".join(f"{float(r['start']):.0f}–{float(r['end']):.0f} s" for r in found[:3])
    return (f"Some speech ({where}) first came back without words and was transcribed a second "
            "time: check those words against what you said.")


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
