"""Whatever encoding a tool saved an article in, the text comes back exactly as written."""

from __future__ import annotations

import codecs

import pytest
from legacy_texts import LEGACY

from briefing.importers import ImportRefused, ReadOptions, read_article
from briefing.importers.encoding import decode
from briefing.importers.errors import ContentRefused

ARTICLE = "Headline about café – naïve €\n\nA body line with “quotes” and ‘apostrophes’.\n"
PERSIAN = "ایران و روسیه\u200cها روابط خود را گسترش داده‌اند.\n"
WORLD = "Emoji 🇮🇷🚀👩🏽‍💻, combining e\u0301 and a\u0308, Persian: " + PERSIAN


def test_crlf_and_cr_become_lf(write_file) -> None:
    article = read_article(write_file("dos.txt", b"Title\r\n\r\nOne\r\nTwo\rThree\r\n"))
    assert article.text == "Title\n\nOne\nTwo\nThree\n"


def test_utf8_bom_is_dropped(write_file) -> None:
    article = read_article(write_file("bom.txt", codecs.BOM_UTF8 + ARTICLE.encode()))
    assert article.text == ARTICLE
    assert article.title == "Headline about café – naïve €"


def test_cp1252_text(write_file) -> None:
    article = read_article(write_file("windows.txt", ARTICLE.encode("cp1252")))
    assert article.text == ARTICLE


def test_bytes_no_encoding_defines_do_not_fail(write_file) -> None:
    path = write_file("odd.txt", b"caf\xe9 \x81 \x8d end")
    assert read_article(path).text.startswith("caf")  # detected as something; never refused
    forced = read_article(path, ReadOptions(encoding="cp1252"))
    assert forced.text == "café \ufffd \ufffd end" and forced.encoding == "cp1252"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_unicode_with_bom(write_file, encoding: str) -> None:
    data = "\ufeff".encode(encoding) + WORLD.encode(encoding)
    assert read_article(write_file("wide.txt", data)).text == WORLD


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom(write_file, encoding: str) -> None:
    assert read_article(write_file("nobom.txt", ARTICLE.encode(encoding))).text == ARTICLE


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_mostly_persian(write_file, encoding: str) -> None:
    text = PERSIAN * 5  # spaces are the only ASCII: far fewer NULs than English text
    assert read_article(write_file("fa.txt", text.encode(encoding))).text == text


def test_emoji_combining_marks_and_rtl_are_verbatim(write_file) -> None:
    article = read_article(write_file("world.txt", WORLD))
    assert article.text == WORLD  # no NFC folding: offsets into the text must stay true


def test_other_control_characters_are_kept(write_file) -> None:
    text = "Title\n\nA form feed \f and a bell \x07 in an otherwise normal article.\n"
    assert read_article(write_file("controls.txt", text)).text == text


def test_utf16_with_nul_characters_is_binary(write_file) -> None:
    data = codecs.BOM_UTF16_LE + "text\x00with a NUL".encode("utf-16-le")
    with pytest.raises(ImportRefused, match="binary"):
        read_article(write_file("nul16.txt", data))


def test_odd_length_utf16_with_bom_keeps_the_text(write_file) -> None:
    data = codecs.BOM_UTF16_LE + "Title\n\nBody".encode("utf-16-le") + b"\x42"
    assert read_article(write_file("odd16.txt", data)).text.startswith("Title\n\nBody")


def test_declared_charset_beats_detection() -> None:
    data = "Привет, мир".encode("cp1251")
    assert decode(data, "windows-1251") == "Привет, мир"
    assert decode("café".encode(), "windows-1251") == "café"  # valid UTF-8 wins


@pytest.mark.parametrize(
    "declared", ["no-such-charset", "hex", "base64", "rot13", "zlib", "idna", "utf-7"]
)
def test_unknown_or_non_text_charset_falls_back_to_detection(declared: str) -> None:
    language, text, encoding = LEGACY[0]
    assert decode(text.encode(encoding) + b"\xff", declared).startswith(text)


def test_decode_refuses_binary_directly() -> None:
    with pytest.raises(ContentRefused):
        decode(b"\x00\x01\x02\x03binary")
