"""Desktop integration files: valid for the freedesktop tools, and one application id everywhere.

The validators come from Debian packages (desktop-file-utils, appstream, shared-mime-info);
a test skips, saying which package to install, only when its tool is missing.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from configparser import ConfigParser
from pathlib import Path

import pytest
from lxml import etree

from briefing.store import create_project, schema

ROOT = Path(__file__).resolve().parents[2]
LINUX = ROOT / "packaging" / "linux"
APP_ID = "io.github.briefingbuilder.BriefingBuilder"
DESKTOP = LINUX / f"{APP_ID}.desktop"
METAINFO = LINUX / f"{APP_ID}.metainfo.xml"
MIME = LINUX / "briefing-builder-mime.xml"
MIME_NS = {"m": "http://www.freedesktop.org/standards/shared-mime-info"}
PROJECT_TYPE = "application/x-briefing-project"


def tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} not installed (Debian package {package})")
    return path


def run(*command: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(command, capture_output=True, text=True, timeout=60, env=env)


def desktop_entry() -> dict[str, str]:
    parser = ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str  # keys are case-sensitive
    parser.read(DESKTOP, encoding="utf-8")
    return dict(parser["Desktop Entry"])


def test_desktop_file_validates() -> None:
    result = run(tool("desktop-file-validate", "desktop-file-utils"), str(DESKTOP))
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout + result.stderr


def test_metainfo_validates() -> None:
    command = tool("appstreamcli", "appstream")
    result = run(command, "validate", "--no-net", "--explain", str(METAINFO))
    assert result.returncode == 0, result.stdout + result.stderr
    # Warnings fail too; "pedantic" notes (such as capitals in the id) are only advice.
    assert not re.search(r"^[WE]: ", result.stdout, re.MULTILINE), result.stdout


def test_mime_type_is_accepted_by_update_mime_database(tmp_path: Path) -> None:
    command = tool("update-mime-database", "shared-mime-info")
    packages = tmp_path / "mime" / "packages"
    packages.mkdir(parents=True)
    shutil.copyfile(MIME, packages / f"{APP_ID}.xml")
    # The database in XDG_DATA_HOME, so the tool does not warn that nothing would read it; any
    # other output is a complaint about the file.
    env = dict(os.environ, XDG_DATA_HOME=str(tmp_path))
    result = run(command, str(tmp_path / "mime"), env=env)
    assert result.returncode == 0 and not result.stderr.strip(), result.stderr
    assert f"{PROJECT_TYPE}:*.briefing" in (tmp_path / "mime" / "globs2").read_text()
    subclasses = (tmp_path / "mime" / "subclasses").read_text()
    assert f"{PROJECT_TYPE} application/vnd.sqlite3" in subclasses
    assert (tmp_path / "mime" / "application" / "x-briefing-project.xml").is_file()


def test_mime_magic_matches_a_real_project(tmp_path: Path) -> None:
    """The magic rule (SQLite header, then our application_id at offset 68) fits real files."""
    mime = etree.parse(str(MIME))
    outer = mime.find("m:mime-type/m:magic/m:match", MIME_NS)
    inner = outer.find("m:match", MIME_NS)
    project_file = create_project(tmp_path / "p.briefing")
    project_file.close()
    header = (tmp_path / "p.briefing").read_bytes()[:72]
    assert header.startswith(outer.get("value").encode("ascii"))
    assert (inner.get("type"), int(inner.get("offset"))) == ("big32", 68)
    assert int.from_bytes(header[68:72], "big") == int(inner.get("value"), 16)
    assert int(inner.get("value"), 16) == schema.APPLICATION_ID


def test_one_application_id_everywhere() -> None:
    entry = desktop_entry()
    assert entry["Icon"] == APP_ID
    assert entry["Exec"] == "briefing-builder %F"
    mime_types = entry["MimeType"].rstrip(";").split(";")
    assert mime_types[0] == PROJECT_TYPE
    assert {"text/plain", "text/markdown", "text/html"} <= set(mime_types)

    component = etree.parse(str(METAINFO)).getroot()
    assert component.findtext("id") == APP_ID
    assert component.findtext("launchable[@type='desktop-id']") == DESKTOP.name
    assert component.findtext("icon[@type='stock']") == APP_ID

    project_type = etree.parse(str(MIME)).find("m:mime-type", MIME_NS)
    assert project_type.get("type") == PROJECT_TYPE
    assert project_type.find("m:glob", MIME_NS).get("pattern") == "*.briefing"

    for script in ("make_icons.py", "build.sh", "briefing-builder.spec", "linux/install.sh"):
        assert APP_ID in (ROOT / "packaging" / script).read_text(encoding="utf-8"), script


def test_the_metainfo_release_is_the_package_version() -> None:
    import tomllib

    version = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"][
        "version"
    ]
    releases = etree.parse(str(METAINFO)).getroot().findall("releases/release")
    assert releases and releases[0].get("version") == version, "add a <release> to the metainfo"


def test_the_gui_tells_wayland_the_application_id() -> None:
    """Wayland finds the window's icon through the desktop file name: it must be the app id."""
    sources = "\n".join(p.read_text(encoding="utf-8") for p in (ROOT / "briefing").rglob("*.py"))
    if APP_ID not in sources:
        pytest.skip(f"the GUI does not use the application id {APP_ID} yet")
    calls = re.findall(r"setDesktopFileName\(([^)]*)\)", sources)
    assert all(APP_ID in call or "APP_ID" in call for call in calls), calls
    assert APP_ID in sources
