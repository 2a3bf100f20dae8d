"""Help > About: version, the licences of what the app is built on, and where data lives."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import qVersion
from PySide6.QtWidgets import QMessageBox, QWidget

import briefing
from briefing.store.locations import config_dir, data_dir, log_dir

APP_ID = "io.github.briefingbuilder.BriefingBuilder"  # desktop file, metainfo, Wayland
APP_TITLE = "Briefing Builder"

# (distribution, shown name, licence when the metadata does not say)
COMPONENTS = (
    ("PySide6_Essentials", "Qt for Python (PySide6)", "LGPL-3.0-only OR GPL-3.0-only"),
    ("python-docx", "python-docx", "MIT"),
    ("Markdown", "Python-Markdown", "BSD-3-Clause"),
    ("appdirs", "appdirs", "MIT"),
    ("trafilatura", "trafilatura", "Apache-2.0"),
    ("charset-normalizer", "charset-normalizer", "MIT"),
    ("pypdfium2", "pypdfium2 (PDFium)", "Apache-2.0 OR BSD-3-Clause"),
)


def component_licences() -> list[tuple[str, str, str]]:
    """(name, version, licence) of each library the app ships with."""
    # Imported when asked (the About box): it takes a noticeable part of starting the window.
    from importlib.metadata import PackageNotFoundError, metadata, version

    found = []
    for distribution, name, fallback in COMPONENTS:
        try:
            meta = metadata(distribution)
            licence = meta["License-Expression"] or meta["License"] or fallback
            found.append((name, version(distribution), licence.splitlines()[0][:80]))
        except PackageNotFoundError:
            found.append((name, "?", fallback))
    return found


def about_html() -> str:
    rows = "".join(
        f"<tr><td>{escape(name)} {escape(ver)}</td><td>&nbsp;{escape(licence)}</td></tr>"
        for name, ver, licence in component_licences()
    )
    folders = "".join(
        f"<tr><td>{label}</td><td>&nbsp;{escape(str(path))}</td></tr>"
        for label, path in (("Projects", data_dir()), ("Settings", config_dir()),
                            ("Log", log_dir()))
    )  # fmt: skip
    return (
        f"<h3>{APP_TITLE} {escape(briefing.__version__)}</h3>"
        "<p>Read news articles side by side, tag passages with themes, and export a briefing "
        "whose every quote is verbatim and traceable to its source.</p>"
        "<p>Licensed under the GNU GPL v3 or later.</p>"
        f"<p><b>Built with</b> (Qt {escape(qVersion())})</p><table>{rows}</table>"
        f"<p><b>Your data</b></p><table>{folders}</table>"
    )


def show_about(parent: QWidget | None) -> None:
    QMessageBox.about(parent, f"About {APP_TITLE}", about_html())
