"""Two changes to Material's search output in a built site (Material 9.8.1).

The index: Material writes `search/search_index.json` with every Chinese character escaped as
`\\uXXXX` (six bytes instead of three), and every page fetches that file as it loads. Written as
plain UTF-8, and without the word breaks (U+200B) that jieba put next to punctuation or spaces,
which split nothing the configured separator does not split already, it is half the size, and on a
slow line it takes less bandwidth from the page being shown. What search finds is unchanged.

The worker: a fix for the in-browser query segmentation of Chinese. The worker splits a query of
Han characters into words found in the index, but its loops stop one character short: the whole
query, and the last word of it, are never matched (`三重一大` is searched as `三* 重* 一`, `末位表态`
as `末位`). This patches the two bounds in the built worker.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

WORD_BREAK = "\u200b"  # what Material's search plugin puts between the words jieba finds

PATCHES = [
    ("for(let o=s+1;o<t.length;o++)t.slice(s,o)in e", "for(let o=s+1;o<=t.length;o++)t.slice(s,o)in e"),
    ("n[a]&&a<t.length-1&&(i[s++]=a)", "n[a]&&a<t.length&&(i[s++]=a)"),
]


def patch_search_worker(site_dir: Path | str) -> list[str]:
    """Patch the search worker in a built site; return the workers patched (empty if none matched)."""
    patched = []
    for worker in sorted(Path(site_dir).glob("assets/javascripts/workers/search.*.min.js")):
        text = worker.read_text(encoding="utf-8")
        if all(old in text for old, _ in PATCHES):
            for old, new in PATCHES:
                text = text.replace(old, new)
            worker.write_text(text, encoding="utf-8")
            patched.append(worker.name)
    return patched


def compact_search_index(site_dir: Path | str) -> int:
    """Rewrite the search index as compact UTF-8 JSON; return the bytes saved (0 if there is none)."""
    path = Path(site_dir) / "search" / "search_index.json"
    try:
        before = path.read_bytes()
    except FileNotFoundError:
        return 0
    index = json.loads(before)
    try:
        separator = re.compile(index["config"]["separator"])
    except (KeyError, re.error):  # no separator, or one Python cannot read: keep every word break
        separator = None

    def lean(run: re.Match) -> str:  # a run of separators needs a word break only if it is nothing else
        return (run[0].replace(WORD_BREAK, "") or WORD_BREAK) if WORD_BREAK in run[0] else run[0]

    for doc in index["docs"] if separator else []:
        doc["title"], doc["text"] = separator.sub(lean, doc["title"]), separator.sub(lean, doc["text"])
    after = json.dumps(index, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
    if len(after) >= len(before):
        return 0
    path.write_bytes(after)
    return len(before) - len(after)
