"""PDF import (issue 13): reading order, paragraphs, mended hyphens, no page furniture, page
starts, metadata, and a clear reason for every PDF that cannot give a reader text.

Every PDF is written here, by Qt's PDF writer or object by object (tests/importers/pdf_factory).
"""

from __future__ import annotations

import random
import re
from collections import Counter
from pathlib import Path

import pypdf
import pytest
from PySide6.QtGui import QFont, QFontMetricsF

import briefing.importers as importers
import briefing.importers.pdf_source as pdf_source
import briefing.importers.pdf_streams as pdf_streams
from briefing.core.text import normalise_text
from briefing.importers import ImportRefused, read_article
from briefing.importers.extracted import Extracted
from briefing.importers.pdf_metadata import pdf_date, read_metadata
from briefing.importers.pdf_text import keeps_hyphen
from tests.importers.pdf_factory import (
    Picture,
    Text,
    column,
    raw_pdf,
    to_unicode_font,
    write_pdf,
)

HEADER = Text(40, 40, "Trend Research Quarterly · Issue 7", 8)


def footer(number: int, pages: int) -> Text:
    return Text(270, 810, f"Page {number} of {pages}", 8)


# A two-page report: a title over two columns, a running header and footer, words hyphenated
# at line ends (some with hyphens of their own), ligature characters, and a sentence that
# runs from the foot of the right column on to the next page.
PAGE_1 = [
    HEADER,
    Text(40, 90, "Iran and Russia widen their drone pact", 18),
    *column(40, 130, [
        "Analysts in Tehran said the agreement",
        "would deepen military co-",
        "operation with Moscow for years,",
        "while officials were recog-",
        "nised for their work.",
        "",
        "The second paragraph turns to the",
        "Russia-",
        "Ukraine war and its ﬁnal stages.",
    ]),
    *column(310, 130, [
        "The right column begins with talk",
        "of drones and missiles that con-",
        "tinue to worry ﬂight planners and",
        "the oﬃce of the envoy, whose",
        "state-of-",
        "the-art staff argued for de-",
        "escalation before the",
    ]),
    footer(1, 2),
]  # fmt: skip
PAGE_2 = [
    HEADER,
    *column(40, 90, ["summit in June, when the talks", "resumed in earnest."]),
    *column(40, 130, ["A closing paragraph on effort and", "baﬄing ﬀ ligatures."]),
    footer(2, 2),
]
PARAGRAPHS_1 = [
    "Iran and Russia widen their drone pact",
    "Analysts in Tehran said the agreement would deepen military co-operation with Moscow for "
    "years, while officials were recognised for their work.",
    "The second paragraph turns to the Russia-Ukraine war and its final stages.",
    "The right column begins with talk of drones and missiles that continue to worry flight "
    "planners and the office of the envoy, whose state-of-the-art staff argued for "
    "de-escalation before the",
]
PARAGRAPHS_2 = [
    "summit in June, when the talks resumed in earnest.",
    "A closing paragraph on effort and baffling ff ligatures.",
]


@pytest.fixture
def pdf(qapp, tmp_path: Path):
    """Write pages to a PDF file and give its path."""

    def make(pages, name: str = "report.pdf", **metadata) -> Path:
        return write_pdf(tmp_path / name, pages, **metadata)

    return make


def refusal(path: Path) -> str:
    with pytest.raises(ImportRefused) as caught:
        read_article(path)
    return caught.value.reason


def paragraphs_of(path: Path) -> list[str]:
    return read_article(path).text.split("\n\n")


def page_texts(text: str, pages: tuple[int, ...]) -> list[str]:
    ends = [*pages[1:], len(text)]
    return [text[start:end] for start, end in zip(pages, ends, strict=True)]


# --- reading order, paragraphs, furniture, pages ---------------------------------------------


