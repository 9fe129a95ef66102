"""The pipeline: clean → language and limits → annotate → extract → geocode → name actors.

A :class:`Pipeline` is built once (it holds the loaded model, the lexicons and
the gazetteer) and then processes any number of articles; it does no I/O, so a
Dask worker can hold one and the tests can drive one directly. Reading and
storing are the caller's business. Its stages are typed once in
:mod:`sitrep._types`: one :class:`~sitrep._types.Extractor`, then the
:class:`~sitrep._types.Refiner` s in :attr:`Pipeline.refiners`, in the order of
the flow.

Example:
    >>> pipeline = Pipeline(Config.load())                     # doctest: +SKIP
    >>> processed = pipeline.process(Article(text="..."))       # doctest: +SKIP
"""

from __future__ import annotations

from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import replace
from typing import TYPE_CHECKING

from sitrep._types import CleanedArticle, plain
from sitrep.annotate import Annotator
from sitrep.clean import clean_article
from sitrep.config import Config
from sitrep.extraction import EventExtractor
from sitrep.extraction.actors import name_by_place
from sitrep.geocode import PlaceGeocoder
from sitrep.language import detect_language
from sitrep.records import Article, Processed, Result

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from sitrep._types import Extractor, Refiner


def name_actors(article: Article, doc: Doc, result: Result) -> Result:
    """Name unnamed groups after the country the geocoder placed each event in (ACLED's way)."""
    return replace(result, events=tuple(name_by_place(e) for e in result.events))


class Pipeline:
    """Everything between reading an article and storing its records."""

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config.load()
        self.annotator = Annotator(self.config.nlp, self.config.geocode)
        self.extractor: Extractor = EventExtractor(self.config)
        self.refiners: tuple[Refiner, ...] = (PlaceGeocoder(self.config), name_actors)

    def process(self, article: Article) -> Processed:
        """Run one article through every stage."""
        return next(self.process_many([article]))

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        """Run many articles, annotating the readable ones in batches; order is kept."""
        prepared = (self._prepare(article) for article in articles)
        # Articles that are rejected before annotation pass through the NLP batch as
        # empty texts so that output order matches input order without buffering.
        pending: deque[Processed] = deque()

        def texts() -> Iterator[str]:
            for item in prepared:
                pending.append(item)
                yield "" if item.reason else item.article.text

        for doc in self.annotator.pipe(texts()):
            item = pending.popleft()
            if item.reason:
                yield item
                continue
            result = self.extractor(item.article, doc)
            for refine in self.refiners:
                result = refine(item.article, doc, result)
            yield Processed(item.article, result)

    def _prepare(self, raw: Article) -> Processed:
        too_long = self.config.limits.article_too_long(len(raw.text))
        if too_long:  # refused before cleaning, which costs time in proportion to the text
            return Processed(plain(raw), reason=too_long)
        article = plain(raw) if isinstance(raw, CleanedArticle) else clean_article(raw)
        if not article.text.strip():
            return Processed(article, reason="no text left after cleaning")
        language = article.language or detect_language(article.text)
        if language != article.language:
            article = replace(article, language=language)
        if language is not None and language not in self.config.nlp.languages:
            return Processed(
                article, reason=f"language {language!r} is not read by the English pipeline"
            )
        return Processed(article)
