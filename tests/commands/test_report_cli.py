"""``dzlearn report``: CSV and PDF from the command line, the same model the dashboard shows."""

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from dzlearn.outcomes.rules import SYNTHETIC_BANNER
from dzlearn.storage import Database, EventLog, LearnerStore


def dzlearn(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "dzlearn", *args], capture_output=True, text=True, timeout=120
    )


@pytest.fixture(scope="module")
def seeded(tmp_path_factory) -> Path:
    data = tmp_path_factory.mktemp("report") / "data"
    out = dzlearn("--data", str(data), "demo", "seed", "--learners", "12", "--days", "30")
    assert out.returncode == 0, out.stderr
    return data


def names_and_ids(data: Path) -> list[str]:
    with Database.open(data / "dzlearn.sqlite") as db:
        learners = LearnerStore(db, EventLog(db)).list()
    return [x.display_name for x in learners] + [x.learner_id for x in learners]


def test_csv_report_starts_with_the_demo_warning(seeded: Path, tmp_path: Path):
    out = tmp_path / "report.csv"
    run = dzlearn("--data", str(seeded), "report", "--format", "csv", "--out", str(out))
    assert run.returncode == 0, run.stderr
    rows = list(csv.reader(out.read_text(encoding="utf-8-sig").splitlines()))
    assert rows[0] == [SYNTHETIC_BANNER]
    assert ["Learners"] in rows and any(r and r[0].startswith("Demo learner 1 (") for r in rows)


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler-utils")
def test_funders_pdf_and_csv_hold_no_personal_data(seeded: Path, tmp_path: Path):
    pdf, table = tmp_path / "funders.pdf", tmp_path / "funders.csv"
    for fmt, path in (("pdf", pdf), ("csv", table)):
        run = dzlearn(
            "--data", str(seeded), "report", "--format", fmt, "--out", str(path), "--funders"
        )
        assert run.returncode == 0, run.stderr
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True,
                          text=True, check=True).stdout  # fmt: skip
    first_page = text.split("\f")[0]
    assert first_page.lstrip().startswith(SYNTHETIC_BANNER)
    assert "outcome report for funders" in first_page
    both = text + table.read_text(encoding="utf-8-sig")
    for secret in names_and_ids(seeded):
        assert secret not in both
    assert "Demo learner" not in both


def test_pdf_report_for_one_group(seeded: Path, tmp_path: Path):
    from dzlearn.lessons.loader import load_library
    from dzlearn.outcomes import build_report
    from dzlearn.outcomes.source import read_report_events
    from dzlearn.paths import resource_root

    with Database.open(seeded / "dzlearn.sqlite") as db:
        model = build_report(read_report_events(db), load_library(resource_root() / "lessons"))
    group = model.groups[0]
    out = tmp_path / "group.pdf"
    args = ("report", "--format", "pdf", "--out", str(out), "--group", group.group_id)
    run = dzlearn("--data", str(seeded), *args)
    assert run.returncode == 0, run.stderr
    assert out.read_bytes().startswith(b"%PDF") and group.name in run.stdout


@pytest.mark.parametrize(
    "case",
    ["empty data", "no learners", "missing folder", "out is a folder", "unknown group"],
)
def test_clear_errors_with_status_2(case: str, seeded: Path, tmp_path: Path):
    data, out = seeded, tmp_path / "r.csv"
    extra: tuple[str, ...] = ()
    if case == "empty data":
        data = tmp_path / "empty"
    elif case == "no learners":
        data = tmp_path / "fresh"
        Database.open(data / "dzlearn.sqlite").close()
    elif case == "missing folder":
        out = tmp_path / "nowhere" / "r.csv"
    elif case == "out is a folder":
        out = tmp_path
    else:
        extra = ("--group", "no-such-group")
    run = dzlearn("--data", str(data), "report", "--format", "csv", "--out", str(out), *extra)
    assert run.returncode == 2, run.stdout
    assert run.stderr.startswith("dzlearn report: ") and "Traceback" not in run.stderr
    assert not (tmp_path / "r.csv").exists()
