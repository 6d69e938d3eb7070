"""House rule: the core runs without Qt. Only ui/ and app.py may import PySide6."""

import ast
import subprocess
import sys
from pathlib import Path

SRC = Path(__file__).resolve().parents[1] / "src" / "dzlearn"
ALLOWED = {SRC / "app.py"}


def qt_imports(path: Path) -> list[int]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    lines = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            names = [node.module or ""]
        else:
            continue
        if any(n == "PySide6" or n.startswith(("PySide6.", "shiboken6")) for n in names):
            lines.append(node.lineno)
    return lines


def test_pyside6_is_imported_only_in_ui_and_app():
    offenders = [
        f"{path.relative_to(SRC)}:{line}"
        for path in sorted(SRC.rglob("*.py"))
        if path not in ALLOWED and (SRC / "ui") not in path.parents
        for line in qt_imports(path)
    ]
    assert offenders == []


def test_the_guard_sees_a_qt_import(tmp_path: Path):
    sample = tmp_path / "x.py"
    sample.write_text("def f():\n    from PySide6.QtCore import QTimer\n")
    assert qt_imports(sample) == [2]


def test_core_packages_import_without_qt_loaded():
    code = (
        "import sys, dzlearn.script.keyboard, dzlearn.lessons.loader, dzlearn.learning.progress,"
        " dzlearn.storage, dzlearn.services, dzlearn.paths, dzlearn.cli;"
        " assert not any(m.startswith('PySide6') for m in sys.modules), 'Qt was imported'"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
