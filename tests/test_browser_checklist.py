"""The self-assessment checklist in a real browser: answers persist, survive instant navigation,
export and import round-trip, bad files are refused, CSV and the print report are right."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from charter import load_charter
from charter.scoring import score_items
from conftest import ROOT

CHECKLIST = "meetings"


def open_checklist(page, checklist: str = CHECKLIST):
    page.goto(page.base + f"checklists/{checklist}/")
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
    page.reload()
    open_checklist(page)
    current = state(page)
    assert current["mtg-party-frequency"] == ["达标", "记录本第1-12页"]
    assert current["mtg-party-quorum"] == ["部分达标", ""]
    assert "已答 2 /" in overall(page)
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
    assert "已答 2 /" in overall(page), "the page works again after coming back"
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
    assert f"得分 {expected.earned:g} / {expected.possible:g}（{expected.percent:g}%）" in text.replace(".0 ", " ").replace(".0（", "（")
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
    page.reload()
    open_checklist(page)
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
    page.reload()
    open_checklist(page)
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
    assert lines[0] == '"分节","编号","问题","分值","结论","得分","佐证说明"'
    row = next(line for line in lines if '"1.1"' in line)
    assert row.endswith('"部分达标","1.5","缺 ""3月"" 记录, 见第5页"')


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
    page.reload()
    open_checklist(page)
    flag = page.locator('fieldset[data-item="mtg-party-frequency"] .answer-flag')
    assert flag.is_visible() and "复核" in flag.inner_text()
    assert "gone-item" in page.inner_text(".checklist-message")
    assert state(page)["mtg-party-frequency"][0] == "达标", "kept, not dropped"


def test_checklists_keep_separate_answers(page):
    open_checklist(page, "meetings")
    answer(page, "mtg-party-frequency", "达标")
    open_checklist(page, "implementation")
    assert "已答 0 /" in overall(page)
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
    size = (Path(ROOT) / "docs" / "assets" / "checklist.js").stat().st_size
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
    assert "已答 0 / " in before[0] and "合计" in before[0]
    assert page.errors == []
