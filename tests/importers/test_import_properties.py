"""Properties over generated input: text survives decoding, and junk only ever gets refused."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from briefing.core.text import normalise_text
from briefing.importers import SUPPORTED_SUFFIXES, ImportRefused, read_article
from briefing.importers.encoding import decode, looks_like_known_binary
from briefing.importers.html_source import parse_html

FAST = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
# Text as analysts have it: any character but NUL and the C0 controls other than whitespace.
ARTICLE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs",), blacklist_characters="\x00").filter(
        lambda ch: ch in "\t\n\r\f\v" or not (ord(ch) < 0x20 or ord(ch) == 0x7F)
    ),
    min_size=1,
)


@FAST
@given(ARTICLE_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_text_survives_decoding(text: str, encoding: str) -> None:
    data = text.encode(encoding)
    if encoding == "utf-8" and looks_like_known_binary(data):
        return  # an article that opens with "%PDF-" is refused, and that is fine
    assert normalise_text(decode(data)) == normalise_text(text)


@FAST
@given(st.binary(max_size=400), st.sampled_from(SUPPORTED_SUFFIXES))
def test_any_bytes_give_an_article_or_a_refusal(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"junk{suffix}"
        path.write_bytes(data)
        try:
            article = read_article(path)
        except ImportRefused as error:
            assert error.reason and str(error).startswith(path.name)
        else:
            assert article.text.strip() and article.title
            assert "\r" not in article.text


MARKUP_PIECES = [*"<>!-[]/?='\"&;#ax \n", "<!--", "-->", "<![", "CDATA", "<script>", "</script>"]


@FAST
@given(st.lists(st.sampled_from(MARKUP_PIECES)).map("".join))
def test_html_parser_never_raises(markup: str) -> None:
    parse_html(markup)
