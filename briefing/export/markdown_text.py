"""Escape user text for Markdown so it always renders literally, on any common viewer.

Two families of renderer matter: CommonMark/GFM (GitHub, VS Code, Obsidian, pandoc) and
Python-Markdown (the app's own preview, MkDocs). Backslash escapes are used only for the
characters both honour; everything else that could turn into markup or HTML becomes a
character reference, which both show as the character itself.
"""

from __future__ import annotations

import re

from briefing.core.xml_text import xml_safe

# Backslash escapes for what Python-Markdown's ESCAPED_CHARS shares with CommonMark; character
# references for the rest. `>`, `-`, `+`, `=` and digits only matter at the start of a line.
_INLINE = {
    "\\": "\\\\", "`": "\\`", "*": "\\*", "_": "\\_", "[": "\\[", "]": "\\]",
    "#": "\\#", "<": "&lt;", "|": "&#124;", "~": "&#126;",
}  # fmt: skip
# Replaced one character at a time, in this order: the backslash first (the escapes add
# backslashes), `#` before `|` and `~` (whose references hold one). `in` and `replace` find a
# character faster than a regular expression does, and most lines hold none of them.
_INLINE_ORDER = tuple(_INLINE.items())

_SPECIAL = re.compile(r"[\\`*_\[\]#<|~&]")  # the characters of `_INLINE`, and `&`
_AMPERSAND = re.compile(r"&(?=#?[0-9A-Za-z]+;)")  # only where it would start a reference
# Block syntax decided by how a line starts: quote, list, setext underline, ordered list.
_LINE_START = re.compile(r"(?:([>+\-])|(=)|(\d{1,9})([.)]))")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def escape_markdown(text: str) -> str:
    """Markdown that renders as `text`, literally.

    Blank lines separate paragraphs; a single line break stays a (hard) line break. Leading
    and trailing blanks of each line are dropped: HTML would not show them, and in Markdown
    they would make code blocks or line breaks.
    """
    if text.isprintable():  # the common case (no line break, nothing XML refuses): cheap
        line = text.strip()
        if _SPECIAL.search(line) is None and line[:1] not in _STARTERS:
            return line  # nothing in it to escape: one scan instead of one per character
        return _escape_line(line)
    text = xml_safe(text)
    if "\n" not in text:
        return _escape_line(text.strip())
    out = []
    for block in _BLANK_LINE.split(text):
        lines = [_escape_line(line.strip()) for line in block.split("\n")]
        lines = [line for line in lines if line]
        if lines:
            out.append("  \n".join(lines))
    return "\n\n".join(out)


def _escape_line(line: str) -> str:
    if "&" in line:
        line = _AMPERSAND.sub("&amp;", line)
    for char, escaped in _INLINE_ORDER:
        if char in line:
            line = line.replace(char, escaped)
    if line[:1] in _STARTERS:
        match = _LINE_START.match(line)
        if match:
            line = _escape_start(match) + line[match.end() :]
    return line


_STARTERS = frozenset(">+-=0123456789")


def _escape_start(match: re.Match[str]) -> str:
    if match.group(1):
        return "\\" + match.group(1)
    if match.group(2):
        return "&#61;"
    return match.group(3) + "\\" + match.group(4)
