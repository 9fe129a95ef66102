"""The API's routes: thin functions that validate input, call the store or pipeline, shape JSON.

Every filter is validated for type, length and range here, before it reaches the
store, and the store binds every value as a SQL parameter; neither step alone
is relied on. Routes are plain ``def`` functions, so FastAPI runs them in its
thread pool and a slow query never blocks the event loop.
"""

from __future__ import annotations

import hmac
import math
import re
from datetime import date
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Path, Query, Request
from fastapi.responses import JSONResponse
from fastapi.routing import APIRoute

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
from sitrep.export import EXPORTERS
from sitrep.export.geojson import feature_collection
from sitrep.records import Article, to_dict
from sitrep.store import SORT_KEYS, EventQuery


def known_parameters_only(request: Request) -> None:
    """Refuse, with a 422 naming them, query parameters the route does not declare.

    A router-wide dependency, so every route (and any added later) answers a
    misspelt or unsupported parameter (``/events?date=2024-01-01``) with an error
    rather than with an unfiltered answer. Names are shown only when they are
    plain identifiers; values never are.
    """
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    known = _declared_query_parameters(route)
    unknown = sorted(set(request.query_params) - known)
    if unknown:
        names = ", ".join(f"query.{_safe_name(name)}" for name in unknown[:_MAX_LISTED])
        more = f" and {len(unknown) - _MAX_LISTED} more" if len(unknown) > _MAX_LISTED else ""
        accepted = ", ".join(sorted(known - _DEPRECATED)) or "none"
        raise ApiError(422, f"{names}{more}: unknown parameter (accepted: {accepted})")


def _declared_query_parameters(route: APIRoute) -> frozenset[str]:
    """The public names of the query parameters a route and its dependencies declare."""
    names: set[str] = set()
    pending = [route.dependant]
    while pending:
        dependant = pending.pop()
        names.update(field.alias for field in dependant.query_params)
        pending.extend(dependant.dependencies)
    return frozenset(names)


router = APIRouter(responses=ERROR_RESPONSES, dependencies=[Depends(known_parameters_only)])

#: Hex article ids of :func:`sitrep.records.stable_id`; anything else is refused before any lookup.
ARTICLE_ID_PATTERN = "^[0-9a-f]{8,64}$"
_MAX_FILTER = 200
#: The store's sort keys, each ascending or (with a leading "-") descending.
_SORT_PATTERN = "^-?(" + "|".join(SORT_KEYS) + ")$"
_MAX_FATALITIES = 10**9
_MAX_OFFSET = 10**7
_GEOJSON = EXPORTERS["geojson"].media_type
_MAX_LISTED = 5
_NAME = re.compile(r"[A-Za-z0-9_]{1,64}")
#: Old names still read, left out of the list of accepted names an error gives.
_DEPRECATED = frozenset({"date_from", "date_to"})


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
    since: Annotated[
        date | None, Query(description="First event date (inclusive), YYYY-MM-DD.")
    ] = None,
    until: Annotated[
        date | None, Query(description="Last event date (inclusive), YYYY-MM-DD.")
    ] = None,
    date_from: Annotated[
        date | None, Query(deprecated=True, description="Old name of `since`.")
    ] = None,
    date_to: Annotated[
        date | None, Query(deprecated=True, description="Old name of `until`.")
    ] = None,
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
    """Turn the query string into a validated :class:`~sitrep.store.EventQuery` (dependency).

    The filter names are the CLI's (``--since``/``--until``/``--type``/``--sub-type``
    become ``since``/``until``/``type``/``sub_type``); ``date_from``/``date_to``
    are still read as deprecated aliases. A parameter with any other name is
    refused: a misspelt filter that is silently ignored answers a question that
    was not asked.
    """
    api = service.config.api
    if limit is not None and limit > api.max_page_size:
        raise ApiError(422, f"query.limit: at most {api.max_page_size} records per page")
    first = _one_of(since, date_from, "since", "date_from")
    last = _one_of(until, date_to, "until", "date_to")
    if first and last and first > last:
        raise ApiError(422, "query.since: must not be after until")
    try:
        return EventQuery(
            country=_blank_to_none(country),
            admin1=_blank_to_none(admin1),
            event_type=_blank_to_none(event_type),
            sub_event_type=_blank_to_none(sub_event_type),
            date_from=first,
            date_to=last,
            min_fatalities=min_fatalities,
            bbox=parse_bbox(bbox) if bbox else None,
            text=_blank_to_none(q),
            limit=limit or api.page_size,
            offset=offset,
            sort=sort,
        )
    except InputError as exc:  # the store's own checks; the message never echoes the input
        raise ApiError(422, f"query.{exc.subject}: invalid value") from None


