"""Shared steps of the custom item delegates: the item's frame, and the text colour to use."""

from __future__ import annotations

from PySide6.QtGui import QColor, QPainter, QPalette
from PySide6.QtWidgets import QApplication, QStyle, QStyleOptionViewItem


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
