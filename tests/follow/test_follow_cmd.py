"""``sitrep follow`` as a user runs it: one pass, failures named, and a resume after SIGKILL."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from clisupport import FakePipeline
from followsite import Route, Site, rss, story

from sitrep.cli import main
from sitrep.store import EventQuery, Store

ROOT = Path(__file__).resolve().parents[2]
CHILD = Path(__file__).with_name("follow_child.py")


def _sitrep(*args: str | Path) -> tuple[int, str, str]:
    runner = CliRunner()
    with runner.isolation() as (out, err, _):
        try:
            main([str(a) for a in args])
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else 1
        sys.stdout.flush()
        sys.stderr.flush()
        return code, out.getvalue().decode(), err.getvalue().decode()


def test_once_stores_the_new_articles_and_exits_1_naming_each_failure(
    site: Site, fake_pipeline: FakePipeline, tmp_path: Path
) -> None:
    site.routes["/feed.xml"] = Route(rss("/a1.html", "/gone.html"), content_type="text/xml")
    site.routes["/a1.html"] = Route(story(5))
    db = tmp_path / "f.duckdb"
    code, out, err = _sitrep("follow", site.url("/feed.xml"), "--db", db, "--once", "--delay", "0")
    assert code == 1
    assert out.strip() == (
        "1 sources (0 unchanged): 2 new pages, 1 stored, 0 unchanged, 1 failed; 1 events, 0 figures"
    )
    assert err.splitlines() == [
        f"sitrep: {site.url('/gone.html')}: HTTP 404",
        "sitrep: 1 source or page failed",
    ]
    assert (tmp_path / "f.duckdb.follow.sqlite").exists()
    code, out, err = _sitrep("follow", site.url("/feed.xml"), "--db", db, "--once", "--delay", "0")
    assert (code, err) == (0, "")
    assert out.startswith("1 sources (0 unchanged): 0 new pages, 0 stored")


@pytest.mark.parametrize("every", ["0", "ten", "-5m", "10d"])
def test_a_bad_interval_is_a_usage_error(every: str, tmp_path: Path) -> None:
    code, _, err = _sitrep(
        "follow", "http://127.0.0.1:9/f.xml", "--db", tmp_path / "d", "--every", every
    )
    assert code == 2 and "is not a duration" in err


def _follow_child(site: Site, db: Path) -> list[str]:
    feeds = [site.url("/feed1.xml"), site.url("/feed2.xml")]
    return [sys.executable, str(CHILD), "follow", *feeds, "--db", str(db), "--once", "--delay", "0"]


def test_a_follow_killed_mid_pass_resumes_without_fetching_or_storing_twice(
    site: Site, tmp_path: Path
) -> None:
    site.routes.update(
        {
            "/feed1.xml": Route(rss("/a1.html", "/a2.html"), content_type="text/xml"),
            "/feed2.xml": Route(rss("/a3.html", "/slow.html", "/a4.html"), content_type="text/xml"),
            "/a1.html": Route(story(1)),
            "/a2.html": Route(story(2, "Lagos")),
            "/a3.html": Route(story(3, "Donetsk")),
            "/slow.html": Route(story(4), pause=60.0),
            "/a4.html": Route(story(5, "Lagos")),
        }
    )
    db = tmp_path / "f.duckdb"
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    child = subprocess.Popen(_follow_child(site, db), env=env, cwd=tmp_path)
    try:
        assert site.routes["/slow.html"].reached.wait(120), "the child never reached the slow page"
    finally:
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
    with Store.open(db, read_only=True) as store:
        assert store.stats()["articles"] == 2  # feed1's articles were stored before the kill

    site.routes["/slow.html"].pause = 0.0
    resumed = subprocess.run(_follow_child(site, db), env=env, cwd=tmp_path, timeout=300)
    assert resumed.returncode == 0
    for path in ("/a1.html", "/a2.html", "/a3.html", "/a4.html"):
        assert site.hits(path) == 1, path  # a3 was fetched before the kill and kept, not refetched
    assert site.hits("/slow.html") == 2  # the page in flight when killed is asked again
    with Store.open(db, read_only=True) as store:
        events = store.events(EventQuery(limit=None))
        assert store.stats()["articles"] == 5
    assert len({e["event_id"] for e in events}) == len(events) == 5
    assert sorted(e["fatalities"] for e in events) == [1, 2, 3, 4, 5]

    before = len(site.log)
    again = subprocess.run(_follow_child(site, db), env=env, cwd=tmp_path, timeout=300)
    assert again.returncode == 0
    assert {r.path for r in site.log[before:]} == {"/robots.txt", "/feed1.xml", "/feed2.xml"}
