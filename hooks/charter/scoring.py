"""Scoring of a self-assessment: the rule, its words and its numbers, defined here once.

Answers are `达标`, `部分达标`, `未达标` or `不适用`; an item's score is its points times the share
the checklist's `scoring` gives that answer; `不适用` leaves the denominator; an unanswered item
counts in the denominator and scores nothing. The checklist page gets all of this in its embedded
data (`page_rules`) and applies it in docs/assets/checklist-logic.js; tests/test_js.py checks that the
browser and this module give the same scores.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from .model import Checklist, ChecklistItem, Rating

ANSWERS = ("达标", "部分达标", "未达标", "不适用")
NOT_APPLICABLE = "不适用"
SHORT_OF = ("未达标", "部分达标")  # listed in reports and shown by the page's “只看未达标” filter

# The summary line under the checklist, with the page as it opens and as the script updates it.
SUMMARY = "共{applicable}条，已答{answered}条；得分{earned}分，满分{possible}分（{percent}%），等级：{rating}{provisional}"
PROVISIONAL = "（未答完，暂定）"
NO_RATING = "—"


def round_half_up(value: float, digits: int) -> float:
    """`value` rounded to `digits` decimals, halves up: exactly what the browser's
    `Math.round(value * 10 ** digits) / 10 ** digits` gives (Python's `round` rounds halves to even)."""
    scale = 10**digits
    scaled = value * scale
    whole = math.floor(scaled)
    return (whole + (1 if scaled - whole >= 0.5 else 0)) / scale


def number_text(value: float) -> str:
    """A number as the browser writes it: `20`, `2.5`."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass
class Score:
    answered: int  # items with any answer, 不适用 included
    applicable: int  # items that apply to the school
    earned: float
    possible: float  # points of applicable items not marked 不适用

    @property
    def percent(self) -> float:
        return round_half_up(100 * self.earned / self.possible, 1) if self.possible else 0.0

    @property
    def complete(self) -> bool:
        return self.answered == self.applicable


def item_score(points: float, answer: str, scoring: dict[str, float]) -> float | None:
    """One item's score; None when it is unanswered or does not apply."""
    if not answer or answer == NOT_APPLICABLE:
        return None
    return round_half_up(points * scoring[answer], 1)


def score_items(items: list[ChecklistItem], answers: dict[str, str], scoring: dict[str, float]) -> Score:
    earned = possible = 0.0
    answered = 0
    for item in items:
        answer = answers.get(item.id)
        if answer:
            answered += 1
        if answer == NOT_APPLICABLE:
            continue
        possible += item.points
        if answer:
            earned += item.points * scoring[answer]
    return Score(answered, len(items), round_half_up(earned, 2), possible)


def rating_for(percent: float, ratings: list[Rating]) -> Rating | None:
    """The highest rating whose threshold the percentage reaches."""
    for rating in sorted(ratings, key=lambda r: r.min_percent, reverse=True):
        if percent >= rating.min_percent:
            return rating
    return None


def summary(score: Score, rating: Rating | None) -> str:
    """The summary line of a checklist (the page fills the same `SUMMARY` as answers come)."""
    return SUMMARY.format(
        answered=score.answered,
        applicable=score.applicable,
        earned=number_text(score.earned),
        possible=number_text(score.possible),
        percent=number_text(score.percent),
        rating=rating.label if rating else NO_RATING,
        provisional="" if score.complete else PROVISIONAL,
    )


def page_rules(checklist: Checklist) -> dict:
    """The scoring rule as the checklist page's script applies it: answer words, shares, ratings
    (highest first: the first one reached is the rating), the summary line."""
    return {
        "answers": list(ANSWERS),
        "not_applicable": NOT_APPLICABLE,
        "short_of": list(SHORT_OF),
        "shares": dict(checklist.scoring),
        "ratings": [
            {"min_percent": r.min_percent, "label": r.label} for r in sorted(checklist.ratings, key=lambda r: r.min_percent, reverse=True)
        ],
        "summary": SUMMARY,
        "provisional": PROVISIONAL,
        "no_rating": NO_RATING,
    }


def score_checklist(checklist: Checklist, items: list[ChecklistItem], answers: dict[str, str]) -> dict:
    """Overall and per-section scores of the applicable `items` of `checklist`."""
    applicable = {i.id for i in items}
    sections = []
    for section in checklist.sections:
        section_items = [i for i in section.items if i.id in applicable]
        if section_items:
            sections.append((section, score_items(section_items, answers, checklist.scoring)))
    overall = score_items(items, answers, checklist.scoring)
    return {"overall": overall, "sections": sections, "rating": rating_for(overall.percent, checklist.ratings)}
