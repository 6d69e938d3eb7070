"""``dzlearn lessons validate|list|schema``: tools for pack authors and coordinators."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("lessons", help="validate and list lesson packs")
    verbs = parser.add_subparsers(dest="verb", metavar="VERB", required=True)
    validate = verbs.add_parser(
        "validate", help="check pack folders: schema, Dzongkha syllables, pictures, keys"
    )
    validate.add_argument("path", type=Path, help="a pack folder, or a folder of packs")
    validate.set_defaults(handler=run_validate)
    listing = verbs.add_parser("list", help="list packs, units, lessons and step kinds")
    listing.add_argument("path", type=Path, nargs="?", help="default: the bundled lessons")
    listing.add_argument("--json", action="store_true")
    listing.set_defaults(handler=run_list)
    schema = verbs.add_parser("schema", help="print the pack JSON Schema for pack authors")
    schema.set_defaults(handler=run_schema)


def _picture_dirs() -> list[Path]:
    from dzlearn.paths import resource_root

    return [resource_root() / "assets" / "pictures"]


def run_validate(args: argparse.Namespace) -> int:
    from dzlearn.lessons.checks import pack_folders, validate_pack_folder

    folders = pack_folders(args.path)
    if not folders:
        print(f"dzlearn: {args.path}: no pack.json here or in its folders", file=sys.stderr)
        return 2
    total = 0
    for folder in folders:
        pack, problems = validate_pack_folder(folder, _picture_dirs())
        for problem in problems:
            print(problem)
        total += len(problems)
        if pack is not None and not problems:
            lessons = len(pack.lessons())
            print(f"{folder}: ok ({pack.id} v{pack.version}, {lessons} lessons)")
    if total:
        print(f"{total} problem(s) found", file=sys.stderr)
        return 2
    return 0


def run_list(args: argparse.Namespace) -> int:
    from dzlearn.lessons.loader import load_library
    from dzlearn.paths import resource_root

    library = load_library(args.path or resource_root() / "lessons")
    listing = [
        {
            "pack": pack.id,
            "version": pack.version,
            "title": pack.title.en,
            "units": [
                {
                    "unit": unit.id,
                    "title": unit.title.en,
                    "lessons": [
                        {
                            "lesson": lesson.id,
                            "title": lesson.title.en,
                            "steps": len(lesson.steps),
                            "step_kinds": sorted({s.kind for s in lesson.steps}),
                        }
                        for lesson in unit.lessons
                    ],
                }
                for unit in pack.units
            ],
        }
        for pack in library.packs
    ]
    if args.json:
        print(
            json.dumps(
                {"packs": listing, "problems": [str(p) for p in library.problems]},
                ensure_ascii=False,
                indent=2,
            )
        )
    else:
        for pack in listing:
            print(f"{pack['pack']} v{pack['version']}: {pack['title']}")
            for unit in pack["units"]:
                print(f"  {unit['unit']}: {unit['title']}")
                for lesson in unit["lessons"]:
                    kinds = ", ".join(lesson["step_kinds"])
                    print(
                        f"    {lesson['lesson']}: {lesson['title']} ({lesson['steps']} steps:"
                        f" {kinds})"
                    )
        for problem in library.problems:
            print(f"problem: {problem}", file=sys.stderr)
    return 2 if library.problems else 0


def run_schema(_args: argparse.Namespace) -> int:
    from dzlearn.lessons.models import Pack

    print(json.dumps(Pack.model_json_schema(), ensure_ascii=False, indent=2))
    return 0
