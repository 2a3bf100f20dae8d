"""The words of claims: what the corroboration index files a sentence under.

Two reports of one claim rarely share their wording ("supplied" / "provided", "grown closer" /
"strengthened their alliance"), but they share their content words once these are stemmed and
folded into synonym groups, and they name the same entities ("Tehran" is Iran). This module
holds that vocabulary, used both by the index the project keeps (`sentence_terms`, written in
the transaction of every article change) and by the analysis that compares two sentences'
claims (`briefing/analysis/claims.py`), so the two always fold a word the same way.
"""

from __future__ import annotations

import re
from array import array
from collections import Counter
from functools import lru_cache
from itertools import chain
from typing import NamedTuple

from briefing.core.sentences import split_sentences

# Bumped whenever what `sentence_terms` gives for a text changes: an index of terms made by
# another version is made again (and a stored one can only be corrected with the same terms).
TERMS_VERSION = 1
NAME_MARK = "="  # "=iran": a term for a name given mid-sentence (not a word of the claim)

# Function words and reporting verbs: they say how a claim is told, not what it is.
STOPWORDS = frozenset(
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
NUMBER_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "twenty": 20, "thirty": 30, "forty": 40,
    "fifty": 50, "hundred": 100, "dozen": 12,
}  # fmt: skip
TOKEN = re.compile(r"[^\W_]+(?:['’][^\W_]+)*")


@lru_cache(maxsize=131072)
def token_info(token: str) -> tuple[str, str | None, str | None]:
    """(lower-case form, folded content word or None, entity name or None) of a token."""
    lower = strip_possessive(token.lower())
    content = (
        len(lower) > 1
        and lower not in STOPWORDS
        and not lower.isdigit()
        and lower not in NUMBER_WORDS
    )
    capitalised = token[0].isupper() and (lower not in STOPWORDS or token.isupper())
    entity = fold_entity(lower) if capitalised and token != "I" else None
    return lower, fold_word(lower) if content else None, entity


@lru_cache(maxsize=65536)
def fold_word(word: str) -> str:
    """A word's stem, folded into its synonym group."""
    stemmed = stem(word)
    return _FOLD.get(stemmed, stemmed)


def stem(word: str) -> str:
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


_FOLD = {stem(word): stem(group.split()[0]) for group in _SYNONYMS for word in group.split()}


def alias_phrases(text: str) -> str:
    """The text with each phrase of _PHRASE_ALIASES read as its actor (the text itself, the
    same object, when it holds none)."""
    # What `_ALIAS.sub(_alias_of, text)` gives, trying the pattern only where a phrase can
    # start: every one starts with a cue, and no cue holds the start of another, so the cues
    # found one after the other are every place a phrase can start. The pattern opens with
    # "\b" and is tried at every character by a search; the cues open with a letter, which
    # the engine skips to at once (the search was most of what aliasing a sentence took).
    if not _cued(text):
        return text
    parts: list[str] = []
    done = 0  # the text before this is aliased (in `parts`)
    for cue in _CUE.finditer(text):
        start = cue.start()
        if start < done:
            continue
        match = _ALIAS.match(text, start)
        if match is not None:
            parts += (text[done:start], _alias_of(match))
            done = match.end()
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def _alias_of(match: re.Match[str]) -> str:
    return match.lastgroup or match.group()


# Every phrase of _PHRASE_ALIASES starts with one of these.
_CUES = ("U.", "United", "E.", "European", "Group", "North")
_CUE = re.compile("|".join(map(re.escape, _CUES)))


def _cued(text: str) -> bool:
    # Looking for the cues is a fraction of the search for the phrases.
    return (
        "U." in text or "United" in text or "E." in text or "European" in text
        or "Group" in text or "North" in text
    )  # fmt: skip


def strip_possessive(word: str) -> str:
    if word.endswith(("'s", "’s")):
        return word[:-2]
    return word.rstrip("'’")


def fold_entity(word: str) -> str:
    return _ENTITY_ALIASES.get(word, word)


def sentence_terms(text: str) -> frozenset[str]:
    """What the index files a sentence under: its content words, folded (every word a claim
    could be matched on; `claim_features` leaves out those naming whom it is attributed to),
    and NAME_MARK + each entity it names after its first word."""
    terms: set[str] = set()
    for index, token in enumerate(TOKEN.findall(alias_phrases(text))):
        _, folded, entity = token_info(token)
        if folded:
            terms.add(folded)
        if index and entity:
            terms.add(NAME_MARK + entity)
    return frozenset(terms)


Terms = tuple[tuple[int, int, frozenset[str]], ...]  # (start, end, terms) of each sentence


