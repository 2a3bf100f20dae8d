"""The sample exports in docs/examples/ are current: they verify clean against the sample
project tagged as docs/examples/make_examples.py tags it, grades included."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from briefing.export.verify import verify_export
from briefing.importers.sample import create_sample_project

EXAMPLES = Path(__file__).resolve().parents[2] / "docs" / "examples"


def load_maker():  # type: ignore[no-untyped-def]
    spec = importlib.util.spec_from_file_location("make_examples", EXAMPLES / "make_examples.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("name", ["sample-briefing.docx", "sample-briefing.md"])
def test_committed_examples_verify_clean(tmp_path: Path, name: str) -> None:
    project_file = create_sample_project(tmp_path / "sample.briefing")
    load_maker().tag_sample(project_file.project)
    report = verify_export(project_file.project, EXAMPLES / name)
    assert report.ok, report.render()
    assert report.checked >= 15
    text = (EXAMPLES / "sample-briefing.md").read_text(encoding="utf-8")
    assert "\\[1, C2\\]" in text and "1 independent origin: Reuters" in text
