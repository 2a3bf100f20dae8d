"""The Briefing tab shows the Markdown export rendered, and follows the project's edits."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtGui import QFont, QTextDocument
from pytestqt.qtbot import QtBot

from briefing.core.project import Project
from briefing.gui.briefing_preview import BriefingPreview
from briefing.gui.hub import ProjectHub
from briefing.gui.session import Session
from briefing.importers.batch import import_files
from briefing.store import create_project


@pytest.fixture
def hub(tmp_path: Path, seed_paths: list[Path]) -> ProjectHub:
    project_file = create_project(tmp_path / "p.briefing", title="Preview test")
    import_files(project_file.project, seed_paths)
    hub = ProjectHub()
    hub.open(Session(project_file))
    return hub


@pytest.fixture
def project(hub: ProjectHub) -> Project:
    assert hub.project is not None
    return hub.project


def follow(preview: BriefingPreview, hub: ProjectHub) -> BriefingPreview:
    """Wire the preview to the hub, as the main window does, on the project already open."""
    hub.opened.connect(preview.on_opened)
    hub.changed.connect(preview.on_change)
    preview.project = hub.project
    return preview


def tag(project: Project, quote: str, theme: str, note: str = "") -> None:
    article = next(a for a in project.articles() if quote in a.text)
    start = article.text.index(quote)
    project.tag(article.id, start, start + len(quote), [project.theme_named(theme).id], note)


def shown(preview: BriefingPreview) -> str:
    return preview.browser.toPlainText()


def make(qtbot: QtBot, hub: ProjectHub) -> BriefingPreview:
    """A preview on screen (it renders only while visible), with its first render done."""
    preview = follow(BriefingPreview(), hub)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitExposed(preview)
    qtbot.waitUntil(lambda: not preview._stale and not preview.rendering(), timeout=5000)
    return preview


def test_shows_the_briefing_and_follows_edits(
    qtbot: QtBot, hub: ProjectHub, project: Project
) -> None:
    preview = make(qtbot, hub)
    assert "Preview test" in shown(preview)
    assert "Missiles" not in shown(preview)

    tag(project, "hundreds of kamikaze drones", "drones", note="Established.")
    assert "kamikaze" not in shown(preview)  # debounced, not yet
    qtbot.waitUntil(lambda: "hundreds of kamikaze drones" in shown(preview), timeout=2000)
    assert "Drones" in shown(preview) and "Established." in shown(preview)
    assert "title:" not in shown(preview)  # no front matter in the preview


def test_edits_in_a_burst_render_once(
    qtbot: QtBot, hub: ProjectHub, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    preview = make(qtbot, hub)
    renders = []
    original = preview.refresh
    monkeypatch.setattr(preview, "refresh", lambda: (renders.append(1), original()))
    preview._timer.timeout.disconnect()
    preview._timer.timeout.connect(preview.refresh)
    for quote in ("ballistic missiles", "kamikaze drones", "US dollar"):
        tag(project, quote, "missiles")
    qtbot.waitUntil(lambda: "US dollar" in shown(preview), timeout=2000)
    assert not preview._timer.isActive()  # no render left to come
    assert len(renders) == 1


def test_hostile_text_is_shown_literally(qtbot: QtBot, hub: ProjectHub, project: Project) -> None:
    project.update_settings(summary="<b>not bold</b> *not em* <script>x()</script>")
    preview = make(qtbot, hub)
    assert "<b>not bold</b> *not em* <script>x()</script>" in shown(preview)


def test_another_project_replaces_the_briefing_at_once(
    qtbot: QtBot, hub: ProjectHub, tmp_path: Path
) -> None:
    preview = make(qtbot, hub)
    other = create_project(tmp_path / "other.briefing", title="Other")
    hub.open(Session(other))
    assert "Preview test" not in shown(preview)  # gone at once, before the new one is ready
    qtbot.waitUntil(lambda: "Other" in shown(preview), timeout=5000)
    hub.open(None)
    assert shown(preview) == ""


def test_a_hidden_preview_waits_until_shown(
    qtbot: QtBot, hub: ProjectHub, project: Project
) -> None:
    preview = follow(BriefingPreview(), hub)
    qtbot.addWidget(preview)
    tag(project, "hundreds of kamikaze drones", "drones")
    assert not preview._timer.isActive()  # no render scheduled while hidden
    assert shown(preview) == ""
    preview.show()
    qtbot.waitUntil(lambda: "hundreds of kamikaze drones" in shown(preview), timeout=2000)


def test_a_long_briefing_previews_its_start(
    qtbot: QtBot, hub: ProjectHub, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.gui import briefing_preview

    monkeypatch.setattr(briefing_preview, "PREVIEW_LIMIT", 2)
    for quote in ("ballistic missiles", "kamikaze drones", "US dollar"):
        tag(project, quote, "missiles")
    preview = make(qtbot, hub)
    assert "shows the first 2 of 3 passages" in shown(preview)
    assert "US dollar" not in shown(preview).split("Sources")[0]


def test_the_briefing_is_worked_out_off_the_ui_thread(
    qtbot: QtBot, hub: ProjectHub, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from briefing.gui import briefing_preview

    threads = []
    original = briefing_preview.render_markdown

    def recording(*args, **kwargs):  # type: ignore[no-untyped-def]
        threads.append(threading.current_thread())
        return original(*args, **kwargs)

    monkeypatch.setattr(briefing_preview, "render_markdown", recording)
    preview = make(qtbot, hub)
    assert "Preview test" in shown(preview)
    assert threads and threading.main_thread() not in threads


def test_an_edit_during_a_render_is_shown_once_it_is_done(
    qtbot: QtBot, hub: ProjectHub, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from briefing.gui import briefing_preview

    release = threading.Event()
    original = briefing_preview.render_markdown

    def slow(*args, **kwargs):  # type: ignore[no-untyped-def]
        text = original(*args, **kwargs)  # read before the edit below, delivered after it
        release.wait(10)
        return text

    monkeypatch.setattr(briefing_preview, "render_markdown", slow)
    preview = follow(BriefingPreview(), hub)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(preview.rendering)
    tag(project, "hundreds of kamikaze drones", "drones")  # while the first render waits
    preview.refresh()
    release.set()
    qtbot.waitUntil(lambda: "hundreds of kamikaze drones" in shown(preview), timeout=5000)
    qtbot.waitUntil(lambda: not preview.rendering())


def test_a_render_that_keeps_failing_says_so(
    qtbot: QtBot, hub: ProjectHub, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    from briefing.gui import briefing_preview

    def failing(*_args, **_kwargs):  # type: ignore[no-untyped-def]
        raise RuntimeError("dictionary changed size during iteration")

    monkeypatch.setattr(briefing_preview, "render_markdown", failing)
    monkeypatch.setattr(briefing_preview, "REFRESH_DELAY_MS", 10)
    preview = follow(BriefingPreview(), hub)
    preview._timer.setInterval(10)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: "could not be made" in shown(preview), timeout=5000)
    assert preview._failures == briefing_preview.FAILURES_SHOWN


def test_a_render_is_stopped_when_the_tab_is_hidden_and_made_again_when_shown(
    qtbot: QtBot, hub: ProjectHub, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import time

    from briefing.export import PreviewStopped
    from briefing.gui import briefing_preview

    original = briefing_preview.render_markdown
    calls: list[str] = []

    def first_waits_to_be_stopped(project, options, limit, stopped):  # type: ignore[no-untyped-def]
        if not calls:
            calls.append("waited")
            deadline = time.monotonic() + 10
            while not stopped() and time.monotonic() < deadline:
                time.sleep(0.005)
            calls.append("stopped" if stopped() else "not stopped")
        else:
            calls.append("made")
        return original(project, options, limit, stopped)

    monkeypatch.setattr(briefing_preview, "render_markdown", first_waits_to_be_stopped)
    preview = follow(BriefingPreview(), hub)
    qtbot.addWidget(preview)
    preview.show()
    qtbot.waitUntil(lambda: calls == ["waited"])
    preview.hide()
    qtbot.waitUntil(lambda: not preview.rendering(), timeout=5000)
    assert calls == ["waited", "stopped"]
    assert "Preview test" not in shown(preview)  # a stopped render shows nothing
    assert preview._failures == 0  # and is no failure
    with pytest.raises(PreviewStopped):
        original(project, preview.options(), 10, lambda: True)

    preview.show()
    qtbot.waitUntil(lambda: "Preview test" in shown(preview), timeout=5000)
    assert calls == ["waited", "stopped", "made"]


def test_the_document_is_made_by_the_render_thread_in_the_browsers_font_and_style(
    qtbot: QtBot, hub: ProjectHub, project: Project, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from PySide6.QtGui import QTextCharFormat

    from briefing.gui import briefing_preview

    made_in: list[threading.Thread] = []
    make_document = briefing_preview._document

    def noting(html: str, font: QFont) -> QTextDocument | None:
        made_in.append(threading.current_thread())
        return make_document(html, font)

    monkeypatch.setattr(briefing_preview, "_document", noting)
    tag(project, "hundreds of kamikaze drones", "drones")
    preview = make(qtbot, hub)
    qtbot.waitUntil(lambda: "hundreds of kamikaze drones" in shown(preview), timeout=5000)
    assert made_in and threading.main_thread() not in made_in
    document = preview.browser.document()
    assert document.thread() is preview.thread()  # handed to the window's thread
    assert document.defaultFont() == preview.browser.font()
    quote = document.find("hundreds of kamikaze drones")
    assert not quote.isNull()
    format: QTextCharFormat = quote.charFormat()
    assert format.fontItalic()  # the preview's style: quotes in italics
