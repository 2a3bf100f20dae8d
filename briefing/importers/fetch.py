"""Import from a web address: fetch the page (or PDF) once, then read it like a saved file.

Plain HTTP(S) with the standard library: no scripts run, no cookies are kept or sent, at most
five redirects (each to http or https only), a timeout, and the size limit files have. The
response is not asked to be compressed, so no compression bomb can arrive. What was fetched,
from where (after redirects) and when is kept with the article as its chain of custody.
"""

from __future__ import annotations

import socket
import ssl
import urllib.error
import urllib.request
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from email.message import Message
from pathlib import PurePosixPath
from urllib.parse import unquote, urlsplit

from briefing import __version__
from briefing.core.records import ImportedArticle
from briefing.importers.bounded import megabytes, too_big
from briefing.importers.encoding import declared_encoding
from briefing.importers.errors import ContentRefused
from briefing.importers.options import DEFAULT_OPTIONS, ReadOptions

MAX_REDIRECTS = 5
TIMEOUT_SECONDS = 20.0
_CHUNK = 64 * 1024
_USER_AGENT = f"BriefingBuilder/{__version__} (article import; +https://briefingbuilder.github.io)"
# Content types and the file type each is read as.
_TYPES = {
    "text/html": ".html", "application/xhtml+xml": ".html", "text/plain": ".txt",
    "text/markdown": ".md", "application/pdf": ".pdf", "multipart/related": ".mhtml",
    "message/rfc822": ".mhtml", "application/x-mimearchive": ".mhtml",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
}  # fmt: skip
_UNTYPED = {"application/octet-stream", "binary/octet-stream", ""}

Cancelled = Callable[[], bool]


class FetchCancelled(Exception):
    pass


@dataclass(frozen=True, slots=True)
class Fetched:
    data: bytes
    url: str  # as asked for
    final_url: str  # after redirects
    suffix: str  # the file type it is read as
    charset: str  # what the server said the text encoding is; "" if it did not
    retrieved: str  # UTC ISO 8601


def is_web_address(text: str) -> bool:
    return text.strip().lower().startswith(("http://", "https://"))


def read_url(
    url: str,
    options: ReadOptions = DEFAULT_OPTIONS,
    limit: int | None = None,
    timeout: float = TIMEOUT_SECONDS,
    cancelled: Cancelled | None = None,
) -> ImportedArticle:
    """Fetch `url` and read it; `ContentRefused` says why when it is not an article."""
    from briefing.importers import MAX_FILE_BYTES, read_data

    fetched = fetch(url, MAX_FILE_BYTES if limit is None else limit, timeout, cancelled)
    data = fetched.data
    if fetched.charset:
        if fetched.suffix == ".html" and b"charset" not in data[:4096].lower():
            # The server named the encoding; the page's own markup does not.
            data = f'<meta charset="{_safe(fetched.charset)}">'.encode("ascii") + data
        elif fetched.suffix in (".txt", ".md") and not options.encoding:
            options = ReadOptions(view=options.view, encoding=declared_encoding(fetched.charset))
    return read_data(
        data, _file_name(fetched), options, source_url=fetched.url,
        final_url=fetched.final_url, retrieved=fetched.retrieved,
    )  # fmt: skip


def fetch(
    url: str, limit: int, timeout: float = TIMEOUT_SECONDS, cancelled: Cancelled | None = None
) -> Fetched:
    url = url.strip()
    _check_address(url)
    request = urllib.request.Request(url, headers={
        "User-Agent": _USER_AGENT, "Accept": "text/html,application/xhtml+xml,application/pdf;"
        "q=0.9,text/plain;q=0.8,*/*;q=0.5", "Accept-Encoding": "identity",
    })  # fmt: skip
    opener = urllib.request.build_opener(_Redirects())  # no cookie jar: none kept or sent
    try:
        with opener.open(request, timeout=timeout) as response:
            retrieved = datetime.now(UTC).isoformat(timespec="seconds")
            headers: Message = response.headers
            suffix = _suffix(headers.get_content_type(), response.geturl(), headers)
            declared = headers.get("Content-Length", "")
            if declared.strip().isdigit() and int(declared) > limit:
                raise ContentRefused(too_big(int(declared), limit))
            data = _read_limited(response, limit, cancelled)
            final = response.geturl()
    except urllib.error.HTTPError as error:
        raise ContentRefused(_http_failure(error)) from None
    except urllib.error.URLError as error:
        raise ContentRefused(_connection_failure(error.reason)) from None
    except TimeoutError:
        raise ContentRefused(f"the server did not answer within {timeout:g} s") from None
    except (ConnectionError, ssl.SSLError, OSError) as error:
        raise ContentRefused(_connection_failure(error)) from None
    if not data:
        raise ContentRefused("the server sent an empty page")
    return Fetched(data, url, final, suffix, headers.get_content_charset() or "", retrieved)


