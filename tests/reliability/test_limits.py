"""Every size limit is set from a configuration file and, when passed, says which limit it was."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from synthetic_news import CleaningPipeline

from sitrep.api import create_app
from sitrep.config import Config, LimitsConfig
from sitrep.errors import ConfigError
from sitrep.read import read_paths
from sitrep.records import Article, Rejected

TOKEN = "limits-token-7d1e"
AUTH = {"Authorization": f"Bearer {TOKEN}"}
SMALL_LIMITS = """\
[limits]
max_article_chars = 500
max_file_bytes = 2000
max_batch_articles = 2
max_request_bytes = 3000

[api]
ingest_token = "{token}"
"""


@pytest.fixture
def config_file(tmp_path: Path) -> Path:
    path = tmp_path / "sitrep.toml"
    path.write_text(SMALL_LIMITS.replace("{token}", TOKEN), encoding="utf-8")
    return path


@pytest.fixture
def client(config_file: Path, generated_db: Path, tmp_path: Path) -> Iterator[TestClient]:
    db = tmp_path / "copy.duckdb"
    db.write_bytes(generated_db.read_bytes())
    app = create_app(Config.load(config_file), db, pipeline_factory=CleaningPipeline)
    with TestClient(app, raise_server_exceptions=False) as test_client:
        yield test_client


def test_defaults_are_safe_and_a_file_overrides_every_limit(config_file: Path) -> None:
    defaults = Config.load().limits
    assert defaults == LimitsConfig()
    assert defaults.max_request_bytes <= 16 * 2**20
    assert defaults.max_article_chars <= defaults.max_file_bytes
    assert Config.load(config_file).limits == LimitsConfig(500, 2000, 2, 3000)


@pytest.mark.parametrize(
    ("name", "content", "expected"),
    [
        ("long.txt", "word " * 150, "over the limit of 500 (limits.max_article_chars)"),
        (
            "big.html",
            "<p>" + "x" * 2500 + "</p>",
            "over the limit of 2,000 (limits.max_file_bytes)",
        ),
        ("line.jsonl", '{"text": "' + "y" * 2500 + '"}\n', "(limits.max_file_bytes)"),
        ("ok.txt", "Two people were killed in Kabul.", None),
    ],
)
def test_reading_past_a_file_limit_is_a_rejection_naming_the_limit(
    config_file: Path, tmp_path: Path, name: str, content: str, expected: str | None
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    [item] = read_paths([path], Config.load(config_file).limits)
    if expected is None:
        assert isinstance(item, Article)
    else:
        assert isinstance(item, Rejected)
        assert expected in item.reason and "\n" not in item.message


@pytest.mark.parametrize(
    ("path", "body", "status", "message"),
    [
        ("/extract", {"text": "z" * 3500}, 413, "larger than the limit of 3000 bytes"),
        ("/extract", {"text": "word " * 101}, 422, "limit of 500 characters"),
        ("/ingest", {"articles": [{"text": f"Report {i}."} for i in range(3)]}, 422, "at most 2"),
        ("/ingest", {"articles": [{"text": "word " * 101}]}, 422, "limit of 500 characters"),
    ],
)
def test_a_request_past_a_limit_gets_one_clear_error(
    client: TestClient, path: str, body: object, status: int, message: str
) -> None:
    before = client.get("/stats").json()["articles"]
    response = client.post(path, json=body, headers=AUTH)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["status"] == status and message in error["message"]
    assert client.get("/stats").json()["articles"] == before


def test_requests_within_the_limits_are_served(client: TestClient) -> None:
    response = client.post("/ingest", json={"articles": [{"text": "A" * 400}] * 2}, headers=AUTH)
    assert response.status_code == 200, response.text
    assert response.json()["received"] == 2


@pytest.mark.parametrize(
    ("line", "match"),
    [
        ("max_article_chars = 0", r"\[limits\] max_article_chars: must be at least 1"),
        ("max_request_bytes = -5", r"\[limits\] max_request_bytes: must be at least 1"),
        ("max_batch_articles = '10'", r"\[limits\] max_batch_articles: expected int"),
        ("max_file_bytes = 1.5", r"\[limits\] max_file_bytes: expected int"),
        ("max_file_bytes = true", r"\[limits\] max_file_bytes: expected int"),
        ("max_body_bytes = 10", r"unknown option 'max_body_bytes'"),
    ],
)
def test_an_invalid_limit_is_a_one_line_config_error(tmp_path: Path, line: str, match: str) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(f"[limits]\n{line}\n", encoding="utf-8")
    with pytest.raises(ConfigError, match=match) as caught:
        Config.load(path)
    assert "\n" not in str(caught.value)


def test_the_article_limit_holds_for_sitrep_extract_and_the_pipeline(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import sitrep._extract as extract_module
    from sitrep import extract
    from sitrep.config import LimitsConfig
    from sitrep.errors import InputError

    def no_pipeline() -> None:
        raise AssertionError("the limit is checked before the pipeline is built")

    monkeypatch.setattr(extract_module, "_default_pipeline", no_pipeline)
    most = LimitsConfig().max_article_chars
    with pytest.raises(InputError, match=r"over the limit of 200,000 \(limits.max_article_chars\)"):
        extract("killed " * (most // 7 + 1))


@pytest.mark.nlp
def test_the_pipeline_refuses_an_article_past_the_limit_before_annotating_it(pipeline) -> None:  # type: ignore[no-untyped-def]
    most = pipeline.config.limits.max_article_chars
    processed = pipeline.process(Article(text="Ten were killed. " * (most // 17 + 1)))
    assert processed.reason is not None and "(limits.max_article_chars)" in processed.reason
    assert processed.result.events == ()


_MEASURE = """
import sys
from sitrep.config import LimitsConfig
from sitrep.read import read_paths
[item] = read_paths([sys.argv[1]], LimitsConfig())
print(getattr(item, "reason", "article"))
# VmHWM is this process's own peak: ru_maxrss would carry the forking parent's across exec.
status = open("/proc/self/status", encoding="ascii").read()
print(int(status.split("VmHWM:")[1].split()[0]) // 1024)
"""


def test_a_45_mb_page_is_refused_before_parsing_within_500_mb(tmp_path: Path) -> None:
    """Once a 45 MB page ran past 300 s at 1.56 GB: the markup is now measured first."""
    import subprocess
    import sys

    page = tmp_path / "huge.html"
    paragraph = "<p>" + "Militants attacked a village near the river, officials said. " * 20
    with page.open("w", encoding="utf-8") as handle:
        handle.write("<html><head><script>" + "var x = 1;" * 100_000 + "</script></head><body>")
        while handle.tell() < 45 * 1024 * 1024:
            handle.write(paragraph + "</p>\n")
        handle.write("</body></html>")
    result = subprocess.run(
        [sys.executable, "-c", _MEASURE, str(page)], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr
    reason, peak_mib = result.stdout.splitlines()
    assert reason.startswith("HTML page is ") and "(limits.max_html_bytes)" in reason
    assert int(peak_mib) < 500


def test_scripts_and_styles_do_not_count_against_the_html_limit() -> None:
    from sitrep.read import read_html

    article = "<p>At least 22 soldiers were killed in an attack on Thursday, officials said.</p>"
    page = "<html><script>" + "x" * 3_000_000 + "</script><body>" + article + "</body></html>"
    limits = LimitsConfig(max_html_bytes=1_000_000)
    assert isinstance(read_html(page, "page.html", limits), Article)
    assert isinstance(read_html(page.replace("script", "div"), "page.html", limits), Rejected)
