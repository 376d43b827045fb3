"""Chosen text is escaped so that Markdown shows it as typed (the browser tier checks what
Chromium builds; these pin the escaping itself)."""

import re
import string

import pytest

from tracker.ui.text import plain

JOINER = "\u2060"


def unescaped(markdown: str) -> str:
    return re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", markdown).replace(JOINER, "")


@pytest.mark.parametrize(
    "typed",
    [
        "![p](http://127.0.0.1:9/b.png)",
        "**bold** _it_ ~~del~~ `code` <b>tag</b>",
        ":red[red] :material/warning: $x^2$",
        "# heading",
        "1. list",
        "Maria O'Neil-Smith",
        string.punctuation,
    ],
)
def test_every_punctuation_mark_is_escaped_and_reads_as_typed(typed):
    shown = plain(typed)
    assert unescaped(shown) == typed
    assert (
        re.search(
            r"(?<!\\)[" + re.escape(string.punctuation.replace("\\", "")) + "]",
            shown.replace("\\\\", ""),
        )
        is None
    )


@pytest.mark.parametrize(
    "typed, joined",
    [
        ("www.evil.org", "www" + JOINER + "\\."),
        ("WWW.EVIL.ORG", "WWW" + JOINER + "\\."),
        ("http://evil.org", "\\:" + JOINER + "\\/\\/"),
        ("a@evil.org", "a" + JOINER + "\\@"),
    ],
)
def test_addresses_are_broken_where_autolinks_would_find_them(typed, joined):
    assert joined in plain(typed)


def test_lines_stay_lines_inside_one_paragraph():
    assert plain("Nothing was imported:\n# row 3\r\n- row 4") == (
        "Nothing was imported\\:  \n\\# row 3  \n\\- row 4"
    )
