"""Projects to export: the two sample articles tagged in all four themes, and hostile text."""

from __future__ import annotations

from datetime import UTC, datetime

from briefing.core.codebook import default_themes
from briefing.core.project import Project
from briefing.core.records import Article, BriefingSettings

EXPORTED_AT = datetime(2024, 7, 15, 9, 30, tzinfo=UTC)

# (title fragment, quote, themes, note); passage 3 carries two themes.
SAMPLE_PASSAGES = [
    ("G7", "Leaders of the Group of Seven issued a warning to Iran", ["missiles"],
     "G7 first, in June."),
    ("G7", "Iran has already provided Russia with hundreds of kamikaze drones", ["drones"], ""),
    ("G7", "In December, the two countries agreed to eliminate the use of the US dollar",
     ["de-dollarisation", "strategic pact"], "Symbolic more than economic."),
    ("G7", "the process was stalled due to", ["strategic pact"], ""),
    ("NATO", "warned Iran against sending ballistic missiles to Russia", ["missiles"],
     "NATO repeats the G7 warning."),
    ("NATO", "uncrewed aerial vehicles (UAVs)", ["drones", "missiles"], ""),
]  # fmt: skip

HOSTILE = (
    "*not bold* # not a heading <script>alert('x')</script> a | b | c "
    "`not code` [link](x) snake_case_name __init__ ~~no strike~~ AT&T &amp; \\ back"
)


def tag_samples(project: Project) -> None:
    project.update_settings(
        analyst="J. Doe",
        handling="OFFICIAL – FOR INTERNAL USE",
        summary="First paragraph of the summary.\n\nSecond paragraph.",
    )
    for fragment, quote, themes, note in SAMPLE_PASSAGES:
        article = project.find_article(fragment)
        start = article.text.index(quote)
        ids = [project.theme_named(name).id for name in themes]
        project.tag(article.id, start, start + len(quote), ids, note=note)


def hostile_project(quote_lines: list[str] | None = None, note: str = HOSTILE) -> Project:
    """An in-memory project whose every user text is hostile to Markdown and XML."""
    lines = quote_lines or [HOSTILE, "> leading quote marker", "# leading hash", "1. numbered"]
    text = "Intro.\n\n" + "\n".join(lines) + "\n\nOutro."
    themes = default_themes()
    article = Article(
        id=1, title="Title with *stars* <b>and</b> | pipes", text=text, outlet="Out_let",
        author="A. <Author>", published="2024-06-14", source_file="weird[1].txt",
    )  # fmt: skip
    project = Project(
        articles=[article],
        themes=themes,
        settings=BriefingSettings(
            title="# Briefing *title*", analyst="<i>me</i>", handling="SECRET | NOFORN",
            summary="Summary with <script>bad()</script> and _under_.",
        ),
    )  # fmt: skip
    start = text.index(lines[0])
    end = text.index("\n\nOutro")
    project.tag(1, start, end, [themes[0].id, themes[1].id], note=note)
    return project
