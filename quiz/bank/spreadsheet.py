"""CSV and XLSX files as rows of text, and which layout a sheet uses (ours or Kahoot's)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from pathlib import Path
from typing import Any

from quiz.bank import kahoot, table
from quiz.bank.format import BankFileError, Document

SPREADSHEET_SUFFIXES = (".csv", ".xlsx")
HEADER_SEARCH_ROWS = 20  # Kahoot's template puts its header on row 8, under its instructions

Row = tuple[int, list[str]]


def read_spreadsheet(path: Path) -> Document:
    """Read a CSV or XLSX file in our table layout or Kahoot's template."""
    rows = read_rows(path)
    for index, (line, cells) in enumerate(rows[:HEADER_SEARCH_ROWS]):
        if table.is_header(cells):
            return table.document_from_rows(path, line, cells, rows[index + 1:])
        if kahoot.is_header(cells):
            return kahoot.document_from_rows(path, line, cells, rows[index + 1:])
    raise BankFileError(
        path, None,
        "unknown spreadsheet layout: expected our columns (id, type, text_fr, …) or Kahoot's "
        "template (Question, Answer 1 … Answer 4, Time limit, Correct answer)",
    )


def read_rows(path: Path) -> list[Row]:
    """Return the non-empty rows of the file's first sheet as (line number, cell texts)."""
    if path.suffix.lower() == ".xlsx":
        return _xlsx_rows(path)
    return _csv_rows(path)


def _csv_rows(path: Path) -> list[Row]:
    text = path.read_text(encoding="utf-8-sig")
    first_line = text.split("\n", 1)[0]
    # French spreadsheets save CSV with semicolons.
    delimiter = max((",", ";", "\t"), key=first_line.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[Row] = []
    line = 1
    for cells in reader:
        if any(c.strip() for c in cells):
            rows.append((line, [c.strip() for c in cells]))
        line = reader.line_num + 1
    return rows


def _xlsx_rows(path: Path) -> list[Row]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a broken or foreign file
        raise BankFileError(path, None, f"not a readable XLSX file: {exc}") from None
    try:
        sheet = workbook["questions"] if "questions" in workbook.sheetnames else workbook.active
        rows: list[Row] = []
        for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
            cells = [cell_text(v) for v in values]
            if any(cells):
                rows.append((number, cells))
        return rows
    finally:
        workbook.close()


def cell_text(value: Any) -> str:
    """Return a cell's value as the text a person typed (1.0 → "1", a date → "2026-12-31")."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()


def write_csv(rows: list[list[Any]]) -> bytes:
    """Return the rows as CSV (UTF-8 with a byte-order mark, so spreadsheets read accents)."""
    buffer = io.StringIO(newline="")
    csv.writer(buffer, lineterminator="\n").writerows(
        ["" if v is None else v for v in row] for row in rows
    )
    return buffer.getvalue().encode("utf-8-sig")


def write_xlsx(rows: list[list[Any]], path: Path | io.BytesIO) -> None:
    """Write the rows to one sheet named "questions", header in bold and frozen."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "questions"
    for row in rows:
        sheet.append(row)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    workbook.save(path)
