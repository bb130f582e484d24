"""The small jieba dictionary segments the site's text exactly as jieba's full dictionary does."""

from __future__ import annotations

import logging
import re
from pathlib import Path

import jieba

from charter import load_charter
from charter.render import site_pages
from charter.search import PADDING_WORD, SMALL_DICTIONARY, search_words
from conftest import ROOT


def test_small_dictionary_keeps_the_segmentation():
    jieba.setLogLevel(logging.WARNING)
    charter = load_charter(ROOT)
    full = jieba.Tokenizer(str(Path(jieba.__file__).parent / "dict.txt"))
    small = jieba.Tokenizer(str(SMALL_DICTIONARY))
    for tokenizer in (full, small):
        for word in search_words(charter):
            tokenizer.add_word(word)
    runs = [run for text in site_pages(charter).values() for run in re.findall(r"[\u4e00-\u9fff]+", text)]
    differ = [run for run in runs if list(full.cut(run)) != list(small.cut(run))]
    assert len(differ) <= len(runs) // 200, differ[:10]


def test_small_dictionary_is_small_and_padded():
    lines = SMALL_DICTIONARY.read_text(encoding="utf-8").splitlines()
    assert 5_000 < len(lines) < 60_000
    assert lines[-1].startswith(PADDING_WORD + " ")
