from __future__ import annotations

import os

import pytest

from sitrep.config import LimitsConfig
from sitrep.read import read_paths
from sitrep.records import Article, Rejected


def test_directory_is_walked_recursively_sorted_skipping_hidden_and_unknown(tmp_path, limits):
    (tmp_path / "b").mkdir()
    (tmp_path / ".git").mkdir()
    (tmp_path / "b" / "2.txt").write_text("Second article text.")
    (tmp_path / "a.txt").write_text("First article text.")
    (tmp_path / "c.jsonl").write_text('{"text": "Third article text."}\n')
    (tmp_path / ".hidden.txt").write_text("Hidden.")
    (tmp_path / ".git" / "x.txt").write_text("Inside a hidden folder.")
    (tmp_path / "README.md").write_text("Not an article.")
    items = list(read_paths([tmp_path], limits))
    assert [item.text for item in items] == [
        "First article text.",
        "Second article text.",
        "Third article text.",
    ]


def test_directory_of_fixtures_reads_every_format(inputs, limits):
    items = list(read_paths([inputs], limits))
    articles = [item for item in items if isinstance(item, Article)]
    rejected = [item for item in items if isinstance(item, Rejected)]
    assert len(articles) == 10
    assert [item.subject for item in rejected] == [f"{inputs / 'wire.rss'}#3"]


def test_explicit_file_with_unknown_extension_is_sniffed(tmp_path, limits):
    feed = tmp_path / "download"
    feed.write_text(
        '<?xml version="1.0"?><rss version="2.0"><channel><title>W</title>'
        "<item><description>Two killed.</description></item></channel></rss>"
    )
    records = tmp_path / "dump"
    records.write_text('{"text": "One record."}\n')
    plain = tmp_path / "notes"
    plain.write_text("Plain words.")
    texts = [item.text for item in read_paths([feed, records, plain], limits)]
    assert texts == ["Two killed.", "One record.", "Plain words."]


def test_legacy_encoding_is_decoded(tmp_path, limits):
    path = tmp_path / "latin.txt"
    path.write_bytes("Les soldats ont été tués à Idlib, a déclaré le gouverneur.".encode("cp1252"))
    [article] = read_paths([path], limits)
    assert isinstance(article, Article)
    assert article.text == "Les soldats ont été tués à Idlib, a déclaré le gouverneur."


def test_utf16_with_bom_is_decoded(tmp_path, limits):
    path = tmp_path / "wide.txt"
    path.write_bytes("Two killed in Kabul.".encode("utf-16"))
    [article] = read_paths([path], limits)
    assert isinstance(article, Article)
    assert article.text == "Two killed in Kabul."


def _binary(path):
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + os.urandom(2000))


def _undecodable(path):
    path.write_bytes(bytes(range(0x80, 0x100)) * 40)


def _controls(path):
    path.write_bytes(bytes(range(1, 32)) * 100)


def _empty(path):
    path.write_bytes(b"")


def _bad_date(path):
    path.write_text("date 2020-02-30\nText that would be misdated.")


def _html_without_article(path):
    path.write_text("<!DOCTYPE html><html><body><nav><a href='/'>Home</a></nav></body></html>")


def _feed_without_entries(path):
    path.write_text('<?xml version="1.0"?><rss version="2.0"><channel></channel></rss>')


def _jsonl_binary(path):
    path.write_bytes(b'\x00\x01\x02\n{"text": "a"}\n')


def test_a_nul_byte_in_a_jsonl_line_rejects_that_line_only(tmp_path, limits):
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"text": "first line"}\n{"text": "x\x00y"}\n{"text": "third line"}\n')
    items = list(read_paths([path], limits))
    assert [i.text for i in items if isinstance(i, Article)] == ["first line", "third line"]
    [bad] = [i for i in items if isinstance(i, Rejected)]
    assert bad.subject == f"{path}:2"


