"""Text that people chose (names, emails, file names, notes) shown on a page as typed.

Streamlit renders labels, captions, alerts and Markdown as GitHub-flavoured Markdown with its
own extras (``:red[...]`` colours, ``:material/...:`` icons). A patient named
``![p](http://host/b.png)`` would make a therapist's browser fetch that image. Markdown lets
any ASCII punctuation be escaped with a backslash and then shows it as itself, so all of it is
escaped: no syntax and no directive survives.

Escapes do not stop one thing: GitHub-flavoured Markdown finds bare addresses
(``www.example.org``, ``http://...``, ``a@b.org``) in the text *after* parsing and makes them
links. An invisible WORD JOINER (U+2060) where those patterns join (``www`` and its dot, a
scheme's ``:`` and ``//``, an email's ``@``) leaves nothing to find; the reader sees no change.
Widgets whose options are plain text (a selectbox's choices) need none of this.
"""

from __future__ import annotations

import re
import string

_PUNCTUATION = re.compile(f"([{re.escape(string.punctuation)}])")
_HARD_BREAK = "  \n"
_JOIN = "\u2060"
_ADDRESSES = re.compile(r"(?i)(?<=www)(?=\\\.)|(?<=\\:)(?=\\/\\/)|(?=\\@)")


def plain(text: object) -> str:
    """``text`` escaped so that Markdown shows it exactly as typed, with no link or image made
    from it; its lines stay lines (hard breaks inside one paragraph, so that no line can start
    a heading, a list or a quote)."""
    lines = str(text).splitlines() or [""]
    return _HARD_BREAK.join(
        _ADDRESSES.sub(_JOIN, _PUNCTUATION.sub(r"\\\1", line)) for line in lines
    )
