"""No dead code: vulture over the package and the benchmarks, with a short allow-list."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_vulture_finds_no_unused_code() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "vulture", "briefing", "benchmarks",
         "tests/dead_code_allowlist.py", "--min-confidence", "60"],
        cwd=ROOT, capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
