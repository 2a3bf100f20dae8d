"""The shipped sample articles import with the metadata an analyst would read off the page."""

from __future__ import annotations

from pathlib import Path

import pytest

from briefing.core.text import normalise_text
from briefing.importers import read_article

SEEDS = Path(__file__).resolve().parents[2] / "seeds"
G7 = SEEDS / "g7-cautions-iran-ballistic-missiles.txt"
NATO = SEEDS / "nato-warns-iran-ballistic-missiles.txt"


@pytest.mark.parametrize("path", [G7, NATO], ids=lambda path: path.stem)
def test_seed_text_is_the_normalised_file(path: Path) -> None:
    article = read_article(path)
    assert article.text == normalise_text(path.read_text(encoding="utf-8"))
    assert article.source_file == path.name


def test_g7_seed_metadata() -> None:
    article = read_article(G7)
    assert article.title == "G7 cautions Iran against supplying ballistic missiles to Russia"
    assert article.published == "2024-06-14T23:40+04:00"
    assert article.author == "Ingilab Mammadov"
    assert article.outlet == "Trend"


def test_nato_seed_metadata_invents_nothing() -> None:
    article = read_article(NATO)
    assert article.title == "NATO leaders warn Iran against sending ballistic missiles to Russia"
    assert article.published is None
    # "NATO leaders pose for group photo" is a caption, not a byline.
    assert article.author == ""
    # "In February, Reuters reported ..." cites Reuters; it is not the outlet.
    assert article.outlet == ""


def test_every_shipped_seed_imports(seed_paths: list[Path]) -> None:
    assert seed_paths
    for path in seed_paths:
        article = read_article(path)
        assert article.title and article.text.strip()


def test_seed_as_crlf_cp1252_reads_the_same(write_file) -> None:
    original = normalise_text(G7.read_text(encoding="utf-8"))
    path = write_file("g7.txt", original.replace("\n", "\r\n").encode("cp1252"))
    article = read_article(path)
    assert article.text == original
    assert article.published == "2024-06-14T23:40+04:00"
    assert article.author == "Ingilab Mammadov"
