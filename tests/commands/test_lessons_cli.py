import json
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
BUNDLED = REPO / "lessons" / "dz-foundations"


def dzlearn(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dzlearn", *args], capture_output=True, text=True, timeout=60
    )


def broken_pack(tmp_path: Path, mutate) -> Path:
    folder = tmp_path / "pack"
    shutil.copytree(BUNDLED, folder)
    data = json.loads((folder / "pack.json").read_text(encoding="utf-8"))
    mutate(data)
    (folder / "pack.json").write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return folder


def test_bundled_lessons_validate():
    out = dzlearn("lessons", "validate", str(REPO / "lessons"))
    assert out.returncode == 0, out.stdout + out.stderr
    assert "dz-foundations" in out.stdout and "ok" in out.stdout


def test_every_problem_is_reported_with_file_field_and_reason(tmp_path: Path):
    def mutate(data):
        steps = data["units"][0]["lessons"][0]["steps"]
        steps[1]["target"] = "ཀཀཀཀ"  # not a syllable
        steps[2]["prompt"]["text"]["dz"] = "གགགགག"
        steps[3]["prompt"]["segment"] = steps[4]["prompt"]["segment"]  # reused, other text

    folder = broken_pack(tmp_path, mutate)
    out = dzlearn("lessons", "validate", str(folder))
    assert out.returncode == 2
    lines = out.stdout.splitlines()
    pack_json = str(folder / "pack.json")
    assert any(
        line.startswith(f"{pack_json}: units.0.lessons.0.steps.1.target: ཀཀཀཀ") for line in lines
    )
    assert any("steps.2.prompt.text.dz: གགགགག" in line for line in lines)
    assert any("steps.4.prompt.segment" in line and "reused" in line for line in lines)
    assert "3 problem(s)" in out.stderr and "Traceback" not in out.stderr


def test_schema_problems_and_missing_pictures(tmp_path: Path):
    def mutate(data):
        lesson = data["units"][0]["lessons"][0]
        lesson["steps"].append(
            {
                "kind": "choose",
                "id": "pick",
                "mode": "pictures",
                "answer": "a",
                "prompt": {"segment": "t.pick", "text": {"dz": "ཀ", "en": "Pick"}},
                "choices": [{"id": "a", "picture": "sun"}, {"id": "b", "picture": "unicorn"}],
            }
        )
        lesson["colour"] = "red"

    folder = broken_pack(tmp_path, mutate)
    out = dzlearn("lessons", "validate", str(folder))
    assert out.returncode == 2 and "colour" in out.stdout and "Extra inputs" in out.stdout
    folder = broken_pack(
        tmp_path / "2", lambda d: (mutate(d), d["units"][0]["lessons"][0].pop("colour"))
    )
    out = dzlearn("lessons", "validate", str(folder))
    assert out.returncode == 2
    assert "steps.6.choices.1.picture: no picture named 'unicorn'" in out.stdout


def test_list_json_names_packs_units_lessons_and_step_kinds():
    out = dzlearn("lessons", "list", "--json")
    assert out.returncode == 0
    data = json.loads(out.stdout)
    lesson = data["packs"][0]["units"][0]["lessons"][0]
    assert lesson["lesson"] == "ka-row" and lesson["step_kinds"] == ["keyboard", "listen"]


def test_committed_json_schema_is_current():
    out = dzlearn("lessons", "schema")
    committed = json.loads((REPO / "lessons" / "pack.schema.json").read_text(encoding="utf-8"))
    assert json.loads(out.stdout) == committed, (
        "run: dzlearn lessons schema > lessons/pack.schema.json"
    )
