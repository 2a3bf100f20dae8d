"""What a sentence claims, reduced to features that survive paraphrase.

Two reports of one claim rarely share their wording ("supplied" / "provided", "grown closer" /
"strengthened their alliance"), but they share their content words once these are stemmed and
folded into synonym groups, and they must share their facts: the same numbers ($4 billion is
not $40 billion), the same named entities, and the same actor doing the same thing ("Iran
supplied Russia" is not "Russia supplied Iran"). This module computes those features; the
corroboration index compares them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefing.analysis.attribution import attribute

# Function words and reporting verbs: they say how a claim is told, not what it is.
_STOPWORDS = frozenset(
    """a about above after again against all also although am amid an and any are as at be
    because been before being below between both but by can could did do does doing down
    during each even ever few for from further had has have having he her here hers him his how
    however i if in into is it its itself just later least less like made many may me might
    more most much must my no nor not now of off on once only or other our ours out over own
    per quite rather same she should since so some such than that the their theirs them then
    there these they this those through thus to too under until up upon us very via was we
    were what when where which while who whom whose why will with within without would yet
    you your already well still also said says say stated states stating told tell reported
    reports report according added noted quoted later earlier previously mid""".split()
)

# Synonym groups: every word of a group folds to the group's first word. Kept small and
# news-specific; each group is a set of words reporters swap for one another.
_SYNONYMS = [
    "supply provide give gave given deliver send sent transfer furnish ship hand",
    "warn caution urge call appeal",
    "stop halt stall suspend cease freeze pause refrain end",
    "agreement pact deal treaty accord agree",
    "expand grow grew grown increase boost strengthen deepen enhance widen",
    "ties relations relationship links alliance cooperation closer",
    "war conflict aggression fighting invasion",
    "repeat echo reiterate",
    "significant substantial major considerable serious",
    "constitute represent amount",
    "support assist help aid assistance backing",
    "eliminate drop abandon ditch remove scrap",
    "trade commerce",
    "mutual bilateral",
    "economic economy",
    "extensive sweeping broad severe heavy harsh",
    "result lead led cause",
    "large big huge vast",
    "drone uav uavs unmanned uncrewed",
    "detail information",
    "announce reveal disclose unveil",
    "sanction embargo",
    "weapon arms armament",
    "considering weighing mulling",
]
# Places and peoples that stand for one actor: "Tehran" is Iran, "Iranian officials" are Iran's.
_ENTITY_ALIASES = {
    "tehran": "iran", "iranian": "iran", "iranians": "iran", "persian": "iran",
    "moscow": "russia", "russian": "russia", "russians": "russia", "kremlin": "russia",
    "kyiv": "ukraine", "kiev": "ukraine", "ukrainian": "ukraine", "ukrainians": "ukraine",
    "american": "us", "americans": "us", "washington": "us", "british": "uk", "britain": "uk",
    "london": "uk", "beijing": "china", "chinese": "china", "european": "europe",
    "brussels": "eu",
}  # fmt: skip
_PHRASE_ALIASES = {
    "G7": r"Group\s+of\s+(?:Seven|7)\b",
    "G20": r"Group\s+of\s+(?:Twenty|20)\b",
    "NATO": r"North\s+Atlantic\s+Treaty\s+Organi[sz]ation\b",
    "US": r"United\s+States(?:\s+of\s+America)?\b|U\.S\.(?:A\.)?",
    "UK": r"United\s+Kingdom\b|U\.K\.",
    "EU": r"European\s+Union\b|E\.U\.",
    "UN": r"United\s+Nations\b|U\.N\.",
}
_ALIAS = re.compile(
    "|".join(rf"\b(?P<{name}>{pattern})" for name, pattern in _PHRASE_ALIASES.items())
)
_REPORTING_CUE = re.compile(
    r"\b(?:[Aa]ccording|said|says|stated|states|told|tells|report|reported|reports|announced|"
    r"confirmed|claimed|wrote|added|noted|declared|quoted|cited|published|released)\b"
)
_NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "dozen": 12,
}  # fmt: skip
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
_TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")
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
    """What every indexed sentence needs for finding candidates: cheap to compute."""

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


def claim_features(text: str) -> ClaimFeatures:
    origin = attribute(text) if _REPORTING_CUE.search(text) else None
    aliased = _alias_phrases(text)
    words: set[str] = set()
    entities: set[str] = set()
    first_word = ""
    origin_words = (
        frozenset(_fold_entity(w.lower()) for w in _TOKEN.findall(_alias_phrases(origin)))
        if origin
        else frozenset()
    )
    for index, token in enumerate(_TOKEN.findall(aliased)):
        lower, folded, entity = _token_info(token)
        if index == 0:
            first_word = _fold_entity(lower)
        elif entity:
            entities.add(entity)
        if folded and (not origin_words or _fold_entity(lower) not in origin_words):
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
    aliased = _alias_phrases(text)
    return ClaimFacts(
        numbers=frozenset(extract_numbers(aliased)),
        actor=_actor(aliased),
        clauses=_clauses(aliased, origin_entities),
    )


@lru_cache(maxsize=131072)
def _token_info(token: str) -> tuple[str, str | None, str | None]:
    """(lower-case form, folded content word or None, entity name or None) of a token."""
    lower = _strip_possessive(token.lower())
    content = (
        len(lower) > 1
        and lower not in _STOPWORDS
        and not lower.isdigit()
        and lower not in _NUMBER_WORDS
    )
    capitalised = token[0].isupper() and (lower not in _STOPWORDS or token.isupper())
    entity = _fold_entity(lower) if capitalised and token != "I" else None
    return lower, fold_word(lower) if content else None, entity


def _is_content(lower: str, origin_words: frozenset[str]) -> bool:
    return _token_info(lower)[1] is not None and _fold_entity(lower) not in origin_words


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
            for lower in (_strip_possessive(t.lower()) for t in _TOKEN.findall(part))
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
        value = _NUMBER_WORDS.get(word.lower())
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


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """A word's stem, folded into its synonym group."""
    stem = _stem(word)
    return _FOLD.get(stem, stem)


