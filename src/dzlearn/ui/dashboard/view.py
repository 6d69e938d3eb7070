"""The facilitator's dashboard: progress, typing, e-service practice, outcomes, needs help.

Everything shown comes from one ``ReportModel`` (dzlearn.outcomes): the tiles and tables show
its text as it is, the charts plot the same numbers, and the CSV/PDF exports render that very
object, so an export never disagrees with the screen. Storage is read through the TaskRunner;
the model is computed there too. QtCharts is imported only when the first model arrives.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from dzlearn.i18n import _
from dzlearn.outcomes import SYNTHETIC_BANNER, ReportModel, Table, Tile, build_report
from dzlearn.outcomes.csv_export import ENCODING, csv_text
from dzlearn.outcomes.source import read_report_events
from dzlearn.ui.style import button, display, label, large_text, palette, px, space
from dzlearn.ui.widgets.flow import FlowLayout

if TYPE_CHECKING:
    from dzlearn.services import Services
    from dzlearn.ui.tasks import TaskRunner

ROW_PX = 34  # a table row at 100 %
TABS = (
    ("learners", "Learners", "progress"),
    ("typing_weeks", "Typing", "typing"),
    ("outcome_services", "E-services", "eservice"),
    ("outcome_groups", "Outcomes", "outcome"),
    ("needs_help", "Needs help", None),
    ("groups", "Groups", None),
)
EXTRA_TABLES = {"Outcomes": ("outcome_centres", "outcome_months")}


def _value_style(size: int) -> str:
    return f"font-size: {px(size)}px; font-weight: bold; color: {palette().text};"


class TileWidget(QFrame):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("tile")  # styled by the window's stylesheet
        box = QVBoxLayout(self)
        self.caption = label("", "hint")
        self.value = QLabel()
        self.value.setStyleSheet(_value_style(30))
        self.value.setWordWrap(True)
        self.detail = label("", "small")
        for widget in (self.caption, self.value, self.detail):
            box.addWidget(widget)

    def show_tile(self, tile: Tile) -> None:
        self.caption.setText(tile.label)
        size = 30 if len(tile.value) <= 12 else 19  # a learner's name, not a number
        self.value.setStyleSheet(_value_style(size))
        self.value.setText(tile.value)
        self.detail.setText(tile.detail)


def fill_table(widget: QTableWidget, table: Table) -> None:
    widget.clear()
    widget.setColumnCount(len(table.columns))
    widget.setRowCount(len(table.rows))
    widget.setHorizontalHeaderLabels(list(table.columns))
    for r, row in enumerate(table.rows):
        for c, text in enumerate(row):
            item = QTableWidgetItem(text)
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable)
            widget.setItem(r, c, item)
    widget.resizeColumnsToContents()


def table_texts(widget: QTableWidget) -> list[list[str]]:
    """What a table widget shows, row by row (the export tests compare against this)."""
    return [
        [widget.item(r, c).text() for c in range(widget.columnCount())]
        for r in range(widget.rowCount())
    ]


def _table_widget() -> QTableWidget:
    widget = QTableWidget()
    widget.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    widget.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    widget.setAlternatingRowColors(True)
    widget.verticalHeader().setVisible(False)
    widget.verticalHeader().setDefaultSectionSize(space(ROW_PX))
    widget.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
    widget.horizontalHeader().setStretchLastSection(True)
    return widget  # font, colours and focus ring: the window's stylesheet


class DashboardView(QWidget):
    """``services`` and ``runner`` as the rest of the app has them; call ``refresh`` to reload."""

    model_shown = Signal(object)  # the ReportModel now on screen
    exported = Signal(str)  # the path of a finished export
    failed = Signal(str)

    def __init__(self, services: Services, runner: TaskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.services = services
        self.runner = runner
        self.model: ReportModel | None = None
        self._events: list[Any] | None = None
        self._chart_views: dict[str, Any] = {}
        body = QWidget()  # at 200 % the whole dashboard scrolls; each table scrolls too
        page = QVBoxLayout(self)
        page.setContentsMargins(0, 0, 0, 0)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        page.addWidget(scroll)
        outer = QVBoxLayout(body)
        self.banner = label(SYNTHETIC_BANNER, "banner")
        self.banner.hide()
        outer.addWidget(self.banner)
        bar_host = QWidget()
        bar = FlowLayout(bar_host, spacing=space(10))  # wraps at 200 %
        self.group_picker = QComboBox()
        self.learner_picker = QComboBox()
        for picker in (self.group_picker, self.learner_picker):
            picker.setMinimumWidth(space(240))
            picker.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        for text, picker in ((_("Group"), self.group_picker), (_("Learner"), self.learner_picker)):
            pair = QWidget()  # a label stays with its list when the bar wraps
            pair_row = QHBoxLayout(pair)
            pair_row.setContentsMargins(0, 0, 0, 0)
            caption = label(text, "hint")
            caption.setWordWrap(False)
            pair_row.addWidget(caption)
            pair_row.addWidget(picker, 1)
            bar.addWidget(pair)
        self.refresh_button = button(_("Refresh"))
        self.csv_button = button(_("CSV"))
        self.pdf_button = button(_("PDF"))
        self.funders_button = button(_("Funders' PDF"), primary=True)
        for b in (self.refresh_button, self.csv_button, self.pdf_button, self.funders_button):
            bar.addWidget(b)
        outer.addWidget(bar_host)
        self.status = label("", "hint")
        outer.addWidget(self.status)
        tiles_row = QGridLayout()
        self.tiles: dict[str, TileWidget] = {}
        columns = 3 if large_text() else 5  # three a row at 200 %: the numbers still fit
        for n, key in enumerate(("learners", "progress", "typing", "outcome", "needs_help")):
            self.tiles[key] = TileWidget()
            tiles_row.addWidget(self.tiles[key], n // columns, n % columns)
        outer.addLayout(tiles_row)
        self.tabs = QTabWidget()
        self.tabs.setUsesScrollButtons(True)  # seven tabs: at 200 % they scroll sideways
        self.tabs.setStyleSheet(f"QTabBar::tab {{ font-size: {px(17)}px; }}")
        self.tabs.setMinimumHeight(space(420))
        outer.addWidget(self.tabs, 1)
        self.tables: dict[str, QTableWidget] = {}
        self._chart_slots: dict[str, QHBoxLayout] = {}
        for key, title, chart in TABS:
            self.tabs.addTab(self._tab(key, title, chart), _(title))
        self.funders_tables: dict[str, QTableWidget] = {}
        self.tabs.addTab(self._funders_tab(), _("For funders"))
        self.group_picker.currentIndexChanged.connect(self._group_changed)
        self.learner_picker.currentIndexChanged.connect(self._learner_changed)
        self.tables["learners"].cellDoubleClicked.connect(self._learner_row_chosen)
        self.refresh_button.clicked.connect(self.refresh)
        self.csv_button.clicked.connect(lambda: self._choose_and_export("csv", False))
        self.pdf_button.clicked.connect(lambda: self._choose_and_export("pdf", False))
        self.funders_button.clicked.connect(lambda: self._choose_and_export("pdf", True))
        self._set_busy(_("Reading the progress file…"))
        self.refresh()

    def _tab(self, key: str, title: str, chart: str | None) -> QWidget:
        page = QWidget()
        box = QVBoxLayout(page)
        if chart is not None:
            slot = QHBoxLayout()
            self._chart_slots[chart] = slot
            box.addLayout(slot, 3)
            if chart == "outcome":
                self._chart_slots["outcome_time"] = slot
        for table_key in (key, *EXTRA_TABLES.get(title, ())):
            widget = _table_widget()
            self.tables[table_key] = widget
            box.addWidget(widget, 2)
        return page

    def _funders_tab(self) -> QWidget:
        page = QScrollArea()
        page.setWidgetResizable(True)
        inner = QWidget()
        box = QVBoxLayout(inner)
        box.addWidget(label(_("Exactly what the funders' report holds: no names, no ids."), "hint"))
        for key in ("funders_summary", "funders_centres", "funders_groups", "funders_months",
                    "funders_services"):  # fmt: skip
            widget = _table_widget()
            self.funders_tables[key] = widget
            box.addWidget(widget)
        box.addStretch(1)
        page.setWidget(inner)
        return page

    # loading ------------------------------------------------------------------------------

    def refresh(self) -> None:
        db = self.services.db
        self._set_busy(_("Reading the progress file…"))
        self.runner.run(lambda: read_report_events(db), self._events_read, self._show_error)

    def _events_read(self, events: list[Any]) -> None:
        self._events = events
        self._rebuild()

    def _rebuild(self) -> None:
        events, library = self._events or [], self.services.library
        group_id = self.group_picker.currentData()
        self.runner.run(
            lambda: build_report(events, library, group_id=group_id),
            self.show_model,
            self._show_error,
        )

    def _set_busy(self, text: str) -> None:
        self.status.setText(text)
        for b in (self.csv_button, self.pdf_button, self.funders_button):
            b.setEnabled(False)

    def _show_error(self, error: BaseException) -> None:
        text = _("The dashboard could not be made: {e}").format(e=error)
        self.status.setText(text)
        self.failed.emit(text)

    # showing ------------------------------------------------------------------------------

    def show_model(self, model: ReportModel) -> None:
        self.model = model
        self.banner.setVisible(model.synthetic)
        self._fill_pickers(model)
        for key, table in {t.key: t for t in model.tables()}.items():
            if key in self.tables:
                fill_table(self.tables[key], table)
        for table in model.funders_tables():
            widget = self.funders_tables[table.key]
            fill_table(widget, table)
            rows = space(ROW_PX) * len(table.rows)
            widget.setFixedHeight(widget.horizontalHeader().height() + rows + space(8))
        self._show_learner()
        self.status.setText(
            _("{n} learners · as of {t} UTC").format(
                n=len(model.learners), t=model.as_of.strftime("%Y-%m-%d %H:%M")
            )
        )
        for b in (self.csv_button, self.pdf_button, self.funders_button):
            b.setEnabled(bool(model.learners))
        self.model_shown.emit(model)

    def _fill_pickers(self, model: ReportModel) -> None:
        chosen_learner = self.learner_picker.currentData()
        for picker in (self.group_picker, self.learner_picker):
            picker.blockSignals(True)
        self.group_picker.clear()
        self.group_picker.addItem(_("All groups"), None)
        for group in model.groups:
            self.group_picker.addItem(f"{group.name} — {group.centre_label}", group.group_id)
        self.group_picker.setCurrentIndex(max(0, self.group_picker.findData(model.group_id)))
        self.learner_picker.clear()
        self.learner_picker.addItem(_("Everyone in {scope}").format(scope=model.scope_label), None)
        for learner in model.learners:
            self.learner_picker.addItem(learner.name, learner.learner_id)
        self.learner_picker.setCurrentIndex(max(0, self.learner_picker.findData(chosen_learner)))
        for picker in (self.group_picker, self.learner_picker):
            picker.blockSignals(False)

    def _group_changed(self) -> None:
        self.learner_picker.blockSignals(True)
        self.learner_picker.setCurrentIndex(0)
        self.learner_picker.blockSignals(False)
        self._set_busy(_("Working out the numbers…"))
        self._rebuild()

    def _learner_changed(self) -> None:
        if self.model is not None:
            self._show_learner()

    def _learner_row_chosen(self, row: int, _column: int) -> None:
        self.learner_picker.setCurrentIndex(row + 1)

    @property
    def learner_id(self) -> str | None:
        return self.learner_picker.currentData()

    def _show_learner(self) -> None:
        model = self.model
        assert model is not None
        for tile in model.tiles(self.learner_id):
            self.tiles[tile.key].show_tile(tile)
        self._show_charts(model)

    def _show_charts(self, model: ReportModel) -> None:
        from PySide6.QtCharts import QChartView  # only now: start-up never pays for QtCharts

        from . import charts

        learner = model.learner(self.learner_id) if self.learner_id else None
        made = {
            "progress": (
                charts.progress_chart(model),
                charts.per_learner_height(len(model.learners)),
            ),
            "typing": (charts.typing_chart(model, self.learner_id), 0),
            "eservice": (
                charts.eservice_chart(model, learner),
                charts.per_learner_height(
                    len({a.service for a in learner.attempts}) if learner else len(model.learners)
                ),
            ),
            "outcome": (charts.outcome_chart(model), 0),
            "outcome_time": (charts.outcome_time_chart(model), 0),
        }
        for name, (chart, height) in made.items():
            view = self._chart_views.get(name)
            if view is None:
                view = QChartView()
                view.setRenderHint(QPainter.RenderHint.Antialiasing)
                view.setMinimumHeight(space(260))
                self._chart_views[name] = view
                holder: QWidget = view
                if height:
                    holder = QScrollArea()
                    holder.setWidgetResizable(True)
                    holder.setWidget(view)
                    holder.setMinimumHeight(space(280))
                self._chart_slots[name].addWidget(holder)
            old = view.chart()
            charts.scale_text(chart, display().scale)
            view.setChart(chart)
            if height:
                view.setMinimumHeight(round(height * display().scale))
            if old is not None:
                old.deleteLater()

    # exporting ----------------------------------------------------------------------------

    def _choose_and_export(self, kind: str, funders: bool) -> None:
        if self.model is None:
            return
        stem = "dzlearn-funders-report" if funders else "dzlearn-report"
        start = str(Path.home() / f"{stem}-{self.model.as_of:%Y-%m-%d}.{kind}")
        pattern = _("PDF files (*.pdf)") if kind == "pdf" else _("CSV files (*.csv)")
        path, _filter = QFileDialog.getSaveFileName(self, _("Save the report"), start, pattern)
        if path:
            self.export(Path(path), kind, funders)

    def export(self, path: Path, kind: str, funders: bool = False) -> None:
        """Write the model on screen as CSV or PDF; ``exported`` or ``failed`` says how it went.
        The PDF is drawn here (QtCharts live on the UI thread); the file is written off it."""
        model = self.model
        if model is None:
            return
        if kind == "csv":
            data = csv_text(model, funders).encode(ENCODING)
        else:
            from .pdf import render_pdf

            self.status.setText(_("Drawing the PDF…"))
            data = render_pdf(model, funders=funders)

        def write() -> str:
            partial = path.with_name(path.name + ".partial")
            partial.write_bytes(data)
            partial.replace(path)
            return str(path)

        def done(written: str) -> None:
            self.status.setText(_("Saved {path}").format(path=written))
            self.exported.emit(written)

        def failed(error: BaseException) -> None:
            text = _("Could not save {path}: {e}").format(path=path, e=error)
            self.status.setText(text)
            self.failed.emit(text)

        self.runner.run(write, done, failed)