def test_report_reads_in_order_as_paragraphs_without_furniture(pdf) -> None:
    article = read_article(pdf([PAGE_1, PAGE_2], title="Drone pact", author="A. Analyst"))
    assert article.text == "\n\n".join(PARAGRAPHS_1) + " " + "\n\n".join(PARAGRAPHS_2)
    assert "Trend Research" not in article.text and "Page 1" not in article.text
    assert (article.title, article.author) == ("Drone pact", "A. Analyst")
    assert article.source_file == "report.pdf"


def test_page_starts_slice_the_text_by_page(pdf) -> None:
    article = read_article(pdf([PAGE_1, PAGE_2]))
    assert article.pages[0] == 0 and len(article.pages) == 2
    first, second = page_texts(article.text, article.pages)
    # The sentence cut by the page break is joined again; page 2 starts where its text does.
    assert first == "\n\n".join(PARAGRAPHS_1) + " "
    assert second == "\n\n".join(PARAGRAPHS_2)
    assert article.text[article.pages[1] :].startswith("summit in June")


def test_columns_drawn_line_across_line_still_read_column_by_column(pdf) -> None:
    left = ["The left column has its own", "sentence that ends here.", "", "A new paragraph."]
    right = ["The right column speaks of", "something else entirely.", "", "Its own ending."]
    # Drawn alternately, left line then right line, as some producers write them.
    items = []
    for index, (one, other) in enumerate(zip(left, right, strict=True)):
        if one:
            items += [Text(40, 100 + 13 * index, one), Text(310, 100 + 13 * index, other)]
    assert paragraphs_of(pdf([items])) == [
        "The left column has its own sentence that ends here.",
        "A new paragraph.",
        "The right column speaks of something else entirely.",
        "Its own ending.",
    ]


def test_a_column_starting_higher_than_its_neighbour_is_read_whole(pdf) -> None:
    items = [
        Text(40, 80, "A full-width headline over the columns below it all", 14),
        *column(310, 104, ["Right column, first line", "and its second line."]),
        *column(40, 117, ["Left column, first line", "and its second line."]),
    ]
    assert paragraphs_of(pdf([items])) == [
        "A full-width headline over the columns below it all",
        "Left column, first line and its second line.",
        "Right column, first line and its second line.",
    ]


def test_paragraphs_split_on_gaps_size_and_indent(pdf) -> None:
    items = [
        Text(40, 80, "A Heading", 16),
        *column(40, 104, ["Body text that runs over", "two lines."]),
        *column(40, 150, ["After a gap, another", "paragraph follows."]),
        Text(60, 176, "Indented first line of a third"),
        *column(40, 189, ["paragraph, with more text under", "it and a last line."]),
    ]
    assert paragraphs_of(pdf([items])) == [
        "A Heading",
        "Body text that runs over two lines.",
        "After a gap, another paragraph follows.",
        "Indented first line of a third paragraph, with more text under it and a last line.",
    ]


def test_running_lines_and_page_numbers_are_left_out(pdf) -> None:
    bodies = ["Drones were seen.", "Missiles were fired.", "Talks began.", "Talks ended."]
    pages = []
    for number, body in enumerate(bodies, start=1):
        pages.append([
            Text(40, 30, "CONFIDENTIAL — Ministry of Defence briefing", 8),
            Text(40, 90, body),
            Text(300 if number % 2 else 60, 815, f"- {number} -", 8),
        ])  # fmt: skip
    assert read_article(pdf(pages)).text.split("\n\n") == bodies


def test_a_lone_page_number_is_left_out_of_a_single_page(pdf) -> None:
    article = read_article(pdf([[Text(40, 90, "Only one page of text."), Text(290, 815, "7")]]))
    assert article.text == "Only one page of text."


def test_body_lines_that_repeat_in_the_middle_of_pages_stay(pdf) -> None:
    pages = [[Text(40, 400, "The same sentence stands mid-page on each page.")] for _ in range(3)]
    article = read_article(pdf(pages))
    assert article.text.count("The same sentence") == 3


