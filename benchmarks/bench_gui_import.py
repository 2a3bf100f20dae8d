"""Import 1,000 saved web pages through the window, as an analyst would (File > Import), and
report the time to the last article listed and the longest stall of the UI thread (target:
never over 50 ms). Never part of the test suite.

    .venv/bin/python benchmarks/bench_gui_import.py [--count 1000]
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--count", type=int, default=1_000)
    args = parser.parse_args()
    home = tempfile.mkdtemp()
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[variable] = os.path.join(home, variable)
        os.makedirs(os.environ[variable])

    from corpus import write_web_pages
    from PySide6.QtWidgets import QApplication, QMessageBox
    from stalls import StallMeter

    from briefing.gui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    QMessageBox.information = lambda *a, **k: QMessageBox.StandardButton.Ok  # type: ignore[method-assign]
    pages = write_web_pages(Path(home) / "pages", args.count)
    window = MainWindow()
    window.show()
    window.open_initial()
    app.processEvents()
    before = len(window.session.project.articles())
    meter = StallMeter()
    meter.start()
    started = time.perf_counter()
    window.import_paths(pages)
    while window.importer.running() or len(window.session.project.articles()) < before + len(pages):
        app.processEvents()
        time.sleep(0.001)
    elapsed = time.perf_counter() - started
    for _ in range(20):  # let the views settle after the edit
        app.processEvents()
        time.sleep(0.005)
    longest = meter.stop()
    print(f"{os.cpu_count()} cores: imported {len(pages):,} saved web pages through the window "
          f"in {elapsed:.1f} s (target < 15 s); longest UI-thread stall {longest * 1000:.0f} ms "
          f"(target < 50 ms)")  # fmt: skip
    window.close()


if __name__ == "__main__":
    main()
