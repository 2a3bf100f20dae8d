"""Regenerate the sample briefings in this folder from the sample project (`seeds/`).

.venv/bin/python docs/examples/make_examples.py
"""

from __future__ import annotations

import tempfile
from datetime import datetime, timedelta, timezone
from pathlib import Path

from briefing.core.project import Project
from briefing.export import OutlineOptions, build_outline, write_briefing
from briefing.export.verify import verify_export
from briefing.importers.sample import create_sample_project

HERE = Path(__file__).resolve().parent
EXPORTED_AT = datetime(2024, 7, 15, 9, 30, tzinfo=timezone(timedelta(hours=1)))

SUMMARY = """\
NATO and the G7 have each warned Iran, within a month of one another, that transferring \
ballistic missiles to Russia would be a substantial escalation and a direct threat to European \
security. Both statements rest on the same Reuters report of February; neither body offers new \
evidence, and Iran denies the transfers.

The planned Iran–Russia comprehensive cooperation agreement has stalled, but both sides say \
they want to continue. Their move away from the US dollar in bilateral trade is, for now, more \
symbolic than economic."""

# (article title fragment, quote, themes, note)
PASSAGES = [
    ("G7", "Leaders of the Group of Seven issued a warning to Iran against supplying Russia "
     "with ballistic missiles", ["missiles"], "The G7 statement of 14 June precedes NATO's by "
     "almost a month."),
    ("G7", "\"We urge Iran to cease its support for Russia's war in Ukraine and to refrain from "
     "transferring ballistic missiles and related technologies, as this would constitute a "
     "significant escalation and a direct threat to European security,\" said the G7.",
     ["missiles"], ""),
    ("G7", "In February, Reuters reported that Iran had supplied Russia with “a large number of "
     "powerful surface-to-surface ballistic missiles.”", ["missiles"], "Both articles rest "
     "on this one Reuters report: two reports, one origin."),
    ("G7", "Iran has already provided Russia with hundreds of kamikaze drones, and there are "
     "unofficial reports suggesting Tehran might be considering supplying missiles as well.",
     ["drones", "missiles"], "Drone deliveries are treated as established; the missile "
     "transfer is not."),
    ("G7", "the Russian side announced on Wednesday that the process was stalled due to "
     "“issues faced by our Iranian partners.”", ["strategic pact"], "Moscow, not Tehran, "
     "announced the delay."),
    ("G7", "both sides expressed their interest in continuing the development of "
     "Russian-Iranian cooperation, particularly in joint energy and transport projects.",
     ["strategic pact"], ""),
    ("G7", "In December, the two countries agreed to eliminate the use of the US dollar in their "
     "bilateral trade", ["de-dollarisation"], "Same fact as in the NATO article, with the "
     "same \"new chapter\" quote: probably one origin."),
    ("NATO", "calling it a significant \"escalation\" in Tehran's support for the Russian "
     "aggression against Ukraine", ["missiles"], ""),
    ("NATO", "providing direct military support to Russia, such as munitions and uncrewed "
     "aerial vehicles (UAVs), which seriously impacts Euro-Atlantic security",
     ["drones"], "Quoted from the Washington summit declaration."),
    ("NATO", "Recent satellite imagery published by Reuters showed major expansions at two key "
     "Iranian ballistic missile facilities", ["missiles"], "The only new evidence in either "
     "article; worth obtaining the imagery."),
    ("NATO", "Iran denied providing the weapons, and the US said it could not confirm the "
     "transfers", ["missiles"], ""),
    ("NATO", "The two countries reached an agreement in December to eliminate the use of the US "
     "dollar in bilateral trade", ["de-dollarisation", "strategic pact"], ""),
    ("NATO", "the move has more of a symbolic significance than a real economic act.",
     ["de-dollarisation"], "Both outlets make the same judgement."),
]  # fmt: skip


# Admiralty grades: source reliability per article, information credibility per passage.
RELIABILITY = {"G7": "C", "NATO": "B"}
CREDIBILITY = {  # quote start -> grade
    "Iran has already provided Russia with hundreds of kamikaze drones": 2,
    "Recent satellite imagery published by Reuters": 3,
    "In February, Reuters reported": 3,
    "Iran denied providing the weapons": 1,
}
# (passage quote start, corroborating article, corroborating quote)
CORROBORATIONS = [
    ("Iran has already provided Russia with hundreds of kamikaze drones", "NATO",
     "Iran has supplied Russia with hundreds of kamikaze drones"),
    ("In February, Reuters reported", "NATO",
     "In February, Reuters reported that Iran had provided Russia with “a large number of "
     "powerful surface-to-surface ballistic missiles”"),
]  # fmt: skip


def tag_sample(project: Project) -> None:
    """The sample passages, notes, grades, corroborations and briefing settings."""
    project.update_settings(
        analyst="J. Doe, Eastern Europe desk",
        handling="OFFICIAL – FOR INTERNAL USE ONLY",
        summary=SUMMARY,
    )
    for fragment, quote, themes, note in PASSAGES:
        article = project.find_article(fragment)
        start = article.text.index(quote)
        theme_ids = [project.theme_named(name).id for name in themes]
        grade = next((g for q, g in CREDIBILITY.items() if quote.startswith(q)), 6)
        project.tag(article.id, start, start + len(quote), theme_ids, note, grade)
    for fragment, grade in RELIABILITY.items():
        project.set_reliability(project.find_article(fragment).id, grade)
    for quote_start, fragment, other in CORROBORATIONS:
        passage = next(p for p in project.passages() if p.quote.startswith(quote_start))
        article = project.find_article(fragment)
        start = article.text.index(other)
        project.corroborate(passage.id, article.id, start, start + len(other))


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        project_file = create_sample_project(Path(folder) / "sample.briefing")
        project = project_file.project
        tag_sample(project)
        outline = build_outline(project, OutlineOptions(), exported_at=EXPORTED_AT)
        for fmt in ("docx", "md"):
            path = write_briefing(outline, HERE / f"sample-briefing.{fmt}", fmt)
            print(verify_export(project, path).render())
        project_file.close()


if __name__ == "__main__":
    main()
