"""Blank self-assessment forms for schools that fill in on paper or in Excel: XLSX and CSV.

Data text never becomes a formula: XLSX cells are written as strings (`write` would turn text that
starts with `=` into a live formula), and CSV cells that a spreadsheet would run (starting with `=`,
`+`, `-`, `@`, tab or carriage return) get a leading `'`, as the OWASP CSV-injection guidance says.
"""

from __future__ import annotations

import csv
import datetime
import io

from .loader import Charter
from .model import Checklist, ChecklistItem, ChecklistSection
from .outline import applies
from .scoring import ANSWERS, NOT_APPLICABLE

# The self-assessment table, defined once: the blank forms have these columns with the last three
# empty, and the checklist page's CSV export has the same columns filled in (the page gets them in
# its embedded data). (key, heading, kind): `text` cells are neutralised, `number` cells are numbers.
COLUMN_SPEC = (
    ("section", "分节", "text"),
    ("number", "编号", "text"),
    ("question", "问题", "text"),
    ("guidance", "判断要点", "text"),
    ("evidence", "佐证材料", "text"),
    ("points", "分值", "number"),
    ("answer", "结论", "text"),
    ("score", "得分", "number"),
    ("note", "佐证说明", "text"),
)
COLUMNS = [heading for _, heading, _ in COLUMN_SPEC]
FILLED_IN = ("answer", "score", "note")  # what the school writes: empty on the blank form
_FIXED_TIME = datetime.datetime(2000, 1, 1)  # reproducible files: no build time inside


def page_columns() -> list[dict]:
    """The columns as the checklist page's CSV export writes them."""
    return [{"key": key, "heading": heading, "number": kind == "number"} for key, heading, kind in COLUMN_SPEC]


def numbered(charter: Charter, checklist: Checklist) -> list[tuple[int, ChecklistSection, list[tuple[str, ChecklistItem]]]]:
    """The checklist's sections (numbered among all) with the items that apply to the school,
    numbered `section.item` among those: the numbers on the page, in its exports and in the forms."""
    out = []
    for position, section in enumerate(checklist.sections, 1):
        items = [i for i in section.items if applies(charter, i.applies_to)]
        out.append((position, section, [(f"{position}.{index}", item) for index, item in enumerate(items, 1)]))
    return out


def _column(key: str) -> int:
    return [k for k, _, _ in COLUMN_SPEC].index(key)


def blank_forms(charter: Charter) -> dict[str, bytes]:
    """`downloads/<checklist>.xlsx` and `.csv` for every checklist, for the school's profile."""
    files = {}
    for checklist in charter.checklists:
        rows = list(_rows(charter, checklist))
        files[f"downloads/{checklist.id}.xlsx"] = _xlsx(charter, checklist, rows)
        files[f"downloads/{checklist.id}.csv"] = _csv(rows)
    return files


def _rows(charter: Charter, checklist: Checklist):
    for _, section, items in numbered(charter, checklist):
        for number, item in items:
            values = {
                "section": section.title,
                "number": number,
                "question": item.question,
                "guidance": item.guidance,
                "evidence": item.evidence,
                "points": item.points,
            }
            yield [values.get(key, "") for key, _, _ in COLUMN_SPEC]


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _defused(cell):
    return "'" + cell if isinstance(cell, str) and cell.startswith(_FORMULA_START) else cell


def _csv(rows) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, quoting=csv.QUOTE_ALL, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in rows:
        writer.writerow([_defused(cell) for cell in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _write_cells(sheet, row: int, cells, cell_format=None, skip=()) -> None:
    """Numbers as numbers, everything else as text: never `write`, which runs text starting with `=`."""
    for column, value in enumerate(cells):
        if column in skip:
            continue
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            sheet.write_number(row, column, value, cell_format)
        else:
            sheet.write_string(row, column, str(value), cell_format)


def _xlsx(charter: Charter, checklist: Checklist, rows) -> bytes:
    import xlsxwriter  # only when forms are made (not by `charter check`, nor by a build from the cache): it takes a while to import

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
    letter = {key: chr(ord("A") + _column(key)) for key, _, _ in COLUMN_SPEC}
    filled = [_column(key) for key in FILLED_IN]
    first = 4
    for offset, row in enumerate(rows):
        r = first + offset
        _write_cells(sheet, r, row, wrap, skip=filled)
        answer, points = f"{letter['answer']}{r + 1}", f"{letter['points']}{r + 1}"
        formula = "+".join(f'({answer}="{a}")*{s}' for a, s in checklist.scoring.items())
        sheet.write_formula(r, _column("score"), f'=IF({answer}="","",IF({answer}="{NOT_APPLICABLE}","",{points}*({formula})))')
        sheet.write_blank(r, _column("note"), None, wrap)
    last = first + len(rows) - 1
    if rows:
        sheet.data_validation(first, _column("answer"), last, _column("answer"), {"validate": "list", "source": list(ANSWERS)})
        total = last + 2
        answers, points, scores = (f"{letter[k]}{first + 1}:{letter[k]}{last + 1}" for k in ("answer", "points", "score"))
        label = _column("points") - 1
        sheet.write_string(total, label, "合计", head)
        sheet.write_formula(total, _column("points"), f'=SUMPRODUCT(({answers}<>"{NOT_APPLICABLE}")*{points})')
        sheet.write_formula(total, _column("score"), f"=SUM({scores})")
        sheet.write_string(total + 1, label, "得分率", head)
        score_total, points_total = f"{letter['score']}{total + 1}", f"{letter['points']}{total + 1}"
        sheet.write_formula(total + 1, _column("score"), f'=IF({points_total}=0,"",ROUND(100*{score_total}/{points_total},1)&"%")')
    widths = {"section": 14, "number": 6, "question": 40, "guidance": 36, "evidence": 28, "points": 6, "answer": 10, "score": 8}
    for column, (key, _, _) in enumerate(COLUMN_SPEC):
        sheet.set_column(column, column, widths.get(key, 30))
    sheet.freeze_panes(first, 0)
    book.close()
    return buffer.getvalue()
