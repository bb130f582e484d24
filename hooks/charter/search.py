"""Words that Chinese search must keep whole: glossary terms, short entry titles, role titles."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .loader import Charter

_BREAKS = set(" ，、（）()“”：:")


def search_words(charter: Charter) -> list[str]:
    words = set()
    for term in charter.terms:
        words.update([term.term, *term.aliases])
    for obj in charter.by_id.values():
        title = getattr(obj, "title", "")
        if isinstance(title, str) and 2 <= len(title) <= 8:
            words.add(title)
    for role in charter.roles:
        words.update(role.titles.values())
    return sorted(w for w in words if len(w) >= 2 and not _BREAKS.intersection(w))


def user_dictionary(charter: Charter) -> str:
    """The same words in jieba's user-dictionary format (one word per line)."""
    return "".join(f"{word}\n" for word in search_words(charter))


# A smaller jieba dictionary: loading jieba's full one (349,000 words) costs most of a build's
# search time. The small one keeps every word of the full dictionary that occurs in the site's text
# plus the most frequent words, and pads the total frequency so that jieba's probabilities, and so
# its segmentation of the site's text, stay the same.

SMALL_DICTIONARY = Path(__file__).parent / "jieba_small.txt"
PADDING_WORD = "〇〇〇〇〇〇"  # never occurs in text; carries the frequency of the words left out


def build_small_dictionary(texts: list[str], full_dictionary: Path, top: int = 20000) -> str:
    han = re.compile(r"[\u4e00-\u9fff]+")
    substrings = set()
    for text in texts:
        for run in han.findall(text):
            for start in range(len(run)):
                for end in range(start + 1, min(len(run), start + 12) + 1):
                    substrings.add(run[start:end])
    rows = [line.split(" ") for line in full_dictionary.read_text(encoding="utf-8").splitlines() if line]
    total = sum(int(row[1]) for row in rows)
    frequent = {row[0] for row in sorted(rows, key=lambda r: -int(r[1]))[:top]}
    kept = [row for row in rows if row[0] in substrings or row[0] in frequent]
    padding = total - sum(int(row[1]) for row in kept)
    lines = [" ".join(row) for row in kept] + [f"{PADDING_WORD} {padding} x"]
    return "\n".join(lines) + "\n"
