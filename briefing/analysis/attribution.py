"""Who a sentence attributes its claim to: "Reuters reported", "according to TASS", "said the G7".

Corroboration counts origins, not copies: two articles repeating "Reuters reported that ..." are
two reports of one origin. Attribution is found with a few patterns over reporting verbs, run
on the sentence with its quotations blanked out, since words inside a quote are the claim, not
its source ("We urge Iran ...," said the G7: the origin is the G7, not Iran).
"""

from __future__ import annotations

import re

# A capitalised name, possibly of several words joined by "of", "for", "and", "the":
# "Reuters", "Group of Seven", "Russia's TASS", "Iran International".
_CAP = r"[A-Z][\w&'’.\-]*"
_NAME = rf"{_CAP}(?:\s+(?:(?:of\s+the|of|for|and|the)\s+)?{_CAP})*"
_AGENCY = r"(?:\s+(?:news\s+agency|news\s+service|agency|newspaper|daily|television|TV))?"
_VERB_WORDS = (
    "reported reports report said says stated states told tells announced announces confirmed "
    "confirms claimed claims wrote writes added noted declared quoted cited"
).split()
_VERBS = "(?:" + "|".join(_VERB_WORDS) + ")"
_AUX = r"(?:(?:has|had|have|was|also|later|earlier|previously)\s+)*"

# In order of trust: an explicit "according to" or "told X" names the source outright. Each
# with words one of which every match holds: a sentence without any is not searched for it.
_PATTERNS = [
    (re.compile(rf"\b[Aa]ccording\s+to\s+(?:the\s+)?(?P<name>{_NAME})"), ("ccording",)),
    (
        re.compile(
            rf"\b(?:[Ss]ources?|[Oo]fficials?|[Dd]iplomats?|[Pp]eople)\b[^.;]{{0,60}}?\btold\s+"
            rf"(?:the\s+)?(?P<name>{_NAME})"
        ),
        ("told",),
    ),
    (
        re.compile(
            rf"\b(?:published|reported|cited|released|quoted)\s+by\s+(?:the\s+)?(?P<name>{_NAME})"
        ),
        ("by",),
    ),
    (re.compile(rf"(?P<name>{_NAME}){_AGENCY}\s+{_AUX}(?:quoted|cited)\b"), ("quoted", "cited")),
    (re.compile(rf"(?P<name>{_NAME}){_AGENCY}\s+{_AUX}{_VERBS}\b"), tuple(_VERB_WORDS)),
    # Inverted, after a quotation: "..., said the G7." / "said foreign minister Sergei Lavrov."
    (
        re.compile(
            rf"\b(?:said|says|stated|added|noted|reported|wrote|told)\s+(?:the\s+)?"
            rf"(?:(?!that\b)[a-z]+\s+){{0,3}}(?P<name>{_NAME})\s*(?:[,.;:!?]|$)"
        ),
        ("said", "says", "stated", "added", "noted", "reported", "wrote", "told"),
    ),
]

_NOT_SOURCES = frozenset(
    """he she it they we i you this that these those there here who which what some many
    one both each all officials sources reports report""".split()
)
_LEADING = frozenset(
    """the in on at by last this early late january february march april may june july august
    september october november december monday tuesday wednesday thursday friday saturday
    sunday mr mrs ms dr prof gen president minister prime foreign defence defense secretary
    spokesman spokeswoman spokesperson ambassador""".split()
)
_ALIASES = {
    "group of seven": "G7",
    "group of 7": "G7",
    "north atlantic treaty organization": "NATO",
    "north atlantic treaty organisation": "NATO",
    "united states": "US",
    "u.s.": "US",
    "u.s": "US",
    "united nations": "UN",
    "european union": "EU",
    "united kingdom": "UK",
}
_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"")
_POSSESSIVE = re.compile(r"['’]s?$")


def attribute(sentence: str) -> str | None:
    """The normalised name a sentence attributes its claim to, or None if it names none."""
    masked = _QUOTED.sub(lambda m: " " * len(m.group()), sentence)
    for pattern, words in _PATTERNS:
        if not any(word in masked for word in words):
            continue
        for match in pattern.finditer(masked):
            name = normalise_origin(match.group("name"))
            if name:
                return name
    return None


def normalise_origin(name: str) -> str:
    """ "the Reuters" -> "Reuters", "Russia's TASS" -> "TASS", "Group of Seven" -> "G7"."""
    words = name.replace("\u2019", "'").split()
    # "Russia's TASS": the owner only qualifies the source that follows it.
    for index in range(len(words) - 1, 0, -1):
        if words[index - 1].endswith("'s"):
            words = words[index:]
            break
    while words and words[0].lower().rstrip(".") in _LEADING:
        words = words[1:]
    if not words:
        return ""
    words[-1] = _POSSESSIVE.sub("", words[-1]).rstrip(".") or words[-1]
    text = " ".join(words).strip(" ,.;:")
    if text.lower() in _NOT_SOURCES:
        return ""
    return _ALIASES.get(text.lower(), text)


def origin_key(name: str) -> str:
    """A key under which spellings of one origin compare equal."""
    return normalise_origin(name).casefold() or name.strip().casefold()
