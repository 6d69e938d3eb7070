"""The dashboard on demo data: it shows the model's numbers, and its exports equal the screen."""

import csv
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dzlearn.cli import main
from dzlearn.outcomes.demo import demo_name
from dzlearn.outcomes.rules import SYNTHETIC_BANNER
from dzlearn.ui.dashboard import DashboardView
from dzlearn.ui.dashboard.view import table_texts

needs_poppler = pytest.mark.usefixtures("_poppler")


@pytest.fixture
def _poppler() -> None:
    """pdftotext reads the PDF back; scripts/setup.sh installs it: fail, never skip."""
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext is missing: run scripts/setup.sh (Debian package poppler-utils)")


@pytest.fixture
def dashboard(launch, qtbot, tmp_path: Path):
    data = tmp_path / "data"
    seed = ["demo", "seed", "--learners", "12", "--days", "35", "--seed", "3"]
    assert main(["--data", str(data), *seed]) == 0
    app = launch(data)
    view = DashboardView(app.window.services, app.runner)
    qtbot.addWidget(view)
    view.resize(1280, 900)
    view.show()
    qtbot.waitUntil(lambda: view.model is not None and app.runner.pending == 0, timeout=15000)
    view.app = app
    return view


def export(view: DashboardView, qtbot, path: Path, kind: str, funders: bool = False) -> Path:
    with qtbot.waitSignal(view.exported, timeout=20000):
        view.export(path, kind, funders)
    return path


def pdf_text(path: Path, layout: bool = False) -> str:
    args = ["pdftotext", "-enc", "UTF-8", *(["-layout"] if layout else []), str(path), "-"]
    return subprocess.run(args, capture_output=True, text=True, check=True).stdout


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def csv_sections(path: Path) -> dict[str, list[list[str]]]:
    """Section title → its rows (the column names first)."""
    rows = list(csv.reader(path.read_text(encoding="utf-8-sig").splitlines()))
    sections: dict[str, list[list[str]]] = {}
    for i, row in enumerate(rows):
        if row == [] and i + 1 < len(rows) and len(rows[i + 1]) == 1:
            title, body = rows[i + 1][0], []
            for nxt in rows[i + 2 :]:
                if nxt == []:
                    break
                body.append(nxt)
            sections[title] = body
    return sections


def test_tiles_tables_and_banner_show_the_model(dashboard):
    model = dashboard.model
    assert model.synthetic and dashboard.banner.isVisible()
    assert dashboard.banner.text() == SYNTHETIC_BANNER
    for tile in model.tiles():
        shown = dashboard.tiles[tile.key]
        assert (shown.caption.text(), shown.value.text()) == (tile.label, tile.value)
    assert dashboard.tiles["learners"].value.text() == "12"
    for table in model.tables():
        if table.key in dashboard.tables:
            assert table_texts(dashboard.tables[table.key]) == [list(r) for r in table.rows]
    assert dashboard.tables["needs_help"].rowCount() == sum(len(x.flags) for x in model.learners)
    assert set(dashboard._chart_views) == {"progress", "typing", "eservice", "outcome",
                                           "outcome_time"}  # fmt: skip


def test_choosing_a_group_and_a_learner(dashboard, qtbot):
    group = dashboard.model.groups[0]
    with qtbot.waitSignal(dashboard.model_shown, timeout=10000):
        dashboard.group_picker.setCurrentIndex(dashboard.group_picker.findData(group.group_id))
    model = dashboard.model
    assert model.group_id == group.group_id
    assert dashboard.tiles["learners"].value.text() == str(len(group.members))
    learner = model.learners[0]
    dashboard.learner_picker.setCurrentIndex(1)
    assert dashboard.tiles["learners"].value.text() == learner.name
    progress = f"{learner.lessons_done} / {learner.lessons_total}"
    assert dashboard.tiles["progress"].value.text() == progress
    assert learner.name in dashboard._chart_views["typing"].chart().title()


def test_csv_export_equals_the_screen(dashboard, qtbot, tmp_path: Path):
    path = export(dashboard, qtbot, tmp_path / "report.csv", "csv")
    assert path.read_text(encoding="utf-8-sig").splitlines()[0].strip('"') == SYNTHETIC_BANNER
    sections = csv_sections(path)
    for table in dashboard.model.tables():
        if table.key in dashboard.tables:
            widget = dashboard.tables[table.key]
            headers = [widget.horizontalHeaderItem(c).text() for c in range(widget.columnCount())]
            body = sections[table.title][: 1 + widget.rowCount()]
            assert body == [headers, *table_texts(widget)], table.title
    summary = {row[0]: row[1] for row in sections["Summary"][1:]}
    for tile in dashboard.tiles.values():
        assert summary[tile.caption.text()] == tile.value.text()
    funders = csv_sections(export(dashboard, qtbot, tmp_path / "f.csv", "csv", funders=True))
    for key, widget in dashboard.funders_tables.items():
        title = {t.key: t.title for t in dashboard.model.funders_tables()}[key]
        assert funders[title][1 : 1 + widget.rowCount()] == table_texts(widget)


@needs_poppler
def test_pdf_export_equals_the_screen_and_shapes_dzongkha(dashboard, qtbot, tmp_path: Path):
    path = export(dashboard, qtbot, tmp_path / "report.pdf", "pdf")
    raw, laid_out = pdf_text(path), pdf_text(path, layout=True)
    assert raw.split("\f")[0].lstrip().startswith(SYNTHETIC_BANNER)
    # Dzongkha comes back as the very characters that were drawn (stacks included)
    first = demo_name(1)
    assert first == "Demo learner 1 (བཀྲ་ཤིས་ལྷ་མོ)" and first in raw
    for learner in dashboard.model.learners:  # pdftotext may add a space after a tsheg
        assert squeeze(learner.name) in squeeze(raw)
    lines = [squeeze(line) for line in laid_out.splitlines()]
    for key in ("learners", "groups", "outcome_groups", "outcome_centres", "outcome_months",
                "typing_weeks", "needs_help"):  # fmt: skip
        for row in table_texts(dashboard.tables[key]):
            assert any(squeeze("".join(row)) in line for line in lines), (key, row)
    tiles = squeeze(laid_out)
    for tile in dashboard.tiles.values():
        assert squeeze(tile.value.text()) in tiles and squeeze(tile.detail.text()) in tiles


@needs_poppler
def test_funders_pdf_equals_the_funders_tab_and_names_nobody(dashboard, qtbot, tmp_path: Path):
    path = export(dashboard, qtbot, tmp_path / "funders.pdf", "pdf", funders=True)
    raw, laid_out = pdf_text(path), pdf_text(path, layout=True)
    assert raw.lstrip().startswith(SYNTHETIC_BANNER)
    lines = [squeeze(line) for line in laid_out.splitlines()]
    for widget in dashboard.funders_tables.values():
        for row in table_texts(widget):
            assert any(squeeze("".join(row)) in line for line in lines), row
    for learner in dashboard.model.learners:
        assert squeeze(learner.name) not in squeeze(raw)
        assert learner.learner_id not in raw


def test_an_empty_data_folder_shows_zeros_and_no_banner(launch, qtbot):
    app = launch()
    view = DashboardView(app.window.services, app.runner)
    qtbot.addWidget(view)
    view.show()
    qtbot.waitUntil(lambda: view.model is not None and app.runner.pending == 0, timeout=15000)
    assert not view.banner.isVisible()
    assert view.tiles["learners"].value.text() == "0"
    assert view.tiles["outcome"].value.text() == "—"
    assert not view.csv_button.isEnabled() and not view.funders_button.isEnabled()
