"""Plain text out of an HTML fragment (a feed entry's content), keeping paragraphs."""

from __future__ import annotations

from html.parser import HTMLParser

_BLOCK_TAGS = frozenset(
    {"address", "article", "aside", "blockquote", "dd", "div", "dl", "dt", "figcaption"}
    | {"figure", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main"}
    | {"nav", "ol", "p", "pre", "section", "table", "td", "th", "tr", "ul"}
)
_SKIPPED_TAGS = frozenset({"script", "style", "template", "noscript", "iframe", "svg"})


class _TextCollector(HTMLParser):
    """Collects text, turning block elements into paragraph breaks and skipping scripts."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping += 1
        elif tag == "br":
            self.parts.append("\n")
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _SKIPPED_TAGS:
            self._skipping = max(0, self._skipping - 1)
        elif tag in _BLOCK_TAGS:
            self.parts.append("\n\n")

    def handle_data(self, data: str) -> None:
        if not self._skipping:
            self.parts.append(data)


def html_to_text(fragment: str) -> str:
    r"""Return the text of an HTML fragment, one paragraph per block element.

    The standard library's tolerant parser is enough here: feed entries are
    short fragments, not pages, and it never raises on broken markup.

    Example:
        >>> html_to_text("<p>At least <b>22</b> killed.</p><p>More&nbsp;later.</p>")
        'At least 22 killed.\n\nMore\xa0later.'
    """
    collector = _TextCollector()
    collector.feed(fragment)
    collector.close()
    paragraphs = ("".join(collector.parts)).split("\n\n")
    return "\n\n".join(p.strip() for p in paragraphs if p.strip())
