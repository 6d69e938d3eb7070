"""Talking HTTP to the hub, with every failure turned into words a facilitator can act on.

``SyncError.kind`` lets the app choose what to do next (retry later with back-off when the hub
is unreachable; stop and ask for a new enrolment when the token was revoked); ``str(error)`` is
the sentence to show. Replies are read with size caps, so a broken or hostile peer cannot
exhaust memory, and redirects are never followed: learners' data goes only to the address the
device was enrolled with.
"""

from __future__ import annotations

import json
import ssl
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

import httpx
from pydantic import BaseModel, ValidationError

from dzlearn import __version__

MAX_REPLY_BYTES = 1024 * 1024  # a JSON control message (state, push result, enrolment)
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0  # a hub on a slow laptop may take a while to store a big batch

Model = TypeVar("Model", bound=BaseModel)

# kinds of SyncError
NOT_ENROLLED = "not_enrolled"
WRONG_HUB = "wrong_hub"
UNREACHABLE = "unreachable"
INTERRUPTED = "interrupted"
TLS = "tls"
REVOKED = "revoked"
REFUSED = "refused"
HUB_ERROR = "hub_error"
MALFORMED = "malformed"
STORAGE = "storage"


class SyncError(Exception):
    """Sync could not finish; ``str(error)`` is meant to be shown as it is."""

    def __init__(self, kind: str, message: str) -> None:
        super().__init__(message)
        self.kind = kind
        self.message = message


def make_client(hub_url: str, ca_pem: str | None = None) -> httpx.Client:
    """An httpx client for the enrolled hub: TLS verified for https (against ``ca_pem`` when
    the centre runs its own certificate authority, else the system's), no redirects."""
    verify: ssl.SSLContext | bool = True
    if ca_pem:
        verify = ssl.create_default_context(cadata=ca_pem)
    elif hub_url.startswith("http://"):
        # Plain HTTP never negotiates TLS (every request goes to base_url; redirects are not
        # followed), so skip loading the system CA bundle, which costs ~20 ms per sync.
        verify = False
    return httpx.Client(
        base_url=hub_url,
        timeout=httpx.Timeout(READ_TIMEOUT, connect=CONNECT_TIMEOUT),
        verify=verify,
        follow_redirects=False,
        headers={"User-Agent": f"dzlearn/{__version__}"},
    )


def _is_tls_problem(error: BaseException) -> bool:
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, ssl.SSLError):
            return True
        current = current.__cause__ or current.__context__
    text = str(error)
    return "CERTIFICATE_VERIFY_FAILED" in text or "[SSL" in text


def transport_error(error: httpx.HTTPError, hub_url: str, doing: str) -> SyncError:
    """What a network failure means for the person waiting on the sync."""
    detail = str(error).strip() or type(error).__name__
    if _is_tls_problem(error):
        return SyncError(
            TLS,
            f"The hub at {hub_url} could not prove it is the right hub: its TLS certificate "
            f"was not accepted ({detail}). Check the hub's address, or enrol again with the "
            "centre's certificate (--ca FILE). Nothing was sent.",
        )
    if isinstance(error, httpx.TimeoutException):
        return SyncError(
            UNREACHABLE,
            f"The hub at {hub_url} did not answer in time while {doing}. Check the network "
            "and that the hub is running; sync will carry on from where it stopped.",
        )
    if isinstance(error, httpx.ConnectError):
        return SyncError(
            UNREACHABLE,
            f"The hub at {hub_url} cannot be reached ({detail}). Check that this computer is "
            "on the centre's network and that the hub is running.",
        )
    if isinstance(error, httpx.UnsupportedProtocol | httpx.InvalidURL):
        return SyncError(WRONG_HUB, f"The hub address {hub_url} cannot be used ({detail}).")
    return SyncError(
        INTERRUPTED,
        f"The connection to the hub at {hub_url} broke while {doing} ({detail}). What was "
        "already received is kept; sync again to carry on.",
    )


