"""When the app's background sync tries next: back-off after failures, a steady poll after
success, and a cheap reachability probe before a full sync (no Qt here).

Internet at a community centre comes and goes, and many PCs come back at once when the hub
laptop is switched on. So after a failure the wait doubles (10 s, 20 s, 40 s … up to 10 min),
each wait shortened by a random part (jitter) so the PCs do not all knock at the same second;
after a success the device polls every few minutes. A facilitator's "Sync now" starts the
back-off again from the beginning. Errors that waiting will not cure (access withdrawn, another
hub at the address) are retried at the longest wait, never given up on: a device that stops
syncing for good after one error (Kolibri #8340) is worse than one that asks every 10 minutes.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass

# SyncError kinds (sync.transport) that waiting may cure: the back-off grows from the start.
TRANSIENT_KINDS = frozenset({"unreachable", "interrupted", "hub_error", "storage"})
_HEALTH_BYTES = 4096  # a /health reply is a few dozen bytes


@dataclass(frozen=True)
class SyncPolicy:
    """The app's timings, in seconds; tests and benchmarks pass shorter ones."""

    first_retry: float = 10.0
    max_retry: float = 600.0
    poll: float = 300.0  # after a successful sync
    jitter: float = 0.2  # each wait is cut by up to this fraction, at random
    probe_timeout: float = 3.0  # GET /health before a full sync
    start_delay: float = 3.0  # after start-up, so the first screens load undisturbed
    status_refresh: float = 20.0  # re-read the pending count while waiting

    def __post_init__(self) -> None:
        if not 0 < self.first_retry <= self.max_retry:
            raise ValueError("first_retry must be positive and at most max_retry")
        if self.poll <= 0 or self.probe_timeout <= 0 or self.status_refresh <= 0:
            raise ValueError("poll, probe_timeout and status_refresh must be positive")
        if not 0 <= self.jitter < 1:
            raise ValueError("jitter must be at least 0 and below 1")
        if self.start_delay < 0:
            raise ValueError("start_delay cannot be negative")


class Backoff:
    """How long to wait before the next automatic sync, given how the last ones went."""

    def __init__(self, policy: SyncPolicy, rand: Callable[[], float] = random.random) -> None:
        self.policy = policy
        self.failures = 0  # in a row, since the last success or "Sync now"
        self._rand = rand

    def base_delay(self, failures: int) -> float:
        """The wait after ``failures`` failures in a row, before jitter: 10, 20, 40 … 600."""
        if failures < 1:
            return self.policy.poll
        doubled = self.policy.first_retry * 2.0 ** min(failures - 1, 60)
        return min(doubled, self.policy.max_retry)

    def after_success(self) -> float:
        self.failures = 0
        return self._jittered(self.policy.poll)

    def after_failure(self, kind: str | None = None) -> float:
        """``kind`` is the SyncError's; one that waiting will not cure waits the longest."""
        self.failures += 1
        if kind is not None and kind not in TRANSIENT_KINDS:
            return self._jittered(self.policy.max_retry)
        return self._jittered(self.base_delay(self.failures))

    def reset(self) -> None:
        """For "Sync now": someone is waiting, so the next failure starts from the first wait."""
        self.failures = 0

    def _jittered(self, delay: float) -> float:
        """Never longer than ``delay`` (the 10-minute cap holds), at most ``jitter`` shorter."""
        return delay * (1.0 - self.policy.jitter * self._rand())


def probe(hub_url: str, ca_pem: str | None, timeout: float) -> None:
    """GET /health with a short timeout; SyncError (words, ``kind``) if the hub does not answer.

    A hub that is switched off or out of reach fails here in ``timeout`` seconds instead of the
    full sync's longer connect timeout. httpx is imported here, not at start-up.
    """
    import httpx

    from .transport import MALFORMED, SyncError, make_client, status_error, transport_error

    doing = "checking that the hub is there"
    with make_client(hub_url, ca_pem) as client:
        client.timeout = httpx.Timeout(timeout)
        try:
            with client.stream("GET", "/health") as response:
                body = b""
                for chunk in response.iter_bytes():
                    body += chunk
                    if len(body) > _HEALTH_BYTES:
                        break
        except httpx.HTTPError as error:
            raise transport_error(error, hub_url, doing) from error
    if response.status_code != 200:
        raise status_error(response.status_code, body[:_HEALTH_BYTES], hub_url, doing)
    try:
        ok = json.loads(body.decode("utf-8")).get("status") == "ok"
    except (ValueError, AttributeError):
        ok = False
    if not ok:
        raise SyncError(
            MALFORMED,
            f"The address {hub_url} answers, but not as a dzlearn hub. Check the address.",
        )
