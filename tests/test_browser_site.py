"""The reference site in a real browser: requests, errors, instant navigation, calculator, terms,
accessibility, phone width and print."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import ROOT, watch

KEY_PAGES = ["", "leadership/", "rules/party-organization-meeting/", "matters/", "matters/routes/", "roles/", "charter/", "glossary/"]


def all_pages(built_site: Path) -> list[str]:
    return sorted(
        str(p.parent.relative_to(built_site)).replace(".", "") + "/" for p in built_site.rglob("index.html") if "assets" not in p.parts
    )


@pytest.fixture(scope="module")
def reader(browser, site_url):
    """One desktop page for this module's tests, which each load a page of the site and read it (a new page
    costs the browser more than loading one); it records JavaScript errors and requests as conftest's `page`."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    yield watch(context.new_page(), site_url)
    context.close()


@pytest.fixture
def page(reader):
    """The module's page, its record of errors and requests emptied for each test."""
    reader.errors.clear()
    reader.requests.clear()
    yield reader
    if reader.evaluate("matchMedia('print').matches"):  # a test printed: the screen again for the next one
        reader.emulate_media(media=None)


@pytest.fixture(scope="module")
def phone(browser):
    context = browser.new_context(viewport={"width": 375, "height": 740}, is_mobile=True, has_touch=True)
    yield context.new_page()
    context.close()


