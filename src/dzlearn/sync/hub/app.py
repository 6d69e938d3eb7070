"""The hub's HTTP API (FastAPI): enrol, state, push, pull, health; OpenAPI at /openapi.json.

Database work runs in the thread pool (sync endpoints, or ``run_in_threadpool``), never on the
event loop, so one slow batch does not stall every other device. Bodies are capped as they arrive
and decoded line by line with ``protocol.iter_lines``; a refused batch changes nothing. Every
error reply is ``{"error": "..."}`` in words a facilitator can act on.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import Annotated

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, StreamingResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from pydantic import BaseModel
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.requests import ClientDisconnect

from dzlearn import __version__
from dzlearn.storage.events import Event

from ..protocol import (
    API_PREFIX,
    MAX_COMPRESSED_BYTES,
    MAX_PULL_EVENTS,
    MAX_PUSH_EVENTS,
    PROTOCOL_VERSION,
    EnrolRequest,
    EnrolResponse,
    GzipLineWriter,
    HubState,
    PageEnd,
    ProtocolError,
    PushResult,
    event_to_wire,
    iter_lines,
    wire_to_event,
)
from .records import DeviceRecord, HubError
from .store import HubStore

log = logging.getLogger(__name__)

EVENTS_MEDIA_TYPE = "application/x-dzlearn-events"
_LINES_PER_CHUNK = 200


class ErrorReply(BaseModel):
    error: str


class Health(BaseModel):
    status: str
    hub_id: str
    protocol: int


_ERRORS = {
    400: {"model": ErrorReply, "description": "malformed request (names the line and field)"},
    401: {"model": ErrorReply, "description": "unknown or revoked device token"},
    403: {"model": ErrorReply, "description": "refused: another device's event, a bad code"},
    413: {"model": ErrorReply, "description": "body larger than the protocol allows"},
    503: {"model": ErrorReply, "description": "the hub's database is unavailable"},
}
_EVENTS_BODY = {
    "requestBody": {
        "required": True,
        "description": f"gzip-compressed NDJSON, one event per line, at most {MAX_PUSH_EVENTS}",
        "content": {EVENTS_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    }
}
_EVENTS_REPLY = {
    200: {
        "description": "gzip NDJSON lines {cursor, event}, then {end: {cursor, more}}",
        "content": {EVENTS_MEDIA_TYPE: {"schema": {"type": "string", "format": "binary"}}},
    }
}


def decode_push(body: bytes) -> list[Event]:
    """A push body as events; ProtocolError names the first bad line and field."""
    lines = iter_lines([body], max_lines=MAX_PUSH_EVENTS, what="push")
    return [wire_to_event(line, f"line {number}") for number, line in enumerate(lines, 1)]


def page_chunks(page: list[tuple[int, Event]], end: PageEnd) -> Iterator[bytes]:
    """A pull page as gzip NDJSON, compressed a few hundred lines at a time."""
    writer = GzipLineWriter()
    parts: list[bytes] = []
    for number, (cursor, event) in enumerate(page, 1):
        parts.append(writer.line({"cursor": cursor, "event": event_to_wire(event)}))
        if number % _LINES_PER_CHUNK == 0:
            yield b"".join(parts)
            parts = []
    parts.append(writer.line({"end": end.model_dump()}))
    parts.append(writer.finish())
    yield b"".join(parts)


_bearer = HTTPBearer(auto_error=False, description="the device token from /v1/enrol")


def current_device(
    request: Request,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> DeviceRecord:
    """The device a request's bearer token belongs to (401 if unknown or revoked)."""
    if credentials is None:
        raise HubError(401, "this request needs the device's token: enrol the device first")
    store: HubStore = request.app.state.store
    return store.device_for_token(credentials.credentials)


