"""Tagging rules the GUI and the CLI share: one passage per span, and many spans in one edit.

- A passage is made over verbatim text: `new_passage` checks the span, the themes and the
  grades, and keeps the quote with its surroundings.
- Tagging a span that a passage already covers exactly adds the themes to that passage
  instead of making a second passage over the same words (`tag_or_add`).
- Tagging many spans (accepting every suggestion of a theme, tagging every search hit) is one
  edit, stored in one transaction and undone in one step, and refused whole if one span is
  bad (`tag_many`). A span already tagged with its themes, or lying inside a passage that
  has them, is skipped and counted.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from briefing.core.edit import Edit, Kind, PassageChange
from briefing.core.errors import ProjectError
from briefing.core.grading import DEFAULT_CREDIBILITY, is_credibility
from briefing.core.records import Passage, now
from briefing.core.text import quote_selector

if TYPE_CHECKING:
    from briefing.core.project import Project


@dataclass(frozen=True, slots=True)
class SpanToTag:
    """Text of an article to tag: text[start:end], in code points."""

    article_id: int
    start: int
    end: int
    theme_ids: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class Tagged:
    """What `tag_many` did: one edit, and how many spans it tagged each way."""

    edit: Edit
    created: int  # new passages
    extended: int  # passages over the very same span that got another theme
    skipped: int  # spans already tagged with their themes

    def summary(self, theme_names: str) -> str:
        """ "Tagged 3 passages as drones (1 already tagged)" for the status bar and the CLI."""
        count = self.created + self.extended
        noun = "passage" if count == 1 else "passages"
        skipped = f" ({self.skipped} already tagged)" if self.skipped else ""
        return f"Tagged {count} {noun} as {theme_names}{skipped}"


def check_credibility(grade: int) -> None:
    if not is_credibility(grade):
        raise ProjectError(f"Credibility is a grade from 1 to 6, not “{grade}”")


def new_passage(
    project: Project,
    passage_id: int,
    span: SpanToTag,
    note: str = "",
    credibility: int = DEFAULT_CREDIBILITY,
    corroborates: int | None = None,
) -> Passage:
    """A passage over the span, checked: raises ProjectError for what a user can get wrong."""
    article = project.article(span.article_id)
    check_credibility(credibility)
    if corroborates is not None:
        project.passage(corroborates)
    start, end = span.start, span.end
    if not 0 <= start < end <= len(article.text):
        size = len(article.text)
        raise ProjectError(f"Selection {start}-{end} is outside the article (0-{size})")
    if not article.text[start:end].strip():
        raise ProjectError("Select some text to tag, not only blank space")
    themes = check_theme_ids(project, span.theme_ids)
    selector = quote_selector(article.text, start, end)
    stamp, analyst = now(), project.analyst
    return Passage(
        id=passage_id, article_id=article.id, start=start, end=end, quote=selector.exact,
        theme_ids=themes, note=note, prefix=selector.prefix, suffix=selector.suffix,
        created=stamp, updated=stamp, credibility=credibility, corroborates=corroborates,
        created_by=analyst, updated_by=analyst,
    )  # fmt: skip


def check_theme_ids(project: Project, theme_ids: Sequence[int]) -> tuple[int, ...]:
    themes = tuple(dict.fromkeys(theme_ids))
    if not themes:
        raise ProjectError("Choose at least one theme")
    for theme_id in themes:
        project.theme(theme_id)
    return themes


def tag_or_add(
    project: Project,
    span: SpanToTag,
    note: str = "",
    credibility: int = DEFAULT_CREDIBILITY,
) -> Edit:
    """Tag the span; if a passage spans exactly that text, add the themes to it instead.

    On an existing passage a note or a grade given here replaces its own. Raises
    ProjectError when the passage already has all the themes and nothing else changes.
    """
    existing = project.passage_at(span.article_id, span.start, span.end)
    if existing is None:
        return project.tag(span.article_id, span.start, span.end, span.theme_ids, note, credibility)
    themes = check_theme_ids(project, span.theme_ids)
    check_credibility(credibility)
    added = [t for t in themes if t not in existing.theme_ids]
    changed = dataclasses.replace(
        existing,
        theme_ids=existing.theme_ids + tuple(added),
        note=note or existing.note,
        credibility=credibility if credibility != DEFAULT_CREDIBILITY else existing.credibility,
    )
    names = ", ".join(project.theme(t).name for t in added or themes)
    if changed == existing:
        raise ProjectError(f"That passage is already tagged as {names}")
    changed = dataclasses.replace(changed, updated=now(), updated_by=project.analyst)
    change = PassageChange(existing.id, existing, changed)
    return project.apply(Edit(f"Tag passage as {names}", (change,)))


def tag_many(project: Project, spans: Sequence[SpanToTag], description: str) -> Tagged:
    """Tag every span in one edit and one transaction; nothing is stored if a span is bad.

    Each span follows `tag_or_add`'s rule, counting the spans earlier in the batch too; a
    span lying inside a passage that already has its themes is skipped.
    """
    made: dict[tuple[int, int, int], Passage] = {}  # (article, start, end) -> passage now
    stored: dict[int, Passage] = {}  # id -> as stored, for the stored passages changed
    first_new = next_id = project.next_id(Kind.PASSAGE, max(1, len(spans)))
    skipped = 0
    for span in spans:
        key = (span.article_id, span.start, span.end)
        themes = check_theme_ids(project, span.theme_ids)
        current = made.get(key) or project.passage_at(*key)
        if current is None:
            if _inside_tagged(project, made, span, themes):
                skipped += 1
                continue
            made[key] = new_passage(project, next_id, span)
            next_id += 1
            continue
        added = tuple(t for t in themes if t not in current.theme_ids)
        if not added:
            skipped += 1
            continue
        if current.id < first_new:
            stored.setdefault(current.id, current)
        made[key] = dataclasses.replace(
            current, theme_ids=current.theme_ids + added, updated_by=project.analyst
        )
    changes = tuple(PassageChange(p.id, stored.get(p.id), p) for p in made.values())
    edit = project.apply(Edit(description, changes))
    return Tagged(edit, next_id - first_new, len(stored), skipped)


def _inside_tagged(
    project: Project,
    made: dict[tuple[int, int, int], Passage],
    span: SpanToTag,
    themes: tuple[int, ...],
) -> bool:
    """Whether a passage (stored, or made earlier in the batch) holds the span and its themes."""
    wanted = set(themes)
    stored = project.passages_of(span.article_id)
    batch = (p for p in made.values() if p.article_id == span.article_id)
    for passage in (*stored, *batch):
        if passage.start <= span.start and span.end <= passage.end:
            if wanted <= set(passage.theme_ids):
                return True
    return False
