"""Checks beyond the schema: what a pack author gets wrong that JSON Schema cannot see.

Every Dzongkha syllable must be valid, every picture must exist, every keyboard target must be
typeable on the DDC layout, and a prompt's segment id must always carry the same text (the
recording is keyed by it). Problems carry the file and the field path, like schema problems.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from dzlearn.lessons.loader import PACK_FILE, PackError, PackProblem, load_pack
from dzlearn.lessons.models import Pack
from dzlearn.script.keyboard import keystrokes_for
from dzlearn.script.syllables import check, syllables

TIBETAN_RUN = re.compile(r"[\u0F00-\u0FFF]+")
# Fields whose text is Dzongkha shown to learners (English fields are skipped).
_DZ_KEYS = {"dz", "show", "target", "expected"}


def _walk(node: Any, path: tuple[str, ...] = ()) -> Iterator[tuple[tuple[str, ...], Any]]:
    yield path, node
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _walk(value, (*path, str(key)))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _walk(value, (*path, str(i)))


def dzongkha_problems(data: Any, file: Path) -> list[PackProblem]:
    problems = []
    for path, node in _walk(data):
        if not path or path[-1] not in _DZ_KEYS or not isinstance(node, str):
            continue
        for run in TIBETAN_RUN.findall(node):
            for syllable in syllables(run):
                result = check(syllable)
                if not result.valid:
                    problems.append(
                        PackProblem(file, ".".join(path), f"{syllable}: {result.problem}")
                    )
    return problems


def pack_problems(pack: Pack, data: Any, file: Path, picture_dirs: list[Path]) -> list[PackProblem]:
    problems = dzongkha_problems(data, file)
    segments: dict[str, tuple[str, str]] = {}
    for path, node in _walk(data):
        if not isinstance(node, dict):
            continue
        where = ".".join(path)
        picture = node.get("picture")
        if isinstance(picture, str) and not any(
            (d / f"{picture}.svg").is_file() or (d / f"{picture}.png").is_file()
            for d in picture_dirs
        ):
            problems.append(PackProblem(file, f"{where}.picture", f"no picture named {picture!r}"))
        if node.get("kind") == "keyboard" and isinstance(node.get("target"), str):
            try:
                keystrokes_for(node["target"])
            except ValueError as exc:
                problems.append(PackProblem(file, f"{where}.target", str(exc)))
        segment, text = node.get("segment"), node.get("text")
        if isinstance(segment, str) and isinstance(text, dict):
            said = (text.get("dz", ""), text.get("en", ""))
            first = segments.setdefault(segment, said)
            if first != said:
                problems.append(
                    PackProblem(
                        file,
                        f"{where}.segment",
                        f"segment {segment!r} is reused with"
                        " different text; give each prompt its own id",
                    )
                )
    return problems


def validate_pack_folder(folder: Path, picture_dirs: list[Path]) -> tuple[Pack | None, list]:
    """Schema problems, or else the deeper checks; returns (pack or None, problems)."""
    try:
        pack = load_pack(folder)
    except PackError as exc:
        return None, exc.problems
    file = folder / PACK_FILE
    data = json.loads(file.read_text(encoding="utf-8"))
    dirs = [folder / "pictures", *picture_dirs]
    return pack, pack_problems(pack, data, file, dirs)


def pack_folders(path: Path) -> list[Path]:
    """A pack folder itself, or every pack folder directly inside ``path``."""
    if (path / PACK_FILE).is_file():
        return [path]
    if path.is_dir():
        return sorted(p for p in path.iterdir() if (p / PACK_FILE).is_file())
    return []