Device = Annotated[DeviceRecord, Depends(current_device)]


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def create_app(store: HubStore) -> FastAPI:
    """The hub's ASGI app over an open store (the caller opens and closes the store)."""
    app = FastAPI(
        title="dzlearn hub",
        version=__version__,
        summary="Collects learning events from dzlearn devices and hands each the others' events.",
        openapi_url="/openapi.json",
    )
    app.state.store = store

    @app.exception_handler(HubError)
    async def hub_error(_request: Request, error: HubError) -> JSONResponse:
        return _error(error.status, error.message)

    @app.exception_handler(RequestValidationError)
    async def bad_request(_request: Request, error: RequestValidationError) -> JSONResponse:
        first = error.errors()[0] if error.errors() else {"loc": (), "msg": "invalid request"}
        where = ".".join(str(part) for part in first.get("loc", ())) or "request"
        return _error(400, f"{where}: {first.get('msg', 'invalid')}")

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        return _error(error.status_code, str(error.detail))

    @app.exception_handler(Exception)
    async def unexpected(_request: Request, error: Exception) -> JSONResponse:
        log.exception("unexpected error in the hub", exc_info=error)
        return _error(500, "the hub failed unexpectedly; its log has the details")

    @app.get("/health", response_model=Health, responses={503: _ERRORS[503]})
    def health() -> Health:
        """Whether the hub and its database answer (for people and load balancers)."""
        store.ping()
        return Health(status="ok", hub_id=store.hub_id, protocol=PROTOCOL_VERSION)

    @app.post(
        f"{API_PREFIX}/enrol",
        response_model=EnrolResponse,
        responses={k: _ERRORS[k] for k in (400, 403, 503)},
    )
    def enrol(request: EnrolRequest) -> EnrolResponse:
        """Trade a one-time enrolment code for this device's token and the hub's keys."""
        return store.enrol(request)

    @app.get(
        f"{API_PREFIX}/state",
        response_model=HubState,
        responses={k: _ERRORS[k] for k in (401, 503)},
    )
    def state(device: Device) -> HubState:
        """Where this device resumes: its acknowledged seq and the newest hub cursor."""
        return store.state(device.device_id)

    @app.post(
        f"{API_PREFIX}/push",
        response_model=PushResult,
        responses={k: _ERRORS[k] for k in (400, 401, 403, 413, 503)},
        openapi_extra=_EVENTS_BODY,
    )
    async def push(request: Request, device: Device) -> PushResult:
        """Store a batch of this device's own events (gzip NDJSON); re-sends are no-ops."""
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > MAX_COMPRESSED_BYTES:
            raise HubError(413, f"a push may carry at most {MAX_COMPRESSED_BYTES} bytes")
        body = bytearray()
        try:
            async for chunk in request.stream():
                body += chunk
                if len(body) > MAX_COMPRESSED_BYTES:
                    raise HubError(413, f"a push may carry at most {MAX_COMPRESSED_BYTES} bytes")
        except ClientDisconnect:  # patchy networks do this daily: not the hub's failure
            log.info("device %s hung up part-way through a push; nothing stored", device.device_id)
            raise HubError(400, "the device hung up part-way through the push") from None
        return await run_in_threadpool(_ingest, store, device.device_id, bytes(body))

    @app.get(
        f"{API_PREFIX}/pull",
        response_class=StreamingResponse,
        responses={**_EVENTS_REPLY, **{k: _ERRORS[k] for k in (400, 401, 503)}},
    )
    def pull(
        device: Device,
        after: Annotated[int, Query(ge=0, description="the previous page's end cursor")] = 0,
        limit: Annotated[int, Query(ge=1, description=f"at most {MAX_PULL_EVENTS}")] = (
            MAX_PULL_EVENTS
        ),
    ) -> StreamingResponse:
        """Other devices' events after ``after``, ending with the line that says where next."""
        page, end = store.pull(device.device_id, after, min(limit, MAX_PULL_EVENTS))
        return StreamingResponse(page_chunks(page, end), media_type=EVENTS_MEDIA_TYPE)

    return app


def _ingest(store: HubStore, device_id: str, body: bytes) -> PushResult:
    try:
        events = decode_push(body)
    except ProtocolError as error:
        raise HubError(400, str(error)) from None
    return store.ingest(device_id, events)
