"""The report as one CSV file: the same tables, cell for cell, that the dashboard shows.

Sections follow one another: a title row, the column names, the rows, a blank row. The file is
UTF-8 with a byte-order mark, so spreadsheet programs on Windows show Dzongkha correctly.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import TYPE_CHECKING

from .rules import method_paragraphs
from .tables import header_lines

if TYPE_CHECKING:
    from .model import ReportModel

ENCODING = "utf-8-sig"


def csv_rows(model: ReportModel, funders: bool = False) -> list[list[str]]:
    rows: list[list[str]] = [[line] for line in header_lines(model, funders)]
    for table in model.funders_tables() if funders else model.tables():
        rows += [[], [table.title], list(table.columns)]
        rows += [list(row) for row in table.rows]
        if table.note:
            rows.append([table.note])
    rows += [[], ["Method"]]
    rows += [[heading, text] for heading, text in method_paragraphs(funders)]
    return rows


def csv_text(model: ReportModel, funders: bool = False) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerows(csv_rows(model, funders))
    return buffer.getvalue()


def write_csv(model: ReportModel, path: Path, funders: bool = False) -> None:
    Path(path).write_text(csv_text(model, funders), encoding=ENCODING, newline="")
