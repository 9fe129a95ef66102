"""One JSON error shape for every failure the service can answer with.

Clients (the dashboard, scripts, colleagues' notebooks) should need one code
path for errors, whatever produced them: a route that is not there, a method
that is not allowed, a body that is too large, a query that does not validate,
a sitrep error or a bug. Every error body is therefore::

    {"error": {"status": 422, "code": "validation_error", "message": "..."}}

and never echoes the offending input back, nor a traceback.

Example:
    >>> error_body(404, "no article with id 0123abcd")
    {'error': {'status': 404, 'code': 'not_found', 'message': 'no article with id 0123abcd'}}
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from sitrep.errors import Error, InputError, StoreError, StoreLockedError

_log = logging.getLogger("sitrep.api")

#: status → the stable, machine-readable ``code`` of the error shape.
_CODES: dict[int, str] = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    500: "internal_error",
    503: "unavailable",
}

#: the most validation problems one message lists; the rest are counted.
_MAX_LISTED = 5
#: A location part that is a field name or an index; anything else came from the client.
_NAME = re.compile(r"[A-Za-z0-9_]{1,64}")


class ApiError(Exception):
    """An error a route raises on purpose, rendered in the one shape.

    Args:
        status: the HTTP status.
        message: what went wrong, in words a client can act on.
        code: overrides the code derived from ``status`` where it is more precise.
        headers: extra response headers (``WWW-Authenticate`` for 401).
    """

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code or code_for(status)
        self.headers = headers


class BodyTooLargeError(StarletteHTTPException):
    """The request body grew past the configured limit while it was being read.

    It is an ``HTTPException`` because FastAPI turns any other exception raised
    while it reads a body into a generic 400.
    """

    def __init__(self, limit: int) -> None:
        super().__init__(413, f"request body larger than the limit of {limit} bytes")


def code_for(status: int) -> str:
    """The shape's ``code`` for an HTTP status (``"http_418"`` for ones without a name here)."""
    return _CODES.get(status, f"http_{status}")


def error_body(status: int, message: str, code: str | None = None) -> dict[str, Any]:
    """The JSON body of every error response."""
    return {"error": {"status": status, "code": code or code_for(status), "message": message}}


def error_response(
    status: int, message: str, *, code: str | None = None, headers: dict[str, str] | None = None
) -> JSONResponse:
    """A JSON response in the one error shape."""
    return JSONResponse(error_body(status, message, code), status_code=status, headers=headers)


def install_error_handlers(app: FastAPI) -> None:
    """Route every exception class the service can meet to the one shape.

    Starlette's own ``HTTPException`` covers unknown routes (404), wrong methods
    (405) and the static files; FastAPI's ``RequestValidationError`` covers
    query, path and body validation (422); sitrep's errors keep their meaning;
    anything else is a bug and becomes a 500 whose details go to the log only.
    """
    app.add_exception_handler(StarletteHTTPException, _http_exception)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(ApiError, _api_error)
    app.add_exception_handler(Error, _sitrep_error)
    app.add_exception_handler(Exception, _unexpected)


async def _http_exception(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else HTTPStatus(exc.status_code).phrase
    if exc.status_code == 404 and message == HTTPStatus.NOT_FOUND.phrase:
        message = "no such resource; see /docs for the API"
    return error_response(exc.status_code, message, headers=dict(exc.headers or {}) or None)


async def _validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    return error_response(422, validation_message(exc.errors()))


async def _api_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, ApiError)
    return error_response(exc.status, exc.message, code=exc.code, headers=exc.headers)


async def _sitrep_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Error)
    if isinstance(exc, InputError):
        return error_response(422, str(exc), code="invalid_input")
    if isinstance(exc, StoreLockedError):
        return error_response(503, str(exc), code="store_locked")
    if isinstance(exc, StoreError):
        _log.error("store error on %s %s: %s", request.method, request.url.path, exc)
        return error_response(503, "the database cannot be read right now", code="store_error")
    _log.error("sitrep error on %s %s: %s", request.method, request.url.path, exc)
    return error_response(500, "internal server error")


async def _unexpected(request: Request, exc: Exception) -> JSONResponse:
    _log.exception("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return error_response(500, "internal server error")


def validation_message(errors: Sequence[Any]) -> str:
    """One line naming each invalid parameter and why, without echoing its value.

    Example:
        >>> validation_message([{"loc": ("query", "limit"), "msg": "Input should be > 0"}])
        'query.limit: Input should be > 0'
    """
    parts = []
    for error in errors[:_MAX_LISTED]:
        # An unexpected key of the body is part of the location: name it, never echo it.
        location = ".".join(
            str(part) if _NAME.fullmatch(str(part)) else "<key>" for part in error.get("loc", ())
        )
        parts.append(f"{location}: {error.get('msg', 'invalid')}" if location else error["msg"])
    if len(errors) > _MAX_LISTED:
        parts.append(f"and {len(errors) - _MAX_LISTED} more")
    return "; ".join(parts) or "invalid request"
