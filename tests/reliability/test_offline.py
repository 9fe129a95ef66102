"""sitrep works offline and never fetches what its input points at.

The CLI runs in a child process whose sockets refuse to connect or resolve and
log every attempt; where the machine allows it the child also runs in a network
namespace of its own (``unshare -n``), so that native code (DuckDB, the model
loader) is cut off too. The inputs are full of URLs: images, scripts, styles
and frames in HTML, feed links, JSONL urls, links in plain text.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.nlp

#: Patches the socket module so that any connection or name lookup is logged and refused.
GUARD = """
import socket, sys
log_path, argv = sys.argv[1], sys.argv[2:]
def refuse(*args, **kwargs):
    with open(log_path, "a", encoding="utf-8") as log:
        log.write(repr(args[1:2]) + "\\n")
    raise OSError("sitrep test: network access attempted")
socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.getaddrinfo = refuse
socket.create_connection = refuse
from sitrep.cli import main
main(argv)
"""

HTML = """<html><head><link rel="stylesheet" href="http://198.51.100.7/s.css">
<script src="https://198.51.100.7/x.js"></script><base href="http://198.51.100.7/"></head>
<body><article><h1>Strike in Idlib</h1><img src="http://198.51.100.7/pixel.gif">
<iframe src="http://198.51.100.7/frame"></iframe>
<p>At least 12 people were killed in an air strike on Idlib on Thursday, officials said.
Photos: <a href="https://198.51.100.7/photos">gallery</a>.</p></article></body></html>"""
FEED = """<?xml version="1.0"?><rss version="2.0"><channel><title>Wire</title>
<link>http://198.51.100.7/</link><item><title>Clashes in Gao</title>
<link>http://198.51.100.7/gao</link><enclosure url="http://198.51.100.7/a.mp3" type="audio/mpeg"/>
<description>Clashes near Gao killed four soldiers on Monday.</description>
<pubDate>Tue, 03 Mar 2020 10:00:00 GMT</pubDate></item></channel></rss>"""


def _corpus(root: Path) -> Path:
    root.mkdir()
    (root / "page.html").write_text(HTML, encoding="utf-8")
    (root / "feed.xml").write_text(FEED, encoding="utf-8")
    record = {
        "id": "1",
        "url": "http://198.51.100.7/article/1",
        "text": "Police arrested 30 protesters in Lagos on Monday. More: http://198.51.100.7/more",
        "published": "2020-03-02",
    }
    (root / "wire.jsonl").write_text(json.dumps(record) + "\n", encoding="utf-8")
    (root / "note.txt").write_text(
        "date 2020-02-27\nA roadside bomb killed four people near Kandahar, "
        "according to https://198.51.100.7/report and www.example.org.\n",
        encoding="utf-8",
    )
    return root


def _isolated() -> list[str]:
    """``unshare -n`` where this machine lets a process have its own empty network."""
    if shutil.which("unshare") is None:
        return []
    probe = subprocess.run(["unshare", "-n", "true"], capture_output=True, check=False)
    return ["unshare", "-n"] if probe.returncode == 0 else []


def test_ingest_makes_no_network_access_even_when_inputs_are_full_of_urls(
    tmp_path: Path,
) -> None:
    corpus = _corpus(tmp_path / "corpus")
    attempts = tmp_path / "attempts.log"
    attempts.touch()
    argv = ["ingest", str(corpus), "--db", str(tmp_path / "db.duckdb"), "--quiet"]
    result = subprocess.run(
        [*_isolated(), sys.executable, "-c", GUARD, str(attempts), *argv],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert attempts.read_text(encoding="utf-8") == ""
    assert result.returncode == 0, result.stderr
    assert "read 4 articles: 4 stored" in result.stdout
