"""The facilitator guide: its HTML is built from README.md, and its pictures stay small."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "facilitator-guide"


def test_the_html_is_up_to_date_with_the_markdown() -> None:
    done = subprocess.run(
        [sys.executable, str(GUIDE / "build_html.py"), "--check"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr


def test_every_picture_exists_is_used_and_is_small() -> None:
    text = (GUIDE / "README.md").read_text(encoding="utf-8")
    used = set(re.findall(r"!\[[^\]]*\]\((images/[^)]+\.png)\)", text))
    on_disk = {f"images/{path.name}" for path in (GUIDE / "images").glob("*.png")}
    assert used == on_disk and len(used) >= 5
    for name in on_disk:
        assert (GUIDE / name).stat().st_size < 150_000, name
        assert (GUIDE / name).read_bytes().startswith(b"\x89PNG")


def test_the_guide_covers_what_a_facilitator_needs() -> None:
    text = (GUIDE / "README.md").read_text(encoding="utf-8")
    for needed in (
        "dzlearn.exe",
        "New learner",
        "dzlearn-data",
        "backups",
        "damaged",
        "doctor --repair",
        "pack import",
        "Safely Remove",
    ):
        assert needed in text, needed
