"""Data text is text: a charter whose every text field carries HTML, Markdown and script builds into a
site where all of it shows as written and none of it runs, links, loads or reads a file.

The hostile project is the real one with `PAYLOAD` appended to every text field of every data file
(names, titles, texts, definitions, source numbers, checklist questions …) and to an overlay's
reason."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from conftest import build_and_serve, copy_project

PAYLOAD = (
    ' <img src=x onerror="window.__x=1"><script>window.__x=2</script>{: onclick="window.__x=3" }'
    " [x](javascript:window.__x=4) ![](http://127.0.0.2/a.png) </title><b>b</b>&lt;i&gt; *a* _c_ `d` | e \\f #g"
    "\n!!! danger\n???+ note\n- item"
)
SHOWN = " ".join(PAYLOAD.split("\n"))  # data text is one paragraph: line breaks read as spaces
TEXT_FIELDS = {"name", "short_name", "title", "text", "intro", "definition", "description", "number", "issuer", "question"}
TEXT_FIELDS |= {"guidance", "evidence", "summary", "status", "note", "when", "book", "label", "reason", "approval"}


def _poison(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key in TEXT_FIELDS and isinstance(value, str) and not (key == "status" and "roles" in node):
                node[key] = value + PAYLOAD
            elif key == "items" and isinstance(value, list) and all(isinstance(i, str) for i in value):
                node[key] = [i + PAYLOAD for i in value]
            elif key == "titles" and isinstance(value, dict):
                node[key] = {k: v + PAYLOAD for k, v in value.items()}
            else:
                _poison(value)
    elif isinstance(node, list):
        for value in node:
            _poison(value)


def hostile_project(target: Path) -> Path:
    project = copy_project(target)
    for path in (project / "data").rglob("*.yml"):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        _poison(data)
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    local = project / "data" / "local" / "school.yml"
    local.parent.mkdir(exist_ok=True)
    local.write_text(
        "model_version: 1.0.0\nmodify:\n  - id: party-meeting-frequency\n    reason: "
        + json.dumps("本校规定" + PAYLOAD, ensure_ascii=False)
        + "\n    set: {text: "
        + json.dumps("每月召开" + PAYLOAD, ensure_ascii=False)
        + "}\n",
        encoding="utf-8",
    )
    return project


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    project = hostile_project(tmp_path_factory.mktemp("hostile") / "project")
    url, server = build_and_serve(project)
    yield project, url
    server.shutdown()


class _Scan(HTMLParser):
    """Elements and attributes that only the payload could have made, and the page's visible text."""

    def __init__(self):
        super().__init__()
        self.found, self.text, self.open = [], [], []

    def handle_starttag(self, tag, attrs):
        self.open.append(tag)
        for name, value in attrs:
            value = value or ""
            loads = name in ("href", "src", "srcset", "action", "formaction", "poster", "data")
            if name.startswith("on") or (loads and ("javascript:" in value.lower() or "127.0.0.2" in value or value == "x")):
                self.found.append(f"<{tag} {name}={value[:40]}>")
        if tag == "b":
            self.found.append("<b> from data")

    def handle_endtag(self, tag):
        if tag in self.open:
            while self.open.pop() != tag:
                pass

    def handle_data(self, data):
        if self.open and self.open[-1] == "script" and "__x" in data:
            self.found.append("script from data")
        self.text.append(data)


def scan(path: Path) -> _Scan:
    parser = _Scan()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_no_markup_from_data_reaches_any_page(hostile):
    project, _ = hostile
    pages = sorted((project / "site").rglob("*.html"))
    assert len(pages) > 20
    found = {str(p.relative_to(project / "site")): scan(p).found for p in pages}
    assert {page: f for page, f in found.items() if f} == {}
    for page in pages:
        assert "admonition danger" not in page.read_text(encoding="utf-8"), f"{page}: a line of data text became an admonition"


def test_data_text_shows_as_written(hostile):
    project, _ = hostile
    home = scan(project / "site" / "index.html")
    text = "".join(home.text)
    assert f"示范中学{SHOWN}章程" in text, "the school's name is shown as typed, in the heading"
    title = re.search(r"<title>(.*?)</title>", (project / "site" / "index.html").read_text(encoding="utf-8"), re.S).group(1)
    assert "</title>" not in title and "&lt;/title&gt;" in title
    rule = "".join(scan(project / "site" / "rules" / "party-organization-meeting" / "index.html").text)
    assert f"每月召开{SHOWN}" in rule, "an overlay's text shows as typed"
    local = "".join(scan(project / "site" / "local" / "index.html").text)
    assert f"本校规定{SHOWN}" in local, "an overlay's reason shows as typed"


def test_search_index_holds_text_not_markup(hostile):
    project, _ = hostile
    index = json.loads((project / "site" / "search" / "search_index.json").read_text(encoding="utf-8"))
    assert any("onerror=" in doc["text"] for doc in index["docs"]), "the data's text is found by search as typed"
    for doc in index["docs"]:
        for field in ("title", "text"):
            assert "<img" not in doc[field] and "<script" not in doc[field] and "<b>" not in doc[field], doc["location"]


def test_nothing_runs_or_loads_in_a_browser(browser, hostile):
    _, url = hostile
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    requests, errors = [], []
    page.on("request", lambda request: requests.append(request.url))
    page.on("pageerror", lambda error: errors.append(str(error)))
    for path in ["", "leadership/", "rules/party-organization-meeting/", "matters/", "matters/routes/", "glossary/", "local/"]:
        page.goto(url + path)
        page.wait_for_load_state("load")
        assert page.evaluate("window.__x") is None, f"script from data ran on /{path}"
    page.goto(url + "checklists/meetings/")
    page.wait_for_load_state("load")
    assert page.locator("a[href^='javascript']").count() == 0
    assert page.evaluate("window.__x") is None
    assert [u for u in requests if not u.startswith(url)] == []
    assert errors == []
    context.close()


def test_glossary_tooltip_shows_the_definition_as_text(browser, hostile):
    _, url = hostile
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.goto(url + "matters/")
    term = page.locator("abbr.term").first
    term.hover()
    tooltip = page.locator(".md-tooltip2__inner, .md-tooltip__inner").first
    tooltip.wait_for(state="attached", timeout=5000)
    page.wait_for_timeout(300)
    assert tooltip.locator("img, script, b").count() == 0, tooltip.inner_html()
    assert "<img src=x" in tooltip.inner_text() and "<b>b</b>" in tooltip.inner_text()
    assert page.evaluate("window.__x") is None
    context.close()
