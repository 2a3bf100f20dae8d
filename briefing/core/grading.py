"""The Admiralty (NATO) grading system: source reliability A-F, information credibility 1-6."""

from __future__ import annotations

RELIABILITY = {
    "A": "completely reliable",
    "B": "usually reliable",
    "C": "fairly reliable",
    "D": "not usually reliable",
    "E": "unreliable",
    "F": "reliability cannot be judged",
}
CREDIBILITY = {
    1: "confirmed by other sources",
    2: "probably true",
    3: "possibly true",
    4: "doubtful",
    5: "improbable",
    6: "truth cannot be judged",
}
DEFAULT_RELIABILITY = "F"
DEFAULT_CREDIBILITY = 6


def is_reliability(grade: object) -> bool:
    return isinstance(grade, str) and grade in RELIABILITY


def is_credibility(grade: object) -> bool:
    return isinstance(grade, int) and not isinstance(grade, bool) and grade in CREDIBILITY
