"""Theme colours: the Okabe-Ito palette (distinguishable with common colour-vision deficiencies)."""

from __future__ import annotations

import colorsys

OKABE_ITO = ("#D55E00", "#0072B2", "#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#F0E442")


def next_colour(used: set[str]) -> str:
    """The first palette colour not in use, then evenly spread generated hues."""
    taken = {c.upper() for c in used}
    for colour in OKABE_ITO:
        if colour not in taken:
            return colour
    step = 0
    while True:
        hue = (step * 0.618033988749895) % 1.0  # golden-ratio steps spread hues evenly
        r, g, b = colorsys.hsv_to_rgb(hue, 0.75, 0.8)
        colour = f"#{round(r * 255):02X}{round(g * 255):02X}{round(b * 255):02X}"
        if colour not in taken:
            return colour
        step += 1


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
