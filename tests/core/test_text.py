from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from briefing.core.text import Utf16Offsets, normalise_text, quote_selector, snap_to_words


def test_normalise_drops_bom_and_unifies_line_ends() -> None:
    assert normalise_text("\ufeffa\r\nb\rc\n") == "a\nb\nc\n"
    assert normalise_text("no change\u200f") == "no change\u200f"


def test_snap_widens_to_words_and_trims_space() -> None:
    text = "Iran has supplied Russia with drones."
    start = text.index("as sup")  # starts inside "has"
    end = text.index("ussia") + 2  # ends inside "Russia"
    assert text[slice(*snap_to_words(text, start, end))] == "has supplied Russia"
    padded = text.index(" supplied")
    assert text[slice(*snap_to_words(text, padded, padded + 10))] == "supplied"
    assert snap_to_words(text, 3, 3) == (3, 3)
    assert snap_to_words("a    b", 1, 5) == (5, 5)  # only blank space: nothing to tag


def test_snap_keeps_apostrophes_and_combining_marks_in_words() -> None:
    text = "Tehran’s cafe\u0301 policy"
    start = text.index("’s") + 1
    assert text[slice(*snap_to_words(text, start, start + 1))] == "Tehran’s"
    end = text.index("\u0301")
    assert text[slice(*snap_to_words(text, end - 2, end))] == "cafe\u0301"


def test_selector_keeps_32_characters_of_context() -> None:
    text = "x" * 40 + "QUOTE" + "y" * 40
    selector = quote_selector(text, 40, 45)
    assert (selector.exact, selector.prefix, selector.suffix) == ("QUOTE", "x" * 32, "y" * 32)


def test_utf16_offsets_round_trip_after_emoji() -> None:
    text = "a😀b🚀c"
    offsets = Utf16Offsets(text)
    utf16 = text.encode("utf-16-le")
    for index in range(len(text) + 1):
        position = offsets.to_utf16(index)
        assert len(text[:index].encode("utf-16-le")) // 2 == position
        assert offsets.from_utf16(position) == index
    assert len(utf16) // 2 == offsets.to_utf16(len(text))
    # A position between the halves of a surrogate pair rounds down to the emoji itself.
    assert offsets.from_utf16(2) == 1


@given(st.text())
def test_utf16_conversion_matches_encoding(text: str) -> None:
    offsets = Utf16Offsets(text)
    for index in range(len(text) + 1):
        expected = len(text[:index].encode("utf-16-le", "surrogatepass")) // 2
        assert offsets.to_utf16(index) == expected
        assert offsets.from_utf16(expected) == index