def test_empty_page_in_the_middle_starts_where_the_next_does(pdf) -> None:
    pages = [[Text(40, 90, "First page text.")], [], [Text(40, 90, "Third page text.")]]
    article = read_article(pdf(pages))
    assert article.pages == (0, len("First page text.\n\n"), len("First page text.\n\n"))
    assert page_texts(article.text, article.pages) == [
        "First page text.\n\n",
        "",
        "Third page text.",
    ]


def test_page_offsets_follow_normalisation(monkeypatch, write_file) -> None:
    """A reader's text with a BOM and CRLFs: the offsets move with `normalise_text`."""
    raw = "\ufeffOne\r\npage.\r\n\r\nTwo\rpage.\r\n\r\nThree."
    starts = (0, raw.index("Two"), raw.index("Three"))
    fake = ("PDF", lambda data, options: Extracted(raw, pages=starts))
    monkeypatch.setitem(importers._READERS, ".pdf", fake)
    article = read_article(write_file("fake.pdf", b"%PDF-1.7"))
    assert article.text == normalise_text(raw)
    assert page_texts(article.text, article.pages) == ["One\npage.\n\n", "Two\npage.\n\n", "Three."]


# --- hyphens -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("before", "after", "kept"),
    [
        ("recog", "nised", False),
        ("mis", "siles", False),
        ("Russia", "Ukraine", True),  # a capital after the hyphen: a compound of names
        ("co", "operation", True),  # equal vowels meet: English writes the prefix with one
        ("de", "escalation", True),
        ("re", "elected", True),
        ("state-of", "the-art", True),  # the word already has a hyphen
        ("G", "7", True),
        ("pre", "sented", False),
    ],
)
def test_hyphen_rule(before: str, after: str, kept: bool) -> None:
    assert keeps_hyphen(before, after, Counter()) is kept


def test_hyphen_rule_asks_the_document_first() -> None:
    assert keeps_hyphen("co", "operation", Counter({"cooperation": 2})) is False
    assert keeps_hyphen("long", "term", Counter({"long-term": 1})) is True
    assert keeps_hyphen("long", "term", Counter()) is False


def test_hyphenated_word_uses_its_spelling_elsewhere_in_the_document(pdf) -> None:
    items = column(40, 90, [
        "Planners favour a long-term view and",
        "call it a long-",
        "term plan; others prefer coordi-",
        "nation to cooperation and co-",
        "operation alike.",
    ])  # fmt: skip
    text = read_article(pdf([items])).text
    assert text == (
        "Planners favour a long-term view and call it a long-term plan; others prefer "
        "coordination to cooperation and cooperation alike."
    )


# --- characters ----------------------------------------------------------------------------


def test_ligatures_read_as_letters(pdf) -> None:
    text = read_article(pdf([[Text(40, 90, "ﬀ ﬁ ﬂ ﬃ ﬄ ﬅ ﬆ: eﬀect ﬁnal ﬂow oﬃce baﬄe")]])).text
    # U+FB05 is long s + t: its letters are "ſt" (NFKC alone would go on to "st").
    assert text == "ff fi fl ffi ffl ſt st: effect final flow office baffle"


def test_ligature_codes_in_a_to_unicode_map_read_as_letters(write_file) -> None:
    font, cmap = to_unicode_font({0x41: "\ufb01", 0x42: "n", 0x43: "d", 0x44: "\ufb02"})
    content = b"BT /F1 24 Tf 72 700 Td (ABC) Tj ET BT /F1 24 Tf 72 650 Td (DBC) Tj ET"
    text = read_article(write_file("lig.pdf", raw_pdf([content], font=font, extra={4: cmap}))).text
    assert text.split() == ["find", "flnd"]


def test_emoji_carried_by_the_pdf_come_through(write_file) -> None:
    font, cmap = to_unicode_font(
        {0x41: "D", 0x42: "r", 0x43: "o", 0x44: "\U0001f681", 0x45: "\U0001f1ee\U0001f1f7"}
    )
    content = b"BT /F1 24 Tf 72 700 Td (ABCE D) Tj ET"
    text = read_article(write_file("e.pdf", raw_pdf([content], font=font, extra={4: cmap}))).text
    assert text == "Dro\U0001f1ee\U0001f1f7 \U0001f681"