def test_no_request_leaves_the_origin_and_no_js_errors(browser, site_url, built_site):
    """Every page, loaded in full and left until its network is idle (Material's search worker fetches the
    index and lunr's language files after `load`). The waiting is the network's, half a second of quiet
    a page: eight tabs load at a time."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="zh-CN")
    tabs = [watch(context.new_page(), site_url) for _ in range(8)]
    pages = all_pages(built_site)
    assert len(pages) > 20
    for start in range(0, len(pages), len(tabs)):
        batch = list(zip(tabs, pages[start : start + len(tabs)], strict=False))
        for tab, path in batch:
            tab.goto(site_url + path.lstrip("/"), wait_until="commit")
        for tab, path in batch:
            tab.wait_for_load_state("networkidle")
            assert tab.url == site_url + path.lstrip("/"), "the page stayed where it was loaded"
    requests = [url for tab in tabs for url in tab.requests]
    assert sum(url.endswith("/search/search_index.json") for url in requests) == len(pages), "every page loaded in full"
    foreign = [url for url in requests if not url.startswith(site_url) and not url.startswith("data:")]
    assert foreign == []
    assert [error for tab in tabs for error in tab.errors] == []
    context.close()


def test_instant_navigation_keeps_the_page_and_runs_scripts(page):
    page.goto(page.base)
    page.evaluate("window.__marker = 'kept'")
    page.click("nav.md-nav a[href$='rules/party-organization-meeting/']", force=True)
    page.wait_for_selector(".charter-calculator form")
    assert page.evaluate("window.__marker") == "kept", "navigation reloaded the page instead of instant loading"
    assert page.errors == []


def test_quorum_calculator(page):
    page.goto(page.base + "rules/party-organization-meeting/")
    form = page.locator(".charter-calculator form")
    form.locator("input[name=members]").fill("7")
    form.locator("input[name=present]").fill("4")
    form.locator("input[name=favour]").fill("4")
    output = form.locator("output")
    assert "可以开会" in output.inner_text()
    assert "通过" in output.inner_text() and "不通过" not in output.inner_text()
    form.locator("select[name=matter]").select_option(label="干部任免等重要事项")
    assert "不能开会" in output.inner_text(), "cadre matters need two thirds present"
    form.locator("input[name=present]").fill("5")
    assert "可以开会" in output.inner_text()
    form.locator("input[name=favour]").fill("3")
    assert "不通过" in output.inner_text()
    assert "第" in output.inner_text() and "条" in output.inner_text(), "the result cites the rule"


def test_office_meeting_calculator_has_no_vote(page):
    page.goto(page.base + "rules/principal-office-meeting/")
    form = page.locator(".charter-calculator form")
    assert form.locator("input[name=favour]").count() == 0
    form.locator("input[name=members]").fill("9")
    form.locator("input[name=present]").fill("4")
    assert "不能开会" in form.locator("output").inner_text()


def test_glossary_terms_show_definitions(page):
    page.goto(page.base + "matters/")
    term = page.locator("abbr.term").first
    assert term.get_attribute("title")
    term.focus()
    page.wait_for_timeout(200)
    assert page.locator(".md-tooltip, .md-tooltip2").count() > 0 or term.get_attribute("title")


@pytest.mark.parametrize("path", KEY_PAGES)
def test_readable_on_a_phone(phone, site_url, path):
    phone.goto(site_url + path)
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 1, f"{path} scrolls sideways on a 375 px phone ({overflow}px)"


@pytest.mark.parametrize("path", ["", "rules/party-organization-meeting/", "matters/"])
def test_accessibility_axe(page, path):
    axe = ROOT / "node_modules" / "axe-core" / "axe.min.js"
    if not axe.exists():
        pytest.fail("axe-core is missing: run `npm ci` (the CI script does)")
    page.goto(page.base + path)
    page.add_script_tag(path=str(axe))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    serious = [
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}"
        for v in result["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert not serious, "\n".join(serious)


@pytest.mark.parametrize("path", ["charter/", "rules/party-organization-meeting/"])
def test_prints_on_a4(page, path, tmp_path):
    page.goto(page.base + path)
    page.emulate_media(media="print")
    hidden = page.evaluate("getComputedStyle(document.querySelector('.md-sidebar--primary')).display")
    assert hidden == "none", "the navigation must not print"
    pdf = tmp_path / "page.pdf"
    page.pdf(path=str(pdf), format="A4", print_background=False)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    assert data.count(b"/Type /Page") - data.count(b"/Type /Pages") >= 1


@pytest.mark.parametrize("address", ["matters/", "documents/matters/"])
def test_wide_tables_fit_the_printed_page(page, address):
    """The 事项清单 matrix (eight columns) and the 《议事决策事项清单》 (seven): on A4 every column is on the paper,
    none cut at the right edge."""
    page.goto(page.base + address)
    page.emulate_media(media="print")
    page.set_viewport_size({"width": 666, "height": 1000})  # A4 less the print margins, at 96 dpi
    overflow = page.evaluate(
        """() => [...document.querySelectorAll('.md-typeset table')].map(t => {
            const box = t.getBoundingClientRect(), content = document.querySelector('.md-content').getBoundingClientRect();
            return {right: box.right, edge: content.right, scroll: t.scrollWidth, width: t.clientWidth};
        })"""
    )
    assert overflow, "the page has a table"
    for table in overflow:
        assert table["right"] <= table["edge"] + 1 and table["scroll"] <= table["width"] + 1, table
    title = page.evaluate("getComputedStyle(document.querySelector('.md-typeset h1')).textAlign")
    assert title == "center"
    page.emulate_media(media="screen")


def test_an_article_keeps_its_items_on_the_printed_page(page):
    """An article and its items （一）（二）… are not split by a page break: none of them may break after."""
    page.goto(page.base + "charter/")
    page.emulate_media(media="print")
    breaks = page.evaluate(
        """() => [...document.querySelectorAll('.document-article, .document-item')]
            .filter(p => p.nextElementSibling && p.nextElementSibling.classList.contains('document-item'))
            .map(p => getComputedStyle(p).breakAfter)"""
    )
    page.emulate_media(media="screen")
    assert breaks and set(breaks) == {"avoid"}, breaks


def test_charter_json_download(page):
    response = page.goto(page.base + "charter.json")
    data = json.loads(response.text())
    assert data["format"] == "school-charter"
