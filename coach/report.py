"""A practice session as a Markdown report a coach or career centre can read."""
from __future__ import annotations

import storage
from coach.markup import escape_markdown


def _md(text: object) -> str:
    """The user's words, shown as typed by any Markdown viewer: no links, bold, HTML or maths.
    Backslash escapes, not HTML entities, so a viewer shows `<` as `<` (not as `&lt;`).
    One line (a heading or a list item stays one)."""
    return escape_markdown(" ".join(str(text).split()))


def session_markdown(session_id: int, *, user, db=None) -> str:
    session = storage.get_session(session_id, owner=user, db=db)
    target = storage.get_target(session.target_id, owner=user, db=db) if session.target_id else None
    answers = sorted(storage.list_answers(session_id=session_id, owner=user, db=db), key=lambda a: (a.created_at, a.id))
    lines = [f"# Mock interview — {_md(target.label) if target else 'no target'}", ""]
    when = session.started_at.strftime("%Y-%m-%d %H:%M") if session.started_at else "?"
    lines += [f"- Date: {when} (UTC)", f"- Mode: {session.mode}", f"- Answers: {len(answers)}"]
    if session.average_score is not None:
        lines.append(f"- Average score: {session.average_score:.0f}/100")
    lines.append("")
    for n, a in enumerate(answers, start=1):
        lines.append(f"## {n}. {_md(a.question.get('text', ''))}")
        lines.append("")
        lines.append(f"Category: {_md(a.category or '-')} · attempt {a.attempt} · status: {a.status}")
        lines.append("")
        text = (a.transcript or {}).get("text") if a.transcript else a.typed_text
        if text:
            lines += ["> " + "  \n> ".join(escape_markdown(line.strip()) for line in text.splitlines() if line.strip()), ""]
        if a.status == storage.FAILED:
            lines += [f"Not scored: {_md(a.error)}", ""]
        score = a.score or {}
        if score:
            lines.append(f"**Overall: {score.get('overall')}/100**")
            lines.append("")
            for dim in score.get("dimensions", {}).values():
                value = "n/a" if dim.get("score") is None else f"{dim['score']}/100"
                lines.append(f"- {dim.get('name')}: {value}")
                lines += [f"  - {_md(r)}" for r in dim.get("reasons", [])]
            matched = score.get("matched", [])
            if matched:
                lines += ["", "Requirements evidenced:"]
                lines += [f"- {_md(h['keyword'])}: “{_md(h.get('quote', ''))}”" for h in matched]
            if score.get("missed"):
                lines += ["", "Must-haves missed: " + ", ".join(_md(k) for k in score["missed"])]
            if score.get("feedback"):
                lines += ["", "Feedback:"] + [f"- {_md(f)}" for f in score["feedback"]]
        lines.append("")
    return "\n".join(lines)
