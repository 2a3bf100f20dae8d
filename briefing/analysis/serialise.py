"""The JSON shapes of `briefing suggest --json` and `briefing corroborate --json`.

These shapes are documented for scripts, so they change only by adding keys:

    {"suggestions": [{"id", "article_id", "start", "end", "text", "theme", "matched": [...]}]}
    {"clusters": [{"members": [{"article_id", "start", "end", "text", "origin"}],
                   "origins": [...], "reports": int, "independent_origins": int}]}
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from briefing.analysis.corroboration import Cluster, independent_origins
from briefing.analysis.suggestions import Suggestion
from briefing.core.project import Project


def suggestions_to_json(project: Project, suggestions: Iterable[Suggestion]) -> dict[str, Any]:
    names = {t.id: t.name for t in project.themes()}
    return {
        "suggestions": [
            {
                "id": s.id,
                "article_id": s.article_id,
                "start": s.start,
                "end": s.end,
                "text": s.text,
                "theme": names.get(s.theme_id, str(s.theme_id)),
                "matched": list(s.matched),
            }
            for s in suggestions
        ]
    }


def clusters_to_json(clusters: Iterable[Cluster]) -> dict[str, Any]:
    return {
        "clusters": [
            {
                "members": [
                    {
                        "article_id": m.article_id,
                        "start": m.start,
                        "end": m.end,
                        "text": m.text,
                        "origin": m.origin,
                    }
                    for m in cluster.members
                ],
                "origins": list(cluster.origins),
                "reports": cluster.reports,
                "independent_origins": independent_origins(cluster),
            }
            for cluster in clusters
        ]
    }
