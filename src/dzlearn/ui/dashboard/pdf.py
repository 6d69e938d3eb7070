"""The report as a PDF, drawn with QPdfWriter + QPainter from the same model as the screen.

Qt shapes Dzongkha (stacks and vowel signs) when it draws, in the bundled DDC Uchen font,
which the PDF embeds; ``pdf_text`` then makes the Dzongkha copyable. Charts are the dashboard's
own QtCharts, drawn as vectors. The facilitator's report is landscape (its learner table is
wide), the funders' report portrait. Drawing happens on the UI thread (QtCharts are widgets);
the bytes are written to disk by the caller, off it.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable

from PySide6.QtCharts import QChart
from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPageLayout, QPageSize, QPainter, QPdfWriter
from PySide6.QtWidgets import QApplication, QGraphicsScene

from dzlearn.outcomes import ReportModel, Table, Tile, method_paragraphs
from dzlearn.outcomes.rules import SYNTHETIC_BANNER
from dzlearn.outcomes.tables import FUNDERS_TITLE, REPORT_TITLE, header_lines
from dzlearn.paths import resource_root
from dzlearn.ui.fonts import DZONGKHA_FAMILY, dzongkha_font, load_fonts

from . import charts
from .pdf_text import fix_to_unicode, private_use_clusters

DPI = 300
UNIT = DPI / 96  # the layout is in 96-dpi pixels, like the screen
MARGIN = 40.0
INK, MUTED, LINE, SHADE = "#1b1f27", "#4a4f59", "#c9c2b1", "#f3efe6"
DEMO_BG, DEMO_INK = "#fbe0de", "#8b1a12"


def offscreen_app() -> QApplication:
    """The QApplication a command-line PDF needs; offscreen when there is no display."""
    app = QApplication.instance()
    if app is None:
        no_display = not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"))
        if sys.platform.startswith("linux") and no_display:
            os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QApplication(["dzlearn-report"])
        load_fonts(resource_root() / "fonts")
    return app  # type: ignore[return-value]


def _font(pixel_size: float, bold: bool = False) -> QFont:
    font = QFont()
    families = [f for f in QApplication.font().families() if f != DZONGKHA_FAMILY]
    font.setFamilies([*families, DZONGKHA_FAMILY])
    font.setPixelSize(round(pixel_size))
    font.setBold(bold)
    # "fi" drawn as one glyph would be copied out of the PDF as U+FB01, and searches miss it.
    font.setFeature(QFont.Tag.fromString("liga"), 0)
    return font


class _Canvas:
    """A cursor down A4 pages; starts a new page when something does not fit."""

    def __init__(self, writer: QPdfWriter, footer: str) -> None:
        self.writer = writer
        self.painter = QPainter(writer)
        self.painter.scale(UNIT, UNIT)
        charts.antialiased(self.painter)
        rect = writer.pageLayout().paintRectPixels(DPI)
        self.width = rect.width() / UNIT
        self.height = rect.height() / UNIT
        self.left = MARGIN
        self.right = self.width - MARGIN
        self.bottom = self.height - MARGIN
        self.y = MARGIN
        self.page = 1
        self.footer = footer
        self.texts: set[str] = set()

    @property
    def usable(self) -> float:
        return self.right - self.left

    def new_page(self) -> None:
        self._draw_footer()
        self.writer.newPage()
        self.page += 1
        self.y = MARGIN

    def ensure(self, height: float) -> None:
        if self.y + height > self.bottom and self.y > MARGIN:
            self.new_page()

    def finish(self) -> None:
        self._draw_footer()
        self.painter.end()

    def _draw_footer(self) -> None:
        self.text(
            QRectF(self.left, self.height - MARGIN + 10, self.usable, 20),
            f"{self.footer} — page {self.page}",
            _font(10),
            MUTED,
        )

    def text(
        self,
        rect: QRectF,
        text: str,
        font: QFont,
        color: str = INK,
        flags: int = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop),
    ) -> None:
        self.texts.add(text)
        self.painter.setFont(font)
        self.painter.setPen(QColor(color))
        self.painter.drawText(rect, flags | int(Qt.TextFlag.TextWordWrap), text)

    def measure(self, text: str, font: QFont, width: float) -> float:
        """Height of ``text`` wrapped to ``width``, as this painter on this PDF will draw it."""
        self.painter.setFont(font)
        flags = int(Qt.TextFlag.TextWordWrap)
        return self.painter.boundingRect(QRectF(0, 0, width, 1e6), flags, text).height()

    def paragraph(self, text: str, size: float = 13, bold: bool = False, color: str = INK) -> None:
        font = _font(size, bold)
        height = self.measure(text, font, self.usable)
        self.ensure(height)
        self.text(QRectF(self.left, self.y, self.usable, height + 2), text, font, color)
        self.y += height + size * 0.5

    def banner(self, text: str) -> None:
        font = _font(18, bold=True)
        height = self.measure(text, font, self.usable - 24) + 16
        self.painter.fillRect(QRectF(self.left, self.y, self.usable, height), QColor(DEMO_BG))
        self.text(
            QRectF(self.left + 12, self.y + 8, self.usable - 24, height - 16), text, font, DEMO_INK
        )
        self.y += height + 12

    def tiles(self, tiles: list[Tile]) -> None:
        gap = 10.0
        width = (self.usable - gap * (len(tiles) - 1)) / len(tiles)
        inner = width - 16
        label_font, value_font, detail_font = _font(11), _font(22, bold=True), _font(10)
        label_h = max(self.measure(t.label, label_font, inner) for t in tiles)
        height = (
            18
            + label_h
            + max(
                self.measure(t.value, value_font, inner)
                + self.measure(t.detail, detail_font, inner)
                for t in tiles
            )
        )
        self.ensure(height)
        for i, tile in enumerate(tiles):
            x = self.left + i * (width + gap)
            self.painter.fillRect(QRectF(x, self.y, width, height), QColor(SHADE))
            self.text(QRectF(x + 8, self.y + 6, inner, label_h), tile.label, label_font, MUTED)
            top = self.y + 8 + label_h
            value_h = self.measure(tile.value, value_font, inner)
            self.text(QRectF(x + 8, top, inner, value_h), tile.value, value_font)
            detail = QRectF(x + 8, top + value_h + 2, inner, height)
            self.text(detail, tile.detail, detail_font, MUTED)
        self.y += height + 14

    def chart(self, chart: QChart, width: float, height: float, x: float | None = None) -> None:
        """Draw a QtChart as vectors at (x, y); the caller moves the cursor."""
        scene = QGraphicsScene()
        scene.addItem(chart)
        chart.setGeometry(QRectF(0, 0, width, height))
        chart.layout().activate() if chart.layout() else None
        scene.setSceneRect(QRectF(0, 0, width, height))
        target = QRectF(self.left if x is None else x, self.y, width, height)
        scene.render(self.painter, target, QRectF(0, 0, width, height))
        for axis in chart.axes():
            if hasattr(axis, "categories"):
                self.texts.update(axis.categories())
        scene.removeItem(chart)
        del scene

    def charts_row(self, makers: list[Callable[[], QChart]], height: float) -> None:
        gap = 12.0
        width = (self.usable - gap * (len(makers) - 1)) / len(makers)
        self.ensure(height)
        for i, make in enumerate(makers):
            self.chart(make(), width, height, self.left + i * (width + gap))
        self.y += height + 12

    def table(self, table: Table, size: float = 11) -> None:
        head_font, cell_font = _font(size, bold=True), _font(size)
        title_font = _font(15, bold=True)
        columns = len(table.columns)
        natural = [
            max(
                [_header_width(table.columns[c], head_font)]
                + [QFontMetricsF(cell_font).horizontalAdvance(r[c]) for r in table.rows]
            )
            + 10
            for c in range(columns)
        ]
        scale = min(1.0, self.usable / sum(natural))
        widths = [w * scale for w in natural]
        if scale == 1.0:
            widths = [w + (self.usable - sum(natural)) / columns for w in natural]

        def row_height(cells: tuple[str, ...], font: QFont) -> float:
            return 6 + max(self.measure(t, font, w - 6) for t, w in zip(cells, widths, strict=True))

        head_h = row_height(table.columns, head_font)
        first = row_height(table.rows[0], cell_font) if table.rows else 0
        self.ensure(28 + head_h + first)
        self.text(QRectF(self.left, self.y, self.usable, 24), table.title, title_font)
        self.y += 26

        def header() -> None:
            self.painter.fillRect(QRectF(self.left, self.y, self.usable, head_h), QColor(SHADE))
            self._cells(table.columns, widths, head_h, head_font)
            self.y += head_h

        header()
        if not table.rows:
            self.paragraph("Nothing to show yet.", size, color=MUTED)
        for n, row in enumerate(table.rows):
            height = row_height(row, cell_font)
            if self.y + height > self.bottom:
                self.new_page()
                header()
            if n % 2:
                self.painter.fillRect(
                    QRectF(self.left, self.y, self.usable, height), QColor("#faf8f3")
                )
            self._cells(row, widths, height, cell_font)
            self.painter.setPen(QColor(LINE))
            self.painter.drawLine(self.left, self.y + height, self.right, self.y + height)
            self.y += height
        self.y += 8
        if table.note:
            self.paragraph(table.note, size, color=MUTED)
        self.y += 10

    def _cells(
        self, cells: tuple[str, ...], widths: list[float], height: float, font: QFont
    ) -> None:
        x = self.left
        for text, width in zip(cells, widths, strict=True):
            self.text(QRectF(x + 3, self.y + 3, width - 6, height - 3), text, font)
            x += width


def _header_width(text: str, font: QFont) -> float:
    """Headers may wrap between words, but a word is never cut."""
    metrics = QFontMetricsF(font)
    longest = max(metrics.horizontalAdvance(word) for word in text.split())
    return max(longest, metrics.horizontalAdvance(text) * 0.55)


def render_pdf(model: ReportModel, *, funders: bool = False) -> bytes:
    """The facilitator's report, or (``funders``) the aggregated outcome report, as PDF bytes."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setResolution(DPI)
    orientation = QPageLayout.Orientation.Portrait if funders else QPageLayout.Orientation.Landscape
    writer.setPageLayout(
        QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orientation, QMarginsF(0, 0, 0, 0))
    )
    title = FUNDERS_TITLE if funders else REPORT_TITLE
    writer.setTitle(title)
    writer.setCreator("dzlearn")
    footer = f"{title}, {model.scope_label}" + (
        " — DEMO DATA (synthetic)" if model.synthetic else ""
    )
    canvas = _Canvas(writer, footer)
    lines = header_lines(model, funders)
    if model.synthetic:
        canvas.banner(lines.pop(0))
    canvas.paragraph(lines[0], 24, bold=True)
    canvas.paragraph("  ·  ".join(lines[1:]), 12, color=MUTED)
    if funders:
        _funders_body(canvas, model)
    else:
        _facilitator_body(canvas, model)
    canvas.ensure(60)
    canvas.paragraph("Method", 18, bold=True)
    for heading, text in method_paragraphs(funders):
        canvas.paragraph(heading, 12, bold=True)
        canvas.paragraph(text, 11)
    if model.synthetic:
        canvas.paragraph(SYNTHETIC_BANNER, 12, bold=True, color=DEMO_INK)
    canvas.finish()
    buffer.close()
    texts = canvas.texts | {x.name for x in model.learners}
    return fix_to_unicode(bytes(data.data()), private_use_clusters(texts, dzongkha_font(40)))


