"""An article's language picks the annotator that reads it; the stream keeps its order."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

import pytest

from sitrep.pipeline import Pipeline
from sitrep.records import Article, Result


@dataclass(frozen=True)
class FakeDoc:
    text: str
    read_by: str


class FakeAnnotator:
    """Pulls texts in batches of two, as spaCy's ``pipe`` does; each doc says who read it."""

    def __init__(self, language: str) -> None:
        self.language = language
        self.texts: list[str] = []

    def pipe(self, texts: Iterable[str]) -> Iterator[FakeDoc]:
        stream = iter(texts)
        while batch := list(islice(stream, 2)):
            self.texts.extend(batch)
            yield from (FakeDoc(text, self.language) for text in batch)


def _pipeline(read: list[str] | None = None) -> Pipeline:
    """The real pipeline with fake annotators for English and "xx"; ``read`` records each doc."""
    pipeline = Pipeline()
    pipeline.annotators = {"en": FakeAnnotator("en"), "xx": FakeAnnotator("xx")}  # type: ignore[dict-item]

    def extract(article: Article, doc: FakeDoc) -> Result:
        assert doc.text == article.text
        if read is not None:
            read.append(f"{doc.read_by}:{doc.text}")
        return Result()

    pipeline.extractor = extract  # type: ignore[assignment]
    pipeline.refiners = ()
    return pipeline


def test_each_article_is_read_by_its_languages_annotator_in_order() -> None:
    read: list[str] = []
    pipeline = _pipeline(read)
    articles = [
        Article(text="one in x", language="xx"),
        Article(text="two in english", language="en"),
        Article(text="three in z", language="zz"),
        Article(text="four in x", language="xx"),
        Article(text="Hi there", language=None),
        Article(text="   ", language="en"),
        Article(text="six in x", language="xx"),
    ]
    out = list(pipeline.process_many(articles))
    assert [p.article.text for p in out] == [a.text.strip() for a in articles]
    assert [p.reason is None for p in out] == [True, True, False, True, True, False, True]
    assert read == [
        "xx:one in x",
        "en:two in english",
        "xx:four in x",
        "en:Hi there",  # language unknown: the first language of [nlp.models] reads it
        "xx:six in x",
    ]


def test_a_pipe_never_reads_another_languages_text() -> None:
    pipeline = _pipeline()
    articles = [Article(text=f"x {n}", language="xx") for n in range(5)]
    articles[2:2] = [Article(text=f"e {n}", language="en") for n in range(5)]
    list(pipeline.process_many(articles))
    english, other = pipeline.annotators["en"], pipeline.annotators["xx"]
    assert [t for t in english.texts if t] == [f"e {n}" for n in range(5)]  # type: ignore[attr-defined]
    assert [t for t in other.texts if t] == [f"x {n}" for n in range(5)]  # type: ignore[attr-defined]


@pytest.mark.parametrize("language", ["zz", "fr"])
def test_a_language_without_a_model_is_stored_with_a_reason(language: str) -> None:
    processed = _pipeline().process(Article(text="some words here", language=language))
    assert processed.reason == f"language {language!r} is not read (no model in [nlp.models])"
