"""The annotate stage: the one place sitrep loads an NLP model.

Each language sitrep reads has its own spaCy pipeline (``[nlp.models]``); an
:class:`Annotator` reads one language. A pipeline is loaded once per process
(per model name) and reused; an
entity ruler built from the gazetteer runs before the statistical NER, because
the small English model mislabels provinces (it tags "Hatay" as ORG) and the
extractor must not take a province for an actor.

Example:
    >>> annotator = Annotator(NlpConfig())          # doctest: +SKIP
    >>> [ent.label_ for ent in annotator("Clashes in Hatay.").ents]  # doctest: +SKIP
    ['GPE']
"""

from __future__ import annotations

import functools
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc

from sitrep.config import GeocodeConfig, NlpConfig
from sitrep.errors import ConfigError, ModelError


def load_pipeline(model: str, geocode: GeocodeConfig | None = None) -> Language:
    """Load ``model`` with sitrep's gazetteer entity ruler; cached for the process.

    ``geocode`` is the user's ``[geocode]`` section: which cities become ruler
    patterns and where the compiled gazetteer is cached (packaged defaults if ``None``).

    Raises:
        ModelError: the model package is not installed or cannot be loaded.
    """
    return _load(model, geocode or GeocodeConfig())


@functools.cache
def _load(model: str, geocode: GeocodeConfig) -> Language:
    from sitrep.geocode import ruler_patterns

    try:
        nlp = spacy.load(model)
    except (OSError, ImportError, ValueError) as exc:
        raise ModelError(model, f"cannot load the spaCy pipeline ({exc})") from None
    ruler = nlp.add_pipe(
        "entity_ruler", name="gazetteer_ruler", before="ner", config={"phrase_matcher_attr": "ORTH"}
    )
    # Phrase patterns match on ORTH, so only the tokenizer is needed to compile them; by
    # default spaCy runs every earlier pipe on each pattern (4 s instead of 0.3 s).
    with nlp.select_pipes(enable=[]):
        ruler.add_patterns(ruler_patterns(geocode))  # type: ignore[attr-defined]
    return nlp


class Annotator:
    """Runs the NLP pipeline of one language over article texts, in batches, in this process.

    Raises:
        ConfigError: ``language`` has no model in ``config.models``.
    """

    def __init__(
        self, config: NlpConfig, geocode: GeocodeConfig | None = None, language: str = "en"
    ) -> None:
        if language not in config.models:
            raise ConfigError(
                f"[nlp.models] {language}", "no model is configured for this language"
            )
        self.config = config
        self.geocode = geocode
        self.language = language
        self.model = config.models[language]

    @property
    def nlp(self) -> Language:
        """The loaded pipeline (loaded on first use)."""
        return load_pipeline(self.model, self.geocode)

    def __call__(self, text: str) -> Doc:
        """Annotate one text."""
        return self.nlp(text)

    def pipe(self, texts: Iterable[str]) -> Iterator[Doc]:
        """Annotate many texts in batches of ``config.batch_size``."""
        yield from self.nlp.pipe(
            texts, batch_size=self.config.batch_size, n_process=self.config.n_process
        )
