"""Property (issue 12): any random corruption of a valid project either opens correctly or is
refused with one clear line, read-only and for writing; never a traceback, never a crash.

Corruptions are made at both levels a file can go wrong: bytes (flipped, zeroed, cut short),
and values (any column of any row set to a value of any type, rows deleted or duplicated),
written with the safety checks off as a hostile tool would. The suite runs a sample; the
`-m slow` soak runs a few thousand.
"""

from __future__ import annotations

import functools
import io
import sqlite3
import tempfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.export import build_outline
from briefing.export.markdown_writer import MarkdownWriter
from briefing.store import ProjectFileError, open_project, schema
from tests.robustness.hostile_projects import make_valid

PAGE = 4096


@functools.cache
def valid_bytes() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = make_valid(Path(folder) / "valid.briefing")
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")  # everything in the main file
        conn.close()
        return path.read_bytes()


VALUES = st.one_of(
    st.none(),
    st.integers(min_value=-(2**63), max_value=2**63 - 1),
    st.floats(allow_nan=True),
    st.text(max_size=40),
    st.binary(max_size=40),
    st.sampled_from(["[", "[1,", '["a"]', "{}", "[" * 5000, "#ZZZZZZ", "#0072B2", "Z", "",
                     "x" * 20_000, "\ud800".encode("utf-8", "surrogatepass"), b"\xff\xfe"]),
)  # fmt: skip


@st.composite
def corruption(draw: st.DrawFn) -> tuple[str, object]:
    kind = draw(st.sampled_from(["bytes", "zero-page", "truncate", "value", "delete", "copy"]))
    size = len(valid_bytes())
    if kind == "bytes":
        flips = draw(st.lists(st.tuples(st.integers(0, size - 1), st.integers(0, 255)),
                              min_size=1, max_size=8))  # fmt: skip
        return kind, flips
    if kind == "zero-page":
        return kind, draw(st.integers(0, size // PAGE - 1))
    if kind == "truncate":
        return kind, draw(st.integers(0, size - 1))
    layout = schema.layout(schema.SCHEMA_VERSION).columns
    table = draw(st.sampled_from(sorted(layout)))
    if kind == "value":
        return kind, (table, draw(st.sampled_from(layout[table])), draw(VALUES))
    return kind, table


def corrupt(path: Path, how: tuple[str, object]) -> None:
    kind, detail = how
    data = bytearray(valid_bytes())
    if kind == "bytes":
        for offset, byte in detail:  # type: ignore[union-attr]
            data[offset] = byte
    elif kind == "zero-page":
        start = detail * PAGE  # type: ignore[operator]
        data[start : start + PAGE] = bytes(PAGE)
    elif kind == "truncate":
        del data[detail:]  # type: ignore[misc]
    path.write_bytes(bytes(data))
    if kind in ("value", "delete", "copy"):
        conn = sqlite3.connect(path, isolation_level=None)
        conn.execute("PRAGMA ignore_check_constraints = ON")
        conn.execute("PRAGMA foreign_keys = OFF")
        try:
            if kind == "value":
                table, column, value = detail  # type: ignore[misc]
                conn.execute(f'UPDATE "{table}" SET "{column}" = ? WHERE rowid IN '
                             f'(SELECT rowid FROM "{table}" LIMIT 1)', (value,))  # fmt: skip
            elif kind == "delete":
                conn.execute(f'DELETE FROM "{detail}" WHERE rowid IN '
                             f'(SELECT rowid FROM "{detail}" LIMIT 1)')  # fmt: skip
            else:
                columns = ", ".join(
                    f'"{c}"'
                    for c in schema.layout(schema.SCHEMA_VERSION).columns[detail][1:]  # type: ignore[index]
                )
                conn.execute(f'INSERT INTO "{detail}" ({columns}) SELECT {columns} FROM '
                             f'"{detail}" LIMIT 1')  # fmt: skip
        except sqlite3.Error:
            pass  # the corruption itself was refused (a constraint): the file is as it was
        finally:
            conn.close()


def opens_correctly_or_is_refused_clearly(path: Path, read_only: bool) -> None:
    try:
        project_file = open_project(path, read_only=read_only)
    except ProjectFileError as error:
        message = str(error)
        assert message.startswith(f"{path}: ") and "\n" not in message and len(message) < 600
        return
    project = project_file.project
    themes = {t.id for t in project.themes()}
    for passage in project.passages():
        article = project.article(passage.article_id)
        assert article.text[passage.start : passage.end] == passage.quote and passage.quote
        assert set(passage.theme_ids) <= themes
    MarkdownWriter().write(build_outline(project), io.BytesIO())  # and its briefing exports
    project_file.close()


def check(how: tuple[str, object]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        for read_only in (True, False):
            path = Path(folder) / f"p{int(read_only)}.briefing"
            corrupt(path, how)
            opens_correctly_or_is_refused_clearly(path, read_only)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(how=corruption())
def test_a_corrupted_project_opens_correctly_or_is_refused_clearly(how: tuple) -> None:
    check(how)


@pytest.mark.slow
@settings(max_examples=3000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(how=corruption())
def test_corruption_soak(how: tuple) -> None:
    check(how)
