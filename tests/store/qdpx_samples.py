"""Build REFI-QDA project files (.qdpx) the way other tools write them, for the import tests.

Each test writes the XML it needs with these small helpers, so what a sample holds is visible
in the test itself; nothing here comes from another tool's files.
"""

from __future__ import annotations

import zipfile
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

NAMESPACE = "urn:QDA-XML:project:1.0"


def g(number: int) -> str:
    """A GUID for test element `number`."""
    return f"6f1c1a44-2b59-4d3e-9d1e-{number:012d}"


def project_xml(body: str, origin: str = "A desktop QDA tool 1.0", name: str = "Field study"
                ) -> str:  # fmt: skip
    return (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        f"<Project xmlns={quoteattr(NAMESPACE)} name={quoteattr(name)} "
        f"origin={quoteattr(origin)}>\n{body}\n</Project>\n"
    )


def codebook(*codes: str) -> str:
    return f"<CodeBook><Codes>{''.join(codes)}</Codes></CodeBook>"


def code(number: int, name: str, *children: str, codable: bool = True, color: str = "") -> str:
    colour = f" color={quoteattr(color)}" if color else ""
    return (
        f'<Code guid="{g(number)}" name={quoteattr(name)} isCodable="{str(codable).lower()}"'
        f"{colour}>{''.join(children)}</Code>"
    )


def text_source(number: int, name: str, path: str, *selections: str, extra: str = "") -> str:
    return (
        f'<TextSource guid="{g(number)}" name={quoteattr(name)} plainTextPath={quoteattr(path)}'
        f"{extra}>{''.join(selections)}</TextSource>"
    )


def selection(
    number: int, start: int, end: int, *codes: int, name: str = "", inner: str = "",
    user: int | None = None,
) -> str:  # fmt: skip
    codings = "".join(
        f'<Coding guid="{g(number * 1000 + c)}"><CodeRef targetGUID="{g(c)}"/></Coding>'
        for c in codes
    )
    creator = f' creatingUser="{g(user)}"' if user is not None else ""
    return (
        f'<PlainTextSelection guid="{g(number)}" name={quoteattr(name)} '
        f'startPosition="{start}" endPosition="{end}"{creator}>{inner}{codings}'
        "</PlainTextSelection>"
    )


def note(number: int, name: str, text: str) -> str:
    return (
        f'<Note guid="{g(number)}" name={quoteattr(name)}>'
        f"<PlainTextContent>{escape(text)}</PlainTextContent></Note>"
    )


def write_qdpx(path: Path, qde: str | bytes, files: dict[str, bytes | str] | None = None) -> Path:
    """A .qdpx at `path` holding `project.qde` and `files` (member name -> content)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("project.qde", qde if isinstance(qde, bytes) else qde.encode("utf-8"))
        for name, content in (files or {}).items():
            data = content if isinstance(content, bytes) else content.encode("utf-8")
            archive.writestr(name, data)
    return path
