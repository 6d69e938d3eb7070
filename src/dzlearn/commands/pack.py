"""``dzlearn pack ...``: build, sign, verify, import and trust signed lesson and audio packs.

Every failure is one line on stderr naming what was wrong, and exit status 2; a traceback
would be a bug. Refusals read ``dzlearn: pack refused (<code>): <message>``.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from dzlearn.packs import (
    Manifest,
    PackRefused,
    TrustStore,
    build_pack,
    generate_keypair,
    import_pack,
    list_installed,
    local_keys_dir,
    pack_dir,
    read_signing_key,
    shipped_keys_dir,
    sign_archive,
    trust_key,
    untrust_key,
    verify_pack,
)
from dzlearn.packs.manifest import KINDS
from dzlearn.paths import resolve_data_location, resource_root

Action = Callable[[argparse.Namespace], int]
REFUSING_VERBS = ("verify", "import")


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("pack", help="build, sign, verify and import signed packs")
    actions = parser.add_subparsers(dest="pack_command", metavar="ACTION", required=True)

    p = actions.add_parser("build", help="make an unsigned .dzpack from a pack folder")
    p.add_argument("src", type=Path, metavar="SRC", help="pack folder (pack.json or manifest.json)")
    p.add_argument("out", type=Path, metavar="OUT", help="archive to write, e.g. name.dzpack")
    p.add_argument("--kind", choices=KINDS, default="lessons")
    p.add_argument("--id", dest="pack_id", help="audio packs: the pack id")
    p.add_argument("--version", dest="pack_version", type=int, help="audio packs: version >= 1")
    p.add_argument("--min-app-version", help="audio packs: oldest dzlearn that can use it")
    p.set_defaults(handler=_guard("build", _build))

    p = actions.add_parser("sign", help="sign an archive (adds or replaces manifest.sig)")
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("--key", type=Path, required=True, metavar="KEY", help="private .key file")
    p.set_defaults(handler=_guard("sign", _sign))

    p = actions.add_parser("verify", help="check an archive against the trusted keys")
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("--json", action="store_true", help="print the result as JSON")
    p.set_defaults(handler=_guard("verify", _verify))

    p = actions.add_parser("import", help="verify and install a pack")
    p.add_argument("archive", type=Path, metavar="ARCHIVE")
    p.add_argument("--progress", action="store_true", help="show progress even when piped")
    p.set_defaults(handler=_guard("import", _import))

    p = actions.add_parser("keygen", help="make a signing key pair (PREFIX.key and PREFIX.pub)")
    p.add_argument("prefix", type=Path, metavar="OUT_PREFIX")
    p.set_defaults(handler=_guard("make keys", _keygen))

    p = actions.add_parser("trust", help="trust a public key (.pub), or --list trusted keys")
    p.add_argument("keyfile", type=Path, nargs="?", metavar="KEYFILE")
    p.add_argument("--list", action="store_true", help="list trusted keys")
    p.set_defaults(handler=_guard("trust", _trust))

    p = actions.add_parser("untrust", help="stop trusting a key added with 'pack trust'")
    p.add_argument("key_id", metavar="KEY_ID")
    p.set_defaults(handler=_guard("untrust", _untrust))

    p = actions.add_parser("list", help="list installed packs and their versions")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(handler=_guard("list", _list))


def _say(message: str, stream: TextIO | None = None) -> None:
    print(message, file=stream or sys.stderr)


def _guard(verb: str, action: Action) -> Action:
    """Turn every expected failure into one clear line and exit status 2."""

    def handler(args: argparse.Namespace) -> int:
        try:
            return action(args)
        except PackRefused as exc:
            prefix = "pack refused" if verb in REFUSING_VERBS else f"cannot {verb}"
            _say(f"dzlearn: {prefix} ({exc.reason_code}): {exc.message}")
            if getattr(args, "json", False):
                result = {"ok": False, "reason_code": exc.reason_code, "message": exc.message}
                print(json.dumps(result))
            return 2
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _say(f"dzlearn: cannot {verb}: {where}{exc.strerror or exc}")
            return 2
        except KeyboardInterrupt:
            _say(f"dzlearn: {verb} interrupted; nothing was changed")
            return 130

    return handler


def _data_root(args: argparse.Namespace) -> Path:
    return resolve_data_location(args.data, os.environ).root


def _trust_store(args: argparse.Namespace) -> TrustStore:
    store = TrustStore.load(shipped_keys_dir(resource_root()), local_keys_dir(_data_root(args)))
    for problem in store.problems:
        _say(f"dzlearn: warning: ignoring a trusted-key file: {problem}")
    return store


def _describe(manifest: Manifest) -> str:
    return f"{manifest.kind} pack {manifest.pack_id} version {manifest.version}"


class _ProgressLine:
    """A one-line percentage on stderr, redrawn in place."""

    def __init__(self, label: str) -> None:
        self.label = label
        self.last = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 if total == 0 else done * 100 // total
        if percent != self.last:
            sys.stderr.write(f"\r{self.label}: {percent:3d}%")
            sys.stderr.flush()
            self.last = percent

    def finish(self) -> None:
        if self.last >= 0:
            sys.stderr.write("\n")
            sys.stderr.flush()


def _build(args: argparse.Namespace) -> int:
    manifest = build_pack(
        args.src,
        args.out,
        kind=args.kind,
        pack_id=args.pack_id,
        version=args.pack_version,
        min_app_version=args.min_app_version,
    )
    print(f"built {_describe(manifest)} ({len(manifest.files)} files) into {args.out} (unsigned)")
    return 0


def _sign(args: argparse.Namespace) -> int:
    signing_key = read_signing_key(args.key)
    if os.name == "posix" and args.key.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        _say(f"dzlearn: warning: {args.key} can be read by other users; chmod 600 it")
    manifest = sign_archive(args.archive, signing_key)
    print(f"signed {_describe(manifest)} in {args.archive} with key {manifest.key_id}")
    return 0


def _verify(args: argparse.Namespace) -> int:
    verified = verify_pack(args.archive, _trust_store(args))
    manifest, signer = verified.manifest, verified.signer
    if args.json:
        result = {
            "ok": True,
            "kind": manifest.kind,
            "pack_id": manifest.pack_id,
            "version": manifest.version,
            "min_app_version": manifest.min_app_version,
            "created_at": manifest.created_at,
            "key_id": signer.key_id,
            "files": len(manifest.files),
            "bytes": manifest.total_size,
        }
        print(json.dumps(result, indent=2))
    else:
        print(f"ok: {_describe(manifest)}, signed by trusted key {signer.key_id}")
    return 0


def _import(args: argparse.Namespace) -> int:
    data_root = _data_root(args)
    show = args.progress or sys.stderr.isatty()
    line = _ProgressLine(f"importing {args.archive.name}") if show else None
    try:
        installed = import_pack(args.archive, data_root, _trust_store(args), progress=line)
    finally:
        if line is not None:
            line.finish()
    folder = pack_dir(data_root, installed.kind, installed.pack_id)
    print(
        f"installed {installed.kind} pack {installed.pack_id} version {installed.version} "
        f"into {folder}"
    )
    return 0


def _keygen(args: argparse.Namespace) -> int:
    secret, public, ident = generate_keypair(args.prefix)
    print(f"wrote SECRET signing key {secret} (mode 0600): keep it offline, never share it")
    print(f"wrote public key {public} (key id {ident}): give this one to facilitators")
    return 0


def _trust(args: argparse.Namespace) -> int:
    if args.list == (args.keyfile is not None):
        raise PackRefused("bad-usage", "give either a .pub KEYFILE to trust, or --list")
    if args.keyfile is not None:
        key = trust_key(_data_root(args), args.keyfile)
        print(f"now trusting key {key.key_id} (copied to {key.path})")
        return 0
    store = _trust_store(args)
    for key in store.keys:
        origin = "shipped" if key.shipped else "added"
        print(f"{key.key_id}\t{origin}\t{key.path}")
    if not store.keys:
        print("no trusted keys (add one with: dzlearn pack trust KEYFILE)")
    return 0


def _untrust(args: argparse.Namespace) -> int:
    path = untrust_key(_data_root(args), _trust_store(args), args.key_id)
    print(f"no longer trusting key {args.key_id} (removed {path})")
    return 0


def _list(args: argparse.Namespace) -> int:
    data_root = _data_root(args)
    packs = list_installed(data_root)
    if args.json:
        rows = [
            {**p.model_dump(mode="json"), "path": str(pack_dir(data_root, p.kind, p.pack_id))}
            for p in packs
        ]
        print(json.dumps(rows, indent=2))
        return 0
    for p in packs:
        print(f"{p.kind}\t{p.pack_id}\t{p.version}\t{p.key_id or '-'}\t{p.installed_at}")
    if not packs:
        print("no packs installed")
    return 0
