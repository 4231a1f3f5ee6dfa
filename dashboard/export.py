"""Downloads of what is filtered: CSV (safe to open in a spreadsheet), Parquet and Excel.

Spreadsheets run a cell that begins with `=`, `+`, `-` or `@` (and some treat a leading
tab or carriage return the same way) as a formula, so a crafted evidence sentence could run
code on the reader's machine (OWASP "CSV injection"). CSV text cells that begin so get a
leading apostrophe; Excel files store every text cell as a string, never as a formula.
Numbers are left alone: a negative number is data, not a formula.

An Excel cell holds at most 32,767 characters; a longer text is cut there with a visible
marker (the row keeps its other cells). CSV and Parquet keep the full text.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from typing import Any

import pandas as pd
import xlsxwriter

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
EXCEL_MAX_ROWS = 1_048_575  # the sheet limit, less the header row
EXCEL_MAX_CHARS = 32_767  # characters in one cell
TRUNCATED = " … [cut at Excel's cell limit; {:,} characters in all, full text in CSV/Parquet]"


@dataclass(frozen=True)
class Format:
    """A download format: button label suffix, file extension and MIME type."""

    label: str
    extension: str
    mime: str


CSV = Format("CSV", "csv", "text/csv")
PARQUET = Format("Parquet", "parquet", "application/vnd.apache.parquet")
EXCEL = Format("Excel", "xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
FORMATS = (CSV, PARQUET, EXCEL)


def neutralise(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy whose text cells cannot start a spreadsheet formula."""
    out = frame.copy()
    for column in out.columns:
        series = out[column]
        if not (pd.api.types.is_object_dtype(series) or pd.api.types.is_string_dtype(series)):
            continue
        text = series.astype("string")
        risky = text.str.startswith(FORMULA_START).fillna(False).astype(bool)
        if risky.any():
            out[column] = series.where(~risky, "'" + text)
    return out


def to_csv(frame: pd.DataFrame) -> bytes:
    """UTF-8 CSV with a byte-order mark (so Excel reads the accents right), neutralised.

    CRLF line ends (RFC 4180): with them the csv writer also quotes a lone CR inside a
    cell, which would otherwise split the row.
    """
    return neutralise(frame).to_csv(index=False, lineterminator="\r\n").encode("utf-8-sig")


def to_parquet(frame: pd.DataFrame) -> bytes:
    """Parquet (typed, compressed; for pandas, R, DuckDB, Spark)."""
    buffer = io.BytesIO()
    frame.to_parquet(buffer, index=False, engine="pyarrow")
    return buffer.getvalue()


def to_excel(frame: pd.DataFrame, sheet: str = "data") -> bytes:
    """An .xlsx workbook; text is stored as text (no formulas, no auto-links).

    Raises ValueError past Excel's row limit: the caller offers CSV or Parquet instead.
    """
    if len(frame) > EXCEL_MAX_ROWS:
        raise ValueError(f"{len(frame):,} rows exceed Excel's limit of {EXCEL_MAX_ROWS:,}")
    buffer = io.BytesIO()
    # Rows are written in order, so xlsxwriter can stream them (constant_memory); that is
    # several times faster than pandas' cell-by-cell ExcelWriter at 100,000s of rows.
    options = {
        "strings_to_formulas": False,
        "strings_to_urls": False,
        "strings_to_numbers": False,
        "constant_memory": True,
        "in_memory": True,
    }
    with xlsxwriter.Workbook(buffer, options) as book:
        sheet_ = book.add_worksheet(sheet)
        dates = book.add_format({"num_format": "yyyy-mm-dd"})
        bold = book.add_format({"bold": True})
        sheet_.write_row(0, 0, [str(c) for c in frame.columns], bold)
        columns = [_excel_values(frame[c]) for c in frame.columns]
        for c, values in enumerate(columns):
            if values and isinstance(next((v for v in values if v is not None), None), date):
                sheet_.set_column(c, c, 11, dates)
        for r, row in enumerate(zip(*columns, strict=True), start=1):
            sheet_.write_row(r, 0, row)
    return buffer.getvalue()


def _excel_values(series: pd.Series) -> list[Any]:
    """Plain Python values xlsxwriter can write: None for missing, dates as dates, text
    within the cell limit."""
    values = series.astype(object).where(series.notna(), None).tolist()
    return [
        fit_cell(v) if isinstance(v, str) else v.item() if hasattr(v, "item") else v for v in values
    ]


def fit_cell(text: str) -> str:
    """`text`, or its start with a marker saying how long it was when Excel cannot hold it.

    xlsxwriter would cut it silently and stop writing the row at that cell.
    """
    if len(text) <= EXCEL_MAX_CHARS:
        return text
    marker = TRUNCATED.format(len(text))
    return text[: EXCEL_MAX_CHARS - len(marker)] + marker


def render(frame: pd.DataFrame, fmt: Format) -> bytes:
    """The bytes of `frame` in `fmt`."""
    if fmt == CSV:
        return to_csv(frame)
    if fmt == PARQUET:
        return to_parquet(frame)
    return to_excel(frame)
