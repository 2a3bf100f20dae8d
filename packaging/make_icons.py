"""Render the app icon's PNG sizes from its SVG source, in a freedesktop hicolor layout.

    python packaging/make_icons.py OUTPUT_DIR

writes OUTPUT_DIR/hicolor/NxN/apps/APP_ID.png for each size and hicolor/scalable/apps/APP_ID.svg.
Qt's own SVG renderer (QtSvg, part of PySide6-Essentials) draws them, so the build needs no
extra tool; the icon sticks to plain shapes, which every SVG renderer draws alike.
"""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtGui import QImage, QPainter
from PySide6.QtSvg import QSvgRenderer

APP_ID = "io.github.briefingbuilder.BriefingBuilder"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)
SOURCE = Path(__file__).resolve().parent.parent / "resources" / "app" / "briefing-builder.svg"


def render(source: Path, output: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    renderer = QSvgRenderer(str(source))
    if not renderer.isValid():
        raise SystemExit(f"{source}: not an SVG Qt can draw")
    written = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = output / "hicolor" / f"{size}x{size}" / "apps" / f"{APP_ID}.png"
        target.parent.mkdir(parents=True, exist_ok=True)
        if not image.save(str(target), "PNG"):
            raise SystemExit(f"{target}: could not be written")
        written.append(target)
    scalable = output / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg"
    scalable.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, scalable)
    return [*written, scalable]


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__.strip().splitlines()[2].strip(), file=sys.stderr)
        return 2
    for path in render(SOURCE, Path(argv[0])):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
