"""Run a query set against Material's own search box in a real browser; score recall@3 and precision@1.

Used by the browser test and by the benchmark. Each query lists the ids of the entries that answer it;
a result counts when its link's anchor is one of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

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
        page.evaluate("document.querySelector('label.md-search__icon, .md-search__icon') && 0")
        search = page.locator("input.md-search__input")
        search.focus()
        search.fill("")
        search.fill(query["q"])
        page.wait_for_function(
            "q => { const m = document.querySelector('.md-search-result__meta'); return m && !/正在|Initializing|Type/.test(m.textContent) && document.querySelector('input.md-search__input').value === q }",
            arg=query["q"],
            timeout=10000,
        )
        page.wait_for_timeout(150)
        hrefs = page.eval_on_selector_all(
            ".md-search-result__list a.md-search-result__link", "links => links.map(a => a.getAttribute('href'))"
        )
        anchors = [href.split("#", 1)[1] if "#" in href else href.rstrip("/").rsplit("/", 1)[-1] for href in hrefs]
        outcomes.append(Outcome(query["q"], query["expect"], anchors))
    return outcomes


def summary(outcomes: list[Outcome]) -> tuple[float, float]:
    recall = sum(o.hit_at_3 for o in outcomes) / len(outcomes)
    precision = sum(o.hit_at_1 for o in outcomes) / len(outcomes)
    return recall, precision
