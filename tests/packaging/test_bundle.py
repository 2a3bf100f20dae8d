"""The PyInstaller bundle builds, stays lean, and starts headless on the sample project.

Marked `bundle`: it builds with packaging/build.sh (about a minute) unless dist/ already holds
a build newer than every source. `.ci/run` runs it; skip it locally with
`-m "not slow and not bundle"` or BRIEFING_SKIP_BUNDLE=1.
"""

from __future__ import annotations

import fcntl
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

pytestmark = pytest.mark.bundle

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "dist" / "briefing-builder"
EXECUTABLE = BUNDLE / "briefing-builder"
INTERNAL = BUNDLE / "_internal"
SIZE_LIMIT = 200 * 1024 * 1024  # 140 MiB at the time of writing; a jump means a leak
# What the bundle is built from: a build older than any of these is rebuilt.
SOURCES = ["briefing", "resources", "seeds", "pyproject.toml", "packaging"]


def newest_source() -> float:
    stamps = []
    for name in SOURCES:
        path = ROOT / name
        files = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
        stamps += [p.stat().st_mtime for p in files if "__pycache__" not in p.parts]
    return max(stamps)


def self_test_in_source() -> bool:
    app = ROOT / "briefing" / "gui" / "app.py"
    return app.is_file() and "--self-test" in app.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def bundle() -> Iterator[Path]:
    if os.environ.get("BRIEFING_SKIP_BUNDLE"):
        pytest.skip("BRIEFING_SKIP_BUNDLE is set")
    if not (ROOT / ".venv" / "bin" / "python").is_file():
        # packaging/build.sh builds from the checkout's .venv, which packaging/dev.sh makes.
        pytest.skip("no .venv in the checkout: run the suite with `bash packaging/dev.sh test`")
    lock_path = ROOT / "build" / ".bundle.lock"
    lock_path.parent.mkdir(exist_ok=True)
    # Other checkouts' test runs may build at the same moment: one build at a time.
    with lock_path.open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        fresh = EXECUTABLE.is_file() and EXECUTABLE.stat().st_mtime > newest_source()
        if not fresh:
            started = time.monotonic()
            result = subprocess.run(
                ["bash", str(ROOT / "packaging" / "build.sh")],
                cwd=ROOT, capture_output=True, text=True, timeout=1800,
            )  # fmt: skip
            assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
            print(f"\nbuilt the bundle in {time.monotonic() - started:.0f} s")
        yield BUNDLE


def headless_env(home: Path) -> dict[str, str]:
    """A clean environment: no virtualenv, no checkout on the path, empty user folders."""
    home.mkdir(parents=True)
    env = {
        "PATH": "/usr/bin:/bin",
        "HOME": str(home),
        "LANG": "C.UTF-8",
        "QT_QPA_PLATFORM": "offscreen",
    }
    for variable, folder in [
        ("XDG_DATA_HOME", "data"),
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
        ("XDG_RUNTIME_DIR", "runtime"),
    ]:
        (home / folder).mkdir(mode=0o700)
        env[variable] = str(home / folder)
    return env


def test_bundle_self_test_opens_the_sample_project(bundle: Path, tmp_path: Path) -> None:
    if not self_test_in_source():
        pytest.skip("briefing-builder has no --self-test flag yet (briefing/gui/app.py)")
    env = headless_env(tmp_path / "home")
    helped = subprocess.run(
        [str(EXECUTABLE), "--help"], env=env, cwd=tmp_path, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    if "--self-test" not in helped.stdout:
        pytest.skip("the built briefing-builder does not offer --self-test yet")
    started = time.monotonic()
    result = subprocess.run(
        [str(EXECUTABLE), "--self-test"], env=env, cwd=tmp_path, capture_output=True, text=True,
        timeout=120,
    )  # fmt: skip
    elapsed = time.monotonic() - started
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Traceback" not in result.stderr, result.stderr
    lines = result.stdout.strip().splitlines()
    assert len(lines) == 1 and lines[0].strip(), result.stdout
    print(f"\nself-test in {elapsed:.1f} s: {lines[0]}")


def test_bundle_carries_resources_and_its_version(bundle: Path, tmp_path: Path) -> None:
    packaged = INTERNAL / "briefing"
    assert (packaged / "resources" / "codebook" / "default.json").is_file()
    assert (packaged / "resources" / "app" / "briefing-builder.svg").is_file()
    assert (packaged / "resources" / "app" / "hicolor" / "48x48" / "apps").is_dir()
    assert sorted(p.name for p in (packaged / "seeds").glob("*.txt")) == sorted(
        p.name for p in (ROOT / "seeds").glob("*.txt")
    )
    share = BUNDLE / "share"
    assert (share / "applications" / "io.github.briefingbuilder.BriefingBuilder.desktop").is_file()
    result = subprocess.run(
        [str(EXECUTABLE), "--version"], env=headless_env(tmp_path / "home"), cwd=tmp_path,
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    assert result.stdout.strip() == version  # read from the bundled package metadata


def test_bundle_carries_pdfium(bundle: Path) -> None:
    """PDF import needs pdfium's native library; the self-test above loads it (importing the
    importers imports pypdfium2, which opens the library at once)."""
    libraries = [p.name for p in (INTERNAL / "pypdfium2_raw").iterdir()]
    assert any(name.startswith(("libpdfium", "pdfium")) for name in libraries), libraries
    assert (INTERNAL / "pypdfium2_raw" / "version.json").is_file()


def test_bundle_is_lean(bundle: Path) -> None:
    modules = {p.name.split(".")[0] for p in (INTERNAL / "PySide6").glob("Qt*.so")}
    assert modules <= {"QtCore", "QtGui", "QtWidgets", "QtSvg"}, modules
    libraries = {p.name for p in (INTERNAL / "PySide6" / "Qt" / "lib").iterdir()}
    unwanted = ("Qt6Quick", "Qt6Qml", "Qt6Network", "Qt6Pdf", "Qt6Sql", "Qt6WebEngine")
    assert not [name for name in libraries if name.removeprefix("lib").startswith(unwanted)]
    assert not list(INTERNAL.rglob("*tkinter*"))
    size = sum(p.stat().st_size for p in BUNDLE.rglob("*") if p.is_file() and not p.is_symlink())
    print(f"\nbundle size: {size / 1024 / 1024:.0f} MiB")
    assert size < SIZE_LIMIT
