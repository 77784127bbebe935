"""The scoring table."""

import pytest

from quiz.engine import errors, points_for
from quiz.engine.scoring import NETWORK_CREDIT_CAP_MS, network_credit_ms
from tests.factories import engine_game


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


@pytest.mark.parametrize("round_trip_ms, credit_ms", [
    (None, 0),      # not measured yet
    (0, 0),
    (-20, 0),       # nonsense from a clock: no credit
    (40, 20),       # half the round trip
    (300, 150),
    (601, 300),     # capped
    (5_000, 300),
])
def test_the_network_credit_is_half_the_round_trip_capped(round_trip_ms, credit_ms):
    assert network_credit_ms(round_trip_ms) == credit_ms


def test_the_network_credit_shortens_the_answer_time_but_not_the_deadline():
    game = engine_game(count=1, players=2, time_limit=10)
    game.start(now=0.0)
    near = game.answer("p1", 0, ["b"], now=1.0)
    far = game.answer("p2", 0, ["b"], now=1.3, network_credit_ms=150)
    assert (near.elapsed_ms, far.elapsed_ms) == (1000, 1150)
    assert near.points - far.points == 8  # not 15: half the 300 ms round trip is credited
    late = engine_game(count=1, players=1, time_limit=10)
    late.start(now=0.0)
    with pytest.raises(errors.NotAccepting):  # the credit never reopens a closed question
        late.answer("p1", 0, ["b"], now=10.1, network_credit_ms=300)


def test_a_huge_credit_is_capped_by_the_engine_too():
    game = engine_game(count=1, players=1, time_limit=10)
    game.start(now=0.0)
    answer = game.answer("p1", 0, ["b"], now=2.0, network_credit_ms=10_000)
    assert answer.elapsed_ms == 2000 - NETWORK_CREDIT_CAP_MS