def _safe_name(name: str) -> str:
    """A parameter name as the message may show it: a plain identifier, else ``<key>``."""
    return name if _NAME.fullmatch(name) else "<key>"


def _one_of(value: date | None, alias: date | None, name: str, old: str) -> date | None:
    if value is not None and alias is not None:
        raise ApiError(422, f"query.{old}: deprecated name of {name}; give only {name}")
    return value if value is not None else alias


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
        return _page(store.events(query), store.count_events(query), query)


@router.get(
    "/events.geojson",
    summary="Events as an RFC 7946 GeoJSON FeatureCollection",
    response_class=JSONResponse,
    responses={200: {"content": {_GEOJSON: {}}, "description": "A FeatureCollection."}},
)
def events_geojson(service: ServiceDep, query: QueryDep) -> JSONResponse:
    """Same filters and paging as ``/events``; features without coordinates have null geometry.

    The features are the GeoJSON export's (:func:`sitrep.export.geojson.feature_collection`):
    the CSV's ACLED columns as properties, evidence left out.
    """
    with service.store() as store:
        items = store.events(query)
        total = store.count_events(query)
    return JSONResponse(feature_collection("events", items, total), media_type=_GEOJSON)


@router.get(
    "/figures",
    response_model=Page,
    summary="Humanitarian figures (displaced, refugees, missing, ...), one page",
)
def list_figures(service: ServiceDep, query: QueryDep) -> dict[str, Any]:
    """Figures matching the place, date and text filters, with evidence, paged like /events."""
    with service.store() as store:
        return _page(store.figures(query), store.count_figures(query), query)


@router.get("/incidents", response_model=Page, summary="Incidents merged across articles, one page")
def list_incidents(service: ServiceDep, query: QueryDep) -> dict[str, Any]:
    """Incidents with their member events, sources and reconciled counts, paged like /events."""
    with service.store() as store:
        return _page(store.incidents(query), store.count_incidents(query), query)


def _page(items: list[dict[str, Any]], total: int, query: EventQuery) -> dict[str, Any]:
    """One page in the shape of :class:`Page`: the items and the count of every match."""
    return {"total": total, "limit": query.limit, "offset": query.offset, "items": items}


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
    """Extract, store and merge into incidents as ``sitrep ingest`` does.

    The counts are of what was stored: an article sent again unchanged is
    ``unchanged`` and its events are not counted twice; ``reasons`` names the
    stored articles that gave no records, and why.
    """
    most = service.config.limits.max_batch_articles
    if len(body.articles) > most:
        raise ApiError(422, f"body.articles: at most {most} articles per request")
    articles = [_to_article(service, item) for item in body.articles]
    report = service.ingest(articles)
    return {
        "received": report.read,
        "stored": report.stored,
        "unchanged": report.unchanged,
        "events": report.events,
        "figures": report.figures,
        "reasons": [
            IngestRejection(article_id=article_id, reason=reason)
            for article_id, reason in report.reasons.items()
        ],
    }


def _to_article(service: Service, body: ArticleIn) -> Article:
    most = service.config.limits.max_article_chars
    if len(body.text) > most:
        raise ApiError(422, f"body.text: longer than the limit of {most} characters")
    return Article(
        text=body.text, title=body.title, published=body.published, url=body.url, source=body.source
    )
