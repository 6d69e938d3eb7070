"""``dzlearn hub``: run a sync hub and manage the devices enrolled with it.

A centre runs ``dzlearn hub serve`` on any laptop (SQLite in the data folder); a national hub points
several ``serve`` processes at one PostgreSQL database with ``--db postgresql://…``. The other
subcommands work on the same database while the server runs. Bad input (a mistyped URL, a
database that cannot be reached, a port in use) gives one line on stderr and exit status 2.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import signal
import socket
import ssl
import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from dzlearn.paths import resolve_data_location

if TYPE_CHECKING:
    from dzlearn.sync.hub import HubStore

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
HUB_DB_FILENAME = "hub.db"

# Hub subcommands that live in their own modules, each with ``register(hub_sub, add_db_option)``.
# ``hub import BUNDLE`` (USB bundles) lives in ``hub_bundle``.
SUBCOMMAND_MODULES: tuple[str, ...] = ("dzlearn.commands.hub_bundle",)


def add_db_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db",
        metavar="URL",
        help=f"the hub database: sqlite:///FILE or postgresql://USER@HOST/DB"
        f" (default: {HUB_DB_FILENAME} in the data folder)",
    )


def _port(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a port number: {text!r}") from None
    if not 0 <= value <= 65535:
        raise argparse.ArgumentTypeError(f"a port is 0–65535, not {value}")
    return value


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("hub", help="run a sync hub and manage its devices")
    hub_sub = parser.add_subparsers(dest="hub_command", metavar="HUB_COMMAND", required=True)

    serve = hub_sub.add_parser("serve", help="serve the sync API (HTTP, or HTTPS with --cert)")
    add_db_option(serve)
    serve.add_argument("--host", default=DEFAULT_HOST, help=f"default {DEFAULT_HOST}")
    serve.add_argument("--port", type=_port, default=DEFAULT_PORT, help=f"default {DEFAULT_PORT}")
    serve.add_argument("--cert", metavar="FILE", help="TLS certificate (PEM); needs --key")
    serve.add_argument("--key", metavar="FILE", help="TLS private key (PEM); needs --cert")
    serve.add_argument("--access-log", action="store_true", help="log every request")
    serve.set_defaults(handler=run_serve)

    code = hub_sub.add_parser("enrol-code", help="print a one-time code that enrols one device")
    add_db_option(code)
    code.add_argument("--hours", type=float, default=24, help="how long it stays valid (24)")
    code.set_defaults(handler=run_enrol_code)

    devices = hub_sub.add_parser("devices", help="list the enrolled devices")
    add_db_option(devices)
    devices.add_argument("--json", action="store_true", help="one JSON object per line")
    devices.set_defaults(handler=run_devices)

    revoke = hub_sub.add_parser("revoke", help="stop a device's token from working")
    add_db_option(revoke)
    revoke.add_argument("device_id", metavar="DEVICE_ID")
    revoke.set_defaults(handler=run_revoke)

    conflicts = hub_sub.add_parser("conflicts", help="list events refused as conflicts")
    add_db_option(conflicts)
    conflicts.add_argument("--limit", type=int, default=100, help="newest N (100)")
    conflicts.add_argument("--json", action="store_true", help="one JSON object per line")
    conflicts.set_defaults(handler=run_conflicts)

    for module in SUBCOMMAND_MODULES:
        importlib.import_module(module).register(hub_sub, add_db_option)


def _fail(message: str) -> int:
    print(f"dzlearn hub: {message}", file=sys.stderr, flush=True)
    return 2


def database_url(args: argparse.Namespace) -> str:
    if args.db:
        return str(args.db)
    root = resolve_data_location(getattr(args, "data", None), os.environ).root
    return f"sqlite:///{Path(root) / HUB_DB_FILENAME}"


def with_store(args: argparse.Namespace, work: Callable[[HubStore], int]) -> int:
    """Open the hub database, run ``work(store)``, close it; HubError → one line, exit 2."""
    from dzlearn.sync.hub import HubError, HubStore

    try:
        store = HubStore.open(database_url(args))
    except HubError as error:
        return _fail(error.message)
    try:
        return work(store)
    except HubError as error:
        return _fail(error.message)
    finally:
        store.close()


def run_enrol_code(args: argparse.Namespace) -> int:
    def work(store: HubStore) -> int:
        code = store.new_enrol_code(args.hours)
        print(code, flush=True)
        print(
            f"One device can use this code within {args.hours:g} hours:"
            f" dzlearn device enrol --hub URL --code {code}",
            file=sys.stderr,
        )
        return 0

    return with_store(args, work)


def run_devices(args: argparse.Namespace) -> int:
    def work(store: HubStore) -> int:
        for device in store.devices():
            status = f"revoked {device.revoked_at[:16]}" if device.revoked_at else "active"
            if args.json:
                print(json.dumps(device.__dict__, ensure_ascii=False))
            else:
                print(
                    f"{device.device_id}\t{device.name or '-'}\tenrolled {device.enrolled_at[:16]}"
                    f"\t{status}\tacked {device.acked_seq}"
                )
        return 0

    return with_store(args, work)


def run_revoke(args: argparse.Namespace) -> int:
    def work(store: HubStore) -> int:
        store.revoke(args.device_id)
        print(f"revoked {args.device_id}: its token no longer works; a new code re-enrols it")
        return 0

    return with_store(args, work)


def run_conflicts(args: argparse.Namespace) -> int:
    def work(store: HubStore) -> int:
        for conflict in store.conflicts(max(1, args.limit)):
            if args.json:
                print(json.dumps(conflict.__dict__, ensure_ascii=False))
            else:
                print(
                    f"{conflict.received_at[:19]}\t{conflict.device_id}\tseq {conflict.device_seq}"
                    f"\t{conflict.event_id}\t{conflict.reason}"
                )
        return 0

    return with_store(args, work)


def _listen(host: str, port: int) -> socket.socket:
    """Bind before serving, so a port in use is one clear line rather than a uvicorn log."""
    try:
        family, kind, proto, _, address = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)[0]
    except socket.gaierror as error:
        raise OSError(f"cannot use host {host!r}: {error.strerror}") from None
    sock = socket.socket(family, kind, proto)
    try:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(address)
        sock.listen(2048)
    except OSError as error:
        sock.close()
        raise OSError(f"cannot listen on {host}:{port}: {error.strerror}") from None
    sock.set_inheritable(True)
    return sock


def run_serve(args: argparse.Namespace) -> int:
    if bool(args.cert) != bool(args.key):
        return _fail("--cert and --key go together (the certificate and its private key)")
    for option, path in (("--cert", args.cert), ("--key", args.key)):
        if path and not Path(path).is_file():
            return _fail(f"{option} {path}: no such file")

    import uvicorn

    from dzlearn.sync.hub import HubError, HubStore
    from dzlearn.sync.hub.app import create_app

    try:
        store = HubStore.open(database_url(args))
    except HubError as error:
        return _fail(error.message)
    try:
        try:
            sock = _listen(args.host, args.port)
        except OSError as error:
            return _fail(str(error))
        config = uvicorn.Config(
            create_app(store),
            ssl_certfile=args.cert,
            ssl_keyfile=args.key,
            access_log=args.access_log,
            log_level="info",
            timeout_graceful_shutdown=10,
        )
        try:
            config.load()
        except (ssl.SSLError, OSError) as error:
            sock.close()
            return _fail(f"cannot use the TLS certificate {args.cert} with key {args.key}: {error}")
        scheme = "https" if args.cert else "http"
        bound_port = sock.getsockname()[1]
        print(
            f"dzlearn hub {store.hub_id} listening on {scheme}://{args.host}:{bound_port}"
            f" (database {store.url})",
            flush=True,
        )
        if scheme == "http" and args.host not in ("127.0.0.1", "localhost", "::1"):
            print(
                "dzlearn hub: warning: no --cert/--key, so learners' data crosses the network"
                " unencrypted",
                file=sys.stderr,
                flush=True,
            )
        with _quiet_stop():
            uvicorn.Server(config).run(sockets=[sock])
        return 0
    finally:
        store.close()


@contextmanager
def _quiet_stop() -> Iterator[None]:
    """Ctrl-C or SIGTERM end ``serve`` with status 0 after uvicorn's graceful shutdown.

    uvicorn re-raises the signal it caught once it has shut down; with these handlers in place
    that lands here instead of killing the process before the database is closed.
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    signals = (signal.SIGINT, signal.SIGTERM)
    previous = {sig: signal.signal(sig, lambda *_: None) for sig in signals}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
