"""Per-player accommodation: extra time (× 1.5, × 2) and no-speed scoring (docs/scoring.md)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from quiz.engine import Phase, errors
from tests.factories import engine_game

T0 = 1000.0
LIMIT_S = 20  # engine_game's questions give 20 s


def game_with(factor: float = 1.0, no_speed: bool = False, players: int = 2):
    """p1 accommodated as asked, p2 (and others) not; question 0 open at T0."""
    game = engine_game(count=2, players=players, time_limit=LIMIT_S)
    game.accommodate("p1", time_factor=factor, no_speed=no_speed)
    game.start(T0)
    return game


@pytest.mark.parametrize("factor, deadline", [(1, T0 + 20), (1.5, T0 + 30), (2, T0 + 40)])
def test_a_players_deadline_is_opened_at_plus_factor_times_the_limit(factor, deadline):
    game = game_with(factor)
    assert game.deadline_of(game.players["p1"]) == deadline
    assert game.deadline_of(game.players["p2"]) == T0 + 20
    assert game.remaining_ms(T0 + 5, game.players["p1"]) == round((deadline - T0 - 5) * 1000)
    assert game.remaining_ms(T0 + 5) == 15_000  # the hall's time is unchanged


@pytest.mark.parametrize("factor, at, accepted", [
    (2, 39.9, True), (2, 40.0, True), (2, 40.1, False),
    (1.5, 29.0, True), (1.5, 31.0, False),
    (1, 20.0, True), (1, 20.5, False),
])
def test_an_answer_is_accepted_until_the_players_own_deadline(factor, at, accepted):
    game = game_with(factor, players=1)
    if accepted:
        assert game.answer("p1", 0, ["b"], T0 + at).correct is True
    else:
        with pytest.raises(errors.NotAccepting):
            game.answer("p1", 0, ["b"], T0 + at)


def test_a_normal_players_late_answer_is_refused_while_an_accommodated_one_still_answers():
    game = game_with(2)
    assert game.close_if_due(T0 + 25) is False  # p1 still has 15 s
    with pytest.raises(errors.NotAccepting):
        game.answer("p2", 0, ["b"], T0 + 25)
    assert game.answer("p1", 0, ["b"], T0 + 25).points > 0


# Speed points over the player's own time: 1000 at once, 500 at their own buzzer.
@pytest.mark.parametrize("factor, elapsed_s, points", [
    (1, 0, 1000), (1, 10, 750), (1, 20, 500),
    (2, 0, 1000), (2, 20, 750), (2, 40, 500),
    (1.5, 15, 750), (1.5, 30, 500),
])
def test_speed_points_use_the_players_own_limit(factor, elapsed_s, points):
    game = game_with(factor, players=1)
    assert game.answer("p1", 0, ["b"], T0 + elapsed_s).points == points


@pytest.mark.parametrize("elapsed_s", [0, 7, 20])
def test_no_speed_gives_fixed_points_for_a_right_answer_and_none_for_a_wrong_one(elapsed_s):
    game = game_with(no_speed=True)
    assert game.answer("p1", 0, ["b"], T0 + elapsed_s).points == 1000
    assert game.answer("p2", 0, ["a"], T0 + elapsed_s).points == 0


@pytest.mark.parametrize("factor", [1, 1.5, 2])
@pytest.mark.parametrize("no_speed", [False, True])
def test_a_right_answer_always_beats_a_wrong_one(factor, no_speed):
    slowest = engine_game(count=1, players=1)
    slowest.accommodate("p1", time_factor=factor, no_speed=no_speed)
    slowest.start(T0)
    right = slowest.answer("p1", 0, ["b"], T0 + LIMIT_S * factor).points
    fastest = engine_game(count=1, players=1)
    fastest.accommodate("p1", time_factor=factor, no_speed=no_speed)
    fastest.start(T0)
    wrong = fastest.answer("p1", 0, ["a"], T0).points
    assert right >= 500 > wrong == 0


def test_the_question_stays_open_for_an_accommodated_player_then_closes_at_their_deadline():
    game = game_with(2)
    assert game.closes_at() == T0 + 40
    game.answer("p2", 0, ["b"], T0 + 3)
    assert game.close_if_due(T0 + 39.9) is False
    assert game.close_if_due(T0 + 40) is True
    assert game.phase is Phase.REVEAL


def test_the_question_closes_once_the_accommodated_player_answers_after_the_halls_time():
    game = game_with(2)
    assert game.close_if_due(T0 + 21) is False
    game.answer("p1", 0, ["b"], T0 + 22)
    assert game.closes_at() == T0 + 20  # nobody left with time: back to the hall's deadline
    assert game.close_if_due(T0 + 22) is True


def test_an_accommodated_player_who_answered_early_does_not_hold_the_hall():
    game = game_with(2)
    game.answer("p1", 0, ["b"], T0 + 1)
    assert game.closes_at() == T0 + 20
    assert game.close_if_due(T0 + 20) is True


def test_a_kicked_or_late_joining_accommodated_player_does_not_hold_the_question():
    game = game_with(2)
    game.kick("p1")
    assert game.closes_at() == T0 + 20
    late = engine_game(count=2, players=1)
    late.start(T0)
    late.join("p9", "Late")
    late.accommodate("p9", time_factor=2)
    assert late.closes_at() == T0 + 20


def test_the_hosts_reveal_still_closes_at_once():
    game = game_with(2)
    game.reveal(T0 + 5)
    assert game.phase is Phase.REVEAL
    with pytest.raises(errors.NotAccepting):
        game.answer("p1", 0, ["b"], T0 + 6)


def test_a_pause_moves_personal_deadlines_and_does_not_count_in_answer_times():
    game = game_with(2)
    game.pause(T0 + 5)
    assert game.remaining_ms(T0 + 50, game.players["p1"]) == 35_000
    assert game.remaining_ms(T0 + 50) == 15_000
    game.resume(T0 + 65)  # paused for 60 s
    assert game.deadline_of(game.players["p1"]) == T0 + 100
    assert game.deadline_of(game.players["p2"]) == T0 + 80
    answer = game.answer("p1", 0, ["b"], T0 + 85)  # 25 s of play: 20 of its 40 s
    assert answer.elapsed_ms == 25_000 and answer.points == round(1000 * (1 - 25 / 40 / 2))


def test_a_pause_after_the_halls_time_keeps_only_the_extra_time_left():
    game = game_with(2)
    game.pause(T0 + 30)  # the hall's time ended 10 s ago; p1 has 10 s left
    assert game.remaining_ms(T0 + 30) == 0
    assert game.remaining_ms(T0 + 30, game.players["p1"]) == 10_000
    game.resume(T0 + 100)
    assert game.deadline_of(game.players["p1"]) == T0 + 110
    with pytest.raises(errors.NotAccepting):
        game.answer("p2", 0, ["b"], T0 + 101)
    assert game.close_if_due(T0 + 109) is False
    assert game.close_if_due(T0 + 110) is True


def test_an_extension_moves_every_deadline_by_the_same_seconds():
    game = game_with(2)
    game.extend(T0 + 5, 10)
    assert game.deadline_of(game.players["p1"]) == T0 + 50
    assert game.deadline_of(game.players["p2"]) == T0 + 30
    paused = game_with(2)
    paused.pause(T0 + 30)
    paused.extend(T0 + 30, 10)  # the hall gets 10 s again, p1 its 20 s extra on top
    assert paused.remaining_ms(T0 + 30) == 10_000
    assert paused.remaining_ms(T0 + 30, paused.players["p1"]) == 30_000


def test_network_credit_helps_speed_points_but_never_the_personal_deadline():
    game = game_with(2)
    with pytest.raises(errors.NotAccepting):
        game.answer("p1", 0, ["b"], T0 + 40.1, network_credit_ms=300)
    credited = game.answer("p1", 0, ["b"], T0 + 20.3, network_credit_ms=300)
    assert credited.elapsed_ms == 20_000 and credited.points == 750


def test_accommodating_mid_question_moves_that_players_deadline_at_once():
    game = game_with(1)
    game.accommodate("p1", time_factor=2)
    assert game.deadline_of(game.players["p1"]) == T0 + 40
    game.accommodate("p1", time_factor=1)  # back to normal: the hall's time again
    assert game.closes_at() == T0 + 20


@pytest.mark.parametrize("factor", [0, 0.5, 3, 1.25, True, "2", float("nan")])
def test_only_the_listed_time_factors_are_accepted(factor):
    game = engine_game(count=1, players=1)
    with pytest.raises(errors.InvalidAccommodation):
        game.accommodate("p1", time_factor=factor)
    assert game.players["p1"].time_factor == 1.0


def test_accommodation_is_refused_for_unknown_players_and_finished_games():
    game = engine_game(count=1, players=1)
    with pytest.raises(errors.UnknownPlayer):
        game.accommodate("nobody", time_factor=2)
    with pytest.raises(errors.InvalidAccommodation):
        game.accommodate("p1", no_speed="yes")
    game.end(T0)
    with pytest.raises(errors.IllegalTransition):
        game.accommodate("p1", time_factor=2)


def test_none_keeps_each_setting():
    game = engine_game(count=1, players=1)
    game.accommodate("p1", time_factor=1.5)
    game.accommodate("p1", no_speed=True)
    player = game.players["p1"]
    assert (player.time_factor, player.no_speed, player.accommodated) == (1.5, True, True)


def naive_closing(game) -> tuple[bool, float | None]:
    """Whether everyone expected answered, and when the question closes: walked player by
    player, as the rule reads (the engine keeps counts instead)."""
    index = game.question_index
    expected = [p for p in game.players.values() if not p.kicked and p.first_question <= index]
    waiting = [p for p in expected if (p.id, index) not in game.answers]
    extra = max(((p.time_factor - 1) * LIMIT_S for p in waiting), default=0.0)
    return bool(expected) and not waiting, game.deadline + extra


MOVES = st.lists(st.tuples(
    st.sampled_from(["join", "answer", "kick", "accommodate", "next"]),
    st.integers(min_value=1, max_value=6), st.sampled_from([1, 1.5, 2])), max_size=40)


@settings(max_examples=150, deadline=None)
@given(MOVES)
def test_the_counted_turnout_agrees_with_walking_the_players(moves):
    game = engine_game(count=4, players=3, time_limit=LIMIT_S)
    game.start(T0)
    now = T0
    for move, n, factor in moves:
        now += 0.1
        try:
            if move == "join":
                game.join(f"p{n + 10}", f"Late {n}")
            elif move == "answer":
                game.answer(f"p{n}", game.question_index, ["b"], now)
            elif move == "kick":
                game.kick(f"p{n}")
            elif move == "accommodate":
                game.accommodate(f"p{n}", time_factor=factor)
            elif game.phase is Phase.QUESTION:
                game.reveal(now)
                game.next(now)
                game.next(now)
        except errors.GameError:
            pass
        if game.phase is not Phase.QUESTION:
            return
        everyone, closes_at = naive_closing(game)
        assert game.closes_at() == closes_at
        assert game.close_if_due(now) is everyone
        if everyone:
            return
