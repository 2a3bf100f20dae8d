"""The Briefing tab shows the Markdown export rendered, and follows the project's edits."""

from __future__ import annotations

from pathlib import Path

import pytest
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
    qtbot.waitUntil(lambda: not preview._stale, timeout=2000)
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
    assert "Other" in shown(preview) and "Preview test" not in shown(preview)
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
