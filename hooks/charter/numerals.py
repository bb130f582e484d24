"""Chinese numerals as 公文 writes them: 第一条 … 第十条、第十一条 … 第一百零一条; （一）（二）; 三分之二."""

from __future__ import annotations

_DIGITS = "零一二三四五六七八九"
_UNITS = ((1000, "千"), (100, "百"), (10, "十"))


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 101 → 一百零一, 110 → 一百一十, 1005 → 一千零五 (0 to 9999)."""
    if not 0 <= n <= 9999:
        raise ValueError(f"no Chinese numeral for {n} here")
    if n < 10:
        return _DIGITS[n]
    if 10 <= n < 20:  # 十, 十二: no leading 一 when ten is the highest unit
        return "十" + (_DIGITS[n - 10] if n > 10 else "")
    out, zero = "", False
    for value, unit in _UNITS:
        digit, n = divmod(n, value)
        if digit:
            out += ("零" if zero else "") + _DIGITS[digit] + unit
            zero = False
        elif out:
            zero = True
    if n:
        out += ("零" if zero else "") + _DIGITS[n]
    return out


def article(n: int) -> str:
    return f"第{chinese_number(n)}条"


def chapter(n: int) -> str:
    return f"第{chinese_number(n)}章"


def section(n: int) -> str:
    return f"第{chinese_number(n)}节"


def item(n: int) -> str:
    return f"（{chinese_number(n)}）"


def date(iso: str) -> str:
    """2026-09-01 → 2026年9月1日 (公文 dates: Arabic digits, no leading zeros)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{year}年{month}月{day}日"


def amount(yuan: int, op: str = "at_least") -> str:
    """An amount as 公文 writes it: 10000 → 1万元以上, 15000 → 1.5万元以上, 5000 → 5000元以上, 2亿元;
    `more_than` → 超过1万元 (以上 includes the number, 超过 does not)."""
    if yuan >= 100_000_000 and yuan % 1_000_000 == 0:
        money = f"{yuan / 100_000_000:g}亿元"
    elif yuan >= 10_000 and yuan % 100 == 0:
        money = f"{yuan / 10_000:g}万元"
    else:
        money = f"{yuan}元"
    return f"超过{money}" if op == "more_than" else f"{money}以上"
