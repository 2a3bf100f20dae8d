"""What the command line prints: human lines made terminal-safe, JSON kept exact."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Iterable, Mapping
from itertools import islice
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


def print_json(data: object) -> None:
    """JSON exactly as the data is: the same unsafe characters as \\uXXXX escapes, which
    JSON reads back as the characters themselves."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    print(_UNSAFE_IN_JSON.sub(_json_escape, text))


class Encoded:
    """A list's items already written as JSON, one text each, as the encoder of
    `print_json_lists` would write them (for a list too long to make each item's dict)."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.texts = texts


def print_json_lists(lists: Mapping[str, Iterable[object] | Encoded]) -> None:
    """An object of lists, one item per line, written as the items come: a project of
    100,000 passages is never held as one text (nor its items all at once, given iterators).
    Items are written a thousand lines at a time, and only lines with characters outside
    ASCII are looked at for the unsafe ones."""
    out = sys.stdout
    out.write("{")
    for number, (key, items) in enumerate(lists.items()):
        out.write(("," if number else "") + f"\n  {json.dumps(key)}: [")
        first = True
        texts = iter(items.texts) if isinstance(items, Encoded) else map(_ENCODER.encode, items)
        while batch := list(islice(texts, _BATCH)):
            lines = ",\n    ".join(batch)
            if not lines.isascii():
                lines = _UNSAFE_IN_JSON.sub(_json_escape, lines)
            out.write(("\n    " if first else ",\n    ") + lines)
            first = False
        out.write("]" if first else "\n  ]")
    out.write("\n}\n")


_BATCH = 1000
# Made once (json.dumps makes one per call); the items are plain data made here, without
# cycles to look for.
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"
