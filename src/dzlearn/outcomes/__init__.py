"""Outcomes: the facilitator report and the funders' report, computed from the event log.

Pure Python and no Qt (``source`` alone reads storage). ``build_report`` makes the one
``ReportModel`` that the dashboard, the CSV and the PDF all render; ``rules`` says what every
number means; ``demo`` makes synthetic activity for trying it all out.
"""

from .model import ReportModel, TrendPoint, build_report
from .rules import SYNTHETIC_BANNER, method_paragraphs
from .tables import Table, Tile

__all__ = [
    "SYNTHETIC_BANNER",
    "ReportModel",
    "Table",
    "Tile",
    "TrendPoint",
    "build_report",
    "method_paragraphs",
]
