"""File > Open server project / New server project: where a shared project lives, and the
password prompt libpq's own sources (~/.pgpass, PGPASSWORD) did not answer.

The analyst fills in host, port, database and user (and how to secure the connection), or
pastes the `postgresql://` address the desk's administrator gave them; the two stay in step.
A password typed here is handed to the connection and forgotten: it is never part of the
address, the settings or the recent list.
"""

from __future__ import annotations

from urllib.parse import quote

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from briefing.gui.dialogs import ok_cancel
from briefing.store.address import ServerAddress

DEFAULT_PORT = 5432
SSL_MODES = (
    ("prefer", "Encrypt if the server can (libpq's default)"),
    ("require", "Always encrypt"),
    ("verify-full", "Encrypt and check the server's certificate"),
    ("disable", "Never encrypt (a local socket)"),
)


class ServerDialog(QDialog):
    def __init__(self, title: str, intro: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self.host = QLineEdit()
        self.host.setPlaceholderText("db.example.org (empty: this computer)")
        self.port = QSpinBox()
        self.port.setRange(1, 65535)
        self.port.setValue(DEFAULT_PORT)
        self.database = QLineEdit()
        self.database.setPlaceholderText("one database holds one project")
        self.user = QLineEdit()
        self.user.setPlaceholderText("your login role (empty: your login name)")
        self.ssl = QComboBox()
        for mode, label in SSL_MODES:
            self.ssl.addItem(label, mode)
        self.address = QLineEdit()
        self.address.setPlaceholderText("postgresql://user@host:5432/database")
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        self.problem.setStyleSheet("color: palette(link)")
        explained = QLabel(intro)
        explained.setWordWrap(True)
        form = QFormLayout()
        form.addRow("&Host:", self.host)
        form.addRow("&Port:", self.port)
        form.addRow("&Database:", self.database)
        form.addRow("&User:", self.user)
        form.addRow("&Security:", self.ssl)
        form.addRow("or &address:", self.address)
        layout = QVBoxLayout(self)
        layout.addWidget(explained)
        layout.addLayout(form)
        layout.addWidget(self.problem)
        self.buttons = ok_cancel(self)
        layout.addWidget(self.buttons)
        self.setMinimumWidth(min(460, self.screen().availableGeometry().width() - 40))
        self._syncing = False
        for field in (self.host, self.database, self.user):
            field.textEdited.connect(self._fields_edited)
        self.port.valueChanged.connect(self._fields_edited)
        self.ssl.currentIndexChanged.connect(self._fields_edited)
        self.address.textEdited.connect(self._address_edited)
        self._fields_edited()

    def fill(self, address: str) -> None:
        """Start from an address (the last server project opened, say)."""
        self.address.setText(address)
        self._address_edited()

    def chosen(self) -> str:
        """The address the fields make (no password in it)."""
        return self.address.text().strip()

    def _fields_edited(self, *_args: object) -> None:
        if self._syncing:
            return
        host, database = self.host.text().strip(), self.database.text().strip()
        user, mode = self.user.text().strip(), str(self.ssl.currentData())
        where = quote(host, safe=".-:[]") if host and not host.startswith("/") else ""
        port = self.port.value()
        netloc = (f"{quote(user, safe='')}@" if user else "") + where
        if where and port != DEFAULT_PORT:
            netloc += f":{port}"
        options = [f"host={quote(host, safe='')}"] if host.startswith("/") else []
        if host.startswith("/") and port != DEFAULT_PORT:
            options.append(f"port={port}")
        if mode != "prefer":
            options.append(f"sslmode={mode}")
        query = "?" + "&".join(options) if options else ""
        self._syncing = True
        self.address.setText(f"postgresql://{netloc}/{quote(database, safe='')}{query}")
        self._syncing = False
        self._check()

    def _address_edited(self, *_args: object) -> None:
        if self._syncing:
            return
        self._syncing = True
        try:
            parsed = ServerAddress.parse(self.chosen())
        except ValueError:
            pass
        else:
            self.host.setText(parsed.host)
            self.port.setValue(int(parsed.port) if parsed.port.isdigit() else DEFAULT_PORT)
            self.database.setText(parsed.database)
            self.user.setText(parsed.user)
            index = self.ssl.findData(parsed.sslmode or "prefer")
            self.ssl.setCurrentIndex(max(0, index))
        finally:
            self._syncing = False
        self._check()

    def _check(self) -> None:
        try:
            parsed = ServerAddress.parse(self.chosen())
        except ValueError as error:
            self.problem.setText(str(error).capitalize())
            ok = False
        else:
            ok = not parsed.password
            self.problem.setText(
                "" if ok else "Leave the password out of the address: you will be asked for it"
            )
        button = self.buttons.button(self.buttons.StandardButton.Ok)
        if button is not None:
            button.setEnabled(ok)


def ask_server_address(
    parent: QWidget | None, title: str, intro: str, start: str = ""
) -> str | None:
    """The address of a server project, or None if cancelled."""
    dialog = ServerDialog(title, intro, parent)
    if start:
        dialog.fill(start)
    accepted = dialog.exec() == QDialog.DialogCode.Accepted
    chosen = dialog.chosen()
    dialog.deleteLater()
    return chosen if accepted else None


def ask_password(parent: QWidget | None, address: ServerAddress, wrong: bool) -> str | None:
    """A password for this connection only (never kept), or None if cancelled."""
    who = address.user or "your login"
    again = "That password was not accepted.\n\n" if wrong else ""
    text, accepted = QInputDialog.getText(
        parent, "Password", f"{again}Password for {who} on {address.display()}:",
        QLineEdit.EchoMode.Password,
    )  # fmt: skip
    return text if accepted and text else None
