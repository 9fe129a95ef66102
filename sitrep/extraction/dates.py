"""Dates: the day an event happened, resolved from the words of the report and its date.

Reports rarely give a calendar date for the event itself. They say "Thursday",
"yesterday", "last night", "on Feb. 27" or "last week", relative to the day the
report was published; press releases often carry that day only in a dateline
("KABUL, Afghanistan (Nov. 20, 2011)"). This module finds those expressions with
their character offsets and resolves them against a reference date, with ACLED's
time precision: 1 = the day, 2 = a day within a week, 3 = within a month.

Resolution rules (they match how analysts code reports):

* a weekday is the most recent such day on or before the reference date
  ("Thursday" in a Thursday report is that day);
* "yesterday"/"last night" is the day before, "today"/"this morning" the day;
* "Feb. 27" without a year is the latest Feb. 27 not after the reference date;
* "last week"/"earlier this week" → precision 2, "earlier this month"/"last month" → 3.

Example:
    >>> from datetime import date
    >>> [m.resolve(date(2020, 2, 27)) for m in find_dates("Thursday's deaths")]
    [(datetime.date(2020, 2, 27), 1)]
"""

from __future__ import annotations

import calendar
import functools
import re
from dataclasses import dataclass
from datetime import date, timedelta

from sitrep.extraction._lexicons import alternation, load
from sitrep.extraction._taken import Taken

_THE_WINDOW = 40
"""How far back "the" is looked for: searching the whole text before every date made
a text of many dates quadratic."""
_NOUN_AFTER = re.compile(r"\s+(?:[a-z]+-)?[a-z]{3,}\b")
"""An attributive date sits between "the" and a lowercase noun: "the July 2 attack",
"the May 11 insider attack"."""
_WITHIN_WEEK = 6
""""In the past six days" is still within the week (precision 2); a week is "last week"."""

_YEAR = r"(?P<year>(?:19|20)\d\d)"


@dataclass(frozen=True, slots=True)
class DateMention:
    """A date expression in the text and how it relates to the reference date.

    ``kind`` is ``absolute`` (month and day, maybe year), ``weekday`` (``offset`` 1
    for "last Thursday", which is never the report's own day), ``offset`` (days
    before the reference: yesterday = 1) or ``vague`` (precision 2 or 3,
    ``offset`` days before the reference). ``attributive`` marks a date that names
    another event ("the July 2 attack"), not when the clause's own event happened.
    """

    start: int
    end: int
    kind: str
    month: int = 0
    day: int = 0
    year: int | None = None
    weekday: int = 0
    offset: int = 0
    precision: int = 1
    attributive: bool = False

    @property
    def explicit(self) -> bool:
        """Whether the words name the day ("Thursday", "Feb. 7"), not a distance from today."""
        return self.kind in ("absolute", "weekday")

    def resolve(
        self, reference: date | None, year_hint: int | None = None
    ) -> tuple[date, int] | None:
        """The date this expression names, seen from ``reference``, and its precision.

        ``year_hint`` dates "June 25" when there is no reference (a release whose
        only date is its number, "2010-06-CA-012"). ``None`` when it cannot be
        resolved (no reference for a relative expression, or a calendar date that
        does not exist such as "Feb 30").
        """
        if self.kind == "absolute":
            year = self.year or (reference.year if reference else year_hint)
            if year is None:
                return None
            try:
                found = date(year, self.month, self.day)
            except ValueError:
                return None
            if self.year is None and reference is not None and found > reference:
                try:
                    found = date(year - 1, self.month, self.day)
                except ValueError:
                    return None
            return found, self.precision
        if reference is None:
            return None
        back = self.offset
        if self.kind == "weekday":
            back = (reference.weekday() - self.weekday) % 7
            if back == 0 and self.offset:  # "last Thursday" in a Thursday report: a week back
                back = 7
        try:
            found = reference - timedelta(days=back)
        except OverflowError:  # a placeholder reference such as 0001-01-01
            return None
        return found, 1 if self.kind == "weekday" else self.precision


@dataclass(frozen=True, slots=True)
class _Grammar:
    """The date patterns of one language, built from its ``dates`` lexicon."""

    months: dict[str, int]
    weekdays: tuple[str, ...]
    counts: dict[str, int]
    patterns: tuple[tuple[re.Pattern[str], str], ...]
    the_before: re.Pattern[str]
    dateline: re.Pattern[str]
    header_date: re.Pattern[str]


