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

from sitrep.extraction._taken import Taken

_MONTHS = {
    "jan": 1, "january": 1, "feb": 2, "february": 2, "mar": 3, "march": 3, "apr": 4,
    "april": 4, "may": 5, "jun": 6, "june": 6, "jul": 7, "july": 7, "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9, "oct": 10, "october": 10, "nov": 11,
    "november": 11, "dec": 12, "december": 12,
}  # fmt: skip
_THE_BEFORE = re.compile(r"\bthe\s+$", re.I)
_THE_WINDOW = 40
"""How far back "the" is looked for: searching the whole text before every date made
a text of many dates quadratic."""
_NOUN_AFTER = re.compile(r"\s+(?:[a-z]+-)?[a-z]{3,}\b")
"""An attributive date sits between "the" and a lowercase noun: "the July 2 attack",
"the May 11 insider attack"."""
_SMALL = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7}
_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_MONTH = r"(?P<month>jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"  # noqa: E501
_DAY = r"(?P<day>[0-3]?\d)(?:st|nd|rd|th)?"
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


@functools.cache
def _patterns() -> tuple[tuple[re.Pattern[str], str], ...]:
    flags = re.I
    return (
        (re.compile(rf"\b{_MONTH}\s+{_DAY}(?:,?\s+{_YEAR})?\b", flags), "month_day"),
        (re.compile(rf"\b{_DAY}\s+{_MONTH}(?:,?\s+{_YEAR})?\b", flags), "day_month"),
        (re.compile(r"\b(?P<year>(?:19|20)\d\d)-(?P<month>[01]\d)-(?P<day>[0-3]\d)\b"), "iso"),
        (re.compile(rf"\b(?P<last>last\s+)?(?P<weekday>{'|'.join(_WEEKDAYS)})(?:'s)?"
                    r"(?P<lastweek>\s+last\s+week)?\b", flags), "weekday"),
        (re.compile(r"\b(?P<n>two|three|four|five|six|seven|\d)\s+days\s+ago\b", flags),
         "days_ago"),
        (re.compile(r"\b(?:yesterday|last\s+night|overnight|the\s+previous\s+day|"
                    r"the\s+day\s+before)\b", flags), "yesterday"),
        (re.compile(r"\b(?:today|this\s+(?:morning|afternoon|evening)|tonight|"
                    r"earlier\s+today)\b", flags), "today"),
        (re.compile(r"\b(?:in|over|during)\s+the\s+(?:past|last)\s+(?P<n>two|three|four|five|"
                    r"six|[2-6])\s+days\b", flags), "past_days"),
        (re.compile(r"\b(?:last\s+week|earlier\s+this\s+week|this\s+week|"
                    r"over\s+the\s+weekend|at\s+the\s+weekend|in\s+recent\s+days|"
                    r"(?:several|a\s+few)\s+days\s+ago)\b", flags), "week"),
        (re.compile(r"\b(?:last\s+month|earlier\s+this\s+month|this\s+month)\b", flags), "month"),
        (re.compile(rf"\b(?:in|since|during|by|until)\s+{_MONTH}(?:\s+(?P<year>(?:19|20)\d\d))?"
                    r"\b(?!\s+\d)", flags), "month_name"),
        (re.compile(r"\b(?:in|since|during|a|an|the)\s+(?P<year>(?:19|20)\d\d)\b(?![-/])",
                    flags), "year"),
    )  # fmt: skip


def find_dates(text: str, start: int = 0, end: int | None = None) -> list[DateMention]:
    """Every date expression in ``text[start:end]``, in text order, not overlapping.

    Example:
        >>> [m.kind for m in find_dates("On Feb. 27, 2020, and again yesterday")]
        ['absolute', 'offset']
    """
    stop = len(text) if end is None else end
    segment = text[start:stop]
    found: list[DateMention] = []
    taken = Taken()
    for pattern, kind in _patterns():
        for m in pattern.finditer(segment):
            if not taken.free(*m.span()):
                continue
            mention = _mention(m, kind, start)
            if mention is not None:
                taken.take(*m.span())
                found.append(mention)
    return sorted(found, key=lambda d: d.start)


