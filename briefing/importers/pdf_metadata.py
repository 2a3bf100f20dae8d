"""Title, author and date from a PDF's document information, where they say something.

Producers fill these fields with noise often enough to be careful: a title that is a file
name ("Microsoft Word - report.docx") says nothing, and a page printed from a browser carries
the day it was printed, not the day the article appeared, so its date is left out.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from briefing.importers.dates import valid_iso

_APP_PREFIX = re.compile(r"^(?:Microsoft (?:Word|PowerPoint|Excel) - |untitled\b)", re.I)
_FILE_NAME = re.compile(
    r"\.(?:docx?|rtf|odt|pdf|pptx?|xlsx?|indd|qxd|tex|dvi|e?ps|html?|txt|pages)$", re.I
)
_PLACEHOLDERS = {"", "untitled", "title", "document", "author", "user", "administrator", "owner"}
_BROWSERS = re.compile(r"chrom(?:e|ium)|mozilla|firefox|safari|edg(?:e|a)?/|webkit|skia/pdf", re.I)
# D:YYYYMMDDHHmmSSOHH'mm' with everything after the year optional (PDF 32000-1, 7.9.4).
_PDF_DATE = re.compile(
    r"^(?:D:)?(?P<year>\d{4})(?P<month>\d\d)?(?P<day>\d\d)?"
    r"(?:(?P<hour>\d\d)(?P<minute>\d\d)?(?P<second>\d\d)?)?"
    r"(?:(?P<zone>[Zz])|(?P<sign>[+\-])(?P<zhour>\d\d)'?(?P<zminute>\d\d)?'?)?"
)


@dataclass(frozen=True, slots=True)
class PdfMetadata:
    title: str = ""
    author: str = ""
    published: str | None = None


def read_metadata(info: Mapping[str, str]) -> PdfMetadata:
    """`info` is the document information dictionary, as pypdfium2 returns it."""
    producer = f"{info.get('Creator', '')} {info.get('Producer', '')}"
    printed_from_browser = bool(_BROWSERS.search(producer))
    published = None if printed_from_browser else pdf_date(info.get("CreationDate", ""))
    return PdfMetadata(
        title=_title(info.get("Title", "")),
        author=_meaningful(info.get("Author", "")),
        published=published,
    )


def pdf_date(value: str) -> str | None:
    """A PDF date string as ISO 8601 ("2024-06-14", "2024-06-14T09:30:00+02:00"), or None."""
    match = _PDF_DATE.match(value.strip())
    if match is None:
        return None
    parts = match.groupdict()
    try:
        day = date(int(parts["year"]), int(parts["month"] or 1), int(parts["day"] or 1))
    except ValueError:
        return None
    if not (parts["month"] and parts["day"]) or day.year < 1990:
        # A year alone is no publication date; 1970 and earlier are unset clocks.
        return None
    if parts["hour"] is None:
        return day.isoformat()
    clock = f"{parts['hour']}:{parts['minute'] or '00'}:{parts['second'] or '00'}"
    zone = ""
    if parts["zone"]:
        zone = "Z"
    elif parts["sign"]:
        zone = f"{parts['sign']}{parts['zhour']}:{parts['zminute'] or '00'}"
    return valid_iso(f"{day.isoformat()}T{clock}{zone}") or day.isoformat()


def _title(value: str) -> str:
    title = " ".join(value.split())
    title = _APP_PREFIX.sub("", title).strip()
    if _FILE_NAME.search(title):
        return ""
    return _meaningful(title)


def _meaningful(value: str) -> str:
    text = " ".join(value.split())
    return "" if text.casefold() in _PLACEHOLDERS else text
