"""The app icon: an SVG source that Qt can draw, rendered to every hicolor size by the build."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from PySide6.QtGui import QImage

ROOT = Path(__file__).resolve().parents[2]
SVG = ROOT / "resources" / "app" / "briefing-builder.svg"
APP_ID = "io.github.briefingbuilder.BriefingBuilder"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def test_build_renders_every_icon_size(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, str(ROOT / "packaging" / "make_icons.py"), str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    hicolor = tmp_path / "hicolor"
    for size in SIZES:
        image = QImage(str(hicolor / f"{size}x{size}" / "apps" / f"{APP_ID}.png"))
        assert (image.width(), image.height()) == (size, size)
        # Drawn, not blank: the page's middle is opaque and a corner stays transparent.
        assert image.pixelColor(size // 2, size // 2).alpha() == 255
        assert image.pixelColor(0, 0).alpha() == 0
    scalable = hicolor / "scalable" / "apps" / f"{APP_ID}.svg"
    assert scalable.read_bytes() == SVG.read_bytes()


def test_icon_uses_the_theme_palette() -> None:
    text = SVG.read_text(encoding="utf-8")
    for colour in ("#D55E00", "#0072B2", "#009E73", "#E69F00"):
        assert colour in text
