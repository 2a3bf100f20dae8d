"""Files saved in legacy encodings without saying so are detected, and a guess is said."""

from __future__ import annotations

import pytest
from legacy_texts import LEGACY

from briefing.importers import ReadOptions, read_article
from briefing.importers.encoding import decode_text, encoding_label


@pytest.mark.parametrize(("language", "text", "encoding"), LEGACY, ids=lambda v: str(v)[:12])
def test_undeclared_legacy_text_is_detected(write_file, language, text, encoding) -> None:
    article = read_article(write_file(f"{language}.txt", text.encode(encoding)))
    assert article.text == text
    assert decode_text(text.encode(encoding)).text == text


@pytest.mark.parametrize(("language", "text", "encoding"), LEGACY[:4], ids=lambda v: str(v)[:12])
def test_undeclared_legacy_web_page_is_detected(write_file, language, text, encoding) -> None:
    page = "<html><body>" + "".join(f"<p>{p}</p>" for p in text.split("\n\n")) + "</body></html>"
    article = read_article(write_file(f"{language}.html", page.encode(encoding)))
    assert article.text == text
    assert article.encoding == decode_text(text.encode(encoding)).encoding


def test_a_guess_is_said_and_can_be_overridden(write_file) -> None:
    language, text, encoding = next(item for item in LEGACY if item[0] == "Polish")
    path = write_file("pl.txt", text.encode(encoding))
    article = read_article(path)
    assert article.text == text and article.encoding == "cp1250"
    [note] = article.notes
    assert "assumed windows-1250" in note and "windows-1252" in note and "Properties" in note
    other = read_article(path, ReadOptions(encoding="cp1252"))
    assert other.encoding == "cp1252" and other.text != text and not other.notes


def test_a_sure_detection_says_nothing(write_file) -> None:
    language, text, encoding = LEGACY[0]
    assert read_article(write_file("ru.txt", text.encode(encoding))).notes == ()


def test_utf8_and_declared_encodings_are_never_guesses(write_file) -> None:
    assert read_article(write_file("u.txt", "Привет, мир".encode())).notes == ()
    page = '<meta charset="koi8-r"><p>Привет, мир</p>'.encode("koi8-r")
    article = read_article(write_file("k.html", page))
    assert article.text == "Привет, мир" and article.notes == () and article.encoding == "koi8-r"


def test_labels_people_know() -> None:
    assert encoding_label("cp1251") == "windows-1251"
    assert encoding_label("koi8_r") == "KOI8-R"
    assert encoding_label("utf_8") == "UTF-8"


def test_an_unknown_chosen_encoding_is_refused(write_file) -> None:
    from briefing.importers import ImportRefused

    with pytest.raises(ImportRefused, match="not a text encoding"):
        read_article(write_file("x.txt", b"caf\xe9"), ReadOptions(encoding="base64"))