def _facilitator_body(canvas: _Canvas, model: ReportModel) -> None:
    canvas.tiles(model.tiles())
    canvas.charts_row(
        [lambda: charts.outcome_chart(model), lambda: charts.typing_chart(model)], 300
    )
    tables = {t.key: t for t in model.tables()}
    per_page = max(1, int((canvas.bottom - MARGIN - 110) // charts.ROW_HEIGHT))
    for start in range(0, len(model.learners), per_page):
        part = model.learners[start : start + per_page]
        canvas.new_page()
        canvas.charts_row(
            [
                lambda part=part: charts.progress_chart(model, part),
                lambda part=part: charts.eservice_chart(model, learners=part),
            ],
            charts.per_learner_height(len(part)),
        )
    for key in ("learners", "needs_help", "groups", "outcome_groups", "outcome_centres",
                "outcome_months", "outcome_services", "typing_weeks"):  # fmt: skip
        canvas.table(tables[key])


def _funders_body(canvas: _Canvas, model: ReportModel) -> None:
    canvas.tiles(model.funders_tiles())
    canvas.charts_row([lambda: charts.outcome_chart(model, funders=True)], 280)
    canvas.charts_row([lambda: charts.outcome_time_chart(model, funders=True)], 240)
    for table in model.funders_tables():
        canvas.table(table)