@pytest.mark.parametrize(
    ("name", "write", "reason"),
    [
        ("image.txt", _binary, "binary file (contains NUL bytes), not text"),
        ("noise.txt", _undecodable, "binary file"),
        ("controls.txt", _controls, "binary file (too many control characters), not text"),
        ("empty.txt", _empty, "file is empty"),
        ("baddate.txt", _bad_date, "the date header is not a real date: '2020-02-30'"),
        ("menu.html", _html_without_article, "no article text found in the HTML"),
        ("empty.rss", _feed_without_entries, "feed has no entries"),
        ("dump.jsonl", _jsonl_binary, "binary file (contains NUL bytes), not text"),
    ],
)
def test_bad_file_gives_one_rejection_naming_it(tmp_path, limits, name, write, reason):
    path = tmp_path / name
    write(path)
    [rejected] = read_paths([path], limits)
    assert isinstance(rejected, Rejected)
    assert rejected.subject == str(path)
    assert reason in rejected.reason
    assert "\n" not in rejected.message


def test_missing_path_is_rejected_and_reading_goes_on(tmp_path, limits):
    good = tmp_path / "good.txt"
    good.write_text("Two killed in Kabul.")
    missing, article = read_paths([tmp_path / "nope.txt", good], limits)
    assert missing.message == f"{tmp_path / 'nope.txt'}: no such file or directory"
    assert isinstance(article, Article)


def test_fifo_is_rejected_without_blocking(tmp_path, limits):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    [rejected] = read_paths([fifo], limits)
    assert rejected.reason == "not a regular file"


def test_file_over_size_limit_is_rejected_before_reading(tmp_path, limits, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(limits.max_file_bytes + 1)  # sparse: 50 MiB + 1 byte on disk cheaply
        handle.seek(0)
        handle.write(b"Text. ")

    def refuse(self):
        raise AssertionError("an oversized file must not be read whole")

    monkeypatch.setattr(type(path), "read_bytes", refuse)
    [rejected] = read_paths([path], limits)
    assert isinstance(rejected, Rejected)
    assert rejected.reason == (
        "file is 52,428,801 bytes, over the limit of 52,428,800 (limits.max_file_bytes)"
    )


def test_real_fifty_megabyte_file_is_rejected(tmp_path):
    path = tmp_path / "big.txt"
    path.write_bytes(b"Words and more words. " * (50 * 1024 * 1024 // 22 + 1))
    [rejected] = read_paths([path], LimitsConfig())
    assert isinstance(rejected, Rejected)
    assert "over the limit" in rejected.reason


def test_unreadable_file_is_rejected(tmp_path, limits, monkeypatch):
    path = tmp_path / "secret.txt"
    path.write_text("Text.")

    def denied(self, *args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(type(path), "open", denied)
    [rejected] = read_paths([path], limits)
    assert rejected.message == f"{path}: cannot be read (Permission denied)"


def test_unlistable_folder_is_rejected_and_the_rest_read(tmp_path, limits, monkeypatch):
    (tmp_path / "ok.txt").write_text("Two killed in Kabul.")
    (tmp_path / "locked").mkdir()
    real_scandir = os.scandir

    def scandir(path):
        if str(path).endswith("locked"):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    rejected, article = read_paths([tmp_path], limits)
    assert rejected.message == f"{tmp_path / 'locked'}: cannot be read (Permission denied)"
    assert isinstance(article, Article)


def test_a_date_that_is_not_real_is_named_once_in_the_reason(tmp_path, limits):
    path = tmp_path / "baddate.txt"
    path.write_text("date 2020-02-30\nFour people were killed.\n")
    [rejected] = read_paths([path], limits)
    assert rejected.reason == "the date header is not a real date: '2020-02-30'"
    line = tmp_path / "bad.jsonl"
    line.write_text('{"text": "ok", "published": "2020-02-30"}\n')
    [rejected] = read_paths([line], limits)
    assert rejected.reason == "'published' is not a real date: '2020-02-30'"
