r"""Plain-text articles, with an optional ``date YYYY-MM-DD`` first line.

The scraped articles sitrep was built on carry their publication date as a
first line ``date 2020-02-27`` (sometimes indented, sometimes followed by
template junk that the cleaner removes). The date is what "Thursday" in the
text is resolved against, so a header that is not a real date rejects the
article rather than silently dating it wrongly.

Example:
    >>> from sitrep.config import LimitsConfig
    >>> article = read_text("date 2020-02-27\nAt least 22 were killed.", "a.txt", LimitsConfig())
    >>> article.published, article.text
    (datetime.date(2020, 2, 27), '\nAt least 22 were killed.')
"""

from __future__ import annotations

import re

from sitrep.config import LimitsConfig
from sitrep.read._common import checked, parse_day
from sitrep.records import Article, Rejected

# "date" then a token that starts with a digit: "Date night is..." is text, not a header.
_DATE_HEADER = re.compile(r"\A\s*date[ \t]+(\d\S*)", re.IGNORECASE)


def read_text(text: str, origin: str, limits: LimitsConfig) -> Article | Rejected:
    """Read one plain-text article; the date header, if any, becomes ``published``.

    Only the ``date TOKEN`` words are consumed; the rest of that line stays in
    the raw text for the cleaner (in the seed it is ``%MINIFYHTML…%`` junk).
    """
    published = None
    header = _DATE_HEADER.match(text)
    if header is not None:
        try:
            published = parse_day(header.group(1))
        except ValueError as exc:
            return Rejected(origin, f"the date header is {exc}: {header.group(1)[:40]!r}")
        text = text[header.end() :]
        if not text.strip():
            return Rejected(origin, "no article text after the date header")
    return checked(Article(text=text, published=published, origin=origin), limits)
