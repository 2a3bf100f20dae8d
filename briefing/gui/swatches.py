"""Theme colours on screen: tints that keep text readable, and swatch icons for themes."""

from __future__ import annotations

import functools
from collections.abc import Sequence

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPalette, QPixmap

from briefing.core.palette import text_colour_on

# How much of the theme colour shows through the page: one layer, then more where passages
# overlap, so overlaps read darker than either passage alone.
_TINT_BY_DEPTH = (0.0, 0.30, 0.42, 0.52)


def mix(base: QColor, colour: QColor, amount: float) -> QColor:
    """`colour` laid over `base` with opacity `amount` (0..1)."""
    keep = 1.0 - amount
    return QColor.fromRgbF(
        base.redF() * keep + colour.redF() * amount,
        base.greenF() * keep + colour.greenF() * amount,
        base.blueF() * keep + colour.blueF() * amount,
    )


def average(colours: Sequence[QColor]) -> QColor:
    n = len(colours)
    return QColor.fromRgbF(
        sum(c.redF() for c in colours) / n,
        sum(c.greenF() for c in colours) / n,
        sum(c.blueF() for c in colours) / n,
    )


def tint(colours: Sequence[QColor], depth: int, palette: QPalette) -> QColor:
    """Background for text covered by `depth` passages whose themes have these colours."""
    base = palette.color(QPalette.ColorRole.Base)
    amount = _TINT_BY_DEPTH[min(depth, len(_TINT_BY_DEPTH) - 1)]
    if base.lightness() < 128:
        amount += 0.12  # dark palettes need a little more colour to show at all
    return mix(base, average(colours), amount)


@functools.lru_cache(maxsize=512)
def swatch_icon(colour: str, label: str = "", size: int = 32) -> QIcon:
    """A rounded colour square, with a short label (the shortcut digit) in contrasting text.

    Made once per colour, label and size: the Passages and Suggestions trees ask for their
    theme rows' icons at every repaint (QIcon is shared on copy, so one can serve them all).
    """
    ratio = 2.0  # drawn at twice the size so it stays crisp at high DPI
    pixmap = QPixmap(int(size * ratio), int(size * ratio))
    pixmap.setDevicePixelRatio(ratio)
    pixmap.fill(Qt.GlobalColor.transparent)
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QColor(0, 0, 0, 60))
    painter.setBrush(QColor(colour))
    rect = QRectF(1.5, 1.5, size - 3, size - 3)
    painter.drawRoundedRect(rect, size * 0.22, size * 0.22)
    if label:
        font = QFont()
        font.setBold(True)
        font.setPixelSize(int(size * 0.6))
        painter.setFont(font)
        painter.setPen(QColor(text_colour_on(colour)))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
    painter.end()
    return QIcon(pixmap)
