"""Open the main window as a user would and print its sizes as JSON (run in its own process).

`test_window_fits.py` runs this under different screens, scale factors and font sizes: those
must be set before Qt starts, which a test inside the suite's shared QApplication cannot do.
Usage: python window_fit_probe.py FONT_SCALE   (QT_QPA_PLATFORM and QT_SCALE_FACTOR from env)
"""

from __future__ import annotations

import json
import sys


def main() -> None:
    from PySide6.QtWidgets import QApplication

    app = QApplication(sys.argv[:1])
    font = app.font()
    font.setPointSizeF(font.pointSizeF() * float(sys.argv[1]))
    app.setFont(font)

    from briefing.gui.main_window import MainWindow

    window = MainWindow()
    window.show()
    window.open_initial()
    for index in range(window.side_tabs.count()):  # every pane, so each one's minimum counts
        window.side_tabs.setCurrentIndex(index)
        app.processEvents()
    window.reader.start_find()
    app.processEvents()
    available = window.screen().availableGeometry()
    frame = window.frameGeometry()
    minimum = window.minimumSizeHint()
    print(json.dumps({
        "available": [available.x(), available.y(), available.width(), available.height()],
        "frame": [frame.x(), frame.y(), frame.width(), frame.height()],
        "minimum": [minimum.width(), minimum.height()],
    }))  # fmt: skip
    window.close()


if __name__ == "__main__":
    main()
