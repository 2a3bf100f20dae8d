"""Find the files shipped beside the code: `resources/` and `seeds/`.

A wheel carries them inside the package (hatchling force-include puts them in
`briefing/resources` and `briefing/seeds`); a checkout or an editable install has them at
the top of the repository. This is the one place that knows both.
"""

from __future__ import annotations

from importlib.resources import files
from importlib.resources.abc import Traversable
from pathlib import Path

_CHECKOUT_ROOT = Path(__file__).resolve().parent.parent


def _folder(name: str) -> Traversable:
    packaged = files("briefing").joinpath(name)
    if packaged.is_dir():
        return packaged
    return _CHECKOUT_ROOT / name


def resource(*parts: str) -> Traversable:
    """A file below `resources/`, e.g. ``resource("codebook", "default.json")``."""
    return _folder("resources").joinpath(*parts)


def seed_files() -> list[Traversable]:
    """The sample articles, in name order."""
    folder = _folder("seeds")
    return sorted((f for f in folder.iterdir() if f.name.endswith(".txt")), key=lambda f: f.name)
