"""Scoring of self-assessments: 不适用 leaves the denominator, unanswered items score nothing,
ratings follow the thresholds in the data."""

from __future__ import annotations

import pytest

from charter.model import ChecklistItem, Rating
from charter.scoring import rating_for, score_items

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
