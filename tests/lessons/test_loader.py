import json
import shutil
from pathlib import Path

import pytest

from dzlearn.lessons.loader import PackError, load_library, load_pack
from dzlearn.lessons.models import KeyboardStep

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "lessons" / "dz-foundations"


def _copy_pack(tmp_path: Path) -> tuple[Path, dict]:
    folder = tmp_path / "pack"
    shutil.copytree(BUNDLED, folder)
    return folder, json.loads((folder / "pack.json").read_text(encoding="utf-8"))


def _write(folder: Path, data: dict) -> None:
    (folder / "pack.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def test_bundled_first_lesson_is_the_ka_row():
    pack = load_pack(BUNDLED)
    lesson = pack.lesson("ka-row")
    assert lesson is not None
    targets = [s.target for s in lesson.steps if isinstance(s, KeyboardStep)]
    assert targets[:4] == ["ཀ", "ཁ", "ག", "ང"]
    assert [s.sound for s in lesson.steps if isinstance(s, KeyboardStep)][:4] == [
        "ka",
        "kha",
        "ga",
        "nga",
    ]


def test_every_keyboard_target_can_be_typed_on_the_ddc_layout():
    from dzlearn.script.keyboard import keystrokes_for

    for lesson in load_pack(BUNDLED).lessons():
        for step in lesson.steps:
            if isinstance(step, KeyboardStep):
                assert keystrokes_for(step.target)


def test_unknown_field_is_named_with_its_path(tmp_path: Path):
    folder, data = _copy_pack(tmp_path)
    data["units"][0]["lessons"][0]["steps"][1]["colour"] = "red"
    _write(folder, data)
    with pytest.raises(PackError) as info:
        load_pack(folder)
    (problem,) = [p for p in info.value.problems if "colour" in p.where]
    assert problem.where == "units.0.lessons.0.steps.1.keyboard.colour"
    assert "pack.json" in str(problem)


def test_bad_json_names_line_and_column(tmp_path: Path):
    folder, _ = _copy_pack(tmp_path)
    (folder / "pack.json").write_text('{"schema_version": 1,\n  "id": }', encoding="utf-8")
    with pytest.raises(PackError) as info:
        load_pack(folder)
    assert info.value.problems[0].where == "line 2 column 9"


def test_duplicate_step_ids_are_refused(tmp_path: Path):
    folder, data = _copy_pack(tmp_path)
    steps = data["units"][0]["lessons"][0]["steps"]
    steps[2]["id"] = steps[1]["id"]
    _write(folder, data)
    with pytest.raises(PackError, match="duplicate step ids"):
        load_pack(folder)


def test_wrong_type_and_unknown_step_kind(tmp_path: Path):
    folder, data = _copy_pack(tmp_path)
    data["version"] = "two"
    data["units"][0]["lessons"][0]["steps"][0]["kind"] = "dance"
    _write(folder, data)
    with pytest.raises(PackError) as info:
        load_pack(folder)
    wheres = {p.where for p in info.value.problems}
    assert "version" in wheres
    assert any(w.startswith("units.0.lessons.0.steps.0") for w in wheres)


def test_a_damaged_pack_does_not_hide_the_good_ones(tmp_path: Path):
    root = tmp_path / "lessons"
    shutil.copytree(BUNDLED, root / "good")
    (root / "broken").mkdir()
    (root / "broken" / "pack.json").write_bytes(b"\xff\xfe not utf-8")
    library = load_library(root)
    assert [p.id for p in library.packs] == ["dz-foundations"]
    assert len(library.problems) == 1 and "broken" in str(library.problems[0].file)


def test_empty_lessons_folder_is_reported(tmp_path: Path):
    library = load_library(tmp_path)
    assert library.packs == [] and "no lesson packs" in library.problems[0].reason
