"""The API's routes: thin functions that validate input, call the store or pipeline, shape JSON.

Every filter is validated for type, length and range here, before it reaches the
store, and the store binds every value as a SQL parameter; neither step alone
is relied on. Routes are plain ``def`` functions, so FastAPI runs them in its
thread pool and a slow query never blocks the event loop.
"""

from __future__ import annotations

import hmac
import math
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse

from sitrep.api._errors import ApiError
from sitrep.api._models import (
    ERROR_RESPONSES,
    ArticleIn,
    ExtractResponse,
    IngestRejection,
    IngestRequest,
    IngestResponse,
    Page,
)
from sitrep.api._service import Service
from sitrep.errors import InputError
from sitrep.records import Article, Processed, to_dict
from sitrep.store import SORT_KEYS, EventQuery

router = APIRouter(responses=ERROR_RESPONSES)

#: Hex article ids of :func:`sitrep.records.stable_id`; anything else is refused before any lookup.
ARTICLE_ID_PATTERN = "^[0-9a-f]{8,64}$"
_MAX_FILTER = 200
#: The store's sort keys, each ascending or (with a leading "-") descending.
_SORT_PATTERN = "^-?(" + "|".join(SORT_KEYS) + ")$"
_MAX_FATALITIES = 10**9
_MAX_OFFSET = 10**7
_GEOJSON = "application/geo+json"


def get_service(request: Request) -> Service:
    """The app's :class:`Service` (dependency)."""
    service: Service = request.app.state.service
    return service


ServiceDep = Annotated[Service, Depends(get_service)]


def event_query(
    service: ServiceDep,
    country: Annotated[
        str | None, Query(max_length=_MAX_FILTER, description="Country name, e.g. Syria.")
    ] = None,
    admin1: Annotated[
        str | None, Query(max_length=_MAX_FILTER, description="First-level region, e.g. Idlib.")
    ] = None,
    event_type: Annotated[
        str | None,
        Query(alias="type", max_length=_MAX_FILTER, description="ACLED event type."),
    ] = None,
    sub_event_type: Annotated[
        str | None,
        Query(alias="sub_type", max_length=_MAX_FILTER, description="ACLED sub-event type."),
    ] = None,
    date_from: Annotated[date | None, Query(description="Earliest event date (inclusive).")] = None,
    date_to: Annotated[date | None, Query(description="Latest event date (inclusive).")] = None,
    min_fatalities: Annotated[int | None, Query(ge=0, le=_MAX_FATALITIES)] = None,
    bbox: Annotated[
        str | None,
        Query(max_length=_MAX_FILTER, description="Bounding box 'west,south,east,north' (WGS 84)."),
    ] = None,
    q: Annotated[
        str | None, Query(max_length=_MAX_FILTER, description="Words to find in the records.")
    ] = None,
    limit: Annotated[int | None, Query(ge=1, description="Page size.")] = None,
    offset: Annotated[int, Query(ge=0, le=_MAX_OFFSET)] = 0,
    sort: Annotated[
        str,
        Query(
            pattern=_SORT_PATTERN,
            description="Sort key, a leading '-' sorts descending: " + ", ".join(SORT_KEYS) + ".",
        ),
    ] = "-event_date",
) -> EventQuery:
    """Turn the query string into a validated :class:`~sitrep.store.EventQuery` (dependency)."""
    api = service.config.api
    if limit is not None and limit > api.max_page_size:
        raise ApiError(422, f"query.limit: at most {api.max_page_size} records per page")
    if date_from and date_to and date_from > date_to:
        raise ApiError(422, "query.date_from: must not be after date_to")
    try:
        return EventQuery(
            country=_blank_to_none(country),
            admin1=_blank_to_none(admin1),
            event_type=_blank_to_none(event_type),
            sub_event_type=_blank_to_none(sub_event_type),
            date_from=date_from,
            date_to=date_to,
            min_fatalities=min_fatalities,
            bbox=parse_bbox(bbox) if bbox else None,
            text=_blank_to_none(q),
            limit=limit or api.page_size,
            offset=offset,
            sort=sort,
        )
    except InputError as exc:  # the store's own checks; the message never echoes the input
        raise ApiError(422, f"query.{exc.subject}: invalid value") from None


