"""Bytes to text: UTF-8 first, a detected legacy encoding next, binaries refused.

Scrapers save pages in whatever encoding the site used; Windows-1252 and
Latin-1 are still common in news archives. Decoding them sensibly beats
rejecting them, but a binary file decoded "somehow" would feed garbage to the
NLP stage, so anything that does not look like text is refused with a reason.
"""

from __future__ import annotations

import codecs
import unicodedata

from charset_normalizer import from_bytes
from charset_normalizer.md import mess_ratio

_SNIFF_BYTES = 8192
"""How much of a file the binary check and the format sniffing look at."""

_MAX_UNPRINTABLE = 0.02
"""Share of control or replacement characters past which decoded "text" is binary."""

_PREFERRED_LEGACY = "cp1252"
_MESS_SAMPLE = 65536
_MAX_MESS = 0.1
"""charset-normalizer's mess ratio under which a Windows-1252 reading is accepted."""

_UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def looks_binary(head: bytes) -> bool:
    r"""Whether the first bytes of a file are those of a binary file (a NUL byte, no UTF-16 BOM).

    Example:
        >>> looks_binary(b"\x89PNG\r\n\x1a\n\x00\x00")
        True
    """
    return b"\x00" in head[:_SNIFF_BYTES] and not head.startswith(_UTF16_BOMS)


def decode(data: bytes) -> tuple[str | None, str]:
    """Decode file contents; return ``(text, "")`` or ``(None, reason)``.

    Example:
        >>> decode("café à Paris".encode("cp1252"))
        ('café à Paris', '')
    """
    if looks_binary(data):
        return None, "binary file (contains NUL bytes), not text"
    if data.startswith(_UTF16_BOMS):
        try:
            return data.decode("utf-16"), ""
        except UnicodeDecodeError:
            return None, "starts with a UTF-16 byte-order mark but is not valid UTF-16"
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        legacy = _legacy_decode(data)
        if legacy is None:
            return None, "not UTF-8 and no known text encoding fits (binary file?)"
        text = legacy
    if _unprintable_share(text) > _MAX_UNPRINTABLE:
        return None, "binary file (too many control characters), not text"
    return text, ""


def _legacy_decode(data: bytes) -> str | None:
    """Decode non-UTF-8 bytes with the most plausible legacy encoding, or ``None``.

    Windows-1252, by far the most common legacy encoding of news pages, is
    tried first and kept when the result reads cleanly: short Western texts fit
    a dozen code pages equally well and charset-normalizer alone may pick
    Windows-1250 for French ("à" → "ŕ"). Otherwise charset-normalizer decides
    (Cyrillic, Greek, Central European...), UTF-16/32 without a byte-order mark
    excluded: for bytes without NULs that guess is always wrong.
    """
    try:
        western = data.decode(_PREFERRED_LEGACY)
    except UnicodeDecodeError:
        western = None
    if western is not None and mess_ratio(western[:_MESS_SAMPLE]) < _MAX_MESS:
        return western
    for match in from_bytes(data):
        if not match.encoding.startswith(("utf_16", "utf_32")):
            return str(match)
    return None


def _unprintable_share(text: str) -> float:
    sample = text[:_SNIFF_BYTES]
    if not sample:
        return 0.0
    bad = sum(
        1
        for char in sample
        if char == "\ufffd" or (unicodedata.category(char) == "Cc" and char not in "\t\n\r\x0c")
    )
    return bad / len(sample)
