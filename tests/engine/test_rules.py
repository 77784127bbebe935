"""Scoring options, teams and host controls."""

from __future__ import annotations

import random

import pytest

from quiz import engine
from quiz.engine import Phase, errors
from quiz.engine.nicknames import is_offensive, suggest_nickname
from quiz.engine.scoring import points_for, streak_bonus
from quiz.engine.teams import rank_teams, team_key
from tests.factories import engine_game

T0 = 1000.0


@pytest.mark.parametrize("streak, bonus", [(0, 0), (1, 0), (2, 100), (3, 200), (6, 500), (9, 500)])
def test_the_streak_bonus_grows_by_100_up_to_500(streak, bonus):
    assert streak_bonus(streak) == bonus


def test_a_streak_bonus_is_added_to_consecutive_right_answers_and_reset_by_a_miss():
    game = engine_game(count=4, players=2)
    game.configure(streak_bonus=True)
    game.start(T0)
    points = []
    for index, pick in enumerate(["b", "b", "a", "b"]):
        if index:
            game.reveal(T0)
            game.next(T0)
            game.next(T0)
        points.append(game.answer("p1", index, [pick], T0).points)
    assert points == [1000, 1100, 0, 1000]


def test_speed_never_outweighs_correctness():
    slowest_right = points_for(True, 20_000, 20_000)
    fastest_wrong = points_for(False, 0, 20_000)
    assert slowest_right > fastest_wrong


@pytest.mark.parametrize("a, b", [("Dijon", "dijon "), ("DIJON", "Dijon"), ("Évry", "evry"),
                                  ("Saint  Denis", "saint denis")])
def test_team_names_are_normalised(a, b):
    assert team_key(a) == team_key(b)


def test_players_typing_a_team_land_in_the_same_one():
    game = engine_game(count=1, players=0)
    game.configure(free_teams=True)
    assert game.join("p1", "Anne", team="Dijon").team == "Dijon"
    assert game.join("p2", "Bob", team="  DIJON ").team == "Dijon"
    with pytest.raises(errors.TeamInvalid):
        game.join("p3", "Cyril", team="  ")


def test_a_preset_team_list_refuses_other_teams_unless_free():
    game = engine_game(count=1, players=0)
    game.configure(teams=["Lyon", "Groupe-pays Mali"])
    assert game.join("p1", "Anne", team="groupe-pays mali").team == "Groupe-pays Mali"
    with pytest.raises(errors.TeamInvalid):
        game.join("p2", "Bob", team="Paris")


def test_team_scores_are_averages_and_small_teams_are_not_ranked():
    standings = rank_teams({"Big": [1000, 0, 0, 0], "Small": [900, 700], "Solo": [3000]})
    assert [(s.name, s.average, s.rank) for s in standings] == [
        ("Small", 800.0, 1), ("Big", 250.0, 2), ("Solo", 3000.0, None),
    ]


def test_teams_with_equal_averages_share_a_rank():
    standings = rank_teams({"A": [100, 100], "B": [50, 150], "C": [0, 0]})
    assert [s.rank for s in standings] == [1, 1, 3]


def test_extend_moves_the_deadline_and_the_paused_remaining_time():
    game = engine_game(count=1)
    game.start(T0)
    game.extend(T0 + 5, 10)
    assert game.deadline == T0 + 30
    game.pause(T0 + 10)
    game.extend(T0 + 11, 10)
    assert game.remaining_ms(T0 + 50) == 30_000
    with pytest.raises(errors.IllegalTransition):
        game.extend(T0, 0)


def test_extend_outside_a_question_is_refused():
    with pytest.raises(errors.IllegalTransition):
        engine_game().extend(T0)


def test_a_late_joiner_plays_from_the_next_question():
    game = engine_game(count=2, players=1)
    game.start(T0)
    late = game.join("late", "Tardif")
    assert late.first_question == 1
    with pytest.raises(errors.NotAccepting):
        game.answer("late", 0, ["b"], T0 + 1)
    game.answer("p1", 0, ["b"], T0 + 1)
    assert game.close_if_due(T0 + 1) is True  # the late joiner is not waited for
    game.next(T0)
    game.next(T0)
    assert game.answer("late", 1, ["b"], T0).correct is True


def test_refusing_late_join_closes_the_game_once_started():
    game = engine_game(count=1, players=1)
    game.configure(late_join=False)
    game.join("p2", "Encore")
    game.start(T0)
    with pytest.raises(errors.LobbyLocked):
        game.join("p3", "Trop tard")


def test_hiding_the_leaderboard_goes_from_reveal_to_the_next_question():
    game = engine_game(count=2)
    game.configure(show_leaderboard=False)
    game.start(T0)
    game.reveal(T0)
    assert game.next(T0) is Phase.QUESTION and game.question_index == 1
    game.reveal(T0)
    assert game.next(T0) is Phase.FINISHED


@pytest.mark.parametrize("options", [{"streak_bonus": "yes"}, {"unknown": True},
                                     {"team_min_size": True}, {"teams": "Lyon"}])
def test_bad_game_options_are_refused(options):
    with pytest.raises(errors.BadAnswer):
        engine_game().configure(**options)


@pytest.mark.parametrize("nickname", ["connard", "Gros Con", "xXfuckXx", "Bâtard", "SALOPE 3"])
def test_offensive_nicknames_are_refused(nickname):
    assert is_offensive(nickname)
    with pytest.raises(errors.NicknameInvalid):
        engine_game().join("p9", nickname)


@pytest.mark.parametrize("nickname", ["Conrad", "Constance", "Hitchcock", "Scunthorpe"])
def test_innocent_nicknames_pass(nickname):
    assert not is_offensive(nickname)


def test_suggested_nicknames_are_valid_and_vary():
    rng = random.Random(1)
    names = {suggest_nickname(rng) for _ in range(20)}
    assert len(names) > 10
    for name in names:
        assert engine.game.clean_nickname(name) == name
