"""What the command line prints: human lines made terminal-safe, JSON kept exact."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterator
from typing import TextIO

# Characters that make a terminal do something instead of showing them: C0 and C1 controls
# (ESC starts the sequences that retitle a window, clear the screen or write the clipboard;
# U+009B is CSI on its own), line and paragraph separators, and the bidi overrides that make
# text read in another order than it is stored.
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
# json.dumps already escapes C0 controls inside strings (and its own line breaks are layout).
_UNSAFE_IN_JSON = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")
_NAMED_ESCAPES = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def terminal_safe(text: str) -> str:
    """`text` as a terminal can show it: every unsafe character written as its escape
    (\\x1b, \\n), so data printed by a command cannot move the cursor or forge a line."""
    return _UNSAFE.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    char = match.group()
    if char in _NAMED_ESCAPES:
        return _NAMED_ESCAPES[char]
    return f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}"


def say(line: str = "", file: TextIO | None = None) -> None:
    """Print one line of human-readable output (data in it is made terminal-safe)."""
    print(terminal_safe(line), file=file or sys.stdout)


def print_json(data: object, file: TextIO | None = None) -> None:
    """JSON exactly as the data is: the same unsafe characters as \\uXXXX escapes, which
    JSON reads back as the characters themselves.

    Laid out a level or two deep (an object's members, a list's items, one a line) and
    compact below, written as it goes: lists may be given as iterators, so 100,000 passages
    are never held as one text (and json's C encoder only runs without `indent`)."""
    out = file or sys.stdout
    _write(data, out, 0)
    out.write("\n")


_LAID_OUT_LEVELS = 2  # {"passages": [ each passage on a line ]}


def _write(value: object, out: TextIO, level: int) -> None:
    inner = "  " * (level + 1)
    if isinstance(value, dict) and value and level < _LAID_OUT_LEVELS:
        out.write("{")
        for n, (key, member) in enumerate(value.items()):
            out.write(f"{',' if n else ''}\n{inner}{_compact(key)}: ")
            _write(member, out, level + 1)
        out.write(f"\n{'  ' * level}}}")
    elif isinstance(value, list | tuple | Iterator) and level < _LAID_OUT_LEVELS:
        out.write("[")
        empty = True
        for item in value:
            out.write(f"{'' if empty else ','}\n{inner}")
            if level + 1 < _LAID_OUT_LEVELS:
                _write(item, out, level + 1)
            else:
                out.write(_compact(item))  # each item on a line of its own
            empty = False
        out.write("]" if empty else f"\n{'  ' * level}]")
    else:
        out.write(_compact(list(value) if isinstance(value, Iterator) else value))


_ENCODER = json.JSONEncoder(ensure_ascii=False, separators=(", ", ": "))


def _compact(value: object) -> str:
    text = _ENCODER.encode(value)
    return _UNSAFE_IN_JSON.sub(_json_escape, text) if _UNSAFE_IN_JSON.search(text) else text


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