def _error_words(body: bytes) -> str:
    """The hub's own ``{"error": ...}`` text, or a short rendering of whatever it sent."""
    try:
        data = json.loads(body.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        text = body.decode("utf-8", "replace").strip()
        return text[:200] or "no explanation given"
    if isinstance(data, dict):
        for key in ("error", "detail"):
            if isinstance(data.get(key), str):
                return data[key]
            if key in data:
                return json.dumps(data[key], ensure_ascii=False)[:300]
    return json.dumps(data, ensure_ascii=False)[:200]


def status_error(status: int, body: bytes, hub_url: str, doing: str) -> SyncError:
    words = _error_words(body)
    if status == 401:
        return SyncError(
            REVOKED,
            f"The hub at {hub_url} no longer accepts this device ({words}). Its access may "
            "have been withdrawn. Ask for a new code and enrol again: dzlearn device enrol "
            "--hub URL --code CODE.",
        )
    if 300 <= status < 400:
        return SyncError(
            REFUSED,
            f"The hub at {hub_url} sent this device elsewhere (HTTP {status}) while {doing}. "
            "dzlearn sends learners' data only to the address it was enrolled with; "
            "check the address.",
        )
    if 400 <= status < 500:
        return SyncError(REFUSED, f"The hub at {hub_url} refused {doing} ({words}).")
    return SyncError(
        HUB_ERROR,
        f"The hub at {hub_url} had a problem of its own while {doing} (HTTP {status}: "
        f"{words}). Nothing was lost; try again later or tell the hub's administrator.",
    )


def malformed(hub_url: str, doing: str, detail: str) -> SyncError:
    return SyncError(
        MALFORMED,
        f"The reply from {hub_url} while {doing} could not be understood ({detail}). Nothing "
        "from it was kept. Is this the address of a dzlearn hub of the same version?",
    )


def raw_chunks(response: httpx.Response) -> Iterator[bytes]:
    """The body as sent (the events format is gzip itself, without Content-Encoding).

    A response built in memory (a mock transport, a test relay) is already read; then its
    content is the same bytes.
    """
    if response.is_stream_consumed:
        yield response.content
    else:
        yield from response.iter_raw()


def _read_capped(response: httpx.Response, hub_url: str, doing: str) -> bytes:
    parts: list[bytes] = []
    size = 0
    for chunk in raw_chunks(response):
        size += len(chunk)
        if size > MAX_REPLY_BYTES:
            raise malformed(hub_url, doing, f"more than {MAX_REPLY_BYTES} bytes")
        parts.append(chunk)
    return b"".join(parts)


class HubConnection:
    """One hub, one token: JSON calls and streamed downloads with errors already translated."""

    def __init__(self, client: httpx.Client, hub_url: str, token: str | None = None) -> None:
        self.client = client
        self.hub_url = hub_url
        self._headers = {"Authorization": f"Bearer {token}"} if token else {}

    def call(
        self,
        method: str,
        path: str,
        reply: type[Model],
        doing: str,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        content: bytes | None = None,
        content_type: str | None = None,
    ) -> Model:
        """Send one request and validate its JSON reply as ``reply``."""
        headers = dict(self._headers)
        if content_type:
            headers["Content-Type"] = content_type
        with self.stream(
            method, path, doing, params=params, json=json_body, content=content, headers=headers
        ) as response:
            body = self._read(response, doing)
        try:
            data = json.loads(body.decode("utf-8"))
        except (UnicodeDecodeError, ValueError) as error:
            raise malformed(self.hub_url, doing, f"not JSON: {error}") from None
        try:
            return reply.model_validate(data)
        except ValidationError as error:
            first = error.errors()[0]
            field = ".".join(str(part) for part in first["loc"]) or "(whole)"
            raise malformed(self.hub_url, doing, f"{field}: {first['msg']}") from None

    @contextmanager
    def stream(self, method: str, path: str, doing: str, **kwargs: Any) -> Iterator[httpx.Response]:
        """A response whose status is 200; network trouble inside the block is translated too."""
        kwargs.setdefault("headers", dict(self._headers))
        try:
            with self.client.stream(method, path, **kwargs) as response:
                if response.status_code != 200:
                    body = self._read(response, doing)
                    raise status_error(response.status_code, body, self.hub_url, doing)
                yield response
        except httpx.HTTPError as error:
            raise transport_error(error, self.hub_url, doing) from error

    def _read(self, response: httpx.Response, doing: str) -> bytes:
        try:
            return _read_capped(response, self.hub_url, doing)
        except httpx.HTTPError as error:
            raise transport_error(error, self.hub_url, doing) from error
