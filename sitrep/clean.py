r"""The ``clean`` stage: strip template junk and fix encoding and whitespace.

Every evidence span indexes the *cleaned* text, so cleaning happens once, here,
before anything reads the words. It must be idempotent (cleaning cleaned text
changes nothing, so re-ingesting stored text gives the same spans) and cheap
(it runs on every article): every pattern is compiled once at import.

What it does, in order:

1. character repair, repeated until nothing changes: NFC normalisation,
   mojibake (UTF-8 read as Windows-1252/Latin-1, "â€™" → "’") where the
   repair is unambiguous, HTML character references a scraper left behind
   ("&amp;", "&#8217;"; only complete ones, with their semicolon), and removal
   of invisible characters (zero-width spaces, BOMs, soft hyphens, bidi marks,
   control characters, lone surrogates);
2. template artefacts: PHP Minify_HTML ``%MINIFYHTML<hex>%`` placeholders,
   lines made only of punctuation, a stray " ." after a finished sentence,
   and whole lines listed in ``sitrep/data/boilerplate.txt``
   ("Advertisement", "Share this article", ...);
3. whitespace: every kind of space becomes one ASCII space, lines are
   stripped, and paragraphs are separated by exactly one blank line.

Example:
    >>> clean_text(" %MINIFYHTMLc0c4facb3a8439e1a2109857%\n\nAt least 22\u00a0soldiers.")
    'At least 22 soldiers.'
"""

from __future__ import annotations

import functools
import html
import re
import unicodedata
from dataclasses import replace

from sitrep import _data
from sitrep.records import Article

# Bytes 0x80-0x9F as Windows-1252 shows them; the five bytes it leaves undefined
# come out of a Latin-1 decoder as the C1 controls of the same number.
_CP1252_HIGH = bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore")
_TO_BYTE: dict[str, int] = {char: char.encode("cp1252")[0] for char in _CP1252_HIGH}
_TO_BYTE.update({chr(code): code for code in range(0x80, 0x100)})

# A character that, read back as a byte, is a UTF-8 continuation byte (0x80-0xBF).
_CONT = f"[\x80-\xbf{_CP1252_HIGH}]"
_MOJIBAKE_SEQ = f"(?:[\xc2-\xdf]{_CONT}|[\xe0-\xef]{_CONT}{{2}}|[\xf0-\xf4]{_CONT}{{3}})"
_MOJIBAKE = re.compile(f"{_MOJIBAKE_SEQ}+")
# One two-byte sequence alone is repaired only behind the leads that real text
# almost never puts before such a character ("Ã©" is é, "Â£" is £); a lone "Ñ”"
# could be Spanish capitals before a closing quote and is left alone.
_SAFE_SINGLE_LEADS = frozenset("ÂÃ")

