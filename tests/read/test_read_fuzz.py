"""Property tests: whatever bytes or text arrive, every reader yields Articles or Rejected."""

from __future__ import annotations

import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sitrep.config import LimitsConfig
from sitrep.read import EXTENSIONS, read_feed, read_html, read_paths, read_record, read_text
from sitrep.records import Article, Rejected

LIMITS = LimitsConfig(max_article_chars=20_000, max_file_bytes=200_000)
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# Characters that break naive text handling: surrogates, zero-width and bidi
# controls, BOM, NUL and other controls, mojibake leads, line separators.
_HOSTILE = "\ud800\udfff\u200b\u200c\u200d\u200e\u200f\u202e\u2066\u2069\ufeff\x00\x1b\x85"
_HOSTILE += "\r\n\u2028\xa0ÃÂâ€™©\x81\x9d%<>&\"'{}[]"
hostile_text = st.text(alphabet=st.one_of(st.characters(), st.sampled_from(_HOSTILE)), max_size=400)
TOKENS = [
    "date ",
    "2020-02-30",
    "2020-02-27",
    "%MINIFYHTMLc0c4facb3a8439e1a21098570de0933011%",
    "<p>",
    "</div>",
    "<![CDATA[",
    "<rss>",
    "<item>",
    "&amp;",
    "&#xD800;",
    "1e308",
    "99999999999999999999",
    "Feb 30",
    "\n\n",
]
hostile_documents = st.lists(st.one_of(hostile_text, st.sampled_from(TOKENS)), max_size=20).map(
    "".join
)


def _nested_html(depth: int, tag: str) -> str:
    return f"<html><body>{f'<{tag}>' * depth}Two people were killed in Kabul on Sunday.</body>"


def _assert_all_results(items: object) -> None:
    assert isinstance(items, list)
    for item in items:
        assert isinstance(item, (Article, Rejected))
        if isinstance(item, Rejected):
            assert item.reason and "\n" not in item.reason


@FUZZ
@given(hostile_documents)
def test_plain_text_reader_never_raises(text):
    _assert_all_results([read_text(text, "fuzz.txt", LIMITS)])


@FUZZ
@given(hostile_documents)
def test_html_reader_never_raises(text):
    _assert_all_results([read_html(text, "fuzz.html", LIMITS)])


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=1, max_value=20_000), st.sampled_from(["div", "span", "p", "b"]))
def test_html_reader_survives_deep_nesting(depth, tag):
    _assert_all_results([read_html(_nested_html(depth, tag), "deep.html", LIMITS)])


@FUZZ
@given(hostile_documents)
def test_jsonl_record_reader_never_raises_on_text(line):
    _assert_all_results([read_record(line, "fuzz.jsonl:1", LIMITS)])


json_values = st.recursive(
    st.none() | st.booleans() | st.floats() | st.integers() | hostile_text,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=20,
)
records = st.fixed_dictionaries(
    {},
    optional={
        key: json_values
        for key in ("id", "text", "title", "published", "publication_date", "url", "language")
    },
)


@FUZZ
@given(records)
def test_jsonl_record_reader_never_raises_on_json(record):
    _assert_all_results([read_record(json.dumps(record), "fuzz.jsonl:1", LIMITS)])


@settings(max_examples=10, deadline=None)
@given(st.integers(min_value=1, max_value=200_000), st.sampled_from(["[", '{"a":']))
def test_jsonl_record_reader_survives_json_bombs(depth, opener):
    closer = "]" if opener == "[" else "}"
    bomb = '{"text": "x", "bomb": ' + opener * depth + "1" + closer * depth + "}"
    _assert_all_results([read_record(bomb, "bomb.jsonl:1", LIMITS)])


@FUZZ
@given(
    st.binary(max_size=2000) | hostile_documents.map(lambda t: t.encode("utf-8", "surrogatepass"))
)
def test_feed_reader_never_raises(data):
    _assert_all_results(list(read_feed(data, "fuzz.xml", LIMITS)))


@FUZZ
@given(st.lists(hostile_text, max_size=3))
def test_any_path_string_reads_to_articles_or_rejections(names):
    # Under a folder that does not exist, so no name can reach a real directory like "/".
    paths = [f"/nonexistent-sitrep-fuzz/{name}" for name in names]
    _assert_all_results(list(read_paths(paths, LIMITS)))


@FUZZ
@given(
    st.sampled_from([*sorted(EXTENSIONS), ".bin", ""]),
    st.one_of(
        st.binary(max_size=3000),
        hostile_documents.map(lambda t: t.encode("utf-8", "surrogatepass")),
        st.binary(min_size=1, max_size=50).map(lambda b: b * 5000),  # huge lines
    ),
)
def test_any_file_reads_to_articles_or_rejections(tmp_path_factory, suffix, data):
    path = tmp_path_factory.mktemp("fuzz") / f"input{suffix}"
    path.write_bytes(data)
    _assert_all_results(list(read_paths([path], LIMITS)))
