"""Two things that claim one page or one anchor: a section with the id `glossary` would replace the
glossary page, an id equal to a fixed anchor would give a page two elements with one HTML id. Both
are refused, naming both claimants."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from .problems import Problem

# Folders and files of the built site that are not pages of ours: the theme's, search's, MkDocs'.
RESERVED_URLS = {"assets/": "主题的样式和脚本", "search/": "检索索引", "404/": "“找不到页面”页", "sitemap/": "网站地图"}
_ANCHOR = re.compile(r"\{:?[^}\n]*?#([A-Za-z][\w-]*)|\bid=\"([^\"]+)\"")


@dataclass
class PageSpec:
    page: str  # src_uri
    owner: str | None  # the data id the page is made for, or None for a page the site always has
    template: str
    context: dict = field(default_factory=dict)


def url_of(page: str) -> str:
    """The address a page gets with directory URLs: `x.md` and `x/index.md` are both `x/`."""
    stem = page[: -len(".md")]
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")]
        return stem
    return stem + "/"


def page_collisions(specs: list[PageSpec], charter) -> list[Problem]:
    problems = []
    claimed: dict[str, PageSpec] = {}
    for spec in specs:
        url = url_of(spec.page)
        if url in RESERVED_URLS and spec.owner:
            problems.append(_problem(charter, spec.owner, f"网站地址 `{url}` 已用于{RESERVED_URLS[url]}"))
        first = claimed.setdefault(url, spec)
        if first is spec:
            continue
        owner, other = (spec, first) if spec.owner else (first, spec)
        if owner.owner is None:  # pragma: no cover - fixed pages are distinct by construction
            continue
        what = f"id `{other.owner}` 的页面（{charter.places[other.owner].file}）" if other.owner else f"网站固定的页面 `{other.page}`"
        problems.append(_problem(charter, owner.owner, f"页面 `{owner.page}` 与{what}是同一个网址 `{url}`"))
    return problems


def anchor_collisions(pages: dict[str, str], charter) -> list[Problem]:
    problems = []
    for page, text in pages.items():
        anchors = Counter(m.group(1) or m.group(2) for m in _ANCHOR.finditer(_without_code(text)))
        for anchor, count in anchors.items():
            if count > 1:
                owner = anchor if anchor in charter.places else None
                found = f"页面 `{page}` 上有 {count} 个元素的 HTML id 都是 `{anchor}`"
                if owner:
                    problems.append(_problem(charter, owner, found + "：这个 id 与页面的固定锚点或另一条目的锚点相同"))
                else:
                    problems.append(
                        Problem(
                            f"(generated) {page}", None, None, anchor, found, "每个锚点在页面上只出现一次", "这是生成页面的缺陷，请报告。"
                        )
                    )
    return problems


def _without_code(text: str) -> str:
    return re.sub(r"<code>.*?</code>", "", text)


def _problem(charter, data_id: str, found: str) -> Problem:
    place = charter.places[data_id]
    return Problem(
        place.file,
        place.line,
        place.column,
        place.field,
        found,
        "每个页面和锚点只属于一个条目",
        f"把 id `{data_id}` 改为别的名称（并修改引用它的地方）；页面地址和页内锚点由 id 生成。",
    )
