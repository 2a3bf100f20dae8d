"""The layering rule: the non-GUI packages never import Qt, and lower layers never import higher."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "briefing"
# Each layer may import only itself and the layers before it.
LAYERS = {
    "core": {"core"},
    "store": {"core", "store", "importers"},
    "importers": {"core", "store", "importers"},
    "analysis": {"core", "analysis"},
    "export": {"core", "store", "importers", "analysis", "export"},
}


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


@pytest.mark.parametrize("layer", sorted(LAYERS))
def test_layer_imports(layer: str) -> None:
    files = sorted((PACKAGE / layer).rglob("*.py"))
    assert files, f"briefing/{layer} has no modules"
    for path in files:
        for module in imported_modules(path):
            assert not module.startswith(("PySide6", "shiboken6")), f"{path} imports {module}"
            if module.startswith("briefing."):
                part = module.split(".")[1]
                if part in LAYERS or part in ("gui", "cli"):
                    assert part in LAYERS[layer], f"{path} imports {module}"