def _stem(word: str) -> str:
    """A light stemmer: enough to meet "supplied"/"supply", "missiles"/"missile"."""
    if len(word) <= 3:
        return word
    for suffix, replacement in (("ies", "y"), ("ied", "y"), ("ying", "y")):
        if word.endswith(suffix):
            return word[: -len(suffix)] + replacement
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "lsz":
                word = word[:-1]  # transferr(ed) -> transfer
            return word.rstrip("e") if len(word) > 3 else word
    if word.endswith(("sses", "xes", "ches", "shes")):
        return word[:-2]
    if word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    return word.rstrip("e") if len(word) > 3 else word


_FOLD = {_stem(word): _stem(group.split()[0]) for group in _SYNONYMS for word in group.split()}
_SUPPLY = _stem("supply")


def _alias_phrases(text: str) -> str:
    if not _ALIAS.search(text):
        return text
    return _ALIAS.sub(lambda m: m.lastgroup or m.group(), text)


def _strip_possessive(word: str) -> str:
    if word.endswith(("'s", "’s")):
        return word[:-2]
    return word.rstrip("'’")


def _fold_entity(word: str) -> str:
    return _ENTITY_ALIASES.get(word, word)


def _parse_number(raw: str) -> float | None:
    # "4,000" and "4.5": a comma followed by three digits groups thousands.
    cleaned = re.sub(r",(?=\d{3}\b)", "", raw).replace(",", ".")
    try:
        return float(cleaned)
    except ValueError:
        return None


def _actor(text: str) -> str | None:
    """The entity before the first active supply-like verb in its clause ("Iran had supplied")."""
    tokens = list(_TOKEN.finditer(text))
    for index, match in enumerate(tokens):
        word = match.group().lower()
        # Only a finite verb has its actor before it; "urge Iran not to transfer" and "against
        # supplying" leave the actor to the reader.
        if not (word.endswith(("ed", "s")) or word in _IRREGULAR_PAST):
            continue
        if fold_word(_strip_possessive(word)) != _SUPPLY:
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
            if word[0].isupper() and word.lower() not in _STOPWORDS:
                return _fold_entity(_strip_possessive(word.lower()))
        return None
    return None
