"""The corpus search query language, parsed once into what the index and the matcher need.

    drones missiles        both words must occur in the article; every occurrence is a hit
    "ballistic missiles"   an exact phrase (words in this order, only spaces or punctuation
                           between them)
    drones OR UAVs         either (OR binds the terms on each side of it)
    -Ukraine               articles that mention Ukraine are left out
    missil*                words that start with "missil"

Case, accents and character width never matter ("cafe" finds "Café"); spelling does
("defence" does not find "defense": ask for `defence OR defense`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import regex

from briefing.core.folding import CJK, WORD_CHARACTER, words_of

HELP = (
    'Words must all occur; "exact phrase"; a OR b; -word leaves articles out; prefix*. '
    "Case and accents do not matter."
)
MAX_QUERY_CHARS = 1_000
MAX_TERMS = 64

WORD_CHARS = WORD_CHARACTER
_NOT_WORD = rf"(?:(?!{WORD_CHARS}|[{CJK}]).)"
_BETWEEN, _BETWEEN_CJK = f"{_NOT_WORD}+?", f"{_NOT_WORD}*?"
_QUERY_PARTS = re.compile(r'\s*(-?)"([^"]*)"(\*?)|\s*(\S+)')


class QueryError(ValueError):
    """A query the search cannot run; the message says how to fix it."""


@dataclass(frozen=True, slots=True)
class Term:
    words: tuple[str, ...]  # folded words, in order (one for a plain word)
    prefix: bool = False  # the last word is a prefix ("missil*")
    negative: bool = False
    # `pattern()` compiled, once: a search looks for the term in article after article.
    matcher: regex.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "matcher", _compile(self.pattern()))

    def pattern(self) -> str:
        """A regular expression for this term over folded text, whole words only."""
        joined = ""
        for index, word in enumerate(self.words):
            if index:
                # Spaces or punctuation between words; CJK words may stand side by side.
                cjk = _is_cjk(self.words[index - 1][-1]) or _is_cjk(word[0])
                joined += _BETWEEN_CJK if cjk else _BETWEEN
            last = index == len(self.words) - 1
            joined += regex.escape(word) + (rf"(?:{WORD_CHARS})*" if last and self.prefix else "")
        before = "" if _is_cjk(self.words[0][0]) else rf"(?<!{WORD_CHARS})"
        after = "" if (self.prefix or _is_cjk(self.words[-1][-1])) else rf"(?!{WORD_CHARS})"
        return f"{before}(?:{joined}){after}"

    def fts(self) -> str:
        """This term for the index, which knows which words an article has, not where: a
        phrase asks for all its words (the matcher then checks they stand together)."""
        quoted = [f'"{w}"' for w in self.words]
        if self.prefix:
            quoted[-1] += "*"
        return quoted[0] if len(quoted) == 1 else "(" + " AND ".join(quoted) + ")"


@dataclass(frozen=True, slots=True)
class Clause:
    """Terms joined by OR: the article must have one of them."""

    alternatives: tuple[Term, ...]


@dataclass(frozen=True, slots=True)
class Query:
    text: str
    clauses: tuple[Clause, ...]  # all must match
    excluded: tuple[Term, ...]  # none may occur
    # Any of the terms looked for: each match is a hit (compiled once, as each term is).
    hit_pattern: regex.Pattern[str] = field(init=False, compare=False, repr=False)

    def __post_init__(self) -> None:
        terms = "|".join(t.pattern() for c in self.clauses for t in c.alternatives)
        object.__setattr__(self, "hit_pattern", _compile(terms))

    def fts(self) -> str:
        """The query for the full-text index: candidates, a superset of the articles that match."""
        positive = ["(" + " OR ".join(t.fts() for t in c.alternatives) + ")" for c in self.clauses]
        expression = " AND ".join(positive)
        for term in self.excluded:
            if len(term.words) == 1:  # a phrase's words may occur apart: checked by the matcher
                expression += f" NOT {term.fts()}"
        return expression


def parse_query(text: str) -> Query:
    """Parse what the analyst typed; `QueryError` says what is wrong with it."""
    if len(text) > MAX_QUERY_CHARS:
        raise QueryError(f"The search is too long (at most {MAX_QUERY_CHARS:,} characters)")
    if text.count('"') % 2:
        raise QueryError('A phrase is missing its closing quotation mark (")')
    groups: list[list[Term]] = []
    excluded: list[Term] = []
    joining = False  # the last part was OR
    for match in _QUERY_PARTS.finditer(text):
        negative, phrase, star, bare = match.groups()
        if bare == "OR":
            if not groups or joining:
                raise QueryError("OR needs a word on each side, as in: drones OR UAVs")
            joining = True
            continue
        term = _phrase(phrase, negative, star) if phrase is not None else _word(bare)
        if term is None:
            continue
        if term.negative:
            if joining:
                raise QueryError("OR cannot join a left-out word (-word); leave out the OR")
            excluded.append(term)
        elif joining:
            groups[-1].append(term)
        else:
            groups.append([term])
        joining = False
    if joining:
        raise QueryError("OR needs a word on each side, as in: drones OR UAVs")
    if not groups:
        raise QueryError(
            "Type a word to look for" if not excluded else
            "Add a word to look for: -word only leaves articles out"
        )  # fmt: skip
    if sum(len(g) for g in groups) + len(excluded) > MAX_TERMS:
        raise QueryError(f"The search has too many words (at most {MAX_TERMS})")
    return Query(text, tuple(Clause(tuple(g)) for g in groups), tuple(excluded))


def _word(bare: str) -> Term | None:
    negative = bare.startswith("-")
    if negative:
        bare = bare[1:]
        if not bare:
            raise QueryError("A minus sign must stand right before the word to leave out")
    prefix = bare.endswith("*")
    if prefix:
        bare = bare.rstrip("*")
        if not words_of(bare):
            raise QueryError("A * must follow the start of a word, as in: missil*")
    words = words_of(bare)
    if not words:
        return None  # punctuation only: nothing to look for
    return Term(tuple(words), prefix, negative)


def _phrase(phrase: str, negative: str, star: str) -> Term | None:
    words = words_of(phrase.rstrip("*"))
    if not words:
        if phrase.strip():
            return None
        raise QueryError('An empty phrase ("") finds nothing; put words between the quotes')
    return Term(tuple(words), bool(star) or phrase.rstrip().endswith("*"), bool(negative))


def _is_cjk(character: str) -> bool:
    return _CJK_ONE.match(character) is not None


_CJK_ONE = regex.compile(f"[{CJK}]", regex.VERSION1)
_compiled: dict[str, regex.Pattern[str]] = {}


def _compile(pattern: str) -> regex.Pattern[str]:
    found = _compiled.get(pattern)
    if found is None:
        if len(_compiled) > 256:
            _compiled.clear()
        found = _compiled[pattern] = regex.compile(pattern, regex.DOTALL | regex.VERSION1)
    return found
