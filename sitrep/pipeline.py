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
from collections.abc import Iterable, Iterator, Mapping
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
    """Everything between reading an article and storing its records.

    An article's language picks the spaCy model that annotates it (``[nlp.models]``);
    an article whose language could not be told is read by the first language of
    that table, as it was before a language picked its model.
    """

    def __init__(self, config: Config | None = None) -> None:
        self.config = config or Config.load()
        nlp = self.config.nlp
        self.annotators = {
            language: Annotator(nlp, self.config.geocode, language) for language in nlp.languages
        }
        self.extractor: Extractor = EventExtractor(self.config)
        self.refiners: tuple[Refiner, ...] = (PlaceGeocoder(self.config), name_actors)

    def process(self, article: Article) -> Processed:
        """Run one article through every stage."""
        return next(self.process_many([article]))

    def process_many(self, articles: Iterable[Article]) -> Iterator[Processed]:
        """Run many articles, annotating the readable ones in batches, per language, in order."""
        prepared = (self._prepare(article) for article in articles)
        for item, doc in _Annotated(prepared, self.annotators, self.config.nlp.languages[0]):
            if doc is None:
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
        if language is not None and language not in self.annotators:
            return Processed(
                article, reason=f"language {language!r} is not read (no model in [nlp.models])"
            )
        return Processed(article)


class _Annotated:
    """Prepared articles in their order, each with its doc from its language's annotator.

    Each language's spaCy pipe pulls its texts lazily from the one shared stream, so
    the stream is read once, in order, without buffering it. An article a pipe pulls
    that is not its own (another language's, or refused) rides along as an empty
    text whose doc is dropped: a pipe's batch is then never more than a batch of the
    stream, whatever the mix of languages. Refused articles (with a ``reason``) come
    out with no doc. A readable article's text is never empty (``_prepare`` refuses
    those), which is how its doc is told from a rider's.
    """

    def __init__(
        self, items: Iterator[Processed], annotators: Mapping[str, Annotator], unknown: str
    ) -> None:
        self._items = items
        self._annotators = annotators
        self._unknown = unknown
        self._pending: deque[Processed] = deque()
        self._inbox: dict[str, deque[str]] = {language: deque() for language in annotators}
        self._docs: dict[str, Iterator[Doc]] = {}

    def __iter__(self) -> Iterator[tuple[Processed, Doc | None]]:
        while self._pending or self._pull() is not None:
            item = self._pending.popleft()
            if item.reason:
                yield item, None
                continue
            language = self._language(item)
            if language not in self._docs:
                self._docs[language] = self._annotators[language].pipe(self._feed(language))
            yield item, next(doc for doc in self._docs[language] if doc.text)

    def _language(self, item: Processed) -> str:
        return item.article.language or self._unknown

    def _pull(self) -> Processed | None:
        """The next prepared article, queued for the output and, if readable, for its pipe."""
        item = next(self._items, None)
        if item is not None:
            self._pending.append(item)
            if not item.reason:
                self._inbox[self._language(item)].append(item.article.text)
        return item

    def _feed(self, language: str) -> Iterator[str]:
        inbox = self._inbox[language]
        while True:
            if inbox:
                yield inbox.popleft()
            elif (item := self._pull()) is None:
                return
            elif item.reason or self._language(item) != language:
                yield ""
