"""Downloads: CSV safe against spreadsheet formula injection, Parquet, Excel; large exports."""

from __future__ import annotations

import io
from datetime import date

import numpy as np
import openpyxl
import pandas as pd
import pytest

from dashboard import export

PAYLOADS = [
    '=HYPERLINK("http://evil.example","click")',
    "+1+cmd|' /C calc'!A0",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]
HARMLESS = ["Russia", "a = b", "sanctions +20%", "", " =padded"]


def frame(texts: list[str]) -> pd.DataFrame:
    return pd.DataFrame(
        {"sentence": texts, "confidence": np.linspace(-1, 1, len(texts)), "n": range(len(texts))}
    )


def read_csv(data: bytes) -> pd.DataFrame:
    return pd.read_csv(io.BytesIO(data), encoding="utf-8-sig", keep_default_na=False)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_csv_neutralises_formula_starts(payload: str) -> None:
    back = read_csv(export.to_csv(frame([payload])))
    cell = back.loc[0, "sentence"]
    assert cell == "'" + payload
    assert not cell.startswith(export.FORMULA_START)


def test_csv_leaves_harmless_text_and_numbers_alone() -> None:
    back = read_csv(export.to_csv(frame(HARMLESS)))
    assert list(back["sentence"]) == HARMLESS
    # A negative number is data: numeric columns are never prefixed.
    assert back["confidence"].iloc[0] == -1.0


def test_neutralise_handles_missing_values_and_arrow_strings() -> None:
    df = pd.DataFrame(
        {
            "a": pd.array(["=1", None, "ok"], dtype="string[pyarrow]"),
            "b": ["-x", None, "y"],
        }
    )
    out = export.neutralise(df)
    assert out["a"].tolist()[0] == "'=1" and pd.isna(out["a"].tolist()[1])
    assert out["b"].tolist() == ["'-x", None, "y"]
    assert df["b"].tolist()[0] == "-x"  # the input is not modified


def test_excel_stores_text_as_text_never_as_formula() -> None:
    data = export.to_excel(frame(PAYLOADS + HARMLESS))
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    values = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1, values_only=True)]
    cells = [row[0] for row in sheet.iter_rows(min_row=2, max_col=1)]
    assert all(c.data_type != "f" for c in cells)
    # Control characters are stored in Excel's own escape (_x000D_), which Excel decodes.
    assert [v.replace("_x000D_", "\r") for v in values[: len(PAYLOADS)]] == PAYLOADS


def test_excel_keeps_dates_and_missing_values() -> None:
    df = pd.DataFrame({"date": [date(2022, 3, 1), None], "weapon": [None, "drones"]})
    back = pd.read_excel(io.BytesIO(export.to_excel(df)))
    assert back["date"].iloc[0] == pd.Timestamp("2022-03-01")
    assert pd.isna(back["date"].iloc[1]) and pd.isna(back["weapon"].iloc[0])


def test_parquet_round_trips_types() -> None:
    df = frame(PAYLOADS)
    back = pd.read_parquet(io.BytesIO(export.to_parquet(df)))
    pd.testing.assert_frame_equal(back, df)


def test_excel_refuses_more_rows_than_a_sheet_holds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(export, "EXCEL_MAX_ROWS", 3)
    with pytest.raises(ValueError, match="Excel"):
        export.to_excel(frame(HARMLESS))


def big_frame(n: int = 200_000) -> pd.DataFrame:
    rng = np.random.default_rng(0)
    sentences = np.where(
        np.arange(n) % 10 == 0, "=cmd|' /C calc'!A0", "Iran delivered drones to Russia."
    )
    return pd.DataFrame(
        {
            "date": pd.date_range("2000-01-01", periods=n, freq="h").date,
            "type": rng.choice(["sanction", "arms_transfer"], n),
            "sources": "IRN",
            "targets": "RUS, BLR",
            "confidence": rng.random(n).round(2),
            "sentence": sentences,
        }
    )


def test_csv_and_parquet_export_200k_rows() -> None:
    df = big_frame()
    back = read_csv(export.to_csv(df))
    assert len(back) == len(df)
    assert (back["sentence"].str[0] != "=").all()
    assert back["sentence"].str.startswith("'=").sum() == len(df) // 10
    assert len(pd.read_parquet(io.BytesIO(export.to_parquet(df)))) == len(df)


@pytest.mark.slow
def test_excel_export_200k_rows() -> None:
    df = big_frame()
    back = pd.read_excel(io.BytesIO(export.to_excel(df)), engine="openpyxl")
    assert len(back) == len(df)
    assert back["sentence"].iloc[0] == "=cmd|' /C calc'!A0"  # text, not a formula


@pytest.mark.parametrize("fmt", export.FORMATS)
def test_render_dispatches_on_format(fmt: export.Format) -> None:
    data = export.render(frame(HARMLESS), fmt)
    magic = {"csv": b"\xef\xbb\xbfsentence", "parquet": b"PAR1", "xlsx": b"PK"}
    assert data.startswith(magic[fmt.extension])


def test_excel_cuts_an_overlong_cell_visibly_and_keeps_the_row() -> None:
    long = "Iran delivered drones to Russia. " * 1_200  # 39,600 characters
    df = pd.DataFrame({"sentence": [long, "short"], "after": ["kept", "also kept"], "n": [1, 2]})
    back = pd.read_excel(io.BytesIO(export.to_excel(df)), engine="openpyxl")
    cell = back.loc[0, "sentence"]
    assert len(cell) == export.EXCEL_MAX_CHARS
    assert cell.startswith(long[:1_000])
    assert cell.endswith(export.TRUNCATED.format(len(long)))
    assert "39,600 characters" in cell
    # The cells after the long one are still written.
    assert back["after"].tolist() == ["kept", "also kept"]
    assert back["n"].tolist() == [1, 2]
    assert back.loc[1, "sentence"] == "short"
    # CSV and Parquet keep the whole text.
    assert read_csv(export.to_csv(df)).loc[0, "sentence"] == long
    assert pd.read_parquet(io.BytesIO(export.to_parquet(df))).loc[0, "sentence"] == long


def test_excel_keeps_a_cell_of_exactly_the_limit() -> None:
    text = "x" * export.EXCEL_MAX_CHARS
    back = pd.read_excel(io.BytesIO(export.to_excel(pd.DataFrame({"s": [text]}))))
    assert back.loc[0, "s"] == text
