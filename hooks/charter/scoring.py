"""Scoring of a self-assessment: the same rule the checklist page applies in the browser.

Answers are `达标`, `部分达标`, `未达标` or `不适用`; an item's score is its points times the share
the checklist's `scoring` gives that answer; `不适用` leaves the denominator; an unanswered item
counts in the denominator and scores nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from .model import Checklist, ChecklistItem, Rating

ANSWERS = ("达标", "部分达标", "未达标", "不适用")
NOT_APPLICABLE = "不适用"


@dataclass
class Score:
    answered: int  # items with any answer, 不适用 included
    applicable: int  # items that apply to the school
    earned: float
    possible: float  # points of applicable items not marked 不适用

    @property
    def percent(self) -> float:
        return round(100 * self.earned / self.possible, 1) if self.possible else 0.0

    @property
    def complete(self) -> bool:
        return self.answered == self.applicable


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
    return Score(answered, len(items), round(earned, 2), possible)


def rating_for(percent: float, ratings: list[Rating]) -> Rating | None:
    """The highest rating whose threshold the percentage reaches."""
    for rating in sorted(ratings, key=lambda r: r.min_percent, reverse=True):
        if percent >= rating.min_percent:
            return rating
    return None


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
