"""The dashboard's charts, built from the report model; the PDF draws the very same charts.

Imported only when a dashboard or a PDF is made, so starting the app does not load QtCharts.
Every value plotted is one the model's tables also show.
"""

from __future__ import annotations

import math
from datetime import date, datetime, time

from PySide6.QtCharts import (
    QAbstractBarSeries,
    QBarCategoryAxis,
    QBarSeries,
    QBarSet,
    QChart,
    QDateTimeAxis,
    QHorizontalBarSeries,
    QHorizontalStackedBarSeries,
    QLineSeries,
    QValueAxis,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QApplication

from dzlearn.outcomes import ReportModel
from dzlearn.outcomes.learner import INDEPENDENT, NOT_CORRECT, WITH_HELP, LearnerReport
from dzlearn.outcomes.outcome import OutcomeRow
from dzlearn.outcomes.tables import funders_group_rows

GREEN, AMBER, RED = "#3f8f4f", "#d89a2b", "#b8412c"
BASELINE, FOLLOW_UP = "#9aa5b1", "#a4472c"
ACCURACY, SPEED = "#2f6db5", "#a4472c"
INK = "#1b1f27"
ROW_HEIGHT = 32  # pixels per learner in the per-learner bar charts (Dzongkha is tall)


def chart_font(pixel_size: int, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(QApplication.font().families() or ["DDC Uchen"])
    font.setPixelSize(pixel_size)
    font.setBold(bold)
    return font


def _chart(title: str) -> QChart:
    chart = QChart()
    chart.setTitle(title)
    chart.setTitleFont(chart_font(15, bold=True))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setBackgroundRoundness(6)
    chart.setMargins(QMargins(6, 6, 6, 6))
    chart.legend().setFont(chart_font(12))
    chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
    return chart


def _bar_set(label: str, color: str, values: list[float]) -> QBarSet:
    bars = QBarSet(label)
    bars.setColor(QColor(color))
    bars.setBorderColor(QColor(color))
    bars.setLabelColor(QColor(INK))
    bars.setLabelFont(chart_font(12, bold=True))
    bars.append(values)
    return bars


def _value_axis(top: float, title: str = "", fmt: str = "%d") -> QValueAxis:
    axis = QValueAxis()
    axis.setRange(0, top)
    axis.setLabelFormat(fmt)
    axis.setLabelsFont(chart_font(11))
    axis.setTruncateLabels(False)
    axis.setTickType(QValueAxis.TickType.TicksDynamic)
    axis.setTickAnchor(0)
    axis.setTickInterval(_step(top))
    if title:
        axis.setTitleText(title)
        axis.setTitleFont(chart_font(11))
    return axis


def _step(top: float) -> float:
    for step in (1, 2, 5, 10, 20, 25, 50, 100, 200, 500):
        if top / step <= 6:
            return step
    return top / 5


def _category_axis(labels: list[str]) -> QBarCategoryAxis:
    axis = QBarCategoryAxis()
    axis.append(labels)
    axis.setLabelsFont(chart_font(12))
    axis.setTruncateLabels(False)
    return axis


def _attach(chart: QChart, series, x_axis, y_axis) -> None:  # noqa: ANN001 - any series/axes
    chart.addSeries(series)
    chart.addAxis(x_axis, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(y_axis, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(x_axis)
    series.attachAxis(y_axis)


def per_learner_height(rows: int) -> int:
    return max(220, ROW_HEIGHT * rows + 110)


def progress_chart(model: ReportModel, learners: list[LearnerReport] | None = None) -> QChart:
    """Lessons done per learner, as a share of their curriculum (horizontal bars)."""
    chart = _chart("Lessons done (% of each learner's lessons)")
    # Qt draws the first category at the bottom; the list reads top-down like the table.
    learners = list(reversed(model.learners if learners is None else learners))
    series = QHorizontalBarSeries()
    series.append(_bar_set("Lessons done", GREEN, [x.progress_percent or 0 for x in learners]))
    series.setBarWidth(0.7)
    _attach_horizontal(chart, series, [x.name for x in learners], 100, "%")
    chart.legend().hide()
    return chart


def _attach_horizontal(chart: QChart, series, labels: list[str], top: float, title: str) -> None:  # noqa: ANN001
    chart.addSeries(series)
    values = _value_axis(top, title)
    names = _category_axis(labels)
    chart.addAxis(values, Qt.AlignmentFlag.AlignBottom)
    chart.addAxis(names, Qt.AlignmentFlag.AlignLeft)
    series.attachAxis(values)
    series.attachAxis(names)


def eservice_chart(
    model: ReportModel,
    learner: LearnerReport | None = None,
    learners: list[LearnerReport] | None = None,
) -> QChart:
    """Practices done independently, with help, and not correct: per learner, or per service
    for one learner (stacked horizontal bars)."""
    if learner is None:
        chart = _chart("E-service practice per learner")
        chosen = model.learners if learners is None else learners
        rows = [(x.name, x.attempts) for x in reversed(chosen)]
    else:
        chart = _chart(f"E-service practice: {learner.name}")
        services = model.curriculum.services
        keys = list(dict.fromkeys(a.service for a in learner.attempts))
        rows = [
            (
                services[k].en if k in services else k[2],
                [a for a in learner.attempts if a.service == k],
            )
            for k in reversed(keys)
        ]
    series = QHorizontalStackedBarSeries()
    for status, color in ((INDEPENDENT, GREEN), (WITH_HELP, AMBER), (NOT_CORRECT, RED)):
        values = [sum(1 for a in attempts if a.status == status) for _, attempts in rows]
        series.append(_bar_set(status.capitalize(), color, values))
    series.setBarWidth(0.7)
    every = [len(x.attempts) for x in model.learners] if learner is None else []
    top = max([len(attempts) for _, attempts in rows] + every + [1])  # one scale on every page
    _attach_horizontal(chart, series, [label for label, _ in rows], top, "practices")
    return chart


def typing_chart(model: ReportModel, learner_id: str | None = None) -> QChart:
    """Weekly typing accuracy (%) and speed (syllables per minute)."""
    learner = model.learner(learner_id) if learner_id else None
    chart = _chart(f"Typing, week by week: {learner.name}" if learner else "Typing, week by week")
    points = model.typing_trend(learner_id)
    accuracy, speed = QLineSeries(), QLineSeries()
    accuracy.setName("Accuracy (%)")
    speed.setName("Speed (syllables/min)")
    for series, color in ((accuracy, ACCURACY), (speed, SPEED)):
        pen = QPen(QColor(color))
        pen.setWidth(3)
        series.setPen(pen)
        series.setPointsVisible(True)
    for p in points:
        x = datetime.combine(p.week, time(12)).timestamp() * 1000
        if p.accuracy is not None:
            accuracy.append(x, p.accuracy)
        if p.speed is not None:
            speed.append(x, p.speed)
    chart.addSeries(accuracy)
    chart.addSeries(speed)
    axis_x = QDateTimeAxis()
    axis_x.setFormat("d MMM")
    axis_x.setLabelsFont(chart_font(11))
    first = points[0].week if points else date.today()
    last = points[-1].week if points else date.today()
    axis_x.setRange(datetime.combine(first, time(0)), datetime.combine(last, time(23, 59)))
    axis_x.setTickCount(min(max(len(points), 2), 8))
    chart.addAxis(axis_x, Qt.AlignmentFlag.AlignBottom)
    left = _value_axis(100, "accuracy %")
    top_speed = max([p.speed for p in points if p.speed is not None] + [10])
    step = _step(top_speed * 1.2)
    right = _value_axis(step * math.ceil(top_speed * 1.2 / step), "syllables/min")
    chart.addAxis(left, Qt.AlignmentFlag.AlignLeft)
    chart.addAxis(right, Qt.AlignmentFlag.AlignRight)
    for series, axis in ((accuracy, left), (speed, right)):
        series.attachAxis(axis_x)
        series.attachAxis(axis)
    return chart


def outcome_chart(model: ReportModel, funders: bool = False) -> QChart:
    """Baseline vs follow-up share per group (the funders' rows when ``funders``)."""
    chart = _chart("E-services done correctly and independently, by group")
    rows: list[OutcomeRow] = (
        [r for r in funders_group_rows(model) if not r.suppressed]
        if funders
        else [*model.group_outcomes, model.overall]
    )
    rows = [r for r in rows if r.pairs][::-1]
    series = QHorizontalBarSeries()
    series.append(_bar_set("Baseline", BASELINE, [r.baseline_percent or 0 for r in rows]))
    series.append(_bar_set("Follow-up", FOLLOW_UP, [r.follow_up_percent or 0 for r in rows]))
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value%")
    series.setLabelsPosition(QHorizontalBarSeries.LabelsPosition.LabelsOutsideEnd)
    _attach_horizontal(chart, series, [r.label for r in rows], 100, "%")
    return chart


def outcome_time_chart(model: ReportModel, funders: bool = False) -> QChart:
    """Follow-up share at the end of each month (months too small for funders left out)."""
    chart = _chart("Outcome over time (share at the end of each month)")
    rows = [r for r in model.month_outcomes if r.pairs]
    if funders:
        from dzlearn.outcomes.outcome import suppress

        rows = [r for r in (suppress(r) for r in rows) if not r.suppressed]
    series = QBarSeries()
    series.append(_bar_set("Baseline", BASELINE, [r.baseline_percent or 0 for r in rows]))
    series.append(_bar_set("Follow-up", FOLLOW_UP, [r.follow_up_percent or 0 for r in rows]))
    series.setLabelsVisible(True)
    series.setLabelsFormat("@value%")
    series.setLabelsPosition(QBarSeries.LabelsPosition.LabelsOutsideEnd)
    _attach(chart, series, _category_axis([r.label for r in rows]), _value_axis(100, "%"))
    return chart


def scale_text(chart: QChart, scale: float) -> None:
    """The chart's text at the display's text scale, for the screen (the PDF draws the same
    charts at 100 %); its colours stay its own, dark on its white card, which reads in high
    contrast too."""
    if scale == 1:
        return

    def scaled(font: QFont) -> QFont:
        if font.pixelSize() > 0:
            font.setPixelSize(round(font.pixelSize() * scale))
        return font

    chart.setTitleFont(scaled(chart.titleFont()))
    chart.legend().setFont(scaled(chart.legend().font()))
    for axis in chart.axes():
        axis.setLabelsFont(scaled(axis.labelsFont()))
        axis.setTitleFont(scaled(axis.titleFont()))
    for series in chart.series():
        for bars in series.barSets() if isinstance(series, QAbstractBarSeries) else []:
            bars.setLabelFont(scaled(bars.labelFont()))


def antialiased(painter: QPainter) -> None:
    painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing, True)
