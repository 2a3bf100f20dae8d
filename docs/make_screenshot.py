"""Regenerate resources/screenshots/main-window.png: the sample project with a passage per theme
and overlaps, in a real window. Under Xvfb:

    Xvfb :99 -screen 0 1600x1000x24 &
    DISPLAY=:99 .venv/bin/python docs/make_screenshot.py resources/screenshots/main-window.png
"""

from __future__ import annotations

import os
import sys
import tempfile

# (article, quote, theme, note): one passage per theme at least, and overlaps.
PASSAGES = [
    (0, "issued a warning to Iran against supplying Russia with ballistic missiles", "missiles",
     "G7 statement, 14 June"),
    (0, "hundreds of kamikaze drones", "drones", ""),
    (0, "eliminate the use of the US dollar in their bilateral trade", "de-dollarisation", ""),
    (1, "warned Iran against sending ballistic missiles to Russia", "missiles",
     "NATO Washington summit declaration"),
    (1, "Iran and Russia have grown closer due to the war in Ukraine", "strategic pact", ""),
    (1, "hundreds of kamikaze drones", "drones", "Shahed-136, per US officials"),
    (1, "providing direct military support to Russia, such as munitions", "missiles", ""),
    (1, "munitions and uncrewed aerial vehicles (UAVs)", "drones", ""),
    (1, "The two countries reached an agreement in December to eliminate the use of the US "
     "dollar", "strategic pact", ""),
    (1, "eliminate the use of the US dollar in bilateral trade", "de-dollarisation",
     "Announced December 2023"),
    (1, "Russia and Iran have expanded their economic ties, with mutual trade standing at "
     "$4 billion", "de-dollarisation", ""),
    (1, "major expansions at two key Iranian ballistic missile facilities", "missiles", ""),
]  # fmt: skip


def main(target: str) -> None:
    home = tempfile.mkdtemp()
    for variable in ("XDG_DATA_HOME", "XDG_CONFIG_HOME", "XDG_CACHE_HOME", "XDG_STATE_HOME"):
        os.environ[variable] = os.path.join(home, variable)
        os.makedirs(os.environ[variable])
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from briefing.gui.app import app_icon
    from briefing.gui.main_window import MainWindow

    app = QApplication(sys.argv[:1])
    app.setWindowIcon(app_icon())
    window = MainWindow()
    window.resize(1600, 1000)
    window.show()
    window.open_initial()
    assert window.session is not None
    project, view = window.session.project, window.reader.view
    for article, quote, theme, note in PASSAGES:
        window.articles_pane.select_article(project.articles()[article].id)
        start = project.article(view.article_id).text.index(quote)
        view.select_range(start, start + len(quote))
        window.commands.tag_with_theme(project.theme_named(theme).id)
        if note:
            newest = max(p.id for p in project.passages())
            window.hub.run(lambda n=note, i=newest: project.set_note(i, n))
    drones = [p.id for p in project.passages_of(view.article_id) if "kamikaze" in p.quote]
    window.hub.current.choose_passage(min(drones))
    window.show_message("Tagged 1 passage as de-dollarisation - Ctrl+Z to undo")

    def grab() -> None:
        bar = view.verticalScrollBar()
        bar.setValue(0)
        while view.firstVisibleBlock().blockNumber() < 7 and bar.value() < bar.maximum():
            bar.setValue(bar.value() + 1)
            app.processEvents()
        window.grab().save(target)
        app.quit()

    QTimer.singleShot(1500, grab)
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
