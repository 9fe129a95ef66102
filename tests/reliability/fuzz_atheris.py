"""Coverage-guided fuzzing (atheris) of the model-free stages: readers, cleaner, parsers.

Optional and run by hand: atheris is not a dependency of sitrep (it only
matters to someone hunting crashes, and pytest's hypothesis tests already run
the same contracts in ``make test``). Install it anywhere on the path, e.g.::

    pip install --target /tmp/atheris atheris==3.0.0
    PYTHONPATH=/tmp/atheris .venv/bin/python tests/reliability/fuzz_atheris.py -atheris_runs=200000

Each input is split into a target selector and data; a target may return
anything but may raise only what its contract allows (nothing, for most). A
crash prints the input and leaves it as ``crash-<hash>`` in the working folder.
The NLP model is left out: at tens of articles a second it is too slow for
coverage-guided fuzzing, and ``test_pipeline_fuzz.py`` covers it.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from datetime import date, timedelta

import atheris  # type: ignore[import-not-found]

with atheris.instrument_imports():
    from sitrep.clean import clean_article, clean_text
    from sitrep.config import LimitsConfig
    from sitrep.extraction.counts import MAX_COUNT, find_counts, parse_quantity
    from sitrep.extraction.dates import find_dates, report_date
    from sitrep.extraction.figures import find_figures
    from sitrep.read import read_feed, read_html, read_record, read_text
    from sitrep.records import Article, Rejected

LIMITS = LimitsConfig(max_article_chars=20_000, max_file_bytes=200_000)


def _result(item: object) -> None:
    assert isinstance(item, (Article, Rejected)), type(item)
    if isinstance(item, Rejected):
        assert item.reason and "\n" not in item.reason, item.reason
    else:
        clean_article(item).article_id  # noqa: B018  (hashing must work on any article)


def _clean(text: str) -> None:
    once = clean_text(text)
    assert clean_text(once) == once, "clean_text is not idempotent"
    once.encode("utf-8")


def _counts(text: str) -> None:
    for count in find_counts(text, 0, len(text)):
        if count.quantity is not None:
            assert 0 <= count.quantity.value <= MAX_COUNT + 1, count
    quantity = parse_quantity(text[:80])
    assert quantity is None or 0 <= quantity.value <= MAX_COUNT + 1


def _dates(text: str, reference: date) -> None:
    for mention in find_dates(text):
        assert 0 <= mention.start <= mention.end <= len(text)
        mention.resolve(reference)
        mention.resolve(None, reference.year)
    report_date(text)
    for figure in find_figures(text, 0, len(text), reference):
        assert 0 <= figure.start <= figure.end <= len(text)


TARGETS: list[Callable[[atheris.FuzzedDataProvider], None]] = [
    lambda f: _result(read_text(f.ConsumeUnicode(4000), "f.txt", LIMITS)),
    lambda f: _result(read_html(f.ConsumeUnicode(4000), "f.html", LIMITS)),
    lambda f: _result(read_record(f.ConsumeUnicode(4000), "f.jsonl:1", LIMITS)),
    lambda f: [_result(i) for i in read_feed(f.ConsumeBytes(4000), "f.xml", LIMITS)],
    lambda f: _clean(f.ConsumeUnicode(4000)),
    lambda f: _counts(f.ConsumeUnicode(600)),
    lambda f: _dates(
        f.ConsumeUnicode(600), date.min + timedelta(days=f.ConsumeIntInRange(0, 3_652_058))
    ),
]


def one_input(data: bytes) -> None:
    """Run the target the first byte picks on the rest of the input."""
    provider = atheris.FuzzedDataProvider(data)
    TARGETS[provider.ConsumeIntInRange(0, len(TARGETS) - 1)](provider)


if __name__ == "__main__":
    atheris.Setup(sys.argv, one_input)
    atheris.Fuzz()
