"""The scoring table."""

import pytest

from quiz.engine import points_for


@pytest.mark.parametrize("correct, elapsed_ms, limit_ms, multiplier, points", [
    (True, 0, 20_000, 1, 1000),
    (True, 10_000, 20_000, 1, 750),
    (True, 20_000, 20_000, 1, 500),
    (True, 25_000, 20_000, 1, 500),   # never below the buzzer value
    (True, -5, 20_000, 1, 1000),      # clock skew never exceeds the maximum
    (True, 1_000, 20_000, 1, 975),
    (True, 333, 10_000, 1, 983),      # round(1000 × (1 − 0.0333/2)) = round(983.35)
    (True, 0, 20_000, 2, 2000),       # double
    (True, 20_000, 20_000, 2, 1000),
    (True, 0, 20_000, 0, 0),          # a question worth nothing
    (False, 0, 20_000, 1, 0),
    (False, 20_000, 20_000, 2, 0),
    (True, 0, 0, 1, 1000),
])
def test_points_follow_the_table(correct, elapsed_ms, limit_ms, multiplier, points):
    assert points_for(correct, elapsed_ms, limit_ms, multiplier) == points


def test_a_correct_answer_always_beats_a_wrong_one():
    assert min(points_for(True, ms, 20_000) for ms in range(0, 20_001, 500)) > points_for(
        False, 0, 20_000
    )