def test_combining_marks_stay_with_their_letters(pdf) -> None:
    # Letters with no precomposed form, so the PDF must carry the marks themselves.
    line = "Marks: q\u0301 x\u0323\u0301 g\u0303o done."
    assert read_article(pdf([[Text(40, 90, line)]])).text == line


@pytest.mark.parametrize(
    "line",
    [
        "Arabic: مرحبا بالعالم اليوم.",
        "Hebrew: שלום עולם גדול.",
        "Persian: ایران به روسیه پهپاد داده است.",
    ],
)
def test_right_to_left_words_come_in_reading_order(pdf, line: str) -> None:
    context = Text(40, 60, "An English report quotes a sentence in another script below.")
    page = [context, Text(40, 120, line)]
    assert read_article(pdf([page])).text.split("\n\n")[1] == line


def test_a_lone_right_to_left_line_reads_right_to_left(pdf) -> None:
    line = "مرحبا بالعالم اليوم، 2024."
    assert read_article(pdf([[Text(40, 90, line)]])).text == line


def test_a_right_to_left_paragraph_reads_right_to_left(pdf) -> None:
    lines = ["ایران به روسیه پهپاد داده است", "و روسیه موشک فرستاد"]
    # Set flush right, the way a right-to-left paragraph is set.
    font = QFont("DejaVu Serif")
    font.setPixelSize(10)
    metrics = QFontMetricsF(font)
    items = [
        Text(500 - metrics.horizontalAdvance(line), 90 + 13 * n, line)
        for n, line in enumerate(lines)
    ]
    assert read_article(pdf([items])).text == " ".join(lines)


# --- metadata ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "iso"),
    [
        ("D:20240614093000+02'00'", "2024-06-14T09:30:00+02:00"),
        ("D:20240614093000Z", "2024-06-14T09:30:00Z"),
        ("D:20240614093000", "2024-06-14T09:30:00"),
        ("D:20240614", "2024-06-14"),
        ("20240614101500-05'30", "2024-06-14T10:15:00-05:30"),
        ("D:2024", None),
        ("D:20241340", None),
        ("D:19700101000000Z", None),
        ("yesterday", None),
        ("", None),
    ],
)
def test_pdf_dates(value: str, iso: str | None) -> None:
    assert pdf_date(value) == iso


def test_metadata_title_author_and_date(pdf) -> None:
    path = pdf([[Text(40, 90, "Some text.")]])
    writer = pypdf.PdfWriter(clone_from=str(path))
    writer.add_metadata({"/Title": "Trend report", "/Author": "Jane Roe",
                         "/CreationDate": "D:20240614093000+02'00'"})  # fmt: skip
    writer.write(path)
    article = read_article(path)
    assert (article.title, article.author, article.published) == (
        "Trend report",
        "Jane Roe",
        "2024-06-14T09:30:00+02:00",
    )


def test_metadata_noise_is_ignored() -> None:
    browser = read_metadata(
        {"Creator": "Mozilla/5.0 Chrome/126", "Producer": "Skia/PDF", "CreationDate": "D:20261130"}
    )
    assert browser.published is None  # the day it was printed, not published
    word = read_metadata({"Title": "Microsoft Word - brief_v3.docx", "Author": "Administrator"})
    assert (word.title, word.author) == ("", "")
    assert read_metadata({"Title": "Microsoft Word - The real title"}).title == "The real title"


def test_without_metadata_the_title_comes_from_the_text(pdf) -> None:
    article = read_article(pdf([[Text(40, 90, "Headline of the piece", 16),
                                 Text(40, 120, "And its body text.")]], name="x.pdf"))  # fmt: skip
    assert article.title == "Headline of the piece"


# --- what imports despite appearances ------------------------------------------------------


