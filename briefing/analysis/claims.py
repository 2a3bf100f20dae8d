"""What a sentence claims, reduced to features that survive paraphrase.

Two reports of one claim rarely share their wording, but they share their content words once
these are stemmed and folded into synonym groups (`briefing/core/claim_words.py`, the
vocabulary the project's index uses too), and they must share their facts: the same numbers
($4 billion is not $40 billion), the same named entities, and the same actor doing the same
thing ("Iran supplied Russia" is not "Russia supplied Iran"). This module computes those
features; the corroboration index compares them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.analysis.attribution import attribute
from briefing.core.claim_words import (
    NUMBER_WORDS,
    STOPWORDS,
    TOKEN,
    alias_phrases,
    fold_entity,
    fold_word,
    stem,
    strip_possessive,
    token_info,
)

_REPORTING_CUE = re.compile(
    r"\b(?:[Aa]ccording|said|says|stated|states|told|tells|report|reported|reports|announced|"
    r"confirmed|claimed|wrote|added|noted|declared|quoted|cited|published|released)\b"
)
_SCALES = {
    "thousand": 1e3, "k": 1e3, "million": 1e6, "mn": 1e6, "m": 1e6, "billion": 1e9, "bn": 1e9,
    "b": 1e9, "trillion": 1e12, "tn": 1e12,
}  # fmt: skip
_NUMBER = re.compile(
    r"(?<![\w.])(?P<currency>US\$|[$€£¥₽]|(?:USD|EUR|GBP|RUB)\s?)?"
    r"(?<![\w.])(?P<value>\d+(?:[.,]\d+)*)"
    r"(?:\s?(?P<scale>thousand|million|billion|trillion|bn|mn|tn|[kmb])\b)?"
    r"(?:\s?(?P<percent>%|per\s?cent|percent)|\s?(?P<unit>dollars?|euros?|roubles?|rubles?))?",
    re.IGNORECASE,
)
_IRREGULAR_PAST = frozenset("gave given sent sold".split())
_PASSIVE = frozenset("was were been being be is are".split())
_CLAUSE_SPLIT = re.compile(
    r",\s+(?=(?:which|following|while|though|although|after|before|but|who|as|amid|despite)\b)"
    r"|;\s+|\s+[—–]\s*|—"
)
_CLAUSE_MIN_WORDS = 4
_CLAUSE_BREAK = re.compile(r"[,;:()“”\"—–]")

Number = tuple[str, float]  # (kind: "money" | "percent" | "count", value)


@dataclass(frozen=True, slots=True)
class ClaimFeatures:
    """What scoring a sentence against another needs first."""

    words: frozenset[str]  # stemmed, synonym-folded content words
    entities: frozenset[str]  # named entities, lower case, aliased ("tehran" -> "iran")
    origin_entities: frozenset[str]  # the words of the origin's name: who tells, not who acts
    first_word: str  # the sentence's first word, lower case: an entity only if known as one
    origin: str | None  # whom the sentence attributes the claim to


@dataclass(frozen=True, slots=True)
class ClaimFacts:
    """What only a likely match needs checking: computed on demand, see `claim_facts`."""

    numbers: frozenset[Number]
    actor: str | None  # the entity that supplies/sends/gives, if the sentence says so
    clauses: tuple[frozenset[str], ...]  # words of each clause, when there are several


# Features, facts and clauses of a sentence are each asked of its aliased text.
_aliased = lru_cache(maxsize=8192)(alias_phrases)


@lru_cache(maxsize=8192)
def claim_features(text: str) -> ClaimFeatures:
    origin = attribute(text) if _REPORTING_CUE.search(text) else None
    aliased = _aliased(text)
    words: set[str] = set()
    entities: set[str] = set()
    first_word = ""
    origin_words = (
        frozenset(fold_entity(w.lower()) for w in TOKEN.findall(alias_phrases(origin)))
        if origin
        else frozenset()
    )
    for index, token in enumerate(TOKEN.findall(aliased)):
        lower, folded, entity = token_info(token)
        if index == 0:
            first_word = fold_entity(lower)
        elif entity:
            entities.add(entity)
        if folded and (not origin_words or fold_entity(lower) not in origin_words):
            words.add(folded)
    return ClaimFeatures(
        words=frozenset(words),
        entities=frozenset(entities),
        origin_entities=origin_words,
        first_word=first_word,
        origin=origin,
    )


@lru_cache(maxsize=65536)
def claim_facts(text: str, origin_entities: frozenset[str] = frozenset()) -> ClaimFacts:
    aliased = _aliased(text)
    return ClaimFacts(
        numbers=frozenset(extract_numbers(aliased)),
        actor=_actor(aliased),
        clauses=claim_clauses(text, origin_entities),
    )


@lru_cache(maxsize=65536)
def claim_clauses(
    text: str, origin_entities: frozenset[str] = frozenset()
) -> tuple[frozenset[str], ...]:
    """`claim_facts(...).clauses` alone: most candidates of a lookup need only these."""
    return _clauses(_aliased(text), origin_entities)


def _is_content(lower: str, origin_words: frozenset[str]) -> bool:
    return token_info(lower)[1] is not None and fold_entity(lower) not in origin_words


def _clauses(text: str, origin_words: frozenset[str]) -> tuple[frozenset[str], ...]:
    """Word sets of a sentence's clauses: one sentence often carries two claims ("X warned
    Iran ..., following the announcement that the agreement had been halted")."""
    parts = [p for p in _CLAUSE_SPLIT.split(text) if p.strip()]
    if len(parts) < 2:
        return ()
    found = []
    for part in parts:
        words = frozenset(
            fold_word(lower)
            for lower in (strip_possessive(t.lower()) for t in TOKEN.findall(part))
            if _is_content(lower, origin_words)
        )
        if len(words) >= _CLAUSE_MIN_WORDS:
            found.append(words)
    return tuple(found) if len(found) > 1 else ()


