"""A theme's keywords compiled into one matcher.

Analysts type keywords the way they think of them ("missile", "US dollar", "de-dollarisation"),
and expect them to find the words as they appear in copy: any case, whole words only, plurals
and simple inflections ("missiles", "supplied", "supplying", "Iran's"), and phrases across
line breaks or with a hyphen instead of a space ("surface to surface"). Short acronyms that are
also English words ("US", "IT") keep their case, or "US dollar" would match "us dollar" and
"US" alone would match every "us".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache

_WORD_SPLIT = re.compile(r"[\s\-\u2010\u2011\u2012\u2013]+")
_SPACE_SEP = r"[\s\-\u2010\u2011\u2012\u2013]+"  # between words typed with a space
_HYPHEN_SEP = r"[\s\-\u2010\u2011\u2012\u2013]?"  # "de-dollarisation", "dedollarisation"
_POSSESSIVE = r"(?:['’]s?)?"
# Punctuation outside every pattern's own characters (separators, apostrophes, dots): where a
# keyword does not use one, no match holds it.
_BREAKERS = ',;:!?()[]{}"<>«»“”/|*+=&#%@~^$'
_VOWELS = frozenset("aeiou")
# Acronyms that spell a common word: matched only in capitals.
_WORDLIKE_ACRONYMS = frozenset(
    "us it am as at be by do go he if in is me my no of on or so to up we an un who".split()
)


# Irregular verbs common in news copy: "grow closer" should find "have grown closer".
_IRREGULAR_FORMS = """begin began begun; break broke broken; bring brought; build built; buy bought;
    choose chose chosen; deal dealt; draw drew drawn; drive drove driven; fall fell fallen;
    fight fought; fly flew flown; freeze froze frozen; give gave given; go went gone;
    grow grew grown; hold held; keep kept; lead led; make made; meet met; pay paid;
    rise rose risen; say said; see saw seen; seek sought; sell sold; send sent; shoot shot;
    sign signed; speak spoke spoken; spend spent; strike struck; take took taken;
    tell told; think thought; throw threw thrown; win won; write wrote written"""
_IRREGULAR = {forms.split()[0]: set(forms.split()) for forms in _IRREGULAR_FORMS.split(";")}


@dataclass(frozen=True, slots=True)
class KeywordHit:
    start: int
    end: int
    keyword: str  # the keyword as written in the codebook


class KeywordMatcher:
    """Finds any of a theme's keywords in text. Build through `compile_keywords` (cached)."""

    __slots__ = ("keywords", "_pattern", "_named", "_breaker")

    def __init__(self, keywords: tuple[str, ...]) -> None:
        self.keywords = tuple(k for k in (k.strip() for k in keywords) if k)
        parts = [_keyword_pattern(k) for k in self.keywords]
        # Longest keywords first, so "missile technology" wins over "missile" at one place.
        order = sorted(range(len(parts)), key=lambda i: -len(self.keywords[i]))
        # One group per keyword names a hit: the first alternative that matches there is the
        # first whose pattern matches the whole hit (the parts hold no groups of their own),
        # with no pattern of each keyword to compile besides (half the themes' compile time).
        self._named = tuple(self.keywords[i] for i in order)
        union = "|".join(f"({parts[i]})" for i in order)
        self._pattern = re.compile(rf"(?<!\w)(?:{union})(?!\w)", re.IGNORECASE) if parts else None
        # Characters no match can hold, where a long text may be cut (`hit_windows`).
        unused = "".join(c for c in _BREAKERS if not any(c in k for k in self.keywords))
        self._breaker = re.compile(f"[{re.escape(unused)}]") if unused else None

    def __bool__(self) -> bool:
        return self._pattern is not None

    def find(self, text: str, start: int = 0, end: int | None = None) -> list[KeywordHit]:
        """Every keyword occurrence in text[start:end], in order, with the keyword it matched."""
        return list(self.hits(text, start, end))

    def hits(self, text: str, start: int = 0, end: int | None = None) -> Iterator[KeywordHit]:
        """`find`, one hit at a time (a long text can be scanned a slice at a time)."""
        if self._pattern is None:
            return
        end = len(text) if end is None else end
        named = self._named
        for m in self._pattern.finditer(text, start, end):
            yield KeywordHit(m.start(), m.end(), named[m.lastindex - 1])  # type: ignore[operator]

    def hit_windows(self, text: str, size: int) -> Iterator[list[KeywordHit]]:
        """`find` a window of about `size` characters at a time, for a long text scanned in
        steps: one regex call over a long stretch without a hit would be one long step.
        Each window ends just before a character no match can hold (punctuation that neither
        the keywords nor their patterns use), so no match crosses from one window into the
        next, and each window's matches are exactly the one-go search's there."""
        if self._pattern is None:
            return
        breaker = self._breaker
        start, length = 0, len(text)
        while start < length:
            found = breaker.search(text, min(start + size, length)) if breaker else None
            end = found.start() if found else length
            yield self.find(text, start, end)
            start = end