def test_scan_with_a_recognised_text_layer_imports(pdf) -> None:
    page = [Picture(0, 0, 595, 842), Text(60, 100, "Recognised words over a scan.", invisible=True)]
    assert read_article(pdf([page])).text == "Recognised words over a scan."


def test_owner_password_only_imports(pdf) -> None:
    path = pdf([[Text(40, 90, "Restricted but readable.")]])
    writer = pypdf.PdfWriter(clone_from=str(path))
    writer.encrypt(user_password="", owner_password="owner-secret", permissions_flag=0)
    writer.write(path)
    assert read_article(path).text == "Restricted but readable."


def test_broken_cross_reference_is_repaired(pdf) -> None:
    data = pdf([[Text(40, 90, "Still readable.")]]).read_bytes()
    # Shift every offset in the table: pdfium rebuilds it by scanning the objects.
    broken = re.sub(rb"(?m)^(\d{10}) 00000 n", lambda m: b"%010d 00000 n" % (int(m[1]) + 7), data)
    assert broken != data
    path = pdf([], name="broken.pdf")
    path.write_bytes(broken)
    assert read_article(path).text == "Still readable."


def test_truncated_file_whose_pages_survive_imports(write_file) -> None:
    data = raw_pdf([b"BT /F1 12 Tf 72 700 Td (The page survives.) Tj ET"])
    cut = data[: data.rindex(b"xref")]  # no cross-reference table, no trailer
    assert read_article(write_file("cut.pdf", cut)).text == "The page survives."


# --- refusals ------------------------------------------------------------------------------


def test_scanned_pdf_without_text_is_refused_asking_for_ocr(pdf) -> None:
    reason = refusal(pdf([[Picture(0, 0, 595, 842)], [Picture(0, 0, 595, 842)]]))
    assert reason == pdf_source.SCANNED and "recognised (OCR)" in reason


def test_pdf_with_only_drawings_is_refused(write_file) -> None:
    data = raw_pdf([b"0 0 1 rg 100 100 200 200 re f"])
    assert refusal(write_file("chart.pdf", data)) == pdf_source.NO_TEXT


def test_pdf_of_nothing_but_headers_and_footers_is_refused(pdf) -> None:
    pages = [[HEADER, footer(number, 3)] for number in range(1, 4)]
    assert refusal(pdf(pages)) == pdf_source.ONLY_FURNITURE


def test_password_to_open_is_refused(pdf) -> None:
    path = pdf([[Text(40, 90, "Secret text.")]])
    writer = pypdf.PdfWriter(clone_from=str(path))
    writer.encrypt(user_password="user-secret", owner_password="owner-secret")
    writer.write(path)
    assert refusal(path) == pdf_source.NEEDS_PASSWORD


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:400],  # cut before any page
        lambda data: data[:20] + bytes(range(256)) * 40,  # a PDF header over noise
        lambda data: b"%PDF-1.7\n" + b"\x00" * 5000,
    ],
    ids=["truncated", "noise", "zeros"],
)
def test_damaged_pdf_nothing_can_read_is_refused(pdf, damage) -> None:
    path = pdf([[Text(40, 90, "Gone.")]])
    path.write_bytes(damage(path.read_bytes()))
    assert refusal(path) in (pdf_source.DAMAGED, "it has no pages")


def test_not_a_pdf_at_all(write_file) -> None:
    assert refusal(write_file("fake.pdf", b"Just text pretending.")) == pdf_source.NOT_A_PDF


@pytest.mark.parametrize(
    "mapping",
    [
        {code: chr(0xE000 + code) for code in range(0x41, 0x5B)},  # private-use codes
        {code: chr(code - 0x40) for code in range(0x41, 0x5B)},  # control codes
    ],
    ids=["private-use", "controls"],
)
def test_text_layer_of_unreadable_glyphs_is_refused(write_file, mapping) -> None:
    font, cmap = to_unicode_font(mapping)
    content = b"BT /F1 12 Tf 72 700 Td (ABCDEFGH IJKLMNOP QRSTUVWXYZ) Tj ET"
    path = write_file("garbage.pdf", raw_pdf([content], font=font, extra={4: cmap}))
    assert refusal(path) == pdf_source.UNREADABLE