def extract_numbers(text: str) -> set[Number]:
    """Numbers with their kind: "$4 billion" -> ("money", 4e9); "3.5%" -> ("percent", 3.5)."""
    found: set[Number] = set()
    for match in _NUMBER.finditer(text):
        raw = match.group("value")
        value = _parse_number(raw)
        if value is None:
            continue
        scale = (match.group("scale") or "").lower()
        # A bare "m" or "b" is a scale only right after a currency ("$4m"), not "4 m" of road.
        if scale in ("m", "b", "k") and not match.group("currency"):
            scale = ""
        value *= _SCALES.get(scale, 1.0)
        if match.group("percent"):
            kind = "percent"
        elif match.group("currency") or match.group("unit"):
            kind = "money"
        else:
            kind = "count"
        found.add((kind, value))
    for word in re.findall(r"[A-Za-z]+", text):
        value = NUMBER_WORDS.get(word.lower())
        if value is not None:
            found.add(("count", float(value)))
    return found


def numbers_agree(a: frozenset[Number], b: frozenset[Number]) -> bool:
    """Each kind of number both sentences give must agree: the fewer ones all in the other."""
    for kind in {k for k, _ in a} & {k for k, _ in b}:
        these = {v for k, v in a if k == kind}
        those = {v for k, v in b if k == kind}
        small, large = (these, those) if len(these) <= len(those) else (those, these)
        if not small <= large:
            return False
    return True


def entities_agree(a: frozenset[str], b: frozenset[str]) -> bool:
    """One side may name more than the other, but not each name someone the other does not."""
    return a <= b or b <= a


_SUPPLY = stem("supply")


def _parse_number(raw: str) -> float | None:
    # "4,000" and "4.5": a comma followed by three digits groups thousands.
    cleaned = re.sub(r",(?=\d{3}\b)", "", raw).replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _actor(text: str) -> str | None:
    """The entity before the first active supply-like verb in its clause ("Iran had supplied")."""
    tokens = list(TOKEN.finditer(text))
    for index, match in enumerate(tokens):
        word = match.group().lower()
        # Only a finite verb has its actor before it; "urge Iran not to transfer" and "against
        # supplying" leave the actor to the reader.
        if not (word.endswith(("ed", "s")) or word in _IRREGULAR_PAST):
            continue
        if fold_word(strip_possessive(word)) != _SUPPLY:
            continue
        before = [t.group().lower() for t in tokens[max(0, index - 2) : index]]
        after = tokens[index + 1].group().lower() if index + 1 < len(tokens) else ""
        if after == "by" or any(word in _PASSIVE for word in before):
            continue  # "was supplied by": the actor follows, keep to simple active clauses
        clause_start = 0
        for brk in _CLAUSE_BREAK.finditer(text, 0, match.start()):
            clause_start = brk.end()
        for previous in reversed(tokens[:index]):
            if previous.start() < clause_start:
                break
            word = previous.group()
            if word[0].isupper() and word.lower() not in STOPWORDS:
                return fold_entity(strip_possessive(word.lower()))
        return None
    return None
