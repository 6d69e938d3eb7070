"""``dzlearn usb prepare TARGET``: lay out a USB stick that runs dzlearn on any Windows PC.

The layout follows PortableApps.com's idea of an app folder beside a data folder::

    TARGET/dzlearn/              the app bundle (dzlearn.exe and its _internal/ folder)
    TARGET/dzlearn.portable      marker: keep learners' progress on the stick
    TARGET/dzlearn-data/         where that progress goes (left alone if it already exists)
    TARGET/packs/                signed lesson and audio packs, each verified before copying
    TARGET/Facilitator guide/    the illustrated guide

Everything is checked before anything is written (bundle present, every pack verified, no
foreign layout in the way, enough free space); each piece is copied under a temporary name and
renamed into place, so a pulled stick never shows a half-copied app as if it were whole.
Learner data is never touched, and ``--force`` moves things aside instead of deleting them.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from dzlearn.paths import (
    PORTABLE_DATA_DIRNAME,
    PORTABLE_MARKER,
    app_dir,
    resolve_data_location,
    resource_root,
)

APP_DIRNAME = "dzlearn"
PACKS_DIRNAME = "packs"
GUIDE_DIRNAME = "Facilitator guide"
GUIDE_SUFFIXES = (".html", ".md", ".png", ".jpg", ".svg")
RESERVE_BYTES = 20 * 1024 * 1024  # room for the progress file and its backups to start with
MARKER_TEXT = (
    "This file tells dzlearn to keep learners' progress in the dzlearn-data folder beside it,\n"
    "on this USB stick, instead of on the computer. Please do not delete or rename it.\n"
)


class Refused(Exception):
    """A reason not to touch the stick, in words for a facilitator."""


@dataclass
class Plan:
    target: Path
    bundle: Path
    guide: Path
    packs: list[tuple[Path, str]] = field(default_factory=list)  # archive, description
    aside: list[Path] = field(default_factory=list)  # in the way; moved aside with --force
    copy_app: bool = True
    needed: int = 0
    free: int = 0


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("usb", help="prepare a USB stick with the app, packs and guide")
    actions = parser.add_subparsers(dest="usb_command", metavar="ACTION", required=True)
    p = actions.add_parser(
        "prepare",
        help="lay out TARGET (the top of a USB stick) to run dzlearn in portable mode",
        description=(
            "Copy the app bundle, verified packs and the facilitator guide to TARGET, and "
            "switch on portable mode so learners' progress stays on the stick."
        ),
    )
    p.add_argument("target", type=Path, metavar="TARGET", help="the stick, e.g. E:\\")
    p.add_argument(
        "--bundle", type=Path, metavar="DIR", help="the app bundle folder (default dist/dzlearn)"
    )
    p.add_argument(
        "--packs",
        type=Path,
        nargs="+",
        action="extend",
        default=[],
        metavar="PATH",
        help=".dzpack files, or folders holding them (put TARGET before --packs)",
    )
    p.add_argument(
        "--force", action="store_true", help="move aside anything in the way (never deletes)"
    )
    p.set_defaults(handler=run_prepare)


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(entry.stat().st_size for entry in path.rglob("*") if entry.is_file())


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f} MB"


def _is_bundle(folder: Path) -> bool:
    return folder.is_dir() and any((folder / name).is_file() for name in ("dzlearn.exe", "dzlearn"))


def default_bundle() -> Path:
    """The running bundle when frozen (copying a stick from a stick), else ``dist/dzlearn``."""
    if getattr(sys, "frozen", False):
        return app_dir()
    here = Path("dist") / APP_DIRNAME
    return here if here.exists() else resource_root() / "dist" / APP_DIRNAME


def guide_source() -> Path:
    root = resource_root()
    for candidate in (root / "facilitator-guide", root / "docs" / "facilitator-guide"):
        if candidate.is_dir():
            return candidate
    raise Refused(f"The facilitator guide is missing from {root} (docs/facilitator-guide).")


def _guide_files(source: Path) -> list[Path]:
    return sorted(
        path
        for path in source.rglob("*")
        if path.is_file() and path.suffix.lower() in GUIDE_SUFFIXES
    )


def _collect_packs(paths: list[Path]) -> list[Path]:
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            inside = sorted(p for p in path.iterdir() if p.suffix == ".dzpack" and p.is_file())
            if not inside:
                raise Refused(f"There are no .dzpack files in {path}.")
            found += inside
        elif path.is_file():
            found.append(path)
        else:
            raise Refused(f"There is no pack at {path}.")
    names = [p.name.casefold() for p in found]
    if len(set(names)) != len(names):
        raise Refused("Two packs have the same file name; give each pack only once.")
    return found


def _verify_packs(archives: list[Path], data: str | None) -> list[tuple[Path, str]]:
    from dzlearn.packs import (
        PackRefused,
        TrustStore,
        local_keys_dir,
        shipped_keys_dir,
        verify_pack,
    )

    data_root = resolve_data_location(data, os.environ).root
    trust = TrustStore.load(shipped_keys_dir(resource_root()), local_keys_dir(data_root))
    verified = []
    for archive in archives:
        try:
            result = verify_pack(archive, trust)
        except PackRefused as error:
            raise Refused(
                f"The pack {archive} cannot be verified ({error.reason_code}): {error.message}. "
                "Nothing was copied."
            ) from error
        manifest = result.manifest
        verified.append(
            (
                archive,
                f"{manifest.kind} {manifest.pack_id} version {manifest.version}, "
                f"signed by {result.signer.key_id}",
            )
        )
    return verified


def _check_layout(plan: Plan, force: bool) -> None:
    target = plan.target
    expect_dir = (APP_DIRNAME, PORTABLE_DATA_DIRNAME, PACKS_DIRNAME, GUIDE_DIRNAME)
    in_the_way = []
    for name in (*expect_dir, PORTABLE_MARKER):
        path = target / name
        if not path.exists() and not path.is_symlink():
            continue
        wrong_kind = path.is_symlink() or (path.is_dir() != (name in expect_dir))
        foreign_app = name == APP_DIRNAME and path.is_dir() and not _is_bundle(path)
        if wrong_kind or foreign_app:
            in_the_way.append(path)
    if in_the_way and not force:
        listed = ", ".join(str(path) for path in in_the_way)
        raise Refused(
            f"{target} already holds something else where dzlearn's files go ({listed}). "
            "Choose another stick or folder, or use --force to move those aside (nothing is "
            "deleted)."
        )
    plan.aside = in_the_way


def make_plan(args: argparse.Namespace) -> Plan:
    target = Path(args.target)
    if not target.is_dir():
        raise Refused(f"{target} is not a folder. Plug in the stick and give its drive or folder.")
    bundle = Path(args.bundle) if args.bundle else default_bundle()
    if not _is_bundle(bundle):
        raise Refused(
            f"There is no dzlearn app bundle at {bundle} (a folder with dzlearn.exe or dzlearn "
            "in it). Build it with 'make bundle', or give its folder with --bundle DIR."
        )
    plan = Plan(target=target, bundle=bundle, guide=guide_source())
    app_target = target / APP_DIRNAME
    if app_target.exists() and app_target.resolve() == bundle.resolve():
        plan.copy_app = False  # the stick already carries this very bundle
    elif target.resolve().is_relative_to(bundle.resolve()):
        raise Refused(f"{target} is inside the app bundle {bundle}; choose the stick itself.")
    _check_layout(plan, args.force)
    plan.packs = _verify_packs(_collect_packs(args.packs), args.data)
    plan.needed = RESERVE_BYTES + sum(_size(path) for path in _guide_files(plan.guide))
    plan.needed += sum(_size(archive) for archive, _ in plan.packs)
    if plan.copy_app:
        plan.needed += _size(bundle)
    plan.free = shutil.disk_usage(target).free
    return plan


def _stamp() -> str:
    return datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")


def _fsync(path: Path) -> None:
    with open(path, "rb+") as handle:
        os.fsync(handle.fileno())


def _replace_dir(staged: Path, final: Path) -> None:
    """Swap a fully copied folder into place; an older one of ours is removed only afterwards."""
    old = None
    if final.exists():
        old = final.with_name(f".{final.name}-old-{uuid.uuid4().hex[:8]}")
        os.rename(final, old)
    try:
        os.rename(staged, final)
    except OSError:
        if old is not None:
            os.rename(old, final)
        raise
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


def _copy_dir(source: Path, final: Path, files: list[Path] | None = None) -> None:
    staged = final.with_name(f".{final.name}-partial-{uuid.uuid4().hex[:8]}")
    try:
        if files is None:
            shutil.copytree(source, staged)  # symlinks are copied as files: FAT has none
        else:
            for path in files:
                destination = staged / path.relative_to(source)
                destination.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(path, destination)
        _replace_dir(staged, final)
    finally:
        if staged.exists():
            shutil.rmtree(staged, ignore_errors=True)


def _copy_file(source: Path, final: Path) -> None:
    staged = final.with_name(f".{final.name}.partial")
    shutil.copyfile(source, staged)
    _fsync(staged)
    os.replace(staged, final)


def carry_out(plan: Plan, say=print) -> None:
    target = plan.target
    for path in plan.aside:
        moved = path.with_name(f"{path.name}.old-{_stamp()}")
        os.rename(path, moved)
        say(f"  moved aside {path} -> {moved}")
    if plan.copy_app:
        say(f"  copying the app to {target / APP_DIRNAME} …")
        _copy_dir(plan.bundle, target / APP_DIRNAME)
    packs = target / PACKS_DIRNAME
    packs.mkdir(exist_ok=True)
    for archive, description in plan.packs:
        _copy_file(archive, packs / archive.name)
        say(f"  pack {archive.name}: {description}")
    _copy_dir(plan.guide, target / GUIDE_DIRNAME, _guide_files(plan.guide))
    (target / PORTABLE_DATA_DIRNAME).mkdir(exist_ok=True)
    marker = target / PORTABLE_MARKER
    staged = marker.with_name(marker.name + ".partial")
    staged.write_text(MARKER_TEXT, encoding="utf-8")
    os.replace(staged, marker)
    if hasattr(os, "sync"):
        os.sync()


def run_prepare(args: argparse.Namespace) -> int:
    try:
        plan = make_plan(args)
        print(f"Preparing {plan.target} for dzlearn:")
        app = "already there" if not plan.copy_app else f"from {plan.bundle}"
        print(f"  app       {plan.target / APP_DIRNAME} ({app})")
        print(f"  packs     {len(plan.packs)} verified")
        print(f"  guide     {plan.target / GUIDE_DIRNAME}")
        print(f"  data      {plan.target / PORTABLE_DATA_DIRNAME} (portable mode)")
        print(f"Space: needs {_megabytes(plan.needed)}, {_megabytes(plan.free)} free.")
        if plan.needed > plan.free:
            raise Refused(
                f"There is not enough free space on {plan.target}: "
                f"{_megabytes(plan.needed)} needed, {_megabytes(plan.free)} free. "
                "Nothing was copied."
            )
        carry_out(plan)
    except Refused as error:
        print(f"dzlearn: usb prepare refused: {error}", file=sys.stderr)
        return 2
    except OSError as error:
        where = f"{error.filename}: " if error.filename else ""
        print(
            f"dzlearn: usb prepare failed: {where}{error.strerror or error}. Whatever was "
            "already in place on the stick is complete; run the command again.",
            file=sys.stderr,
        )
        return 2
    print('Done. Eject the stick safely ("Safely Remove Hardware") before pulling it out.')
    return 0