QueryDep = Annotated[EventQuery, Depends(event_query)]


def parse_bbox(value: str) -> tuple[float, float, float, float]:
    """Parse ``west,south,east,north`` in degrees, refusing what no map could mean.

    ``west`` greater than ``east`` is a box across the antimeridian, as in RFC 7946.

    Example:
        >>> parse_bbox("35.5,35.5,37,36.9")
        (35.5, 35.5, 37.0, 36.9)
    """
    parts = value.split(",")
    if len(parts) != 4:
        raise ApiError(422, "query.bbox: expected four numbers 'west,south,east,north'")
    try:
        west, south, east, north = (float(part) for part in parts)
    except ValueError:
        raise ApiError(422, "query.bbox: expected four numbers 'west,south,east,north'") from None
    if not all(math.isfinite(v) for v in (west, south, east, north)):
        raise ApiError(422, "query.bbox: coordinates must be finite numbers")
    if not (-180 <= west <= 180 and -180 <= east <= 180):
        raise ApiError(422, "query.bbox: longitudes must lie in [-180, 180]")
    if not (-90 <= south <= north <= 90):
        raise ApiError(422, "query.bbox: need -90 <= south <= north <= 90")
    return (west, south, east, north)


def _blank_to_none(value: str | None) -> str | None:
    if value is None:
        return None
    return value.strip() or None


@router.get("/events", response_model=Page, summary="Events matching the filters, one page")
def list_events(service: ServiceDep, query: QueryDep) -> dict[str, Any]:
    """Events with every ACLED field and its evidence; ``total`` counts all matches for paging."""
    with service.store() as store:
        items = store.events(query)
        total = store.count_events(query)
    return {"total": total, "limit": query.limit, "offset": query.offset, "items": items}


@router.get(
    "/events.geojson",
    summary="Events as an RFC 7946 GeoJSON FeatureCollection",
    response_class=JSONResponse,
    responses={200: {"content": {_GEOJSON: {}}, "description": "A FeatureCollection."}},
)
def events_geojson(service: ServiceDep, query: QueryDep) -> JSONResponse:
    """Same filters and paging as ``/events``; features without coordinates have null geometry."""
    with service.store() as store:
        items = store.events(query)
        total = store.count_events(query)
    return JSONResponse(feature_collection(items, total), media_type=_GEOJSON)


def feature_collection(events: list[dict[str, Any]], total: int) -> dict[str, Any]:
    """Wrap event dicts as GeoJSON features; evidence stays out (it indexes article text).

    Coordinates are ``[longitude, latitude]`` as RFC 7946 requires; ``total`` is a
    foreign member that tells a client how many features the filters match.
    """
    features = []
    for event in events:
        lat, lon = event.get("latitude"), event.get("longitude")
        geometry = (
            {"type": "Point", "coordinates": [lon, lat]}
            if lat is not None and lon is not None
            else None
        )
        properties = {k: v for k, v in event.items() if k != "evidence"}
        features.append(
            {
                "type": "Feature",
                "id": event.get("event_id"),
                "geometry": geometry,
                "properties": properties,
            }
        )
    return {"type": "FeatureCollection", "total": total, "features": features}


@router.get("/figures", summary="Humanitarian figures (displaced, refugees, missing, ...)")
def list_figures(service: ServiceDep, query: QueryDep) -> list[dict[str, Any]]:
    """Figures matching the place, date and text filters, with their evidence."""
    with service.store() as store:
        return store.figures(query)


