"""Theme colours: the Okabe-Ito palette (distinguishable with common colour-vision deficiencies)."""

from __future__ import annotations

import colorsys
from collections.abc import Iterable, Iterator

OKABE_ITO = ("#D55E00", "#0072B2", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442")
# Golden-ratio hue steps at one saturation and value give only about 900 distinct #RRGGBB
# colours. After this many steps in a row without a free one the next shade is used, and
# after the last shade colours repeat (a colour is a reading aid, not an identity).
_MAX_MISSES = 200
_SHADES = ((0.75, 0.8), (0.55, 0.95), (0.9, 0.6), (0.4, 0.75))


def next_colour(used: Iterable[str]) -> str:
    """The first palette colour not in use, then evenly spread generated hues."""
    return next(fresh_colours(used))


def fresh_colours(used: Iterable[str]) -> Iterator[str]:
    """Colours for new themes, one after another: unused palette colours, then generated
    hues not in use (each yielded colour counts as used), then repeats. Each colour costs a
    bounded number of steps, however many themes there are."""
    taken = {c.upper() for c in used}
    for colour in OKABE_ITO:
        if colour not in taken:
            taken.add(colour)
            yield colour
    for saturation, value in _SHADES:
        step = misses = 0
        while misses < _MAX_MISSES:
            colour = _hue(step, saturation, value)
            step += 1
            if colour in taken:
                misses += 1
                continue
            misses = 0
            taken.add(colour)
            yield colour
    step = 0
    while True:
        yield _hue(step, *_SHADES[0])
        step += 1


def _hue(step: int, saturation: float, value: float) -> str:
    hue = (step * 0.618033988749895) % 1.0  # golden-ratio steps spread hues evenly
    r, g, b = colorsys.hsv_to_rgb(hue, saturation, value)
    return f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"


def is_valid_colour(colour: str) -> bool:
    if len(colour) != 7 or not colour.startswith("#"):
        return False
    try:
        int(colour[1:], 16)
    except ValueError:
        return False
    return True


def text_colour_on(colour: str) -> str:
    """Black or white text, whichever contrasts more with the swatch (WCAG relative luminance)."""
    channels = [int(colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    luminance = 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]
    return "#000000" if luminance > 0.179 else "#FFFFFF"
