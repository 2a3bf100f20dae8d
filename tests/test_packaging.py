"""Resources and seeds are found from an installed wheel, not only from a checkout."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

PROBE = """
import json, sys
from briefing.core.codebook import default_themes
from briefing.resources import resource, seed_files
print(json.dumps({
    "codebook": str(resource("codebook", "default.json")),
    "themes": [t.name for t in default_themes()],
    "seeds": [f.name for f in seed_files()],
}))
"""


def test_wheel_carries_resources_and_seeds(tmp_path: Path) -> None:
    subprocess.run(
        [sys.executable, "-m", "hatchling", "build", "-t", "wheel", "-d", str(tmp_path / "dist")],
        cwd=ROOT, check=True, capture_output=True,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "briefing/resources/codebook/default.json" in names
    assert "briefing/seeds/nato-warns-iran-ballistic-missiles.txt" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    # Run from an empty folder with only the unpacked wheel on the path, as an installed app.
    env = dict(os.environ, PYTHONPATH=str(site), PYTHONSAFEPATH="1")
    result = subprocess.run(
        [sys.executable, "-c", PROBE], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr

    found = json.loads(result.stdout)
    assert found["codebook"].startswith(str(site))
    assert found["themes"] == ["missiles", "drones", "strategic pact", "de-dollarisation"]
    assert found["seeds"] == [
        "g7-cautions-iran-ballistic-missiles.txt",
        "nato-warns-iran-ballistic-missiles.txt",
    ]