@functools.cache
def _grammar(lang: str) -> _Grammar:
    words = load("dates", lang)
    months = {name: n for n, names in enumerate(words["months"], 1) for name in names}
    weekdays = tuple(words["weekdays"])
    counts: dict[str, int] = dict(words["day_counts"])
    relative = words["relative"]

    def phrases(key: str | list[str]) -> str:
        return alternation(words[key] if isinstance(key, str) else key)

    def count_phrase(table: dict[str, list[str]], numbers: str) -> str:
        before = rf"(?:{alternation(table['before'])})\s+" if table["before"] else ""
        return rf"\b{before}(?P<n>{numbers})\s+(?:{alternation(table['after'])})\b"

    month = rf"(?P<month>{alternation(list(months))})\.?"
    day = rf"(?P<day>[0-3]?\d)(?:{phrases('ordinal_suffixes')})?"
    few = alternation([w for w, n in counts.items() if n <= _WITHIN_WEEK])
    flags = re.I
    patterns = (
        (re.compile(rf"\b{month}\s+{day}(?:,?\s+{_YEAR})?\b", flags), "month_day"),
        (re.compile(rf"\b{day}\s+{month}(?:,?\s+{_YEAR})?\b", flags), "day_month"),
        (re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"), "iso"),
        (re.compile(rf"\b(?P<last>(?:{phrases('last')})\s+)?(?P<weekday>{alternation(weekdays)})"
                    rf"(?:{phrases('possessive')})?(?P<lastweek>\s+(?:{phrases('last_week')}))?\b",
                    flags), "weekday"),
        (re.compile(count_phrase(words["days_ago"], rf"{alternation(list(counts))}|\d"), flags),
         "days_ago"),
        (re.compile(rf"\b(?:{phrases(relative['yesterday'])})\b", flags), "yesterday"),
        (re.compile(rf"\b(?:{phrases(relative['today'])})\b", flags), "today"),
        (re.compile(count_phrase(words["past_days"], rf"{few}|[2-{_WITHIN_WEEK}]"), flags),
         "past_days"),
        (re.compile(rf"\b(?:{phrases(relative['week'])})\b", flags), "week"),
        (re.compile(rf"\b(?:{phrases(relative['month'])})\b", flags), "month"),
        (re.compile(rf"\b(?:{phrases(words['before_month']['words'])})\s+{month}"
                    r"(?:\s+(?P<year>(?:19|20)\d\d))?\b(?!\s+\d)", flags), "month_name"),
        (re.compile(rf"\b(?:{phrases(words['before_year']['words'])})\s+"
                    r"(?P<year>(?:19|20)\d\d)\b(?![-/])", flags), "year"),
    )  # fmt: skip
    return _Grammar(
        months=months,
        weekdays=weekdays,
        counts=counts,
        patterns=patterns,
        the_before=re.compile(rf"\b(?:{phrases('attributive')})\s+$", re.I),
        dateline=re.compile(
            rf"{_PLACE_LINE}\s*[(,–—-]\s*(?i:{month})\s+{day}(?:,?\s+{_YEAR})?\)?\s*[–—-]*",
            re.M,
        ),
        header_date=re.compile(rf"(?i:{month})\s+{day}(?:,?\s+{_YEAR})?"),
    )


def find_dates(
    text: str, start: int = 0, end: int | None = None, lang: str = "en"
) -> list[DateMention]:
    """Every date expression in ``text[start:end]`` (in language ``lang``), in text order.

    Expressions do not overlap: where two could match, the earlier pattern wins.

    Example:
        >>> [m.kind for m in find_dates("On Feb. 27, 2020, and again yesterday")]
        ['absolute', 'offset']
    """
    stop = len(text) if end is None else end
    segment = text[start:stop]
    found: list[DateMention] = []
    taken = Taken()
    grammar = _grammar(lang)
    for pattern, kind in grammar.patterns:
        for m in pattern.finditer(segment):
            if not taken.free(*m.span()):
                continue
            mention = _mention(m, kind, start, grammar)
            if mention is not None:
                taken.take(*m.span())
                found.append(mention)
    return sorted(found, key=lambda d: d.start)


def _mention(m: re.Match[str], kind: str, base: int, grammar: _Grammar) -> DateMention | None:
    s, e = base + m.start(), base + m.end()
    if kind in ("month_day", "day_month", "iso"):
        month_word = m.group("month").lower().rstrip(".")
        month = int(month_word) if month_word.isdigit() else grammar.months[month_word]
        day = int(m.group("day"))
        if not 1 <= day <= 31:
            return None
        year = int(m.group("year")) if m.group("year") else None
        look_back = max(0, m.start() - _THE_WINDOW)
        attributive = bool(grammar.the_before.search(m.string, look_back, m.start())) and bool(
            _NOUN_AFTER.match(m.string, m.end())
        )
        return DateMention(
            s, e, "absolute", month=month, day=day, year=year, attributive=attributive
        )
    if kind == "weekday":
        last = bool(m.group("last") or m.group("lastweek"))
        day = grammar.weekdays.index(m.group("weekday").lower())
        return DateMention(s, e, "weekday", weekday=day, offset=int(last))
    if kind == "days_ago":
        n = m.group("n").lower()
        return DateMention(s, e, "offset", offset=int(n) if n.isdigit() else grammar.counts[n])
    if kind == "past_days":
        # "during the past two days": from the first of them, within the week.
        n = m.group("n").lower()
        offset = int(n) if n.isdigit() else grammar.counts[n]
        return DateMention(s, e, "vague", offset=offset, precision=2)
    if kind == "yesterday":
        return DateMention(s, e, "offset", offset=1)
    if kind == "today":
        return DateMention(s, e, "offset", offset=0)
    if kind == "month_name":
        month = grammar.months[m.group("month").lower().rstrip(".")]
        year = int(m.group("year")) if m.group("year") else None
        # The month's last day: "in March" is history only once March is over.
        end_of_month = calendar.monthrange(year or 2001, month)[1]
        return DateMention(s, e, "absolute", month=month, day=end_of_month, year=year, precision=3)
    if kind == "year":
        return DateMention(
            s, e, "absolute", month=12, day=31, year=int(m.group("year")), precision=3
        )
    if kind == "week":
        return DateMention(s, e, "vague", offset=0, precision=2)
    return DateMention(s, e, "vague", offset=0, precision=3)


_PLACE = r"[A-Z][A-Za-z.'-]*(?: [A-Za-z.'-]+){0,3}?"
"""A dateline's place is a few words ("BAGRAM AIRFIELD"): a sentence of a lede that ends in
a date ("Commandos detained two men in Archi district, Kunduz province, Feb. 26") is not."""
_PLACE_LINE = rf"^[ \t\xa0]*{_PLACE},\s+{_PLACE}"
_UNDATED_DATELINE = re.compile(rf"{_PLACE_LINE}\s+[–—-]+", re.M)
_RELEASE_YEAR = re.compile(r"\b(?P<year>(?:19|20)\d\d)-[01]\d-[A-Z]")


@dataclass(frozen=True, slots=True)
class ReportDate:
    """What a report's header says about its own date.

    ``published`` is the dateline's date (or a header date such as a title's
    "Dec. 6:"), ``body_start`` where the header ends: dates before it date the
    report, not the event. ``year`` is a year the header implies (a release
    number "2010-09-CA-005"), for dates written without one.
    """

    published: date | None
    body_start: int
    year: int | None


def report_date(text: str, lang: str = "en") -> ReportDate:
    r"""Read the dateline and header of a report ("KABUL, Afghanistan (Nov. 20, 2011) –").

    Example:
        >>> report_date("2010-09-CA-005\nKABUL, Afghanistan (Sept. 1) - A force...").published
        datetime.date(2010, 9, 1)
    """
    grammar = _grammar(lang)
    head = text[:800]
    release = _RELEASE_YEAR.search(head)
    year = int(release.group("year")) if release else None
    line = grammar.dateline.search(head) or _UNDATED_DATELINE.search(head)
    body_start = line.end() if line else 0
    found: re.Match[str] | None = None
    if line is not None and line.re is grammar.dateline:
        found = line
    else:
        # A date in a title line ("Dec. 6: Operations in ...") dates the report; a date in
        # the body's first sentence ("killed five on Feb. 3") dates the event.
        first_line = head.find("\n")
        title = 0 < first_line <= 150 and not head[:first_line].rstrip().endswith(".")
        found = grammar.header_date.search(head, 0, body_start or (first_line if title else 0))
    if found is None:
        return ReportDate(None, body_start, year)
    mention = DateMention(
        found.start("month"),
        found.end(),
        "absolute",
        month=grammar.months[found.group("month").lower().rstrip(".")],
        day=int(found.group("day")),
        year=int(found.group("year")) if found.group("year") else None,
    )
    resolved = mention.resolve(None, year)
    return ReportDate(resolved[0] if resolved else None, max(body_start, found.end()), year)