def test_a_few_icons_among_text_are_dropped(write_file) -> None:
    mapping = {0x41: "\ue001", **{code: chr(code + 0x20) for code in range(0x42, 0x5B)}}
    font, cmap = to_unicode_font(mapping)
    content = b"BT /F1 12 Tf 72 700 Td (A BCDEF GHIJK) Tj ET"
    path = write_file("icons.pdf", raw_pdf([content], font=font, extra={4: cmap}))
    assert read_article(path).text == "bcdef ghijk"


def test_pdf_named_txt_is_still_refused_as_binary(pdf) -> None:
    path = pdf([[Text(40, 90, "A PDF in disguise.")]], name="disguised.txt")
    assert refusal(path) == "it looks like a binary file, not text"


# --- bounded work --------------------------------------------------------------------------


def test_too_many_pages_is_refused(pdf, monkeypatch) -> None:
    monkeypatch.setattr(pdf_source, "MAX_PAGES", 2)
    path = pdf([[Text(40, 90, f"Page {n} text.")] for n in range(3)])
    assert refusal(path) == (
        "it has 3 pages; an article can have at most 2 (split the PDF, or import the part you need)"
    )


def test_too_much_text_is_refused(pdf, monkeypatch) -> None:
    monkeypatch.setattr(pdf_source, "MAX_CHARS", 30)
    path = pdf([[Text(40, 90, "Twenty characters...")] for _ in range(2)])
    assert "longer than 30 characters" in refusal(path)


def test_a_page_with_absurdly_many_characters_is_refused(pdf, monkeypatch) -> None:
    monkeypatch.setattr(pdf_source, "MAX_PAGE_CHARS", 10)
    assert "page 1 holds" in refusal(pdf([[Text(40, 90, "More than ten characters.")]]))


def test_reading_that_takes_too_long_is_stopped(pdf, monkeypatch) -> None:
    path = pdf([[Text(40, 90, f"Page {n}.")] for n in range(3)])
    clock = iter(range(0, 10_000, 100))  # every look at the clock, 100 s later
    monkeypatch.setattr(pdf_source.time, "monotonic", lambda: next(clock))
    monkeypatch.setattr(pdf_source, "MAX_SECONDS", 150.0)
    assert "longer than 150 seconds (stopped at page 2 of 3)" in refusal(path)


def test_content_that_unpacks_to_too_much_is_refused_before_parsing(
    write_file, monkeypatch
) -> None:
    monkeypatch.setattr(pdf_streams, "MAX_STREAM_BYTES", 1024 * 1024)
    content = b"BT /F1 1 Tf 10 10 Td (a) Tj ET\n" * 100_000  # 3 MB, packed to a few KB
    path = write_file("bomb.pdf", raw_pdf([content]))
    assert path.stat().st_size < 100_000
    assert "unpacks to more than 1 MB" in refusal(path)


def test_total_unpacked_size_is_bounded(write_file, monkeypatch) -> None:
    monkeypatch.setattr(pdf_streams, "MAX_TOTAL_BYTES", 1024 * 1024)
    page = b"BT /F1 1 Tf 10 10 Td (a) Tj ET\n" * 20_000  # 600 KB each
    assert "unpack to more than 1 MB" in refusal(write_file("many.pdf", raw_pdf([page] * 3)))


def test_the_reader_is_registered() -> None:
    assert ".pdf" in importers.SUPPORTED_SUFFIXES
    assert importers._READERS[".pdf"][0] == "PDF"


def test_extracted_from_bytes_directly(pdf) -> None:
    data = pdf([[Text(40, 90, "From bytes.")]]).read_bytes()
    extracted = pdf_source.read_pdf(data)
    assert (extracted.text, extracted.pages) == ("From bytes.", (0,))


