"""Two analysts' windows on one server project: an edit in one appears in the other through
the hub like any edit, the later of two edits to one item is refused with a dialog and the
view shows theirs, undo refuses once someone else changed the item, and a reader's window
greys out what a reader may not do."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from gui_helpers import make_window, press, select_text
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog
from pytestqt.qtbot import QtBot

from briefing.core.edit import Applied, Origin
from briefing.gui import project_lifecycle
from briefing.gui.gui_settings import gui_settings
from briefing.gui.main_window import MainWindow
from briefing.gui.passages_model import NOTE
from briefing.gui.server_dialog import ServerDialog
from briefing.store.locations import config_dir, recent_projects
from tests.server_cluster import PASSWORD, Cluster
from tests.server_desk import Desk, make_desk

SEEDS = Path(__file__).parents[2] / "seeds"
DRONES = "hundreds of kamikaze drones"


@pytest.fixture
def desk(pg_cluster: Cluster, server_url: str) -> Iterator[Desk]:
    articles = [(p.stem, p.read_text(encoding="utf-8")) for p in sorted(SEEDS.glob("*.txt"))]
    with make_desk(pg_cluster, server_url, articles) as made:
        yield made


def window_of(qtbot: QtBot, desk: Desk, user: str) -> MainWindow:
    window = make_window(qtbot, desk.url(user))  # type: ignore[arg-type]
    assert window.session is not None and window.session.shared
    return window


def show_article_with(window: MainWindow, needle: str) -> None:
    assert window.session is not None
    article = next(a for a in window.session.project.articles() if needle in a.text)
    window.hub.current.show_article(article.id)


def test_an_edit_in_one_window_appears_in_the_other(qtbot: QtBot, desk: Desk) -> None:
    alice, erin = window_of(qtbot, desk, "alice"), window_of(qtbot, desk, "erin")
    heard: list[Applied] = []
    erin.hub.changed.connect(heard.append)
    show_article_with(alice, DRONES)
    show_article_with(erin, DRONES)
    select_text(alice.reader.view, DRONES)
    press(qtbot, alice.reader.view, Qt.Key.Key_2)
    assert erin.session is not None
    qtbot.waitUntil(lambda: len(erin.session.project.passages()) == 1, timeout=5000)
    [applied] = heard
    assert applied.origin is Origin.REMOTE and applied.author == "alice"
    [passage] = erin.session.project.passages()
    assert passage.quote == DRONES and passage.created_by == "alice"
    assert erin.passages_model.indexes_of(passage.id)  # the pane shows it
    assert list(erin.reader.view.passages) == [passage.id]  # and the reader marks it
    assert "alice: Tag" in erin.statusBar().currentMessage()
    assert "1 passage" in erin.counts_label.text()
    # And back: erin renames a theme; alice's toolbar follows.
    erin.hub.run(lambda: erin.session.project.rename_theme(2, "UAVs"))  # type: ignore[union-attr]
    qtbot.waitUntil(
        lambda: [a.text() for a in alice.main_actions.theme_actions][1] == "UAVs", timeout=5000
    )
    alice.close()
    erin.close()


def test_the_later_of_two_note_edits_is_refused_and_the_view_shows_theirs(
    qtbot: QtBot, desk: Desk, message_boxes: list[tuple[str, str]]
) -> None:
    alice, erin = window_of(qtbot, desk, "alice"), window_of(qtbot, desk, "erin")
    assert alice.session is not None and erin.session is not None
    passage = alice.hub.run(lambda: alice.session.project.tag(1, 0, 4, [1]))  # type: ignore[union-attr]
    assert passage is not None
    passage_id = passage.changes[0].id
    qtbot.waitUntil(lambda: len(erin.session.project.passages()) == 1, timeout=5000)  # type: ignore[union-attr]
    alice.passages_pane.set_show_all(True)
    erin.passages_pane.set_show_all(True)
    # Both edit at once: erin's window has not heard of alice's note yet (news is taken in
    # between events, and none runs between the two edits).
    [row] = alice.passages_model.indexes_of(passage_id)
    alice.passages_model.setData(row.siblingAtColumn(NOTE), "alice's note")
    [theirs] = erin.passages_model.indexes_of(passage_id)
    erin.passages_model.setData(theirs.siblingAtColumn(NOTE), "erin's note")
    assert message_boxes and message_boxes[-1][0] == "warning"
    assert "was changed by alice" in message_boxes[-1][1]
    assert erin.session.project.passage(passage_id).note == "alice's note"
    [theirs] = erin.passages_model.indexes_of(passage_id)
    assert theirs.siblingAtColumn(NOTE).data() == "alice's note"
    alice.close()
    erin.close()


def test_undo_refuses_once_someone_else_changed_the_item(
    qtbot: QtBot, desk: Desk, message_boxes: list[tuple[str, str]]
) -> None:
    alice, erin = window_of(qtbot, desk, "alice"), window_of(qtbot, desk, "erin")
    assert alice.session is not None and erin.session is not None
    project = alice.session.project
    alice.hub.run(lambda: project.tag(1, 0, 4, [1], note="first"))
    qtbot.waitUntil(lambda: len(erin.session.project.passages()) == 1, timeout=5000)  # type: ignore[union-attr]
    passage_id = project.passages()[0].id
    erin.hub.run(lambda: erin.session.project.set_note(passage_id, "erin's"))  # type: ignore[union-attr]
    qtbot.waitUntil(lambda: project.passage(passage_id).note == "erin's", timeout=5000)
    alice.main_actions.undo_action.trigger()
    assert "cannot be undone" in message_boxes[-1][1] and "by erin" in message_boxes[-1][1]
    assert project.passage(passage_id).note == "erin's"
    assert alice.main_actions.undo_action.isEnabled()  # still offered, nothing lost
    alice.close()
    erin.close()


def test_a_readers_window_greys_out_what_a_reader_may_not_do(qtbot: QtBot, desk: Desk) -> None:
    bob = window_of(qtbot, desk, "bob")
    actions = bob.main_actions
    assert "bob (reader)" in bob.counts_label.text()
    assert all(not a.isEnabled() for a in actions.theme_actions)
    assert not actions.import_action.isEnabled() and not actions.import_codebook_action.isEnabled()
    assert not bob.articles_pane.import_button.isEnabled()
    assert not bob.codebook_pane.add_action.isEnabled() and not bob.settings_pane.isEnabled()
    assert actions.export_action.isEnabled() and actions.find_everywhere_action.isEnabled()
    alice = window_of(qtbot, desk, "alice")  # a coder tags, but keeps off the codebook
    assert all(a.isEnabled() for a in alice.main_actions.theme_actions)
    assert not alice.codebook_pane.add_action.isEnabled() and not alice.settings_pane.isEnabled()
    bob.close()
    alice.close()


def test_file_open_server_project_asks_where_and_remembers_no_password(
    qtbot: QtBot, desk: Desk, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    url = desk.url("alice")
    monkeypatch.setattr(project_lifecycle, "ask_server_address", lambda *a: url)
    window.main_actions.open_server_action.trigger()
    assert window.session is not None and window.session.location == url
    assert window.windowTitle().startswith(desk.database)
    assert recent_projects()[0] == url
    menu = window.main_actions.recent_menu
    window.lifecycle.fill_recent_menu(menu)
    assert menu.actions()[0].text() == f"{desk.database} on this computer"


def test_the_server_dialog_keeps_fields_and_address_in_step(qtbot: QtBot) -> None:
    dialog = ServerDialog("Open server project", "")
    qtbot.addWidget(dialog)
    dialog.host.setText("db.example.org")
    dialog.host.textEdited.emit("db.example.org")
    dialog.database.setText("iran desk")
    dialog.database.textEdited.emit("iran desk")
    dialog.user.setText("alice")
    dialog.user.textEdited.emit("alice")
    dialog.ssl.setCurrentIndex(dialog.ssl.findData("verify-full"))
    assert dialog.chosen() == "postgresql://alice@db.example.org/iran%20desk?sslmode=verify-full"
    dialog.fill("postgresql://bob@10.0.0.5:6543/desk")
    assert (dialog.host.text(), dialog.port.value(), dialog.user.text()) == (
        "10.0.0.5",
        6543,
        "bob",
    )
    ok = dialog.buttons.button(dialog.buttons.StandardButton.Ok)
    assert ok.isEnabled()
    dialog.fill("postgresql://bob:secret@10.0.0.5/desk")
    assert not ok.isEnabled() and "Leave the password out" in dialog.problem.text()
    dialog.fill("postgresql://10.0.0.5")
    assert not ok.isEnabled() and "names no database" in dialog.problem.text()


def test_a_password_is_asked_for_and_never_written_down(
    qtbot: QtBot, desk: Desk, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("PGPASSWORD", raising=False)
    monkeypatch.setenv("PGPASSFILE", "/nonexistent")  # libpq's sources give none
    url = desk.cluster.tcp_url(desk.database, "alice")  # over TCP the server asks for one
    monkeypatch.setattr(project_lifecycle, "ask_server_address", lambda *a: url)
    asked: list[str] = []

    def type_password(_parent, _title, label, *_args, **_kwargs):  # type: ignore[no-untyped-def]
        asked.append(label)
        return PASSWORD, True

    monkeypatch.setattr(QInputDialog, "getText", type_password)
    window.main_actions.open_server_action.trigger()
    assert window.session is not None and window.session.location == url
    assert len(asked) == 1 and "Password for alice" in asked[0]
    window.save_state()
    written = [
        (config_dir() / "recent-projects.json").read_text(encoding="utf-8"),
        Path(gui_settings().fileName()).read_text(encoding="utf-8", errors="replace"),
    ]
    assert url in written[0] and not any(PASSWORD in text for text in written)
