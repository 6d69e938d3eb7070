"""Load lesson packs from folders, turning every problem into a message a facilitator can act on."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from dzlearn.lessons.models import Pack

PACK_FILE = "pack.json"


@dataclass(frozen=True)
class PackProblem:
    file: Path
    where: str  # field path inside the file, "" for the whole file
    reason: str

    def __str__(self) -> str:
        location = f"{self.file}: {self.where}" if self.where else str(self.file)
        return f"{location}: {self.reason}"


class PackError(Exception):
    def __init__(self, problems: list[PackProblem]) -> None:
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


def load_pack(folder: Path) -> Pack:
    path = folder / PACK_FILE
    try:
        raw = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise PackError([PackProblem(path, "", "file is missing")]) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise PackError([PackProblem(path, "", f"cannot be read ({exc})")]) from exc
    try:
        data = json.loads(raw)
    except json.JSONDecodeError as exc:
        where = f"line {exc.lineno} column {exc.colno}"
        raise PackError([PackProblem(path, where, f"not valid JSON: {exc.msg}")]) from exc
    try:
        return Pack.model_validate(data)
    except ValidationError as exc:
        problems = [
            PackProblem(path, ".".join(str(p) for p in err["loc"]), err["msg"])
            for err in exc.errors()
        ]
        raise PackError(problems) from exc


@dataclass
class Library:
    """Every pack that loaded, and a problem list for those that did not (shown, not fatal)."""

    packs: list[Pack]
    problems: list[PackProblem]
    folders: dict[str, Path] = field(default_factory=dict)  # pack id → the folder it came from


def load_library(root: Path, installed: Sequence[Path] = ()) -> Library:
    """The bundled packs in ``root`` plus ``installed`` pack folders (imported from sticks).

    When a pack id appears twice, the higher version wins, so an imported update replaces the
    copy that shipped with the app.
    """
    bundled = sorted(p for p in root.iterdir() if (p / PACK_FILE).exists()) if root.is_dir() else []
    by_id: dict[str, Pack] = {}
    folders: dict[str, Path] = {}
    problems: list[PackProblem] = []
    for folder in [*bundled, *installed]:
        try:
            pack = load_pack(folder)
        except PackError as exc:
            problems.extend(exc.problems)
            continue
        current = by_id.get(pack.id)
        if current is None or pack.version > current.version:
            by_id[pack.id] = pack
            folders[pack.id] = folder
    if not by_id and not problems:
        problems.append(PackProblem(root, "", "no lesson packs found"))
    return Library(list(by_id.values()), problems, folders)