# Line breaks of every convention, and every space that is not a line break.
_LINE_BREAK = re.compile("\r\n|[\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_SPACES = re.compile("[\t \xa0\u1680\u2000-\u200a\u202f\u205f\u3000]+")

# Invisible characters that only get in the way of reading: C0/C1 controls other
# than tab and newline, soft hyphen, zero-width space, bidi marks and embeddings,
# word joiner and invisible operators, BOM, interlinear annotation marks and lone
# surrogates. ZWJ and ZWNJ (U+200C/D) stay: Persian and Indic spelling needs them.
_INVISIBLE = re.compile(
    "[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f\xad\u061c\u180e\u200b\u200e\u200f"
    "\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb\ud800-\udfff]+"
)

_LONE_SURROGATES = re.compile("[\ud800-\udfff]")

# Complete character references only: "&para=2" in a quoted URL is not "¶=2".
_CHAR_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_MINIFY_PLACEHOLDER = re.compile(r"%MINIFYHTML[0-9a-fA-F]+%")
_PUNCTUATION_ONLY = re.compile(r"[^\w]+")
# "he added. ." → "he added.": a lone dot (or dots) after a sentence that has ended.
_STRAY_DOT = re.compile(r"(\w[.!?][\"'”’)\]]?) +\.+$")
_BLANK_RUNS = re.compile(r"\n{3,}")
_EDGE_PUNCTUATION = " \t.,;:!?|·•-–—_*>«»\"'“”‘’()[]"


def clean_text(text: str) -> str:
    r"""Return ``text`` without template junk, with sound characters and tidy whitespace.

    Paragraph breaks are kept (one blank line between paragraphs); single line
    breaks inside a paragraph are kept too, since they may separate a headline
    or a list item from what follows.

    Example:
        >>> clean_text("Advertisement\n\nAt least 22 soldiers.\n\n\n\nHe added. .")
        'At least 22 soldiers.\n\nHe added.'
    """
    text = _repair_characters(text)
    text = _MINIFY_PLACEHOLDER.sub(" ", text)
    text = _LINE_BREAK.sub("\n", text)
    boilerplate = _boilerplate()
    lines: list[str] = []
    for raw_line in text.split("\n"):
        line = _SPACES.sub(" ", raw_line).strip()
        line = _STRAY_DOT.sub(r"\1", line)
        if _PUNCTUATION_ONLY.fullmatch(line) or line.strip(_EDGE_PUNCTUATION).casefold() in (
            boilerplate
        ):
            line = ""
        lines.append(line)
    return _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()


def clean_article(article: Article) -> Article:
    r"""Return ``article`` with its text and title cleaned; a title left empty becomes ``None``.

    Example:
        >>> clean_article(Article(text="Kabul\u200b attack.", title=" Share this ")).title is None
        True
    """
    title = " ".join(clean_text(article.title).split()) if article.title else None
    return replace(
        article,
        text=clean_text(article.text),
        title=title or None,
        url=_encodable(article.url),
        source=_encodable(article.source),
        external_id=_encodable(article.external_id),
        origin=_encodable(article.origin),
    )


def _encodable(value: str | None) -> str | None:
    r"""``value`` with lone surrogates replaced by U+FFFD, so it can be hashed and stored.

    They reach metadata from JSON escapes ("\ud800") and from file names that are
    not UTF-8 (``os.fsdecode``); UTF-8 cannot encode them, so the article id and
    the database would fail on them.
    """
    return _LONE_SURROGATES.sub("\ufffd", value) if value else value


def _repair_characters(text: str) -> str:
    """NFC, mojibake, character references and invisible characters, repeated until stable.

    Each repair can uncover another (a zero-width space inside "Ã\u200b©" hides
    mojibake; "&amp;amp;" and doubly encoded text need two rounds), so they run
    to a fixed point, which is what makes :func:`clean_text` idempotent. Every
    round that changes anything shortens the text, so the loop ends; the bound
    only says so to the reader.
    """
    for _ in range(len(text) + 1):
        repaired = _MOJIBAKE.sub(_unmojibake, _nfc(text))
        repaired = _INVISIBLE.sub("", _CHAR_REFERENCE.sub(_unescape, repaired))
        if repaired == text:
            break
        text = repaired
    return text


def _nfc(text: str) -> str:
    if unicodedata.is_normalized("NFC", text):
        return text
    return unicodedata.normalize("NFC", text)


def _unescape(match: re.Match[str]) -> str:
    """The character a reference names; an unknown name ("&foo;") stays as written."""
    return html.unescape(match.group())


def _unmojibake(match: re.Match[str]) -> str:
    """Decode one run of mojibake back to the characters it was, when that is safe.

    A run is repaired only when its bytes are valid UTF-8, when it is either
    several characters long or starts with a lead that real text does not use
    there, and when every repaired character is a stable, visible one.
    """
    run = match.group()
    try:
        repaired = bytes(_TO_BYTE[char] for char in run).decode("utf-8")
    except UnicodeDecodeError:
        return run
    if len(repaired) == 1 and len(run) == 2 and run[0] not in _SAFE_SINGLE_LEADS:
        return run
    for char in repaired:
        if unicodedata.category(char)[0] in "CM" or unicodedata.normalize("NFC", char) != char:
            return run
    return repaired


@functools.cache
def _boilerplate() -> frozenset[str]:
    """The boilerplate lines of ``sitrep/data/boilerplate.txt``, case-folded."""
    return frozenset(line.casefold() for line in _data.read_lines("data/boilerplate.txt"))
