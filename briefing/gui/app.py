"""Start the desktop app: `briefing-builder [PROJECT]` or `python -m briefing [PROJECT]`."""

from __future__ import annotations

import argparse
import logging
import signal
import sys
import traceback
from collections.abc import Sequence
from logging.handlers import RotatingFileHandler
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

import briefing
from briefing.gui.main_window import APP_TITLE, LOG_FILE_NAME, MainWindow
from briefing.resources import resource
from briefing.store.locations import log_dir

log = logging.getLogger("briefing")


def app_icon() -> QIcon:
    icon = resource("icons", "briefing-builder.svg")
    return QIcon(str(icon)) if icon.is_file() else QIcon()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="briefing-builder",
        description="Read news articles, tag passages with themes and build a briefing.",
    )
    parser.add_argument(
        "project", nargs="?", type=Path, help="a .briefing project to open (default: the last one)"
    )
    parser.add_argument("--version", action="version", version=briefing.__version__)
    return parser.parse_args(argv)


def setup_logging() -> Path:
    """Log to a rotating file in the user's log folder (Help > Show log opens it)."""
    path = log_dir() / LOG_FILE_NAME
    root = logging.getLogger()
    if not any(getattr(h, "baseFilename", None) == str(path) for h in root.handlers):
        handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
    root.setLevel(logging.INFO)
    return path


def install_excepthook() -> None:
    """Unexpected errors go to the log with their traceback; the user gets a short message."""

    def hook(kind: type[BaseException], error: BaseException, tb: TracebackType | None) -> None:
        log.error("Unexpected error:\n%s", "".join(traceback.format_exception(kind, error, tb)))
        if QApplication.instance() is not None and not isinstance(error, KeyboardInterrupt):
            QMessageBox.critical(
                QApplication.activeWindow(),
                APP_TITLE,
                f"Something went wrong: {error}\n\n"
                "Your work is saved after every change. Details are in the log "
                "(Help > Show log).",
            )

    sys.excepthook = hook


def quit_on_signals(app: QApplication) -> None:
    """Ctrl+C or a TERM signal closes the windows properly (so window state is saved)."""
    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: app.closeAllWindows())
    # Python runs signal handlers only between bytecodes; wake it up now and then.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    setup_logging()
    log.info("Starting %s %s", APP_TITLE, briefing.__version__)
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("briefing-builder")
    app.setApplicationDisplayName(APP_TITLE)
    app.setDesktopFileName("briefing-builder")
    install_excepthook()
    app.setWindowIcon(app_icon())
    window = MainWindow()
    window.show()
    window.open_initial(args.project)
    quit_on_signals(app)
    return app.exec()


if __name__ == "__main__":
    sys.exit(main())
