"""Request and response bodies of the HTTP API, as pydantic models.

They exist for two reasons: requests are validated before any work is done
(types, lengths, ranges), and ``/openapi.json`` documents every body. Records
themselves travel as the plain JSON of :func:`sitrep.records.to_dict`, whose
field names are documented in ``DESIGN.md``; the models only wrap them.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

#: The longest URL, title or source name accepted; they are stored, never fetched.
_MAX_LABEL = 2048


class ArticleIn(BaseModel):
    """One article sent to ``/extract`` or ``/ingest``; ``url`` is provenance, never fetched."""

    model_config = ConfigDict(extra="forbid")

    text: str = Field(min_length=1, description="The article text (plain text).")
    published: date | None = Field(
        default=None, description="Publication date; relative dates ('Thursday') resolve from it."
    )
    url: str | None = Field(default=None, max_length=_MAX_LABEL, description="Provenance only.")
    title: str | None = Field(default=None, max_length=_MAX_LABEL)
    source: str | None = Field(default=None, max_length=_MAX_LABEL, description="Publisher.")


class IngestRequest(BaseModel):
    """A batch of articles to process and store."""

    model_config = ConfigDict(extra="forbid")

    articles: list[ArticleIn] = Field(min_length=1)


class ExtractResponse(BaseModel):
    """What sitrep finds in one article, every field with its evidence spans."""

    article_id: str
    reason: str | None = Field(description="Why nothing was extracted, when that is by design.")
    text: str = Field(description="The cleaned text that every evidence span indexes.")
    events: list[dict[str, Any]]
    figures: list[dict[str, Any]]


class IngestRejection(BaseModel):
    """An article stored without records, and why."""

    article_id: str
    reason: str


class IngestResponse(BaseModel):
    """The outcome of one ``/ingest`` batch."""

    received: int
    stored: int = Field(description="Articles written (new, or changed since last time).")
    unchanged: int = Field(description="Articles already stored exactly as sent.")
    events: int
    figures: int
    reasons: list[IngestRejection]


class Page(BaseModel):
    """One page of records and the total matching the filters, for paging."""

    total: int
    limit: int
    offset: int
    items: list[dict[str, Any]]


class ErrorDetail(BaseModel):
    """The inside of every error response."""

    status: int
    code: str
    message: str


class ErrorBody(BaseModel):
    """Every error response: ``{"error": {"status", "code", "message"}}``."""

    error: ErrorDetail


#: Documented for every route in the OpenAPI schema.
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": {"model": ErrorBody, "description": "Invalid request (one error shape)."},
    "5XX": {"model": ErrorBody, "description": "Server or database failure (one error shape)."},
}
