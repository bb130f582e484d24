"""Chinese numerals as 公文 writes article and item numbers."""

from __future__ import annotations

import pytest

from charter.numerals import article, chinese_number, item


@pytest.mark.parametrize(
    ("n", "words"),
    [
        (1, "一"),
        (10, "十"),
        (12, "十二"),
        (20, "二十"),
        (99, "九十九"),
        (100, "一百"),
        (101, "一百零一"),
        (110, "一百一十"),
        (154, "一百五十四"),
        (1005, "一千零五"),
        (1100, "一千一百"),
    ],
)
def test_chinese_number(n, words):
    assert chinese_number(n) == words


def test_article_and_item_numbers():
    assert article(1) == "第一条" and article(23) == "第二十三条" and item(3) == "（三）"


def test_no_numeral_for_negative_numbers():
    with pytest.raises(ValueError):
        chinese_number(-1)


def test_dates_as_a_document_writes_them():
    from charter.numerals import date

    assert date("2026-09-01") == "2026年9月1日" and date("2027-12-31") == "2027年12月31日"