def article_terms(text: str) -> Terms:
    """(start, end, terms) of every sentence of an article's text, in reading order: what
    `sentence_terms` gives each sentence, worked out a whole article at a time."""
    sentences = split_sentences(text)
    # Every alias phrase starts with a cue: an article without one needs no sentence aliased.
    cued = _cued(text)
    # An ASCII text has one byte per code point: its sentences are slices of its pieces.
    pieces = _cut(text) if text.isascii() else None
    found = []
    for sentence in sentences:
        words = alias_phrases(sentence.text) if cued else sentence.text
        if pieces is not None and words is sentence.text:
            cut = pieces[sentence.start : sentence.end].split()
        else:
            cut = _cut(words).split()
        found.append((sentence.start, sentence.end, _piece_terms(cut, sentence.text)))
    if len(_FIRST_PIECE) + len(_LATER_PIECE) > _PIECES_AT_MOST:
        _FIRST_PIECE.clear()
        _LATER_PIECE.clear()
    return tuple(found)


# The fast path of `sentence_terms`: UTF-8 bytes cut at every ASCII character that is neither
# a letter, a digit nor an apostrophe. Each piece holds whole tokens (a token is made of such
# characters and of non-ASCII ones, which are never cut), and the terms of each piece are
# known once worked out: a sentence's terms are the union of its pieces'. Its first token
# gives no name (see `sentence_terms`), so the first piece is looked up apart.
_PIECES = bytes(
    byte if byte >= 0x80 or byte == ord("'") or chr(byte).isalnum() else ord(" ")
    for byte in range(256)
)
_PIECES_AT_MOST = 200_000
_CODEC = ("utf-8", "surrogatepass")  # a lone surrogate is three bytes above 0x7F too


def _cut(text: str) -> bytes:
    return text.encode(*_CODEC).translate(_PIECES)


def _terms_of_tokens(tokens: list[str], first: bool) -> frozenset[str]:
    terms: set[str] = set()
    for index, token in enumerate(tokens):
        _, folded, entity = token_info(token)
        if folded:
            terms.add(folded)
        if (index or not first) and entity:
            terms.add(NAME_MARK + entity)
    return frozenset(terms)


class _FirstPieces(dict[bytes, "frozenset[str] | None"]):
    """The terms of a sentence's first piece, worked out the first time it is asked for; None
    when it holds no token (the sentence's first token is in a later piece)."""

    def __missing__(self, piece: bytes) -> frozenset[str] | None:
        tokens = TOKEN.findall(piece.decode(*_CODEC))
        terms = self[piece] = _terms_of_tokens(tokens, first=True) if tokens else None
        return terms


class _LaterPieces(dict[bytes, frozenset[str]]):
    """The terms of any later piece, worked out the first time it is asked for."""

    def __missing__(self, piece: bytes) -> frozenset[str]:
        terms = self[piece] = _terms_of_tokens(TOKEN.findall(piece.decode(*_CODEC)), first=False)
        return terms


_FIRST_PIECE = _FirstPieces()
_LATER_PIECE = _LaterPieces()


def _piece_terms(pieces: list[bytes], text: str) -> frozenset[str]:
    """`sentence_terms(text)`, from the pieces of its text (aliased)."""
    if not pieces:
        return frozenset()
    first = _FIRST_PIECE[pieces[0]]
    if first is None:
        return sentence_terms(text)
    return first.union(*map(_LATER_PIECE.__getitem__, pieces[1:]))


class Filed(NamedTuple):
    """An article's sentences as the corroboration index files them: where each is, and its
    terms as the text the index is given (`" ".join(terms)`), one sentence a line. What a
    reader's process sends back: a few objects an article, where `Terms` holds a set of
    strings a sentence (pickling those back cost more than reading in the process saved)."""

    starts: array[int]
    ends: array[int]
    lines: str
    counts: dict[str, int]  # how many of its sentences each term is filed under

    def texts(self) -> list[str]:
        """The index's text of each sentence, in order."""
        return self.lines.split("\n") if self.starts else []


def filed_terms(text: str) -> Filed:
    """`article_terms(text)` as the index files it (see `Filed`); what `prepare_filed` was
    given for this text, if it was."""
    prepared = _FILED.pop(text, None)
    if prepared is not None:
        return prepared
    return filed_form(article_terms(text))


def filed_form(terms: Terms) -> Filed:
    if not terms:
        return Filed(array("q"), array("q"), "", {})
    starts, ends, found = zip(*terms, strict=True)
    # A term is made of letters, digits, apostrophes and the name mark: never a line break.
    return Filed(
        array("q", starts), array("q", ends), "\n".join(map(" ".join, found)),
        Counter(chain.from_iterable(found)),
    )  # fmt: skip


_FILED: dict[str, Filed] = {}
_PREPARED_AT_MOST = 4096  # texts waiting to be stored (an import is added in steps of 50)


def prepare_filed(text: str, filed: Filed) -> None:
    """Remember what `filed_terms(text)` gives, worked out in a reader's thread or process,
    for the store to take when it indexes the text (once)."""
    if len(_FILED) >= _PREPARED_AT_MOST:
        _FILED.clear()  # an import that was never stored: forget it
    _FILED[text] = filed
