"""User text inside Markdown: shown exactly as typed, never as a link, formatting, HTML or maths.

Two uses, one module. `escape_markdown` is for Markdown a person may also read as a plain file (the
session report): a backslash — CommonMark's "this character, literally" — goes only where a
character could mean something there, so `<` shows as `<` (not `&lt;`) and `**` as `**`, and the
file stays readable. `escape_markdown_inline` is for the app, which nobody reads raw: every
character that Markdown, GitHub's extensions or Streamlit's (colour directives `:red[…]`, LaTeX
between `$`, icons and emoji between colons) give a meaning is escaped.
"""
from __future__ import annotations

import re

# Anywhere in a line: emphasis, code, links and images (via the brackets), HTML and autolinks (<),
# tables, strikethrough, maths; `&` only where it would start an entity such as &lt;.
_INLINE = re.compile(r"([\\`*_\[\]<|~$])|&(?=#?\w+;)")
# At the start of a line: headings, quotes, list items, thematic breaks and setext underlines.
_LINE_START = re.compile(r"^(\s*)([#>+\-=]|\d+(?=[.)]))", re.MULTILINE)

# For the app: every ASCII character with a meaning in Markdown or in Streamlit's extensions.
_APP_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=/])")
# Some patterns are looked for in the text after escapes are resolved, so a backslash cannot stop
# them: GitHub-style autolinks (http://…, www.…, name@host) and Streamlit's shortcodes
# (:streamlit:, :material/icon:, emoji). An invisible WORD JOINER (neither a space nor
# punctuation) inside each pattern breaks it without changing what the reader sees.
WORD_JOINER = "\u2060"
_TEXT_PATTERNS = re.compile(r"(?i)(?:https?|ftp|www|mailto|xmpp)(?=[:.])|@(?=[\w-])|:(?=[\w+/-]+:)")


def escape_markdown(text: object) -> str:
    """`text` as CommonMark that renders to exactly `text`, with as few backslashes as that takes.
    Lines keep their leading spaces: callers put the text after a prefix (`## `, `> `, `- `)."""
    escaped = _INLINE.sub(lambda m: "\\" + m.group(0), str(text))
    return _LINE_START.sub(lambda m: m.group(1) + (m.group(2) + "\\" if m.group(2)[0].isdigit()
                                                   else "\\" + m.group(2)), escaped)


def escape_markdown_inline(text: object) -> str:
    """User text for anything Streamlit renders as Markdown: exactly as typed, never a link, icon
    or emoji; each line break stays a line break, and no line can start a code block."""
    joined = _TEXT_PATTERNS.sub(lambda m: m.group(0) + WORD_JOINER, str(text))
    return "  \n".join(_APP_SPECIAL.sub(r"\\\1", line.lstrip(" \t")) for line in joined.splitlines() or [""])
