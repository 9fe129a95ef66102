from __future__ import annotations

from datetime import date

import pytest

from sitrep.config import LimitsConfig
from sitrep.read import read_paths, read_text
from sitrep.records import Article, Rejected


def test_seed_header_becomes_published_and_is_consumed(seed_path, limits):
    [article] = read_paths([seed_path], limits)
    assert isinstance(article, Article)
    assert article.published == date(2020, 2, 27)
    assert "date 2020" not in article.text
    assert article.origin == str(seed_path)
    assert "%MINIFYHTML" in article.text  # raw: the cleaner removes it


@pytest.mark.parametrize(
    ("text", "published", "body"),
    [
        ("date 2020-03-01\nKabul bomb.", date(2020, 3, 1), "\nKabul bomb."),
        ("   date 2020-03-01 junk\nKabul.", date(2020, 3, 1), " junk\nKabul."),
        ("Date 2020-03-01\nKabul.", date(2020, 3, 1), "\nKabul."),
        ("Kabul bomb.\ndate 2020-03-01", None, "Kabul bomb.\ndate 2020-03-01"),
        ("Date night was cancelled in Kabul.", None, "Date night was cancelled in Kabul."),
    ],
)
def test_date_header_only_on_first_line(text, published, body, limits):
    article = read_text(text, "a.txt", limits)
    assert isinstance(article, Article)
    assert (article.published, article.text) == (published, body)


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("date 2020-02-30\nText.", "not a real date"),
        ("date 27/02/2020\nText.", "not a YYYY-MM-DD date"),
        ("date 2020-02-27\n   \n", "no article text after the date header"),
        ("  \n\t\n", "no article text"),
    ],
)
def test_bad_plain_text_is_rejected_with_reason(text, reason, limits):
    rejected = read_text(text, "a.txt", limits)
    assert isinstance(rejected, Rejected)
    assert rejected.subject == "a.txt"
    assert reason in rejected.reason


def test_article_over_char_limit_is_rejected():
    rejected = read_text("word " * 100, "long.txt", LimitsConfig(max_article_chars=100))
    assert isinstance(rejected, Rejected)
    assert "over the limit of 100" in rejected.reason


@pytest.mark.parametrize("name", ["dated.txt", "undated.txt"])
def test_fixture_files_read_with_and_without_header(inputs, limits, name):
    [article] = read_paths([inputs / name], limits)
    assert isinstance(article, Article)
    assert "Kabul" in article.text
    assert (article.published is not None) == (name == "dated.txt")


def test_huge_single_line_file_is_rejected_by_article_limit(tmp_path, limits):
    path = tmp_path / "one-line.txt"
    path.write_text("word " * 1_000_000)
    [rejected] = read_paths([path], limits)
    assert isinstance(rejected, Rejected)
    assert rejected.reason.startswith("article text is 5,000,000 characters, over the limit")
