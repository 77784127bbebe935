"""Every question kind: its answers' checks and its scoring table."""

from __future__ import annotations

import pytest

from quiz import engine
from quiz.engine import errors
from quiz.engine.game import Choice, Question

T0 = 1000.0


def question(kind: str, correct=("a",), settings=None, count: int = 4) -> Question:
    ids = "abcdef"[:count]
    return Question(
        id=f"{kind}-q", type=kind, text={"fr": "?"},
        choices=tuple(Choice(i, {"fr": i.upper()}, i in correct) for i in ids),
        time_limit_ms=20_000, settings=settings or {},
    )


def play(q: Question, **options) -> engine.Game:
    game = engine.Game(pin="123456", questions=(q,), **options)
    for n in range(1, 4):
        game.join(f"p{n}", f"Joueur {n}")
    game.start(T0)
    return game


@pytest.mark.parametrize("picks, all_or_nothing, points", [
    (["a", "b"], False, 1000),      # both right picks
    (["a"], False, 500),            # one of two right picks
    (["a", "c"], False, 0),         # a wrong pick cancels a right one
    (["a", "b", "c"], False, 500),
    (["c", "d"], False, 0),         # never below zero
    (["a", "b"], True, 1000),
    (["a"], True, 0),               # all or nothing
])
def test_multiple_select_gives_partial_credit(picks, all_or_nothing, points):
    game = play(question("multiple", correct=("a", "b"),
                         settings={"all_or_nothing": all_or_nothing}))
    assert game.answer("p1", 0, picks, T0).points == points


@pytest.mark.parametrize("value, points, correct", [
    (1992, 1000, True),
    (1994, 750, True),      # half-way to the tolerance edge
    (1996, 500, True),      # at the edge
    (1988, 500, True),
    (1997, 0, False),       # beyond
    (1992.5, 938, True),
])
def test_a_numeric_estimate_scores_by_closeness_not_speed(value, points, correct):
    game = play(question("numeric", settings={"answer": 1992, "tolerance": 4}))
    answer = game.answer("p1", 0, None, T0 + 19, value=value)
    assert (answer.points, answer.correct) == (points, correct)


@pytest.mark.parametrize("value", ["1992", None, True, float("nan"), float("inf"), 3000])
def test_a_numeric_answer_must_be_a_number_within_bounds(value):
    game = play(question("numeric", settings={"answer": 1992, "tolerance": 4, "max": 2100}))
    with pytest.raises(errors.BadAnswer):
        game.answer("p1", 0, None, T0, value=value)


def test_the_numeric_reveal_shows_the_spread_and_the_true_value():
    game = play(question("numeric", settings={"answer": 10, "tolerance": 2}))
    for player, value in (("p1", 9), ("p2", 10), ("p3", 20)):
        game.answer(player, 0, None, T0, value=value)
    assert game.distribution(0) == {
        "values": [9.0, 10.0, 20.0], "count": 3, "median": 10.0, "within_tolerance": 2,
    }
    assert game.questions[0].kind.correct(game.questions[0]) == 10


@pytest.mark.parametrize("order, points", [
    (["a", "b", "c", "d"], 1000),
    (["a", "b", "d", "c"], 500),
    (["b", "a", "d", "c"], 0),
    (["d", "b", "c", "a"], 500),
])
def test_ordering_scores_each_item_in_its_place(order, points):
    game = play(question("ordering", correct=(), settings={"scoring": "fixed"}))
    assert game.answer("p1", 0, order, T0 + 10).points == points


@pytest.mark.parametrize("order", [["a", "b", "c"], ["a", "a", "b", "c"], ["a", "b", "c", "z"]])
def test_an_ordering_must_use_every_item_once(order):
    game = play(question("ordering", correct=()))
    with pytest.raises(errors.InvalidChoice):
        game.answer("p1", 0, order, T0)


def test_a_poll_has_no_points_and_keeps_streaks():
    game = play(question("poll", correct=()), streak_bonus=True)
    answer = game.answer("p1", 0, ["a", "c"], T0)
    assert (answer.points, answer.correct) == (0, None)
    game.reveal(T0 + 1)
    assert game.distribution(0) == {"a": 1, "b": 0, "c": 1, "d": 0}
    assert game.players["p2"].streak == 0 and game.players["p1"].correct_count == 0


def test_open_text_makes_a_word_cloud_that_the_host_can_moderate():
    game = play(question("open", correct=()))
    game.answer("p1", 0, None, T0, value=" Climat ")
    game.answer("p2", 0, None, T0, value="climat")
    game.answer("p3", 0, None, T0, value="Gros mot")
    game.hide_word("GROS  MOT")
    assert game.distribution(0) == {"climat": 2}


@pytest.mark.parametrize("value", ["", "   ", 12, "x" * 41])
def test_open_text_refuses_empty_or_long_answers(value):
    game = play(question("open", correct=()))
    with pytest.raises(errors.BadAnswer):
        game.answer("p1", 0, None, T0, value=value)


def test_fixed_scoring_ignores_speed():
    game = play(question("single", settings={"scoring": "fixed"}))
    assert game.answer("p1", 0, ["a"], T0 + 19).points == 1000


@pytest.mark.parametrize("kind", ["single", "true_false"])
def test_single_choice_kinds_take_exactly_one_choice(kind):
    game = play(question(kind, count=2))
    with pytest.raises(errors.InvalidChoice):
        game.answer("p1", 0, ["a", "b"], T0)
