"""Start the desktop app: `briefing-builder [PROJECT] [FILE...]` or `python -m briefing ...`.

With a project, that project opens; with article files, the last project opens and imports them.
"""

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
from typing import TYPE_CHECKING

import briefing
from briefing.core.collection import collection_paused, keep_out_of_collections

if TYPE_CHECKING:
    from PySide6.QtGui import QIcon
    from PySide6.QtWidgets import QApplication

    from briefing.gui.main_window import MainWindow

# Qt, the window and the store are imported by `start`, with cyclic collection paused: the
# modules, widgets and records a start makes are none of them garbage, and collecting while
# they were made ran some eighty collections before the first paint.

log = logging.getLogger("briefing")
STARTED_LOG_DELAY_MS = 100
# How long a thread of Python holds the interpreter before it must let another have it
# (Python's default is 5 ms). Every call Qt makes into Python on the window's thread (a slot,
# an event filter, a delegate) waits that long for it while a worker runs Python: as the
# export's progress dialog appeared over a 100,000-passage export the window's thread was
# held 370 ms at 5 ms, 46 ms at most at 1 ms, and the export took no longer.
SWITCH_INTERVAL_SECONDS = 0.001


def app_icon() -> QIcon:
    from PySide6.QtGui import QIcon

    from briefing.resources import resource

    icon = resource("app", "briefing-builder.svg")
    return QIcon(str(icon)) if icon.is_file() else QIcon()


def parse_args(argv: Sequence[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="briefing-builder",
        description="Read news articles, tag passages with themes and build a briefing.",
    )
    parser.add_argument(
        "files",
        nargs="*",
        type=Path,
        metavar="FILE",
        help="a .briefing project to open (default: the last one), and/or article files to "
        "import into it",
    )
    parser.add_argument("--version", action="version", version=briefing.__version__)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the sample project without showing a window, print a summary and exit",
    )
    return parser.parse_args(argv)


def split_files(files: Sequence[Path]) -> tuple[Path | None, list[Path]]:
    """The project to open (the first .briefing given) and the article files to import."""
    from briefing.store import PROJECT_SUFFIX

    projects = [f for f in files if f.suffix.lower() == PROJECT_SUFFIX]
    return (projects[0] if projects else None), [f for f in files if f not in projects]


def self_test(window: MainWindow) -> int:
    """Open the sample project, render its briefing preview, and say what was found."""
    from PySide6.QtCore import qVersion
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from briefing.gui.about import APP_TITLE

    if not window.open_sample() or window.session is None:
        print("self-test failed: the sample project could not be opened", file=sys.stderr)
        return 1
    project = window.session.project
    window.preview.refresh()
    QApplication.processEvents()
    readers = _self_test_readers()
    if readers is None:
        return 1
    print(
        f"{APP_TITLE} {briefing.__version__} self-test: sample project "
        f"with {len(project.articles())} articles, {len(project.themes())} themes, "
        f"{len(project.passages())} passages; {readers}; "
        f"Qt {qVersion()} on {QGuiApplication.platformName()}"
    )
    return 0


def _self_test_readers() -> str | None:
    """Read the bundled test sources with each reader: a frozen bundle that lacks a reader's
    data files fails here, not on an analyst's first saved page."""
    from briefing.importers import read_data
    from briefing.importers.errors import ContentRefused
    from briefing.resources import resource

    found = []
    for source in sorted(resource("selftest").iterdir(), key=lambda f: f.name):
        try:
            article = read_data(source.read_bytes(), source.name)
        except (ContentRefused, OSError, ImportError) as error:  # ImportError: a bundle gap
            print(f"self-test failed: {source.name} could not be read ({error})", file=sys.stderr)
            return None
        found.append(f"{source.name} read by {article.reader}")
    return ", ".join(found)


def setup_logging() -> Path:
    """Log to a rotating file in the user's log folder (Help > Show log opens it)."""
    from briefing.gui.main_window import LOG_FILE_NAME
    from briefing.store.locations import log_dir

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
    from PySide6.QtWidgets import QApplication, QMessageBox

    from briefing.gui.about import APP_TITLE

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
    from PySide6.QtCore import QTimer

    for number in (signal.SIGINT, signal.SIGTERM):
        signal.signal(number, lambda *_: app.closeAllWindows())
    # Python runs signal handlers only between bytecodes; wake it up now and then.
    timer = QTimer(app)
    timer.timeout.connect(lambda: None)
    timer.start(250)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(sys.argv[1:] if argv is None else argv)
    if args.self_test:
        with collection_paused():
            _, window = make_app()
        say_started()
        try:
            status = self_test(window)
        except Exception:  # headless: say what broke and exit, never wait on a dialog
            traceback.print_exc()
            status = 1
        window.close()
        return status
    app, window = start(args.files)
    quit_on_signals(app)
    return app.exec()


def start(files: Sequence[Path]) -> tuple[QApplication, MainWindow]:
    """Everything before the event loop: the app, its window shown with the project given
    (else the last one, else the sample) and the article files given being imported into it.
    What it made is left out of later cyclic collections, as an opened project's records are."""
    with collection_paused():
        _load_before_qt()
        from PySide6.QtCore import QTimer

        app, window = make_app()
        window.show()
        project, articles = split_files(files)
        window.open_initial(project)
        if articles:
            window.import_paths(articles)
        keep_out_of_collections()
    # Logged once the window has painted: the version is read from the package's metadata,
    # and loading what reads it (importlib.metadata) took ~65 ms of a start.
    QTimer.singleShot(STARTED_LOG_DELAY_MS, say_started)
    return app, window


def _load_before_qt() -> None:
    """The store and the analysis a start needs, loaded before Qt: once PySide is loaded, its
    import hook reads the source of each module imported (looking for "PySide6" in it), and
    loading these first spares it some sixty of them (~10 ms)."""
    import briefing.analysis.corroboration
    import briefing.analysis.suggestion_cache
    import briefing.store.opening  # noqa: F401


def share_the_interpreter() -> None:
    """Let the window's thread have Python soon whenever a worker thread runs Python."""
    sys.setswitchinterval(SWITCH_INTERVAL_SECONDS)


def say_started() -> None:
    from briefing.gui.about import APP_TITLE

    log.info("Starting %s %s", APP_TITLE, briefing.__version__)


def make_app() -> tuple[QApplication, MainWindow]:
    """The app (or the one already made) with its logging, error hook and icon, and the main
    window, not shown yet."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication
    from PySide6.QtWidgets import QApplication

    from briefing.gui.about import APP_ID, APP_TITLE
    from briefing.gui.main_window import MainWindow

    setup_logging()
    share_the_interpreter()
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough
    )
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("briefing-builder")
    app.setApplicationDisplayName(APP_TITLE)
    app.setDesktopFileName(APP_ID)
    install_excepthook()
    app.setWindowIcon(app_icon())
    return app, MainWindow()


if __name__ == "__main__":
    sys.exit(main())
