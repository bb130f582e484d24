"""Blank forms for paper or Excel: XLSX with a dropdown and formulas, CSV that Excel reads as UTF-8."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl

from charter import load_charter
from charter.forms import COLUMNS, blank_forms

FIXTURE = Path(__file__).parent / "fixtures" / "mini"


def test_forms_for_every_checklist():
    charter = load_charter(FIXTURE)
    files = blank_forms(charter)
    assert set(files) == {"downloads/meetings.xlsx", "downloads/meetings.csv"}


def test_csv_opens_in_excel_with_chinese():
    raw = blank_forms(load_charter(FIXTURE))["downloads/meetings.csv"]
    assert raw.startswith(b"\xef\xbb\xbf"), "Excel needs the BOM to read UTF-8"
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == COLUMNS
    assert rows[1][:3] == ["党组织会议", "1.1", "党组织会议是否每月至少召开 1 次？"]
    assert text.splitlines()[1].startswith('"党组织会议","1.1"'), "every field is quoted"


def test_xlsx_has_items_dropdown_and_formulas():
    raw = blank_forms(load_charter(FIXTURE))["downloads/meetings.xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = book["自查"]
    assert "测试小学" in sheet["A1"].value
    assert [c.value for c in sheet[4]] == COLUMNS
    assert sheet["C5"].value == "党组织会议是否每月至少召开 1 次？"
    assert sheet["F5"].value == 2
    assert sheet["H5"].value.startswith("=IF(G5")
    validations = sheet.data_validations.dataValidation
    assert validations and "达标" in validations[0].formula1


def test_forms_are_reproducible():
    charter = load_charter(FIXTURE)
    assert blank_forms(charter) == blank_forms(charter)
