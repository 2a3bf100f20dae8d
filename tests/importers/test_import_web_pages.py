"""Saved web pages give the article body without the page's furniture; captures too."""

from __future__ import annotations

import email.message
import email.policy

import pytest
from web_pages import BODY, FURNITURE, HIDDEN, news_page

from briefing.importers import ReadOptions, read_article
from briefing.importers.options import VIEW_PAGE


def test_article_body_without_furniture(write_file, no_network: list) -> None:
    article = read_article(write_file("g7.html", news_page()))
    assert no_network == []
    paragraphs = article.text.split("\n\n")
    assert [p for p in paragraphs if p in BODY] == BODY  # every paragraph, in reading order
    for text in FURNITURE + HIDDEN:
        assert text not in article.text
    assert article.view == "" and article.reader.startswith("trafilatura ")


def test_article_metadata(write_file) -> None:
    article = read_article(write_file("g7.html", news_page()))
    assert article.title == "G7 cautions Iran against supplying ballistic missiles to Russia"
    assert article.outlet == "Trend"
    assert article.author == "Ingilab Mammadov"
    assert article.published == "2024-06-14"


def test_full_page_on_request_keeps_the_furniture(write_file) -> None:
    article = read_article(write_file("g7.html", news_page()), ReadOptions(view=VIEW_PAGE))
    assert "Subscribe to our newsletter" in article.text and BODY[0] in article.text
    assert article.view == VIEW_PAGE and "Briefing Builder" in article.reader
    for text in HIDDEN:
        assert text not in article.text


def test_page_without_a_body_falls_back_to_the_full_page(write_file) -> None:
    article = read_article(write_file("tiny.html", "<p>Short note.</p>"))
    assert article.text == "Short note."
    assert article.view == VIEW_PAGE  # said, so Properties can offer the extractor again


def test_chain_of_custody_of_a_file(write_file) -> None:
    data = news_page().encode("utf-8")
    article = read_article(write_file("g7.html", data))
    assert article.original == data and article.source_file == "g7.html"
    assert article.retrieved.endswith("+00:00") and article.source_url == ""
    assert article.encoding == "utf-8"


def test_verbatim_unicode_in_the_body(write_file) -> None:
    # Joiners inside Persian words and emoji, direction marks and embeddings, tag sequences
    # and combining marks: the extractor drops "unprintable" characters unless protected.
    quoted = (
        "Quoted in Persian: ایران می\u200cگوید روسیه\u200c 🇮🇷 \u200fe\u0301 \u202bx\u202c "
        "👩🏽\u200d💻 🏴\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f, it said."
    )
    article = read_article(write_file("fa.html", news_page(body=[*BODY[:2], quoted, *BODY[2:]])))
    assert quoted in article.text.split("\n\n")


def test_many_attributes_are_read_quickly(write_file) -> None:
    # libxml2 compares each attribute with all the others: minutes without a guard.
    bomb = "<div " + " ".join(f"a{i}=x" for i in range(100_000)) + ">x</div>"
    page = news_page().replace("<main>", "<main>" + bomb)
    article = read_article(write_file("bomb.html", page))
    assert BODY[0] in article.text


def _capture(html: str, url: str, charset: str = "utf-8", cte: str = "quoted-printable") -> bytes:
    message = email.message.EmailMessage(policy=email.policy.default)
    message["From"] = "<Saved by Blink>"
    message["Snapshot-Content-Location"] = url
    message["Subject"] = "G7 cautions Iran"
    message.make_related()
    page_headers = [f"Content-Location: {url}"]
    message.add_related(
        html.encode(charset), "text", "html", cte=cte, params={"charset": charset},
        headers=page_headers,
    )  # fmt: skip
    logo = ["Content-Location: https://example.com/logo.png"]
    message.add_related(b"\x89PNG\r\n\x1a\n" + bytes(64), "image", "png", headers=logo)
    return message.as_bytes()


@pytest.mark.parametrize("suffix", [".mhtml", ".mht"])
def test_single_file_capture(write_file, suffix: str) -> None:
    url = "https://en.trend.az/world/g7-cautions-iran"
    article = read_article(write_file(f"g7{suffix}", _capture(news_page(), url)))
    assert BODY[0] in article.text and "Subscribe to our newsletter" not in article.text
    assert article.source_url == url and article.outlet == "Trend"


def test_capture_in_a_legacy_encoding_named_only_in_its_header(write_file) -> None:
    body = [
        "Иран поставил России партию баллистических ракет малой дальности, сообщили в "
        "понедельник источники в западных спецслужбах. Москва и Тегеран это отрицают."
    ] * 3
    page = news_page(body=body, title="Иран и ракеты").replace('<meta charset="utf-8">', "")
    data = _capture(page, "https://example.ru/a", charset="cp1251", cte="base64")
    article = read_article(write_file("ru.mhtml", data))
    assert body[0] in article.text and article.title == "Иран и ракеты"


def test_capture_without_a_page_is_refused(write_file) -> None:
    message = email.message.EmailMessage(policy=email.policy.default)
    message.set_content(b"\x89PNG", "image", "png")
    from briefing.importers import ImportRefused

    with pytest.raises(ImportRefused, match="without a web page"):
        read_article(write_file("img.mhtml", message.as_bytes()))