def test_the_article_keeps_its_original_and_names_its_reader(pdf) -> None:
    path = pdf([[Text(40, 90, "Kept as evidence.")]])
    article = read_article(path)
    assert article.original == path.read_bytes()
    assert re.fullmatch(
        r"Briefing Builder \S+ \(PDF\) on pypdfium2 \S+ \(pdfium \d+\)", article.reader
    )


# --- layouts met in real PDFs (benchmarks/bench_pdf.py) ------------------------------------


def test_ligature_named_only_in_the_font_encoding_reads_as_letters(write_file) -> None:
    """pdfTeX names ligatures /f_i in a font's /Differences; pdfium cannot map that name."""
    font = (
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Times-Roman "
        b"/Encoding << /Type /Encoding /Differences [27 /f_i /f_f /f_f_i] >> >>"
    )
    content = b"BT /F1 12 Tf 72 700 Td (The \\033rst e\\034ort, an o\\035ce.) Tj ET"
    text = read_article(write_file("tex.pdf", raw_pdf([content], font=font))).text
    assert text == "The first effort, an office."


def test_widely_justified_spaces_keep_a_line_whole(pdf) -> None:
    # Words set 1.2 line heights apart, as justification stretches a line of long words.
    words = ["Sub-architectures", "share", "one", "installation", "directory."]
    font = QFont("DejaVu Serif")
    font.setPixelSize(10)
    metrics = QFontMetricsF(font)
    items, x = [], 40.0
    for word in words:
        items.append(Text(x, 90, word))
        x += metrics.horizontalAdvance(word) + 14
    items += [Text(40, 103, "The next line follows at the usual distance.")]
    assert read_article(pdf([items])).text == " ".join(words) + " " + (
        "The next line follows at the usual distance."
    )


def test_numbers_of_a_contents_list_stay_with_their_entries(pdf) -> None:
    entries = [("1", "Introduction"), ("1.1", "Scope of the report"), ("2", "Findings")]
    items = []
    for index, (number, title) in enumerate(entries):
        items += [Text(40, 90 + 15 * index, number), Text(80, 90 + 15 * index, title)]
    assert read_article(pdf([items])).text == "1 Introduction 1.1 Scope of the report 2 Findings"


def test_an_accent_drawn_under_a_letter_does_not_split_the_word(write_file) -> None:
    # "fath.a": the dot is drawn under the h, then the pen moves on to the a.
    content = (
        b"BT /F1 12 Tf 72 700 Td (fath) Tj ET "
        b"BT /F1 12 Tf 92.5 697 Td (.) Tj ET "
        b"BT /F1 12 Tf 96 700 Td (a, kasra) Tj ET"
    )
    assert read_article(write_file("dot.pdf", raw_pdf([content]))).text == "fath.a, kasra"


def test_damaged_copies_import_or_are_refused_never_crash(pdf, tmp_path: Path) -> None:
    """Bytes flipped, cut and repeated all over a real PDF: each copy gives text or a reason."""
    data = pdf([PAGE_1, PAGE_2]).read_bytes()
    rng = random.Random(13)
    outcomes = Counter()
    for index in range(40):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 30)):
            position = rng.randrange(len(damaged))
            kind = rng.random()
            if kind < 0.6:
                damaged[position] = rng.randrange(256)
            elif kind < 0.8:
                del damaged[position : position + rng.randint(1, 500)]
            else:
                damaged[position:position] = damaged[position : position + rng.randint(1, 200)]
        path = tmp_path / f"damaged-{index}.pdf"
        path.write_bytes(bytes(damaged))
        try:
            article = read_article(path)
        except ImportRefused as refused:
            assert refused.reason
            outcomes["refused"] += 1
            continue
        assert article.text.strip() and article.pages[0] == 0
        assert list(article.pages) == sorted(article.pages)
        assert article.pages[-1] <= len(article.text)
        outcomes["imported"] += 1
    # Light damage is repaired, heavy damage refused: both happen in this run.
    assert outcomes["imported"] and outcomes["refused"], outcomes
