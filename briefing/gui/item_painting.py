"""Shared steps of the custom item delegates: the item's frame, the text colour to use, and a
delegate that asks a Python model for a cell's contents in Python."""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import (
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
)
from PySide6.QtGui import QColor, QIcon, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

Index = QModelIndex | QPersistentModelIndex


def draw_item_frame(painter: QPainter, option: QStyleOptionViewItem) -> None:
    """The item's background, selection and focus, as the style draws them, without its text."""
    option.text = ""
    style = option.widget.style() if option.widget else QApplication.style()
    style.drawControl(QStyle.ControlElement.CE_ItemViewItem, option, painter, option.widget)


def item_text_colour(option: QStyleOptionViewItem, muted: bool = False) -> QColor:
    """Text colour for the item's state: highlighted when selected, else normal (or `muted`,
    the placeholder colour, for secondary lines), dimmed when the view is inactive."""
    selected = bool(option.state & QStyle.StateFlag.State_Selected)
    group = (
        QPalette.ColorGroup.Active
        if option.state & QStyle.StateFlag.State_Active
        else QPalette.ColorGroup.Inactive
    )
    if selected:
        role = QPalette.ColorRole.HighlightedText
    else:
        role = QPalette.ColorRole.PlaceholderText if muted else QPalette.ColorRole.Text
    return option.palette.color(group, role)


class PaintedCells(Protocol):
    """A model that tells, in one call, what painting a cell asks: its display text,
    alignment and decoration roles (as `data` answers them)."""

    def cell(self, index: Index) -> tuple[str | None, Qt.AlignmentFlag | None, QIcon | None]: ...


class AskingInPython(QStyledItemDelegate):
    """Fills a cell's style option by asking a Python model in Python.

    Qt's own `initStyleOption` asks the model for seven roles per cell, each a call across the
    bridge from C++ into Python, at every paint: a tag repaints some sixty cells of the
    Passages tree, some 400 calls (about 4 ms). This asks the model's `cell` once per cell, a
    plain Python call (three `data` calls cost ~2 ms a repaint at scale 10). For a model that
    answers none of the font, colour, check-state or background roles (a test holds the
    Passages model to that)."""

    def __init__(self, model: PaintedCells, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.asked = model

    def initStyleOption(self, option: QStyleOptionViewItem, index: Index) -> None:
        text, alignment, decoration = self.asked.cell(index)
        option.index = index  # type: ignore[assignment]
        if alignment is not None:
            option.displayAlignment = alignment
        if decoration is not None and not decoration.isNull():
            _set_icon(option, decoration)
        if text is not None:
            option.features |= _HAS_DISPLAY
            # What Qt's displayText makes of a string: line breaks as line separators.
            option.text = text.replace("\n", "\u2028")


_HAS_DISPLAY = QStyleOptionViewItem.ViewItemFeature.HasDisplay


def _set_icon(option: QStyleOptionViewItem, icon: QIcon) -> None:
    """As QStyledItemDelegate does: the icon at its size for the item's state, no larger than
    the view's decoration size."""
    state = option.state
    if not state & QStyle.StateFlag.State_Enabled:
        mode = QIcon.Mode.Disabled
    elif state & QStyle.StateFlag.State_Selected:
        mode = QIcon.Mode.Selected
    else:
        mode = QIcon.Mode.Normal
    on = QIcon.State.On if state & QStyle.StateFlag.State_Open else QIcon.State.Off
    wanted = option.decorationSize
    actual = icon.actualSize(wanted, mode, on)
    option.features |= QStyleOptionViewItem.ViewItemFeature.HasDecoration
    option.icon = icon
    option.decorationSize = QSize(
        min(wanted.width(), actual.width()), min(wanted.height(), actual.height())
    )
