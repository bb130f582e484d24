"""Blank self-assessment forms for schools that fill in on paper or in Excel: XLSX and CSV.

Data text never becomes a formula: XLSX cells are written as strings (`write` would turn text that
starts with `=` into a live formula), and CSV cells that a spreadsheet would run (starting with `=`,
`+`, `-`, `@`, tab or carriage return) get a leading `'`, as the OWASP CSV-injection guidance says.
"""

from __future__ import annotations

import csv
import datetime
import io
from pathlib import Path

from . import cache
from .loader import Charter
from .model import Checklist, ChecklistItem
from .outline import applies
from .scoring import ANSWERS

COLUMNS = ["分节", "编号", "问题", "判断要点", "佐证材料", "分值", "结论", "得分", "佐证说明"]
_FIXED_TIME = datetime.datetime(2000, 1, 1)  # reproducible files: no build time inside


def blank_forms(charter: Charter) -> dict[str, bytes]:
    """`downloads/<checklist>.xlsx` and `.csv` for every checklist, for the school's profile."""
    files = {}
    for checklist in charter.checklists:
        rows = list(_rows(charter, checklist))
        name = "forms-" + cache.key(repr((charter.school, checklist, rows)), Path(__file__).read_bytes())
        forms = cache.load(name)
        if not isinstance(forms, tuple):
            forms = (_xlsx(charter, checklist, rows), _csv(rows))
            cache.save(name, forms)
        files[f"downloads/{checklist.id}.xlsx"], files[f"downloads/{checklist.id}.csv"] = forms
    return files


def _rows(charter: Charter, checklist: Checklist):
    for position, section in enumerate(checklist.sections, 1):
        items: list[ChecklistItem] = [i for i in section.items if applies(charter, i.applies_to)]
        for index, item in enumerate(items, 1):
            yield [section.title, f"{position}.{index}", item.question, item.guidance, item.evidence, item.points]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defused(cell):
    return "'" + cell if isinstance(cell, str) and cell.startswith(_FORMULA_START) else cell


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([*(_defused(cell) for cell in row), "", "", ""])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _write_cells(sheet, row: int, cells, cell_format=None) -> None:
    """Numbers as numbers, everything else as text: never `write`, which runs text starting with `=`."""
    for column, value in enumerate(cells):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(row, column, value, cell_format)
        else:
            sheet.write_string(row, column, str(value), cell_format)


def _xlsx(charter: Charter, checklist: Checklist, rows) -> bytes:
    import xlsxwriter  # only when the forms are not cached: it takes a while to import

    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True})
    book.set_properties({"title": checklist.title, "created": _FIXED_TIME, "author": charter.school.name})
    sheet = book.add_worksheet("自查")
    wrap = book.add_format({"text_wrap": True, "valign": "top"})
    head = book.add_format({"bold": True, "bg_color": "#F2DCDB", "border": 1, "text_wrap": True})
    title = book.add_format({"bold": True, "font_size": 14})
    sheet.write_string(0, 0, f"{charter.school.name} · {checklist.title}（版本 {checklist.version}）", title)
    shares = "，".join(f"{a} {int(s * 100)}%" for a, s in checklist.scoring.items())
    sheet.write_string(1, 0, f"结论填写：{'、'.join(ANSWERS)}。得分 = 分值 × 比例（{shares}）；“不适用”不计入总分。")
    _write_cells(sheet, 3, COLUMNS, head)
    first = 4
    for offset, row in enumerate(rows):
        r = first + offset
        _write_cells(sheet, r, row, wrap)
        answer, points = f"G{r + 1}", f"F{r + 1}"
        formula = "+".join(f'({answer}="{a}")*{s}' for a, s in checklist.scoring.items())
        sheet.write_formula(r, 7, f'=IF({answer}="","",IF({answer}="不适用","",{points}*({formula})))')
        sheet.write_blank(r, 8, None, wrap)
    last = first + len(rows) - 1
    if rows:
        sheet.data_validation(first, 6, last, 6, {"validate": "list", "source": list(ANSWERS)})
        total = last + 2
        sheet.write_string(total, 4, "合计", head)
        sheet.write_formula(total, 5, f'=SUMPRODUCT((G{first + 1}:G{last + 1}<>"不适用")*F{first + 1}:F{last + 1})')
        sheet.write_formula(total, 7, f"=SUM(H{first + 1}:H{last + 1})")
        sheet.write_string(total + 1, 4, "得分率", head)
        sheet.write_formula(total + 1, 7, f'=IF(F{total + 1}=0,"",ROUND(100*H{total + 1}/F{total + 1},1)&"%")')
    for column, width in enumerate([14, 6, 40, 36, 28, 6, 10, 8, 30]):
        sheet.set_column(column, column, width)
    sheet.freeze_panes(first, 0)
    book.close()
    return buffer.getvalue()
