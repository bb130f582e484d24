"""Scoring of self-assessments: 不适用 leaves the denominator, unanswered items score nothing,
ratings follow the thresholds in the data."""

from __future__ import annotations

import pytest

from charter.model import Checklist, ChecklistItem, Rating
from charter.scoring import ANSWERS, NOT_APPLICABLE, SUMMARY, item_score, page_rules, rating_for, round_half_up, score_items, summary

SCORING = {"达标": 1, "部分达标": 0.5, "未达标": 0}
RATINGS = [Rating(90, "优秀"), Rating(75, "良好"), Rating(60, "合格"), Rating(0, "待改进")]


def items(*points: float) -> list[ChecklistItem]:
    return [ChecklistItem(f"i{n}", "问", "要点", "材料", p, ["x"]) for n, p in enumerate(points)]


def test_all_met():
    score = score_items(items(2, 3), {"i0": "达标", "i1": "达标"}, SCORING)
    assert (score.earned, score.possible, score.percent, score.complete) == (5, 5, 100.0, True)


def test_partial_and_not_met():
    score = score_items(items(2, 2, 4), {"i0": "部分达标", "i1": "未达标", "i2": "达标"}, SCORING)
    assert score.earned == 5 and score.possible == 8 and score.percent == 62.5


def test_not_applicable_leaves_the_denominator():
    score = score_items(items(2, 8), {"i0": "达标", "i1": "不适用"}, SCORING)
    assert score.possible == 2 and score.percent == 100.0
    assert score.answered == 2 and score.complete


def test_unanswered_counts_in_the_denominator_and_progress():
    score = score_items(items(2, 2), {"i0": "达标"}, SCORING)
    assert score.percent == 50.0 and score.answered == 1 and score.applicable == 2 and not score.complete


def test_everything_not_applicable_scores_zero_without_dividing_by_zero():
    assert score_items(items(2), {"i0": "不适用"}, SCORING).percent == 0.0


@pytest.mark.parametrize(
    ("percent", "label"),
    [(100, "优秀"), (90, "优秀"), (89.9, "良好"), (75, "良好"), (74.9, "合格"), (60, "合格"), (59.9, "待改进"), (0, "待改进")],
)
def test_rating_thresholds(percent, label):
    assert rating_for(percent, RATINGS).label == label


def test_rating_order_in_data_does_not_matter():
    assert rating_for(80, list(reversed(RATINGS))).label == "良好"


def test_no_rating_below_every_threshold():
    assert rating_for(10, [Rating(50, "合格")]) is None


@pytest.mark.parametrize(
    ("value", "digits", "rounded"), [(62.25, 1, 62.3), (0.125, 2, 0.13), (2.675, 2, 2.68), (1.005, 2, 1.0), (0.05, 1, 0.1)]
)
def test_rounding_is_the_browsers(value, digits, rounded):
    """Halves up, like `Math.round(x * 10 ** digits) / 10 ** digits` in the page (Python's `round`
    gives 62.2 and 2.67; 1.005 * 100 is 100.49999999999999 in both)."""
    assert round_half_up(value, digits) == rounded


def test_item_score():
    assert item_score(3, "部分达标", SCORING) == 1.5
    assert item_score(3, "不适用", SCORING) is None and item_score(3, "", SCORING) is None


def test_summary_line():
    score = score_items(items(2, 2), {"i0": "达标"}, SCORING)
    assert summary(score, rating_for(score.percent, RATINGS)) == "共2条，已答1条；得分2分，满分4分（50%），等级：待改进（未答完，暂定）"
    done = score_items(items(2, 2), {"i0": "达标", "i1": "部分达标"}, SCORING)
    assert summary(done, None) == "共2条，已答2条；得分3分，满分4分（75%），等级：—"


def test_page_rules_give_the_page_the_whole_rule():
    checklist = Checklist("c", "清单", "1.0.0", 1, dict(SCORING), list(reversed(RATINGS)), [])
    rules = page_rules(checklist)
    assert rules["answers"] == list(ANSWERS) and rules["not_applicable"] == NOT_APPLICABLE
    assert rules["shares"] == SCORING
    assert [r["min_percent"] for r in rules["ratings"]] == [90, 75, 60, 0], "highest first: the first reached is the rating"
    assert rules["summary"] == SUMMARY