@lru_cache(maxsize=256)
def compile_keywords(keywords: tuple[str, ...]) -> KeywordMatcher:
    """The matcher for a keywords tuple; cached, since themes change rarely and text often."""
    return KeywordMatcher(keywords)


def _keyword_pattern(keyword: str) -> str:
    parts: list[str] = []
    position = 0
    for separator in _WORD_SPLIT.finditer(keyword):
        parts.append(_word_pattern(keyword[position : separator.start()]))
        parts.append(_HYPHEN_SEP if separator.group().strip() == "-" else _SPACE_SEP)
        position = separator.end()
    parts.append(_word_pattern(keyword[position:]))
    return "".join(part for part in parts if part)


def _word_pattern(word: str) -> str:
    if not word:
        return ""
    if word.isupper() and word.isalpha() and 2 <= len(word) <= 4:
        # Acronyms: "UAVs", "UAV's", and the dotted spelling "U.S." as well as "US".
        dotted = r"\.".join(word) + r"\.?"
        body = f"{re.escape(word)}|{dotted}"
        if word.lower() in _WORDLIKE_ACRONYMS:
            body = f"(?-i:{body})"
        return f"(?:{body})(?:s|['’]s)?"
    if not word[-1:].isalpha():
        return re.escape(word)  # "G7", "F-16": no inflection to guess
    forms = sorted(_inflections(word.lower()), key=len, reverse=True)
    return "(?:" + "|".join(re.escape(f) for f in forms) + ")" + _POSSESSIVE


def _inflections(word: str) -> set[str]:
    """The word with plural and simple verb endings; a typed plural finds the singular too."""
    stems = {word}
    if word.endswith("ies") and len(word) > 4:
        stems.add(word[:-3] + "y")
    elif word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        stems.add(word[:-2])
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")) and len(word) > 3:
        stems.add(word[:-1])
    forms: set[str] = set()
    for stem in stems:
        forms |= _endings(stem)
        forms |= _IRREGULAR.get(stem, set())
    return forms


def _endings(stem: str) -> set[str]:
    forms = {stem, stem + "s"}
    if len(stem) < 3 or stem.isupper():
        return forms
    last = stem[-1]
    if stem.endswith(("s", "x", "z", "ch", "sh")):
        forms.add(stem + "es")
    if last == "y" and stem[-2] not in _VOWELS:
        root = stem[:-1]
        forms |= {root + "ies", root + "ied", stem + "ing"}
    elif last == "e":
        forms |= {stem + "d", stem[:-1] + "ing"}
    else:
        forms |= {stem + "ed", stem + "ing"}
        # transfer -> transferred; a single final consonant after a single vowel doubles.
        if last not in _VOWELS and last not in "wxy" and stem[-2] in _VOWELS:
            if len(stem) < 4 or stem[-3] not in _VOWELS:
                forms |= {stem + last + "ed", stem + last + "ing"}
    return forms
