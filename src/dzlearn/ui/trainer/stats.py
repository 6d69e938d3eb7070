"""My progress: accuracy, speed, a heat map of the keyboard, and a chart of the days.

QtCharts is imported the first time a chart is drawn, so starting the app never pays for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date

from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QFrame, QGridLayout, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from dzlearn.i18n import _
from dzlearn.learning.typing_stats import DayPoint, TypingSummary
from dzlearn.ui.style import label, large_text, palette, px, space
from dzlearn.ui.trainer.keys import MIDDLE, STRONG, WEAK, HeatKeyboard

ACCURACY_COLOUR = QColor("#3f8f4f")
SPEED_COLOUR = QColor("#a4472c")
MAX_DAYS = 30  # the chart shows the last 30 days practised


@dataclass(frozen=True)
class ProgressData:
    """Everything the view shows, projected off the UI thread."""

    summary: TypingSummary
    days: list[DayPoint]
    heat: dict[str, float]
    keys_learned: int
    keys_total: int


class StatsView(QWidget):
    def __init__(self) -> None:
        super().__init__()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        tiles = QGridLayout()
        self.numbers: dict[str, QLabel] = {}
        names = {
            "accuracy": _("Accuracy"),
            "spm": _("Syllables a minute"),
            "keys": _("Keys and stacks learned"),
            "listen": _("Listen & type: right first time"),
        }
        for col, (key, title) in enumerate(names.items()):
            tile = QFrame()
            tile.setObjectName("tile")  # styled by the window's stylesheet
            box = QVBoxLayout(tile)
            number = label("—", "number")
            number.setAlignment(Qt.AlignmentFlag.AlignCenter)
            caption = label(title, "hint")
            caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
            box.addWidget(number)
            box.addWidget(caption)
            self.numbers[key] = number
            columns = 2 if large_text() else 4  # two by two at 200 %: the captions fit
            tiles.addWidget(tile, col // columns, col % columns)
        outer.addLayout(tiles)
        self.empty = label(
            _("Type a drill in the keyboard course to see your progress here."), "hint"
        )
        outer.addWidget(self.empty)
        middle = QHBoxLayout()
        self.keyboard = HeatKeyboard()
        self.keyboard.setMinimumSize(520, 190)  # drawn to its size: its letters grow with it
        middle.addWidget(self.keyboard, 3)
        legend = QVBoxLayout()
        legend.addWidget(label(_("Your keys:"), "hint"))
        for text, colour in (
            (_("not yet steady"), WEAK),
            (_("getting there"), MIDDLE),
            (_("at your target speed"), STRONG),
            (_("not typed yet"), QColor("white")),
        ):
            legend.addWidget(_swatch(text, colour))
        legend.addStretch(1)
        middle.addLayout(legend, 1)
        outer.addLayout(middle, 1)
        self.chart_host = QVBoxLayout()
        outer.addLayout(self.chart_host, 1)
        self.chart_view = None
        self.accuracy_series = None
        self.speed_series = None
        self.data: ProgressData | None = None

    def show_data(self, data: ProgressData) -> None:
        self.data = data
        s = data.summary
        has_drills = s.attempts > 0
        self.numbers["accuracy"].setText(f"{round(100 * s.accuracy)} %" if has_drills else "—")
        self.numbers["spm"].setText(f"{s.spm:.0f}" if has_drills else "—")
        self.numbers["keys"].setText(f"{data.keys_learned} / {data.keys_total}")
        self.numbers["listen"].setText(
            f"{s.listened_first_try} / {s.listened}" if s.listened else "—"
        )
        self.empty.setVisible(not has_drills)
        self.keyboard.set_heat(data.heat)
        self._draw_chart(data.days)

    def _draw_chart(self, days: list[DayPoint]) -> None:
        from PySide6.QtCharts import (
            QBarCategoryAxis,
            QChart,
            QChartView,
            QLineSeries,
            QValueAxis,
        )

        if self.chart_view is None:
            chart = QChart()
            chart.setBackgroundRoundness(14)
            chart.legend().setAlignment(Qt.AlignmentFlag.AlignBottom)
            legend = QFont(self.font())
            legend.setPixelSize(px(17))
            chart.legend().setFont(legend)
            chart.setMargins(QMargins(0, 0, 0, 0))
            self.accuracy_series = QLineSeries()
            self.accuracy_series.setName(_("Accuracy (%)"))
            self.speed_series = QLineSeries()
            self.speed_series.setName(_("Syllables a minute"))
            for series, colour in (
                (self.accuracy_series, ACCURACY_COLOUR),
                (self.speed_series, SPEED_COLOUR),
            ):
                series.setPen(QPen(colour, 3))
                series.setPointsVisible(True)
                chart.addSeries(series)
            self._x = QBarCategoryAxis()  # one evenly spaced place per day practised
            self._y_accuracy = QValueAxis()
            self._y_accuracy.setRange(0, 100)
            self._y_accuracy.setLabelFormat("%d %%")
            self._y_speed = QValueAxis()
            self._y_speed.setLabelFormat("%d")
            chart.addAxis(self._x, Qt.AlignmentFlag.AlignBottom)
            chart.addAxis(self._y_accuracy, Qt.AlignmentFlag.AlignLeft)
            chart.addAxis(self._y_speed, Qt.AlignmentFlag.AlignRight)
            for series, y in (
                (self.accuracy_series, self._y_accuracy),
                (self.speed_series, self._y_speed),
            ):
                series.attachAxis(self._x)
                series.attachAxis(y)
            self.chart_view = QChartView(chart)
            self.chart_view.setRenderHint(QPainter.RenderHint.Antialiasing)
            self.chart_view.setMinimumHeight(space(220))
            self._readable(chart)
            self.chart_host.addWidget(self.chart_view)
        self.accuracy_series.clear()
        self.speed_series.clear()
        if not days:
            self.chart_view.hide()
            return
        self.chart_view.show()
        days = days[-MAX_DAYS:]
        for n, point in enumerate(days):
            self.accuracy_series.append(n, 100 * point.accuracy)
            self.speed_series.append(n, point.spm)
        self._x.clear()
        self._x.append([day_label(point.day) for point in days])
        top = max(point.spm for point in days) * 1.15
        self._y_speed.setRange(0, max(20, 20 * math.ceil(top / 20)))
        self._y_speed.setTickCount(5)
        self._y_accuracy.setTickCount(5)

    def _readable(self, chart: object) -> None:
        """Axis labels at the display's text size; in high contrast the chart's card stays
        white (its colours were chosen for it), with black text and a white edge around it."""
        font = QFont(self.font())
        font.setPixelSize(px(15))
        for axis in (self._x, self._y_accuracy, self._y_speed):
            axis.setLabelsFont(font)
            axis.setLabelsColor(QColor("#1b1f27"))
        chart.legend().setLabelColor(QColor("#1b1f27"))
        chart.setBackgroundBrush(QColor("white"))
        p = palette()
        self.chart_view.setStyleSheet(
            f"QChartView {{ border: {px(2)}px solid {p.border}; background: {p.screen}; }}"
        )


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def day_label(day: date) -> str:
    """ "27 Nov": the same whatever the computer's locale (Qt's Dzongkha day names are wrong)."""
    return f"{day.day} {MONTHS[day.month - 1]}"


def _swatch(text: str, colour: QColor) -> QWidget:
    row = QWidget()
    box = QHBoxLayout(row)
    box.setContentsMargins(0, 0, 0, 0)
    chip = QLabel()
    chip.setFixedSize(space(26), space(26))
    chip.setStyleSheet(
        f"background: {colour.name()}; border: {px(2)}px solid {palette().border};"
        f" border-radius: {space(6)}px;"
    )
    box.addWidget(chip)
    box.addWidget(label(text, "hint"), 1)
    return row
