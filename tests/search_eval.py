"""Run a query set against Material's own search box in a real browser; score recall@3 and precision@1.

Used by the browser test and by the benchmark. Each query lists the ids of the entries that answer it;
a result counts when its link's anchor is one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

import yaml

QUERIES = Path(__file__).parent / "search_queries.yml"


@dataclass
class Outcome:
    query: str
    expected: list[str]
    found: list[str]  # anchors of the results, best first

    @property
    def hit_at_1(self) -> bool:
        return bool(self.found) and self.found[0] in self.expected

    @property
    def hit_at_3(self) -> bool:
        return any(anchor in self.expected for anchor in self.found[:3])


def load_queries() -> list[dict]:
    return yaml.safe_load(QUERIES.read_text(encoding="utf-8"))["queries"]


def run_queries(page, base_url: str, queries: list[dict]) -> list[Outcome]:
    page.goto(base_url)
    page.wait_for_selector("input.md-search__input", state="attached")
    outcomes = []
    for query in queries:
        search = page.locator("input.md-search__input")
        search.focus()
        search.fill("")  # clear the previous results first, so that stale ones are never read
        search.dispatch_event("keyup")  # Material reads the query on keyup
        page.wait_for_function("() => !document.querySelector('.md-search-result__list').children.length")
        search.fill(query["q"])
        search.dispatch_event("keyup")
        page.wait_for_function("() => /结果/.test(document.querySelector('.md-search-result__meta').textContent)", timeout=10000)
        page.wait_for_timeout(100)
        hrefs = page.eval_on_selector_all(
            ".md-search-result__list a.md-search-result__link", "links => links.map(a => a.getAttribute('href'))"
        )
        # A page's own link heads its group of sections; rank the sections (entries), not the group headers.
        anchors = [urlsplit(href).fragment for href in hrefs if urlsplit(href).fragment] or [_anchor(h) for h in hrefs]
        outcomes.append(Outcome(query["q"], query["expect"], anchors))
    return outcomes


def _anchor(href: str) -> str:
    """The entry a result links to: its anchor, or the page's last path segment for a whole page."""
    url = urlsplit(href)
    return url.fragment or url.path.rstrip("/").rsplit("/", 1)[-1]


def summary(outcomes: list[Outcome]) -> tuple[float, float]:
    recall = sum(o.hit_at_3 for o in outcomes) / len(outcomes)
    precision = sum(o.hit_at_1 for o in outcomes) / len(outcomes)
    return recall, precision
