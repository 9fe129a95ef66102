from __future__ import annotations

from datetime import date

import pytest

from sitrep.read import read_html, read_paths
from sitrep.records import Article, Rejected


def test_html_page_is_reduced_to_article_with_metadata(inputs, limits):
    [article] = read_paths([inputs / "article_with_nav.html"], limits)
    assert isinstance(article, Article)
    assert article.text.startswith("At least 22 Turkish soldiers")
    assert "\n\n" in article.text  # paragraphs kept apart
    for boilerplate in ("Home", "Subscribe", "Copyright", "Privacy policy"):
        assert boilerplate not in article.text
    assert article.title == "Air strike kills 22 Turkish soldiers in Idlib"
    assert article.published == date(2020, 2, 27)
    assert article.url == "https://news.example.org/2020/02/27/idlib"
    assert article.source == "Example News"


@pytest.mark.parametrize(
    "page",
    [
        "<html><body><nav><a href='/'>Home</a> <a href='/w'>World</a></nav></body></html>",
        "<html><head><title>404</title></head><body></body></html>",
        "<html><body><script>var a = 1;</script></body></html>",
        "",
    ],
)
def test_html_without_article_text_is_rejected(page, limits):
    rejected = read_html(page, "page.html", limits)
    assert isinstance(rejected, Rejected)
    assert rejected.message == "page.html: no article text found in the HTML"


def test_txt_file_holding_html_is_read_as_html(tmp_path, inputs, limits):
    path = tmp_path / "saved.txt"
    path.write_bytes((inputs / "article_with_nav.html").read_bytes())
    [article] = read_paths([path], limits)
    assert isinstance(article, Article)
    assert article.source == "Example News"
