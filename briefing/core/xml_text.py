"""Make user text safe for XML without changing what a reader sees."""

from __future__ import annotations

import re

# XML 1.0 forbids C0 controls other than tab/LF/CR, lone surrogates and U+FFFE/U+FFFF;
# python-docx raises ValueError on them. They are invisible, so dropping them changes nothing
# a reader sees. Vertical tab and form feed are line breaks to the writer who typed them
# (Word itself stores a manual line break as VT when text is copied out).
_FORBIDDEN = re.compile("[\x00-\x08\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_BREAKS = re.compile("\r\n|[\r\x0b\x0c]")


def xml_safe(text: str) -> str:
    """`text` with line breaks as LF and nothing XML 1.0 refuses.

    A lone surrogate (half of a character, from a damaged file) becomes U+FFFD, the usual
    mark of a character that could not be read, rather than silently vanishing.
    """
    if text.isprintable():  # the common case: nothing to do
        return text
    text = _BREAKS.sub("\n", text)
    text = _FORBIDDEN.sub("", text)
    return _SURROGATE.sub("\ufffd", text)
