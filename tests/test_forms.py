"""Blank forms for paper or Excel: XLSX with a dropdown and formulas, CSV that Excel reads as UTF-8."""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import openpyxl

from charter import load_charter
from charter.forms import COLUMNS, FILLED_IN, blank_forms, page_columns

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
    assert rows[1][:3] == ["党组织会议", "1.1", "党组织会议是否每月至少召开1次？"]
    assert text.splitlines()[1].startswith('"党组织会议","1.1"'), "every field is quoted"


def test_xlsx_has_items_dropdown_and_formulas():
    raw = blank_forms(load_charter(FIXTURE))["downloads/meetings.xlsx"]
    book = openpyxl.load_workbook(io.BytesIO(raw))
    sheet = book["自查"]
    assert "测试小学" in sheet["A1"].value
    assert [c.value for c in sheet[4]] == COLUMNS
    assert sheet["C5"].value == "党组织会议是否每月至少召开1次？"
    assert sheet["F5"].value == 2
    assert sheet["H5"].value.startswith("=IF(G5")
    validations = sheet.data_validations.dataValidation
    assert validations and "达标" in validations[0].formula1


def test_forms_are_reproducible():
    charter = load_charter(FIXTURE)
    assert blank_forms(charter) == blank_forms(charter)


def _hostile_fixture(tmp_path: Path) -> Path:
    """The mini fixture with data text that a spreadsheet would run as a formula."""
    project = tmp_path / "mini"
    shutil.copytree(FIXTURE, project)
    checklist = project / "data" / "checklists" / "meetings.yml"
    text = checklist.read_text(encoding="utf-8")
    text = text.replace("question: 党组织会议是否每月至少召开1次？", 'question: \'=HYPERLINK("http://x","y")\'')
    text = text.replace("guidance: 每月都有会议记录为达标。", "guidance: '+1+1'")
    text = text.replace("evidence: 党组织会议记录本。", "evidence: '@SUM(1,1)'")
    text = text.replace("title: 党组织会议\n", "title: '-2+3'\n")
    checklist.write_text(text, encoding="utf-8")
    school = project / "data" / "school.yml"
    school.write_text(re.sub(r"(?m)^name: .*$", "name: '=1+1'", school.read_text(encoding="utf-8")), encoding="utf-8")
    return project


def test_xlsx_writes_data_text_as_text_never_as_a_formula(tmp_path: Path):
    raw = blank_forms(load_charter(_hostile_fixture(tmp_path)))["downloads/meetings.xlsx"]
    sheet = openpyxl.load_workbook(io.BytesIO(raw))["自查"]
    for cell in ("A1", "A5", "C5", "D5", "E5"):
        assert sheet[cell].data_type == "s", (cell, sheet[cell].value)
    assert sheet["C5"].value == '=HYPERLINK("http://x","y")'
    assert sheet["A1"].value.startswith("=1+1")
    assert sheet["F5"].data_type == "n" and sheet["F5"].value == 2
    assert sheet["H5"].data_type == "f", "the score column stays a formula of ours"


def test_csv_defuses_cells_a_spreadsheet_would_run(tmp_path: Path):
    raw = blank_forms(load_charter(_hostile_fixture(tmp_path)))["downloads/meetings.csv"]
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[1][:5] == ["'-2+3", "1.1", '\'=HYPERLINK("http://x","y")', "'+1+1", "'@SUM(1,1)"]
    assert rows[1][5] == "2"


def test_one_column_list_for_the_forms_and_the_page():
    """The page's CSV export gets the same columns (in its embedded data); the blank forms leave what
    the school fills in empty."""
    assert [c["heading"] for c in page_columns()] == COLUMNS
    assert [c["key"] for c in page_columns() if c["number"]] == ["points", "score"]
    rows = list(csv.reader(io.StringIO(blank_forms(load_charter(FIXTURE))["downloads/meetings.csv"].decode("utf-8-sig"))))
    filled = [[c["key"] for c in page_columns()].index(key) for key in FILLED_IN]
    assert all(len(row) == len(COLUMNS) for row in rows)
    assert all(row[i] == "" for row in rows[1:] for i in filled)
    assert rows[1][COLUMNS.index("判断要点")] == "每月都有会议记录为达标。"


def test_xlsx_columns_follow_the_column_list():
    sheet = openpyxl.load_workbook(io.BytesIO(blank_forms(load_charter(FIXTURE))["downloads/meetings.xlsx"]))["自查"]
    answer, points, score = (chr(ord("A") + COLUMNS.index(h)) for h in ("结论", "分值", "得分"))
    formula = sheet[f"{score}5"].value
    assert formula.startswith(f'=IF({answer}5=""') and f"{points}5*" in formula
    assert "达标" in sheet.data_validations.dataValidation[0].formula1
    assert str(sheet.data_validations.dataValidation[0].sqref).startswith(answer)
