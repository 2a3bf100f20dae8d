"""Import from a web address: fetched once, read like a saved file, every failure one line."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from legacy_texts import LEGACY
from web_pages import BODY, news_page
from web_server import Route, Site, serve

from briefing.core.project import Project
from briefing.importers.batch import import_files
from briefing.importers.errors import ContentRefused
from briefing.importers.fetch import read_url

HTML = {"Content-Type": "text/html; charset=utf-8"}
RUSSIAN = LEGACY[0][1]
BODY_TITLE = "G7 cautions Iran against supplying ballistic missiles to Russia"


@pytest.fixture(scope="module")
def running_site() -> Iterator[Site]:
    page = news_page().encode()
    png = {"Content-Type": "image/png"}
    cookie = {"Set-Cookie": "session=secret", "Location": "{base}/news/g7-iran.html"}
    routes = {
        "/news/g7-iran.html": Route(body=page, headers=HTML),
        "/moved": Route(301, headers={"Location": "{base}/news/g7-iran.html"}),
        "/loop": Route(302, headers={"Location": "{base}/loop"}),
        "/to-ftp": Route(302, headers={"Location": "ftp://example.com/file.txt"}),
        "/image.png": Route(body=b"\x89PNG\r\n\x1a\n" + bytes(64), headers=png),
        "/empty": Route(body=b"", headers=HTML),
        "/slow": Route(body=page, headers=HTML, delay=3),
        "/huge": Route(headers=HTML, stream=3 * 1024 * 1024),
        "/announced-huge": Route(body=b"x", headers={**HTML, "Content-Length": "999999999"}),
        "/forbidden": Route(403, body=b"no", headers=HTML),
        "/ru.txt": Route(body=RUSSIAN.encode("cp1251"),
                         headers={"Content-Type": "text/plain; charset=windows-1251"}),
        "/cookie": Route(302, headers=cookie),
        "/files/report.txt": Route(body=b"Report title\n\nThe body of the report.",
                                   headers={"Content-Type": "application/octet-stream"}),
    }  # fmt: skip
    for hop in range(1, 7):
        routes[f"/hop{hop}"] = Route(302, headers={"Location": f"{{base}}/hop{hop + 1}"})
    routes["/hop7"] = Route(body=page, headers=HTML)
    with serve(routes) as running:
        yield running


@pytest.fixture
def site(running_site: Site) -> Site:
    running_site.requests.clear()
    return running_site


def test_a_page_is_fetched_and_read_as_its_article(site: Site) -> None:
    article = read_url(site.url("/news/g7-iran.html"))
    assert [p for p in article.text.split("\n\n") if p in BODY] == BODY
    assert article.title.startswith("G7 cautions Iran") and article.outlet == "Trend"
    assert article.source_url == article.final_url == site.url("/news/g7-iran.html")
    assert article.source_file == "g7-iran.html" and article.original == news_page().encode()
    assert article.retrieved.endswith("+00:00")
    [(_, headers)] = site.requests
    assert "Cookie" not in headers and headers["Accept-Encoding"] == "identity"


def test_redirects_are_followed_and_the_final_address_kept(site: Site) -> None:
    article = read_url(site.url("/moved"))
    assert article.source_url == site.url("/moved")
    assert article.final_url == site.url("/news/g7-iran.html")


def test_cookies_are_never_sent_back(site: Site) -> None:
    read_url(site.url("/cookie"))
    assert all("Cookie" not in headers for _, headers in site.requests)


def test_the_server_s_encoding_is_used(site: Site) -> None:
    article = read_url(site.url("/ru.txt"))
    assert article.text == RUSSIAN and article.encoding == "cp1251" and article.notes == ()


def test_an_untyped_file_is_read_by_its_name(site: Site) -> None:
    assert read_url(site.url("/files/report.txt")).title == "Report title"


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("/missing", "there is no page at that address (404)"),
        ("/forbidden", "the server refused access"),
        ("/loop", "redirects more than 5 times (or in a loop)"),
        ("/hop1", "redirects more than 5 times (or in a loop)"),
        ("/to-ftp", "redirects to an address that is not http(s): ftp://example.com/file.txt"),
        ("/image.png", "not an article the app can read (the server sent image/png)"),
        ("/empty", "the server sent an empty page"),
        ("/announced-huge", "the limit is 1 MB"),
        ("/huge", "larger than the limit of 1 MB"),
    ],
)
def test_each_failure_is_one_clear_reason(site: Site, path: str, reason: str) -> None:
    with pytest.raises(ContentRefused) as refused:
        read_url(site.url(path), limit=1024 * 1024)
    assert reason in refused.value.reason


def test_a_server_that_does_not_answer_in_time(site: Site) -> None:
    with pytest.raises(ContentRefused, match="did not answer within 0.5 s"):
        read_url(site.url("/slow"), timeout=0.5)


@pytest.mark.parametrize(
    "address", ["ftp://example.com/a", "file:///etc/passwd", "javascript:alert(1)"]
)
def test_only_http_and_https(address: str) -> None:
    with pytest.raises(ContentRefused, match="only http:// and https://"):
        read_url(address)


def test_an_unreachable_site(unused_port: int) -> None:
    with pytest.raises(ContentRefused, match="refused the connection"):
        read_url(f"http://127.0.0.1:{unused_port}/a")


def test_a_batch_mixes_files_and_addresses(site: Site, tmp_path: Path) -> None:
    note = tmp_path / "note.txt"
    note.write_text("A note\n\nWritten by hand.", encoding="utf-8")
    project = Project()
    _, outcomes = import_files(
        project, [site.url("/news/g7-iran.html"), site.url("/missing"), note]
    )
    assert [o.label for o in outcomes] == [
        site.url("/news/g7-iran.html"),
        site.url("/missing"),
        "note.txt",
    ]
    assert [o.imported for o in outcomes] == [True, False, True]
    assert outcomes[1].message == "skipped: there is no page at that address (404)"
    assert project.articles()[0].source_url == site.url("/news/g7-iran.html")


@pytest.fixture
def unused_port() -> int:
    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_the_command_line_imports_addresses(site: Site, tmp_path: Path, capsys) -> None:
    from briefing.cli import main

    project = tmp_path / "p.briefing"
    status = main(["new", str(project), site.url("/news/g7-iran.html"), site.url("/image.png")])
    lines = capsys.readouterr().out.splitlines()
    assert status == 1  # one address was not an article
    assert lines[1] == f"{site.url('/news/g7-iran.html')}: imported as “{BODY_TITLE}”"
    assert lines[2].startswith(f"{site.url('/image.png')}: skipped: it is not an article")
