"""The self-assessment checklist in a real browser: answers persist, survive instant navigation,
export and import round-trip, bad files are refused, CSV and the print report are right."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest

from charter import load_charter
from charter.forms import COLUMNS
from charter.scoring import score_items
from conftest import ROOT

CHECKLIST = "meetings"


def open_checklist(page, checklist: str = CHECKLIST):
    page.goto(page.base + f"checklists/{checklist}/")
    page.wait_for_selector(f'.charter-checklist[data-checklist="{checklist}"][data-ready]')


def reload_checklist(page, checklist: str = CHECKLIST):
    """Load the checklist page again, as a reader pressing F5 does (one full load, like `open_checklist`)."""
    page.reload()
    page.wait_for_selector(f'.charter-checklist[data-checklist="{checklist}"][data-ready]')


def answer(page, item: str, value: str, note: str | None = None):
    page.check(f'input[name="answer-{item}"][value="{value}"]')
    if note is not None:
        page.fill(f'textarea[name="note-{item}"]', note)


def state(page) -> dict:
    return page.evaluate(
        """() => Object.fromEntries([...document.querySelectorAll('fieldset.checklist-answer')].map(f => [
            f.dataset.item,
            [(f.querySelector('input:checked') || {}).value || '', f.querySelector('textarea').value]]))"""
    )


def overall(page) -> str:
    return page.inner_text(".checklist-overall")


def test_answers_persist_across_reload(page):
    open_checklist(page)
    answer(page, "mtg-party-frequency", "达标", "记录本第1-12页")
    answer(page, "mtg-party-quorum", "部分达标")
    reload_checklist(page)
    current = state(page)
    assert current["mtg-party-frequency"] == ["达标", "记录本第1-12页"]
    assert current["mtg-party-quorum"] == ["部分达标", ""]
    assert "已答2条" in overall(page)
    assert page.errors == []


def test_answers_survive_instant_navigation(page):
    open_checklist(page)
    answer(page, "mtg-office-quorum", "未达标")
    page.evaluate("window.__kept = 1")
    page.click("nav.md-nav a[href$='glossary/']", force=True)
    page.wait_for_selector("h1#glossary")
    page.go_back()
    page.wait_for_selector(".charter-checklist[data-ready] .checklist-overall")
    assert page.evaluate("window.__kept") == 1, "instant navigation, not a reload"
    assert state(page)["mtg-office-quorum"][0] == "未达标"
    answer(page, "mtg-office-frequency", "达标")
    assert "已答2条" in overall(page), "the page works again after coming back"
    assert page.errors == []


def test_score_matches_the_python_scoring(page):
    open_checklist(page)
    answers = {"mtg-party-frequency": "达标", "mtg-party-quorum": "部分达标", "mtg-party-vote": "未达标", "mtg-office-approval": "不适用"}
    for item, value in answers.items():
        answer(page, item, value)
    charter = load_charter(ROOT)
    checklist = next(c for c in charter.checklists if c.id == CHECKLIST)
    items = [i for s in checklist.sections for i in s.items]
    expected = score_items(items, answers, checklist.scoring)
    text = overall(page)
    assert f"得分{expected.earned:g}分，满分{expected.possible:g}分（{expected.percent:g}%）" in text.replace(".0分", "分").replace(
        ".0%", "%"
    )
    assert "未答完，暂定" in text


def test_export_reset_import_round_trip(page, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    open_checklist(page)
    answer(page, "mtg-party-frequency", "达标", "第3号记录，2026-03-02")
    answer(page, "mtg-office-decision", "部分达标", "个别议题校长先表态")
    before = state(page)
    with page.expect_download() as download:
        page.click('[data-action="export-json"]')
    exported = tmp_path / "export.json"
    download.value.save_as(exported)
    data = json.loads(exported.read_text(encoding="utf-8"))
    assert data["format"] == "school-charter-assessment" and data["schema_version"] == 1
    assert data["checklist"] == CHECKLIST and data["checklist_version"] and data["school"] and data["date"]
    page.click('[data-action="reset"]')
    assert all(v == ["", ""] for v in state(page).values())
    page.set_input_files('input[data-action="import"]', str(exported))
    page.wait_for_function("() => document.querySelector('.checklist-message').textContent.includes('已导入')")
    assert state(page) == before
    reload_checklist(page)
    assert state(page) == before, "imported answers are saved"


def test_reset_asks_first(page):
    open_checklist(page)
    answer(page, "mtg-party-frequency", "达标")
    page.on("dialog", lambda dialog: dialog.dismiss())
    page.click('[data-action="reset"]')
    assert state(page)["mtg-party-frequency"][0] == "达标"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ('{"format": "school-charter-assessment", "answers": {', "不是完整的 JSON"),
        ('{"format": "school-charter-assessment", "schema_version": 1, "checklist": "implementation", "answers": {}}', "另一份清单"),
        ('{"hello": "world"}', "不是本站导出的自查结果"),
        (
            '{"format": "school-charter-assessment", "schema_version": 1, "checklist": "meetings", "answers": {"mtg-party-frequency": {"answer": "好"}}}',
            "不是达标",
        ),
    ],
    ids=["truncated", "other-checklist", "foreign", "bad-answer"],
)
def test_bad_import_leaves_answers_untouched(page, tmp_path, content, message):
    open_checklist(page)
    answer(page, "mtg-party-frequency", "达标", "原有说明")
    before = state(page)
    bad = tmp_path / "bad.json"
    bad.write_text(content, encoding="utf-8")
    page.set_input_files('input[data-action="import"]', str(bad))
    page.wait_for_function("() => document.querySelector('.checklist-message').textContent.includes('导入失败')")
    assert message in page.inner_text(".checklist-message")
    assert state(page) == before
    reload_checklist(page)
    assert state(page) == before


def test_html_in_imported_notes_stays_text(page, tmp_path):
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.accept()))
    open_checklist(page)
    evil = '<img src=x onerror="alert(1)">'
    data = {
        "format": "school-charter-assessment",
        "schema_version": 1,
        "checklist": CHECKLIST,
        "checklist_version": "1.0.0",
        "school": "x",
        "date": "2026-01-01",
        "answers": {"mtg-party-frequency": {"answer": "未达标", "note": evil}},
    }
    path = tmp_path / "evil.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    page.set_input_files('input[data-action="import"]', str(path))
    page.wait_for_function("() => document.querySelector('.checklist-message').textContent.includes('已导入')")
    assert state(page)["mtg-party-frequency"] == ["未达标", evil]
    page.evaluate("document.querySelector('.charter-checklist').checklist.renderReport()")
    assert evil in page.inner_text(".checklist-report")
    assert page.locator("img[src=x]").count() == 0
    assert [d for d in dialogs if "alert" in d or d == "1"] == []


def test_csv_export(page, tmp_path):
    open_checklist(page)
    answer(page, "mtg-party-frequency", "部分达标", '缺 "3月" 记录, 见第5页')
    with page.expect_download() as download:
        page.click('[data-action="export-csv"]')
    path = tmp_path / "export.csv"
    download.value.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "BOM so that Excel reads UTF-8"
    text = raw.decode("utf-8-sig")
    lines = text.split("\r\n")
    assert lines[0] == ",".join(f'"{c}"' for c in COLUMNS), "the columns of the blank forms (forms.COLUMNS)"
    row = next(line for line in lines if '"1.1"' in line)
    assert row.endswith('"部分达标","1.5","缺 ""3月"" 记录, 见第5页"')
    charter = load_charter(ROOT)
    item = next(i for c in charter.checklists if c.id == CHECKLIST for s in c.sections for i in s.items if i.id == "mtg-party-frequency")
    cells = next(csv.reader(io.StringIO(row)))
    assert cells[COLUMNS.index("判断要点")] == item.guidance and cells[COLUMNS.index("佐证材料")] == item.evidence


def test_print_report(page, tmp_path):
    open_checklist(page)
    answer(page, "mtg-party-frequency", "未达标", "全年仅召开 6 次")
    answer(page, "mtg-party-quorum", "达标")
    page.evaluate("window.print = () => { window.__printed = true }")
    page.click('[data-action="print"]')
    assert page.evaluate("window.__printed")
    report = page.evaluate("document.querySelector('.checklist-report').textContent")
    school = load_charter(ROOT).school.name
    assert school in report and "全年仅召开 6 次" in report and "未答条目" in report
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.querySelector('.checklist-report')).display") == "block"
    assert page.evaluate("getComputedStyle(document.querySelector('section.checklist-section')).display") == "none"
    assert page.evaluate("getComputedStyle(document.querySelector('.checklist-toolbar')).display") == "none"
    pdf = tmp_path / "report.pdf"
    page.pdf(path=str(pdf), format="A4")
    assert pdf.read_bytes().startswith(b"%PDF")


def test_changed_item_is_flagged(page):
    open_checklist(page)
    answer(page, "mtg-party-frequency", "达标")
    page.evaluate("document.querySelector('.charter-checklist').checklist.flush()")
    page.evaluate(
        """() => { const key = 'charter-checklist:meetings'; const saved = JSON.parse(localStorage.getItem(key));
        saved.answers['mtg-party-frequency'].hash = 'old'; saved.answers['gone-item'] = {answer: '达标', note: ''};
        localStorage.setItem(key, JSON.stringify(saved)); }"""
    )
    reload_checklist(page)
    flag = page.locator('fieldset[data-item="mtg-party-frequency"] .answer-flag')
    assert flag.is_visible() and "复核" in flag.inner_text()
    assert "gone-item" in page.inner_text(".checklist-message")
    assert state(page)["mtg-party-frequency"][0] == "达标", "kept, not dropped"


def test_checklists_keep_separate_answers(page):
    open_checklist(page, "meetings")
    answer(page, "mtg-party-frequency", "达标")
    open_checklist(page, "implementation")
    assert "已答0条" in overall(page)
    stored = page.evaluate("Object.keys(localStorage).filter(k => k.startsWith('charter-checklist:'))")
    assert stored == ["charter-checklist:meetings"]


def test_filters(page):
    open_checklist(page)
    answer(page, "mtg-party-frequency", "未达标")
    answer(page, "mtg-party-quorum", "达标")
    page.check('input[name="filter-not-met"]')
    visible = page.eval_on_selector_all(".checklist-item:not([hidden])", "items => items.map(i => i.dataset.item)")
    assert visible == ["mtg-party-frequency"]
    page.uncheck('input[name="filter-not-met"]')
    page.check('input[name="filter-unanswered"]')
    page.select_option('select[name="filter-section"]', "mtg-sec-office")
    visible = page.eval_on_selector_all(".checklist-item:not([hidden])", "items => items.map(i => i.dataset.item)")
    assert visible and all(v.startswith("mtg-office") for v in visible)


def test_keyboard_only(page):
    open_checklist(page)
    page.focus('input[name="answer-mtg-party-frequency"][value="达标"]')
    page.keyboard.press("ArrowRight")
    assert state(page)["mtg-party-frequency"][0] == "部分达标"


def test_checklist_is_accessible(page):
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        pytest.fail("axe-core is missing: run `npm ci`")
    open_checklist(page)
    page.add_script_tag(path=str(axe))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [f"{v['id']}: {v['help']}" for v in result["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, "\n".join(serious)


def test_script_stays_small():
    assets = Path(ROOT) / "docs" / "assets"
    size = sum((assets / name).stat().st_size for name in ("checklist.js", "checklist-logic.js"))
    assert size < 40_000


def test_the_page_does_not_move_when_the_script_starts(browser, page):
    # The summary is in the page as it stands with no answers, so the script only updates numbers:
    # nothing below it jumps as the page comes to life (and without JavaScript it still shows).
    def layout(p) -> tuple[str, float]:
        return p.inner_text(".checklist-summary"), p.locator(".checklist-section").first.bounding_box()["y"]

    static = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN", java_script_enabled=False)
    without_script = static.new_page()
    without_script.goto(page.base + f"checklists/{CHECKLIST}/")
    before = layout(without_script)
    static.close()
    open_checklist(page)
    assert layout(page) == before
    assert "已答0条" in before[0] and "合计" in before[0]
    assert page.errors == []


# Robustness: CSV formulas, two tabs, storage that fails, answers to removed items.


def flush(page):
    page.evaluate("document.querySelector('.charter-checklist').checklist.flush()")


def export_json(page, path: Path) -> dict:
    with page.expect_download() as download:
        page.click('[data-action="export-json"]')
    download.value.save_as(path)
    return json.loads(path.read_text(encoding="utf-8"))


def import_json(page, path: Path, expect: str = "导入"):
    page.set_input_files('input[data-action="import"]', str(path))
    page.wait_for_function(f"() => document.querySelector('.checklist-message').textContent.includes({expect!r})")


def second_tab(page):
    other = page.context.new_page()
    other.base = page.base
    other.errors = []
    other.on("pageerror", lambda error: other.errors.append(str(error)))
    return other


def checked(page, item: str, value: str, timeout: int = 5000):
    page.wait_for_function(
        "([item, value]) => (document.querySelector(`input[name='answer-${item}']:checked`) || {}).value === value",
        arg=[item, value],
        timeout=timeout,
    )


def test_csv_export_neutralises_formulas(page, tmp_path):
    notes = {
        "mtg-party-frequency": '=HYPERLINK("http://evil","x")',
        "mtg-party-quorum": "+1",
        "mtg-party-vote": "-1",
        "mtg-office-quorum": "@SUM(1)",
        "mtg-office-frequency": "\tcmd",
        "mtg-office-decision": "普通说明 - 见第2页 =1",
    }
    open_checklist(page)
    for item, note in notes.items():
        answer(page, item, "部分达标", note)
    page.evaluate(
        """() => { const c = document.querySelector('.charter-checklist').checklist;
        c.items.get('mtg-party-convener').question = '\\r=1+1'; c.items.get('mtg-party-agenda').question = '-2+3';
        c.data.sections[1].title = '@办公会'; }"""
    )
    with page.expect_download() as download:
        page.click('[data-action="export-csv"]')
    path = tmp_path / "export.csv"
    download.value.save_as(path)
    text = path.read_bytes().decode("utf-8-sig")
    assert '"\'=HYPERLINK(""http://evil"",""x"")"' in text, "quoted, quotes doubled, prefixed"
    rows = list(csv.reader(io.StringIO(text, newline="")))
    note, conclusion, points, score, question = (COLUMNS.index(c) for c in ("佐证说明", "结论", "分值", "得分", "问题"))
    by_note = {row[note]: row for row in rows[1:] if row[note]}
    assert set(by_note) == {'\'=HYPERLINK("http://evil","x")', "'+1", "'-1", "'@SUM(1)", "'\tcmd", "普通说明 - 见第2页 =1"}
    for row in by_note.values():
        assert row[conclusion] == "部分达标" and re.fullmatch(r"\d+(\.\d+)?", row[points]) and re.fullmatch(r"\d+(\.\d+)?", row[score])
    questions = [row[question] for row in rows]
    assert "'\r=1+1" in questions and "'-2+3" in questions
    assert {row[0] for row in rows[1:]} >= {"'@办公会"}
    assert not [cell for row in rows for cell in row if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


def test_json_round_trip_keeps_notes_as_typed(page, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    note = '=HYPERLINK("http://evil","x")'
    open_checklist(page)
    answer(page, "mtg-party-frequency", "达标", note)
    answer(page, "mtg-party-quorum", "未达标", "-1")
    data = export_json(page, tmp_path / "export.json")
    assert data["answers"]["mtg-party-frequency"]["note"] == note
    assert data["answers"]["mtg-party-quorum"]["note"] == "-1"
    page.click('[data-action="reset"]')
    import_json(page, tmp_path / "export.json", "已导入")
    assert state(page)["mtg-party-frequency"] == ["达标", note]
    assert state(page)["mtg-party-quorum"] == ["未达标", "-1"]


def test_two_tabs_merge_answers(page):
    first = page
    open_checklist(first)
    second = second_tab(first)
    open_checklist(second)
    answer(first, "mtg-party-frequency", "达标", "一号标签页")
    answer(second, "mtg-office-quorum", "未达标", "二号标签页")
    flush(first)
    flush(second)
    for tab in (first, second):
        reload_checklist(tab)
        current = state(tab)
        assert current["mtg-party-frequency"] == ["达标", "一号标签页"]
        assert current["mtg-office-quorum"] == ["未达标", "二号标签页"]
    first.evaluate("window.__kept = 1")
    answer(second, "mtg-party-frequency", "部分达标", "二号改过")
    flush(second)
    checked(first, "mtg-party-frequency", "部分达标")
    assert first.evaluate("window.__kept") == 1, "updated without a reload"
    assert state(first) == state(second)
    assert overall(first) == overall(second), "scores follow"
    assert first.errors == [] and second.errors == []


def test_two_tabs_keep_the_newer_edit(page):
    first = page
    open_checklist(first)
    second = second_tab(first)
    open_checklist(second)
    second.fill('textarea[name="note-mtg-party-vote"]', "较早的说明")
    answer(second, "mtg-party-quorum", "达标")
    first.fill('textarea[name="note-mtg-party-vote"]', "较新的说明")
    flush(second)
    checked(first, "mtg-party-quorum", "达标")
    assert state(first)["mtg-party-vote"][1] == "较新的说明", "an older change in the other tab does not overwrite"
    flush(first)
    second.wait_for_function("() => document.querySelector('textarea[name=\"note-mtg-party-vote\"]').value === '较新的说明'", timeout=5000)
    for tab in (first, second):
        reload_checklist(tab)
        assert state(tab)["mtg-party-vote"][1] == "较新的说明"
        assert state(tab)["mtg-party-quorum"][0] == "达标"


def test_reset_in_one_tab_clears_the_other(page):
    first = page
    open_checklist(first)
    second = second_tab(first)
    open_checklist(second)
    answer(first, "mtg-party-frequency", "达标")
    flush(first)
    checked(second, "mtg-party-frequency", "达标")
    second.on("dialog", lambda dialog: dialog.accept())
    second.click('[data-action="reset"]')
    first.wait_for_function("() => !document.querySelector('fieldset.checklist-answer input:checked')", timeout=5000)
    assert "已答0条" in overall(first)
    reload_checklist(first)
    assert all(v == ["", ""] for v in state(first).values())


FAILING_SET_ITEM = """
window.__setItem = Storage.prototype.setItem;
Storage.prototype.setItem = function () { throw new DOMException('The quota has been exceeded.', 'QuotaExceededError'); };
"""


def storage_alert(page):
    return page.locator('.charter-checklist [role="alert"], article [role="alert"]')


def test_storage_full_shows_a_notice(page):
    page.add_init_script(FAILING_SET_ITEM)
    open_checklist(page)
    assert storage_alert(page).count() == 0 or not storage_alert(page).first.is_visible()
    answer(page, "mtg-party-frequency", "达标")
    flush(page)
    alert = storage_alert(page).first
    assert alert.is_visible()
    assert "无法保存" in alert.inner_text() and "导出JSON" in alert.inner_text()
    answer(page, "mtg-party-quorum", "达标", "说明")
    flush(page)
    page.wait_for_timeout(300)
    assert alert.is_visible(), "stays while saving fails"
    assert "已保存" not in page.inner_text(".checklist-toolbar")
    page.evaluate("() => { Storage.prototype.setItem = window.__setItem; }")
    answer(page, "mtg-party-vote", "未达标")
    flush(page)
    assert not alert.is_visible(), "gone once a save succeeds"
    reload_checklist(page)
    assert state(page)["mtg-party-frequency"][0] == "达标", "the successful save holds every answer"


def test_storage_full_import_is_not_reported_as_saved(page, tmp_path):
    page.add_init_script(FAILING_SET_ITEM)
    page.on("dialog", lambda dialog: dialog.accept())
    open_checklist(page)
    data = {
        "format": "school-charter-assessment",
        "schema_version": 1,
        "checklist": CHECKLIST,
        "checklist_version": "1.0.0",
        "school": "x",
        "date": "2026-01-01",
        "answers": {"mtg-party-frequency": {"answer": "达标", "note": "导入的说明"}},
    }
    path = tmp_path / "import.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    import_json(page, path)
    message = page.inner_text(".checklist-message")
    assert "导入" in message and "未能保存" in message and "已保存" not in message
    assert state(page)["mtg-party-frequency"] == ["达标", "导入的说明"], "imported for this page"
    alert = storage_alert(page).first
    assert alert.is_visible() and "导出JSON" in alert.inner_text()


def test_page_works_without_local_storage(page, tmp_path):
    page.add_init_script(
        """Object.defineProperty(window, 'localStorage', {configurable: true,
        get() { throw new DOMException('The operation is insecure.', 'SecurityError'); }});"""
    )
    page.goto(page.base + "glossary/")
    page.wait_for_selector("h1#glossary")
    material = list(page.errors)  # Material's own scripts read localStorage too
    page.errors.clear()
    open_checklist(page)
    alert = storage_alert(page).first
    alert.wait_for(state="visible", timeout=5000)
    assert "无法保存" in alert.inner_text()
    answer(page, "mtg-party-frequency", "达标", "没有本地存储")
    flush(page)
    assert "已答1条" in overall(page)
    assert alert.is_visible()
    data = export_json(page, tmp_path / "export.json")
    assert data["answers"]["mtg-party-frequency"] == {"answer": "达标", "note": "没有本地存储"}
    assert page.errors == material, "no error of ours"


def test_answers_to_removed_items_are_kept(page, tmp_path):
    page.on("dialog", lambda dialog: dialog.accept())
    evil = '<img src=x onerror="alert(1)">'
    open_checklist(page)
    page.evaluate(
        """(evil) => localStorage.setItem('charter-checklist:meetings', JSON.stringify({
        format: 'school-charter-assessment', schema_version: 1, checklist: 'meetings', version: '1.0.0',
        answers: {'no-such-item': {answer: '未达标', note: '旧条目的说明', hash: 'x'},
                  'old-evil': {answer: '', note: evil, hash: 'y'},
                  'mtg-party-frequency': {answer: '达标', note: ''}}}))""",
        evil,
    )
    reload_checklist(page)

    def listed() -> str:
        return page.inner_text(".checklist-orphans")

    assert "no-such-item" in listed() and "未达标" in listed() and "旧条目的说明" in listed()
    assert "old-evil" in listed() and evil in listed()
    assert page.locator("img[src=x]").count() == 0
    data = export_json(page, tmp_path / "export.json")
    assert data["answers"]["no-such-item"] == {"answer": "未达标", "note": "旧条目的说明"}
    assert data["answers"]["old-evil"] == {"answer": "", "note": evil}
    assert data["answers"]["mtg-party-frequency"]["answer"] == "达标"
    page.click('[data-action="reset"]')
    assert page.locator(".checklist-orphans").count() == 0 or not page.locator(".checklist-orphans").is_visible()
    import_json(page, tmp_path / "export.json", "已导入")
    assert "no-such-item" in page.inner_text(".checklist-message")
    assert "no-such-item" in listed() and "旧条目的说明" in listed()
    assert state(page)["mtg-party-frequency"][0] == "达标"
    again = export_json(page, tmp_path / "again.json")
    assert again["answers"]["no-such-item"] == {"answer": "未达标", "note": "旧条目的说明"}
    reload_checklist(page)
    assert "no-such-item" in listed(), "kept in the browser too"
    assert page.errors == []
