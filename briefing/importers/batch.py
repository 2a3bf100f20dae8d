"""Import many files into a project: read them (in a worker, if the caller likes), then add
every accepted article in one undoable edit. Refused files and duplicates are reported per file.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from briefing.core.edit import Edit
from briefing.core.project import Project
from briefing.core.records import ImportedArticle
from briefing.core.text import content_hash
from briefing.importers import ImportRefused, read_article

# progress(done, total) -> False to cancel
Progress = Callable[[int, int], bool | None]


@dataclass(frozen=True, slots=True)
class FileOutcome:
    path: Path
    imported: bool
    message: str  # "imported as “Title”" or why the file was skipped


@dataclass
class ImportPlan:
    articles: list[ImportedArticle] = field(default_factory=list)
    outcomes: list[FileOutcome] = field(default_factory=list)
    cancelled: bool = False


def read_files(
    paths: Sequence[Path], known_hashes: set[str], progress: Progress | None = None
) -> ImportPlan:
    """Read files without touching the project, so this can run off the UI thread."""
    plan = ImportPlan()
    seen = set(known_hashes)
    for done, path in enumerate(paths):
        if progress is not None and progress(done, len(paths)) is False:
            plan.cancelled = True
            break
        path = Path(path)
        try:
            article = read_article(path)
        except ImportRefused as refused:
            plan.outcomes.append(FileOutcome(path, False, f"skipped: {refused.reason}"))
            continue
        digest = content_hash(article.text)
        if digest in seen:
            plan.outcomes.append(FileOutcome(path, False, "skipped: already in the project"))
            continue
        seen.add(digest)
        plan.articles.append(article)
        notes = "".join(f"; {note}" for note in article.notes)
        plan.outcomes.append(FileOutcome(path, True, f"imported as “{article.title}”{notes}"))
    if progress is not None and not plan.cancelled:
        progress(len(paths), len(paths))
    return plan


def import_files(
    project: Project, paths: Sequence[Path], progress: Progress | None = None
) -> tuple[Edit, list[FileOutcome]]:
    plan = read_files(paths, {a.content_hash for a in project.articles()}, progress)
    return commit_plan(project, plan), plan.outcomes


def commit_plan(project: Project, plan: ImportPlan) -> Edit:
    """Add the plan's articles in one edit (empty if there are none)."""
    if not plan.articles:
        return Edit("Import", ())
    return project.add_articles(plan.articles)
