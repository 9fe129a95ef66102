from __future__ import annotations

import json
from datetime import date

import pytest

from sitrep.config import LimitsConfig
from sitrep.read import read_paths, read_record
from sitrep.records import Article, Rejected


def test_jsonl_records_become_articles_with_line_origins(inputs, limits):
    items = list(read_paths([inputs / "records.jsonl"], limits))
    assert all(isinstance(item, Article) for item in items)
    first, second, third = items
    assert first.external_id == "a1"
    assert first.title == "Air strike in Idlib"
    assert first.published == date(2020, 2, 27)
    assert (first.url, first.source, first.language) == (
        "https://news.example.org/a1",
        "Example News",
        "en",
    )
    assert second.external_id == "2"
    assert second.published == date(2020, 2, 29)  # from publication_date
    assert second.language == "en"
    assert third.origin == f"{inputs / 'records.jsonl'}:4"  # blank line 3 is skipped
    assert third.language == "fr"


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ('{"text": "ok", ', "malformed JSON"),
        ("[1, 2]", "record is a JSON list, not an object"),
        ('"just a string"', "not an object"),
        ('{"title": "no text"}', "record has no 'text' field"),
        ('{"text": 42}', "'text' is not a string"),
        ('{"text": ""}', "no article text"),
        ('{"text": "ok", "published": "2020-02-30"}', "'published' is not a real date: '2020-"),
        ('{"text": "ok", "published": "Feb 30"}', "'published' is not a YYYY-MM-DD date: 'Feb 30'"),
        ('{"text": "ok", "published": 20200227}', "not a date string"),
        ('{"text": "ok", "published": null, "publication_date": "2020-13-01"}', "not a real date"),
        ("[" * 100_000 + "]" * 100_000, "malformed JSON"),
        ('{"text": "ok", "n": ' + "9" * 5000 + "}", "malformed JSON"),
    ],
)
def test_bad_record_is_rejected_with_reason(line, reason, limits):
    rejected = read_record(line, "r.jsonl:7", limits)
    assert isinstance(rejected, Rejected)
    assert rejected.subject == "r.jsonl:7"
    assert reason in rejected.reason


@pytest.mark.parametrize(
    ("tag", "code"),
    [("en", "en"), ("EN-gb", "en"), ("fr_FR", "fr"), ("eng", None), ("und", None), (7, None)],
)
def test_language_tag_is_reduced_to_iso_639_1(tag, code, limits):
    article = read_record(json.dumps({"text": "ok", "language": tag}), "r.jsonl:1", limits)
    assert isinstance(article, Article)
    assert article.language == code


def test_malformed_line_does_not_stop_the_file(tmp_path, limits):
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b'{"text": "first"}\n{broken\n\xff\xfe\n{"text": "last"}\n')
    items = list(read_paths([path], limits))
    assert [type(item).__name__ for item in items] == [
        "Article",
        "Rejected",
        "Rejected",
        "Article",
    ]
    assert items[1].subject == f"{path}:2"
    assert items[2].reason == "line is not valid UTF-8 (JSON Lines must be UTF-8)"
    assert items[3].text == "last"


def test_overlong_line_is_rejected_and_reading_goes_on(tmp_path):
    path = tmp_path / "long.jsonl"
    path.write_text('{"text": "' + "x" * 5000 + '"}\n{"text": "short"}\n')
    items = list(read_paths([path], LimitsConfig(max_file_bytes=1000)))
    assert isinstance(items[0], Rejected)
    assert items[0].subject == f"{path}:1"
    assert "line is over 1,000 bytes" in items[0].reason
    assert isinstance(items[1], Article)
    assert items[1].text == "short"


def test_jsonl_is_streamed_past_the_file_size_limit(tmp_path):
    path = tmp_path / "big.jsonl"
    path.write_text('{"text": "Clashes in Idlib."}\n' * 200)
    items = list(read_paths([path], LimitsConfig(max_file_bytes=1000)))
    assert len(items) == 200
    assert all(isinstance(item, Article) for item in items)
