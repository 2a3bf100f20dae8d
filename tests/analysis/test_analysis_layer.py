"""The analysis layer imports no Qt and nothing above the core (the CLI and GUI call it)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[2] / "briefing" / "analysis"
ALLOWED = {"core", "analysis"}


def test_analysis_imports_only_the_core_and_no_qt() -> None:
    files = sorted(PACKAGE.rglob("*.py"))
    assert files
    for path in files:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module:
                names = [node.module]
            else:
                continue
            for name in names:
                assert not name.startswith(("PySide6", "shiboken6")), f"{path} imports {name}"
                if name.startswith("briefing."):
                    assert name.split(".")[1] in ALLOWED, f"{path} imports {name}"