def _check_address(url: str) -> None:
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https"):
        raise ContentRefused("only http:// and https:// addresses can be imported")
    if not parts.hostname:
        raise ContentRefused("the address names no web site")


class _Redirects(urllib.request.HTTPRedirectHandler):
    max_redirections = MAX_REDIRECTS
    max_repeats = 2

    def redirect_request(self, req, fp, code, msg, headers, newurl):  # type: ignore[no-untyped-def]
        if urlsplit(newurl).scheme.lower() not in ("http", "https"):
            raise ContentRefused(f"it redirects to an address that is not http(s): {newurl}")
        return super().redirect_request(req, fp, code, msg, headers, newurl)

    def http_error_302(self, req, fp, code, msg, headers):  # type: ignore[no-untyped-def]
        try:
            return super().http_error_302(req, fp, code, msg, headers)
        except urllib.error.HTTPError as error:
            if "redirect" in str(error.msg).lower():  # urllib's "infinite loop" refusal
                raise ContentRefused(
                    f"it redirects more than {MAX_REDIRECTS} times (or in a loop)"
                ) from None
            raise

    http_error_301 = http_error_303 = http_error_307 = http_error_308 = http_error_302


def _read_limited(response, limit: int, cancelled: Cancelled | None) -> bytes:  # type: ignore[no-untyped-def]
    chunks: list[bytes] = []
    size = 0
    while True:
        if cancelled is not None and cancelled():
            raise FetchCancelled
        chunk = response.read(_CHUNK)
        if not chunk:
            return b"".join(chunks)
        size += len(chunk)
        if size > limit:
            raise ContentRefused(f"it is larger than the limit of {megabytes(limit)}")
        chunks.append(chunk)


def _suffix(content_type: str, final_url: str, headers: Message) -> str:
    if content_type in _TYPES:
        return _TYPES[content_type]
    from briefing.importers import SUPPORTED_SUFFIXES

    named = PurePosixPath(urlsplit(final_url).path).suffix.lower()
    if content_type in _UNTYPED and named in SUPPORTED_SUFFIXES:
        return named  # a file server that does not say what it serves
    shown = content_type or "no type"
    raise ContentRefused(f"it is not an article the app can read (the server sent {shown})")


def _file_name(fetched: Fetched) -> str:
    """A file name for the sources list: the last part of the address, with its type."""
    parts = urlsplit(fetched.final_url)
    stem = PurePosixPath(unquote(parts.path)).stem or parts.hostname or "page"
    stem = "".join(c if c.isalnum() or c in "-_." else "-" for c in stem)[:80].strip("-.")
    return f"{stem or 'page'}{fetched.suffix}"


def _http_failure(error: urllib.error.HTTPError) -> str:
    reason = {401: "it needs a login", 403: "the server refused access",
              404: "there is no page at that address (404)", 410: "the page was removed (410)",
              429: "the server asked to wait before trying again (429)"}  # fmt: skip
    return reason.get(error.code, f"the server answered {error.code} {error.reason}")


def _connection_failure(reason: object) -> str:
    if isinstance(reason, ContentRefused):
        return reason.reason
    if isinstance(reason, socket.gaierror):
        return "the web site could not be found (check the address and the network)"
    if isinstance(reason, ConnectionRefusedError):
        return "the web site refused the connection"
    if isinstance(reason, TimeoutError | socket.timeout):
        return "the web site did not answer in time"
    if isinstance(reason, ssl.SSLCertVerificationError):
        return f"the web site's certificate could not be trusted ({reason.verify_message})"
    if isinstance(reason, ssl.SSLError):
        return "the secure connection to the web site failed"
    return f"the web site could not be reached ({reason})"


def _safe(charset: str) -> str:
    return "".join(c for c in charset if c.isalnum() or c in "-_.:")[:40]
