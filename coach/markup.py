"""User text inside Markdown: shown exactly as typed, never as a link, formatting, HTML or maths.

One rule for every place Callback writes Markdown (the pages, the session report): each ASCII
character that Markdown, GitHub's extensions or Streamlit's (colour directives `:red[…]`, LaTeX
between `$`) give a meaning gets a backslash, which CommonMark defines as "this character,
literally" — so `<` shows as `<`, not as `&lt;`.
"""
from __future__ import annotations

import re

MARKDOWN_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~:$&=/])")
# Some patterns are looked for in the text after escapes are resolved, so a backslash cannot stop
# them: GitHub-style autolinks (http://…, www.…, name@host) and Streamlit's shortcodes
# (:streamlit:, :material/icon:, emoji). An invisible WORD JOINER (neither a space nor
# punctuation) inside each pattern breaks it without changing what the reader sees.
WORD_JOINER = "\u2060"
_TEXT_PATTERNS = re.compile(r"(?i)(?:https?|ftp|www|mailto|xmpp)(?=[:.])|@(?=[\w-])|:(?=[\w+/-]+:)")


def escape_markdown(text: object) -> str:
    """`text` as Markdown that renders to exactly `text` (line breaks are left to the caller)."""
    return MARKDOWN_SPECIAL.sub(r"\\\1", str(text))


def escape_markdown_inline(text: object) -> str:
    """Like escape_markdown, and also never an automatic link, icon or emoji (for the app); each
    line break stays a line break, and no line can start a code block."""
    joined = _TEXT_PATTERNS.sub(lambda m: m.group(0) + WORD_JOINER, str(text))
    return "  \n".join(escape_markdown(line.lstrip(" \t")) for line in joined.splitlines() or [""])
