"""A fix for Material's in-browser query segmentation of Chinese (Material 9.8.1).

The search worker splits a query of Han characters into words found in the index, but its loops stop
one character short: the whole query, and the last word of it, are never matched (`三重一大` is
searched as `三* 重* 一`, `末位表态` as `末位`). This patches the two bounds in the built worker.
"""

from __future__ import annotations

from pathlib import Path

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
