"""The full-text index of a server project: each article's words as a PostgreSQL tsvector.

The same words as a file's FTS5 index and the matcher (`core.folding`: folded text, the same
word characters, each CJK character a word), given to PostgreSQL as they are
(`array_to_tsvector`), so no parser or dictionary of the server's changes them; a GIN index
answers which articles hold them. As in a file, the index only narrows the corpus: the search
checks every candidate itself, and an article with no entry (written by hand with psql, say,
or whose words do not fit a tsvector) is always a candidate.

The search hands the backend its FTS5 expression ("drones" AND ("missil"* OR "uav")); it is
read here into a tsquery of the same meaning.
"""

from __future__ import annotations

import heapq
import re
from typing import Any

from briefing.core.edit import ArticleChange
from briefing.core.folding import WORD, index_text

TABLE = "search_words"
CREATE = f"""
CREATE TABLE {TABLE} (
    article_id bigint PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    words tsvector
);
CREATE INDEX {TABLE}_words ON {TABLE} USING gin (words);
"""
# PostgreSQL's limits: a lexeme under 2 KB, a whole tsvector under 1 MB (with room for the
# positions table it keeps per lexeme).
_MAX_LEXEME_BYTES = 2046
_MAX_VECTOR_BYTES = 900_000
# Above this share of articles not yet indexed, scanning them all is as quick as asking.
_SCAN_SHARE = 0.5

_UNINDEXED = (
    f"SELECT a.id FROM articles a LEFT JOIN {TABLE} s ON s.article_id = a.id"
    " WHERE s.article_id IS NULL ORDER BY a.id"
)
_TOKENS = re.compile(r'\s*(?:"((?:[^"]|"")*)"(\*?)|(\()|(\))|(AND|OR|NOT)\b)')


class ExpressionError(ValueError):
    """An expression the search query language does not make (a bug, not the analyst's)."""


def words_of_article(text: str) -> list[str] | None:
    """The distinct words of an article for its tsvector, or None when they do not fit one
    (the article is then always a candidate)."""
    words = sorted(set(WORD.findall(index_text(text))))
    sizes = [len(w.encode()) for w in words]
    if any(size > _MAX_LEXEME_BYTES for size in sizes) or sum(sizes) > _MAX_VECTOR_BYTES:
        return None
    return words


def follow(cur: Any, change: ArticleChange) -> None:
    """Keep the index in step with one article change (inside the edit's transaction)."""
    before, after = change.before, change.after
    if before is not None and after is not None and before.text == after.text:
        return  # metadata only
    cur.execute(f"DELETE FROM {TABLE} WHERE article_id = %s", (change.id,))
    if after is not None:
        _add(cur, after.id, after.text)


def _add(cur: Any, article_id: int, text: str) -> None:
    cur.execute(
        f"INSERT INTO {TABLE} (article_id, words) VALUES (%s, array_to_tsvector(%s::text[]))",
        (article_id, words_of_article(text)),
    )


def to_tsquery(expression: str) -> str:
    """The FTS5 expression the search builds as a tsquery of the same meaning: "w" -> 'w',
    "w"* -> 'w':*, AND -> &, OR -> |, a NOT b -> a & !b."""
    parts: list[str] = []
    position = 0
    expression = expression.rstrip()
    while position < len(expression):
        match = _TOKENS.match(expression, position)
        if match is None:
            raise ExpressionError(f"not a search expression: {expression[position:]!r}")
        quoted, star, opening, closing, operator = match.groups()
        if quoted is not None:
            words = WORD.findall(quoted.replace('""', '"')) or [quoted]
            lexemes = [_lexeme(w) for w in words]
            if star:
                lexemes[-1] += ":*"
            parts.append(lexemes[0] if len(lexemes) == 1 else "(" + " & ".join(lexemes) + ")")
        elif opening or closing:
            parts.append(opening or closing)
        else:
            parts.append({"AND": "&", "OR": "|", "NOT": "& !"}[operator])
        position = match.end()
    return " ".join(parts)


def _lexeme(word: str) -> str:
    return "'" + word.replace("\\", "\\\\").replace("'", "''") + "'"


def candidates(cur: Any, expression: str) -> list[int] | None:
    """Articles that may match (a superset) in id order, or None: scan them all."""
    unindexed = [row[0] for row in cur.execute(_UNINDEXED).fetchall()]
    articles = cur.execute("SELECT count(*) FROM articles").fetchone()[0]
    if articles and len(unindexed) > articles * _SCAN_SHARE:
        return None
    found = cur.execute(
        f"SELECT article_id FROM {TABLE} WHERE words IS NULL OR words @@ %s::tsquery"
        " ORDER BY article_id",
        (to_tsquery(expression),),
    ).fetchall()
    return list(heapq.merge((row[0] for row in found), unindexed))


def unindexed(cur: Any) -> int:
    return len(cur.execute(_UNINDEXED).fetchall())


def index_more(cur: Any, limit: int) -> int:
    """Index up to `limit` articles it does not hold yet; how many are still to do."""
    ids = [row[0] for row in cur.execute(_UNINDEXED).fetchall()]
    for article_id in ids[:limit]:
        row = cur.execute("SELECT text FROM articles WHERE id = %s", (article_id,)).fetchone()
        if row is not None:
            _add(cur, article_id, row[0])
    return max(0, len(ids) - limit)