def _mention(m: re.Match[str], kind: str, base: int) -> DateMention | None:
    s, e = base + m.start(), base + m.end()
    if kind in ("month_day", "day_month", "iso"):
        month_word = m.group("month").lower().rstrip(".")
        month = int(month_word) if month_word.isdigit() else _MONTHS[month_word]
        day = int(m.group("day"))
        if not 1 <= day <= 31:
            return None
        year = int(m.group("year")) if m.group("year") else None
        look_back = max(0, m.start() - _THE_WINDOW)
        attributive = bool(_THE_BEFORE.search(m.string, look_back, m.start())) and bool(
            _NOUN_AFTER.match(m.string, m.end())
        )
        return DateMention(
            s, e, "absolute", month=month, day=day, year=year, attributive=attributive
        )
    if kind == "weekday":
        last = bool(m.group("last") or m.group("lastweek"))
        day = _WEEKDAYS.index(m.group("weekday").lower())
        return DateMention(s, e, "weekday", weekday=day, offset=int(last))
    if kind == "days_ago":
        n = m.group("n").lower()
        return DateMention(s, e, "offset", offset=int(n) if n.isdigit() else _SMALL[n])
    if kind == "past_days":
        # "during the past two days": from the first of them, within the week.
        n = m.group("n").lower()
        return DateMention(s, e, "vague", offset=int(n) if n.isdigit() else _SMALL[n], precision=2)
    if kind == "yesterday":
        return DateMention(s, e, "offset", offset=1)
    if kind == "today":
        return DateMention(s, e, "offset", offset=0)
    if kind == "month_name":
        month = _MONTHS[m.group("month").lower().rstrip(".")]
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
_DATELINE = re.compile(
    rf"{_PLACE_LINE}\s*[(,–—-]\s*(?i:{_MONTH})\s+{_DAY}(?:,?\s+{_YEAR})?\)?\s*[–—-]*", re.M
)
_UNDATED_DATELINE = re.compile(rf"{_PLACE_LINE}\s+[–—-]+", re.M)
_HEADER_DATE = re.compile(rf"(?i:{_MONTH})\s+{_DAY}(?:,?\s+{_YEAR})?")
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


def report_date(text: str) -> ReportDate:
    r"""Read the dateline and header of a report ("KABUL, Afghanistan (Nov. 20, 2011) –").

    Example:
        >>> report_date("2010-09-CA-005\nKABUL, Afghanistan (Sept. 1) - A force...").published
        datetime.date(2010, 9, 1)
    """
    head = text[:800]
    release = _RELEASE_YEAR.search(head)
    year = int(release.group("year")) if release else None
    line = _DATELINE.search(head) or _UNDATED_DATELINE.search(head)
    body_start = line.end() if line else 0
    found: re.Match[str] | None = None
    if line is not None and line.re is _DATELINE:
        found = line
    else:
        # A date in a title line ("Dec. 6: Operations in ...") dates the report; a date in
        # the body's first sentence ("killed five on Feb. 3") dates the event.
        first_line = head.find("\n")
        title = 0 < first_line <= 150 and not head[:first_line].rstrip().endswith(".")
        found = _HEADER_DATE.search(head, 0, body_start or (first_line if title else 0))
    if found is None:
        return ReportDate(None, body_start, year)
    mention = DateMention(
        found.start("month"),
        found.end(),
        "absolute",
        month=_MONTHS[found.group("month").lower().rstrip(".")],
        day=int(found.group("day")),
        year=int(found.group("year")) if found.group("year") else None,
    )
    resolved = mention.resolve(None, year)
    return ReportDate(resolved[0] if resolved else None, max(body_start, found.end()), year)
