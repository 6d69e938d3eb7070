"""The background sync's timing: back-off, poll, jitter, "Sync now", and the /health probe."""

from __future__ import annotations

import socket
from pathlib import Path

import device_fixtures
import pytest

from dzlearn.sync.hub.store import HubStore
from dzlearn.sync.schedule import Backoff, SyncPolicy, probe
from dzlearn.sync.transport import MALFORMED, UNREACHABLE, SyncError

NO_JITTER = SyncPolicy(jitter=0.0)


def test_waits_double_from_10_s_and_stop_at_10_min():
    backoff = Backoff(NO_JITTER)
    waits = [backoff.after_failure("unreachable") for _ in range(9)]
    assert waits == [10, 20, 40, 80, 160, 320, 600, 600, 600]
    assert backoff.failures == 9


def test_a_success_polls_every_few_minutes_and_starts_the_back_off_again():
    backoff = Backoff(SyncPolicy(jitter=0.0, poll=120))
    for _ in range(4):
        backoff.after_failure("unreachable")
    assert backoff.after_success() == 120
    assert backoff.after_failure("unreachable") == 10


def test_sync_now_resets_the_back_off():
    backoff = Backoff(NO_JITTER)
    for _ in range(6):
        backoff.after_failure("interrupted")
    backoff.reset()
    assert backoff.failures == 0
    assert backoff.after_failure("interrupted") == 10


def test_errors_that_waiting_will_not_cure_wait_the_longest_but_are_not_given_up():
    backoff = Backoff(NO_JITTER)
    assert backoff.after_failure("revoked") == 600
    assert backoff.after_failure("wrong_hub") == 600
    assert backoff.after_failure("unreachable") == 40  # the third failure in a row


@pytest.mark.parametrize("draw", [0.0, 0.5, 0.999])
def test_jitter_only_shortens_a_wait_so_the_cap_holds(draw: float):
    backoff = Backoff(SyncPolicy(jitter=0.2), rand=lambda: draw)
    waits = [backoff.after_failure("unreachable") for _ in range(10)]
    assert all(w <= 600 for w in waits)
    assert waits[0] == pytest.approx(10 * (1 - 0.2 * draw))
    assert waits[-1] == pytest.approx(600 * (1 - 0.2 * draw))


def test_jitter_spreads_the_pcs_of_a_centre():
    import random

    rng = random.Random(7)
    waits = {round(Backoff(SyncPolicy(), rand=rng.random).after_failure(), 3) for _ in range(50)}
    assert len(waits) > 40 and min(waits) >= 8.0 and max(waits) <= 10.0


@pytest.mark.parametrize(
    "bad",
    [
        {"first_retry": 0},
        {"first_retry": 700},
        {"jitter": 1.0},
        {"poll": 0},
        {"probe_timeout": -1},
        {"start_delay": -1},
    ],
)
def test_a_nonsense_policy_is_refused(bad: dict):
    with pytest.raises(ValueError):
        SyncPolicy(**bad)


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def test_probe_passes_for_a_running_hub(tmp_path: Path):
    store = HubStore.open(f"sqlite:///{tmp_path / 'hub.db'}")
    try:
        with device_fixtures.serving(store) as port:
            probe(f"http://127.0.0.1:{port}", None, 3.0)
    finally:
        store.close()


def test_probe_of_a_hub_that_is_off_says_so_in_words():
    with pytest.raises(SyncError) as caught:
        probe(f"http://127.0.0.1:{_closed_port()}", None, 1.0)
    assert caught.value.kind == UNREACHABLE
    assert "cannot be reached" in str(caught.value)


def test_probe_of_something_else_at_the_address_is_not_taken_for_a_hub(tmp_path: Path):
    import http.server
    import threading

    class NotAHub(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 - http.server API
            body = b"<html>router login</html>"
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.HTTPServer(("127.0.0.1", 0), NotAHub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        with pytest.raises(SyncError) as caught:
            probe(f"http://127.0.0.1:{server.server_port}", None, 3.0)
        assert caught.value.kind == MALFORMED and "not as a dzlearn hub" in str(caught.value)
    finally:
        server.shutdown()
        thread.join(timeout=5)
