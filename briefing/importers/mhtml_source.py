"""Single-file page captures (.mhtml, .mht): what Chrome's "Save as single file" and evidence
capture tools write. A MIME message holding the page and its images; the page is read like a
saved `.html` page, and the address it was captured from is kept.
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage

from briefing.importers.errors import ContentRefused
from briefing.importers.extracted import Extracted
from briefing.importers.options import DEFAULT_OPTIONS, ReadOptions
from briefing.importers.web_page import read_web_page

_HTML_TYPES = ("text/html", "application/xhtml+xml")
_MAX_PARTS = 10_000  # a capture of a page with thousands of images is already unusual


def read_mhtml(data: bytes, options: ReadOptions = DEFAULT_OPTIONS) -> Extracted:
    try:
        message = email.message_from_bytes(data, policy=email.policy.default)
    except (ValueError, TypeError, IndexError) as error:
        raise ContentRefused(f"it is not a readable web page capture ({error})") from error
    page = _page_part(message)
    if page is None:
        raise ContentRefused("it is a web page capture without a web page in it")
    body = page.get_payload(decode=True)
    if not isinstance(body, bytes) or not body.strip():
        raise ContentRefused("the web page in this capture is empty")
    charset = page.get_content_charset()
    if charset and b"charset" not in body[:4096].lower():
        # The part's header names the encoding; the page's own markup may not.
        body = f'<meta charset="{_safe(charset)}">'.encode("ascii") + body
    extracted = read_web_page(body, options)
    address = str(page.get("Content-Location", "") or message.get("Snapshot-Content-Location", ""))
    return _with_url(extracted, " ".join(address.split()))


def _page_part(message: EmailMessage) -> EmailMessage | None:
    if not message.is_multipart():
        return message if message.get_content_type() in _HTML_TYPES else None
    for count, part in enumerate(message.walk()):
        if count > _MAX_PARTS:
            raise ContentRefused("it is a web page capture with too many parts to read")
        if not part.is_multipart() and part.get_content_type() in _HTML_TYPES:
            return part
    return None


def _safe(charset: str) -> str:
    return "".join(c for c in charset if c.isalnum() or c in "-_.:")[:40]


def _with_url(extracted: Extracted, url: str) -> Extracted:
    if not url.startswith(("http://", "https://")):
        return extracted
    from dataclasses import replace

    return replace(extracted, url=url)