@router.get("/incidents", summary="Incidents: events merged across articles")
def list_incidents(service: ServiceDep, query: QueryDep) -> list[dict[str, Any]]:
    """Incidents with their member events, sources and reconciled counts."""
    with service.store() as store:
        return store.incidents(query)


@router.get("/articles/{article_id}", summary="An article's text with the evidence of its records")
def get_article(
    service: ServiceDep,
    article_id: Annotated[str, Path(pattern=ARTICLE_ID_PATTERN, description="Hex article id.")],
) -> dict[str, Any]:
    """The cleaned text and its events and figures; each field's spans index ``text``."""
    with service.store() as store:
        article = store.article(article_id)
    if article is None:
        raise ApiError(404, f"no article with id {article_id}")
    return article


@router.get("/stats", summary="Counts of what the database holds")
def stats(service: ServiceDep) -> dict[str, Any]:
    """Store counts, plus the paging limits a client needs to fetch everything."""
    with service.store() as store:
        counts = store.stats()
    api = service.config.api
    return {
        **counts,
        "api": {
            "page_size": api.page_size,
            "max_page_size": api.max_page_size,
            "ingest": bool(api.ingest_token),
        },
    }


@router.post("/extract", response_model=ExtractResponse, summary="Extract events from one text")
def extract(service: ServiceDep, body: ArticleIn) -> dict[str, Any]:
    """Run the pipeline on the text sent; nothing is stored and the url is never fetched."""
    article = _to_article(service, body)
    with service.pipeline_session() as pipeline:
        processed = pipeline.process(article)
    result = processed.result
    return {
        "article_id": processed.article.article_id,
        "reason": processed.reason,
        "text": processed.article.text,
        "events": to_dict(result.events),
        "figures": to_dict(result.figures),
    }


def require_ingest_token(
    service: ServiceDep,
    authorization: Annotated[str | None, Header(include_in_schema=False)] = None,
) -> None:
    """Let a request through only with ``Authorization: Bearer <the configured token>``.

    The comparison is constant-time (:func:`hmac.compare_digest`) so the token
    cannot be guessed byte by byte from response times.
    """
    expected = service.config.api.ingest_token
    if not expected:
        raise ApiError(
            403, "this server is read-only; start it with --ingest-token to accept /ingest"
        )
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode("utf-8"), expected.encode("utf-8")
    ):
        raise ApiError(
            401, "a valid bearer token is required", headers={"WWW-Authenticate": "Bearer"}
        )


@router.post(
    "/ingest",
    response_model=IngestResponse,
    dependencies=[Depends(require_ingest_token)],
    summary="Process and store a batch of articles (needs the ingest token)",
)
def ingest(service: ServiceDep, body: IngestRequest) -> dict[str, Any]:
    """Extract and store each article; re-sending an article replaces its records, once."""
    most = service.config.limits.max_batch_articles
    if len(body.articles) > most:
        raise ApiError(422, f"body.articles: at most {most} articles per request")
    articles = [_to_article(service, item) for item in body.articles]
    with service.pipeline_session() as pipeline:
        processed: list[Processed] = list(pipeline.process_many(articles))
    stored = events = figures = 0
    with service.store() as store:
        for item in processed:
            stored += bool(store.write(item))
            events += len(item.result.events)
            figures += len(item.result.figures)
    reasons = [
        IngestRejection(article_id=item.article.article_id, reason=item.reason)
        for item in processed
        if item.reason
    ]
    return {
        "received": len(processed),
        "stored": stored,
        "unchanged": len(processed) - stored,
        "events": events,
        "figures": figures,
        "reasons": reasons,
    }


def _to_article(service: Service, body: ArticleIn) -> Article:
    most = service.config.limits.max_article_chars
    if len(body.text) > most:
        raise ApiError(422, f"body.text: longer than the limit of {most} characters")
    return Article(
        text=body.text, title=body.title, published=body.published, url=body.url, source=body.source
    )
