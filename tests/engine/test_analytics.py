"""Results of a played game: rankings, teams, per-question figures, a player's recap."""

from __future__ import annotations

import dataclasses

import pytest

from quiz.engine import analytics, errors
from tests.factories import engine_game

T0 = 1000.0


def play(game, picks: list[dict[str, tuple[str, float]]], end: bool = True):
    """Play question after question: picks[i] maps player id -> (choice, seconds after open)."""
    now = T0
    game.start(now)
    for index, answers in enumerate(picks):
        opened = now
        for player_id, (choice, after_s) in sorted(answers.items(), key=lambda kv: kv[1][1]):
            game.answer(player_id, index, [choice], opened + after_s)
        now = opened + 30
        game.close_if_due(now)
        if index + 1 < len(picks):
            game.next(now)  # leaderboard
            game.next(now)  # next question
    if end:
        game.end(now)
    return game


@pytest.fixture
def played():
    """Five players, three questions (right answer "b"), the third never reached."""
    game = engine_game(count=3, players=5)
    return play(game, [
        {"p1": ("b", 1), "p2": ("b", 2), "p3": ("b", 3), "p4": ("b", 4), "p5": ("b", 10)},
        {"p1": ("b", 2), "p2": ("a", 4), "p3": ("c", 6), "p4": ("a", 8), "p5": ("a", 9)},
    ])


def test_players_are_ranked_with_their_correct_count_and_score(played):
    results = analytics.game_results(played)
    assert [p.player_id for p in results.players] == ["p1", "p2", "p3", "p4", "p5"]
    assert [p.rank for p in results.players] == [1, 2, 3, 4, 5]
    assert [p.correct_count for p in results.players] == [2, 1, 1, 1, 1]
    assert results.players[0].score == played.players["p1"].score > 0
    assert [p.answer_count for p in results.players] == [2, 2, 2, 2, 2]


def test_each_question_has_its_distribution_share_of_right_answers_and_median_time(played):
    first, second, third = analytics.game_results(played).questions
    assert first.distribution == {"a": 0, "b": 5, "c": 0, "d": 0}
    assert [c.count for c in second.choices] == [3, 1, 1, 0]
    assert [c.correct for c in second.choices] == [False, True, False, False]
    assert (first.answer_count, first.correct_count, first.percent_correct) == (5, 5, 100.0)
    assert (second.correct_count, second.percent_correct) == (1, 20.0)
    assert first.median_ms == 3000 and second.median_ms == 6000
    assert third.played is False and third.answer_count == 0 and third.percent_correct is None


@pytest.mark.parametrize(("share", "flag"), [
    (0.0, analytics.TOO_HARD), (19.9, analytics.TOO_HARD), (20.0, None), (90.0, None),
    (90.1, analytics.TOO_EASY), (100.0, analytics.TOO_EASY), (None, None),
])
def test_a_question_is_flagged_too_hard_under_20_and_too_easy_over_90_percent(share, flag):
    assert analytics.flag_for(share) == flag


def test_the_flags_of_a_played_game_follow_its_answers(played):
    flags = [q.flag for q in analytics.game_results(played).questions]
    assert flags == [analytics.TOO_EASY, None, None]


def test_a_cancelled_question_is_never_flagged_and_its_answers_score_nothing():
    game = engine_game(count=2, players=2)
    game.start(T0)
    game.answer("p1", 0, ["a"], T0 + 1)
    game.skip(T0 + 2)
    results = analytics.game_results(game)
    assert results.questions[0].cancelled and results.questions[0].flag is None
    assert [a.counted for a in results.answers] == [False]
    assert results.players[0].answer_count == 0


def test_kicked_players_are_left_out_of_every_figure(played):
    played.players["p5"].kicked = True
    results = analytics.game_results(played)
    assert "p5" not in [p.player_id for p in results.players]
    assert results.questions[0].answer_count == 4
    assert all(a.player_id != "p5" for a in results.answers)


def test_teams_are_ranked_by_the_average_score_of_their_players(played):
    for player_id, team in (("p1", "Dijon"), ("p2", "Dijon"), ("p3", "Lyon"), ("p4", "Lyon"),
                            ("p5", None)):
        played.players[player_id].team = team
    teams = analytics.game_results(played).teams
    assert [t.team for t in teams] == ["Dijon", "Lyon"]
    dijon = teams[0]
    assert dijon.rank == 1 and dijon.player_count == 2
    expected = (played.players["p1"].score + played.players["p2"].score) / 2
    assert dijon.average_score == pytest.approx(expected, abs=0.05)
    assert dijon.correct_count == 3


def test_a_game_without_teams_has_no_team_ranking(played):
    assert analytics.game_results(played).teams == ()


def test_the_answers_table_lists_every_answer_by_question(played):
    answers = analytics.game_results(played).answers
    assert len(answers) == 10
    assert [a.question_index for a in answers] == [0] * 5 + [1] * 5
    first = answers[0]
    assert (first.nickname, first.choices, first.correct, first.elapsed_ms) == (
        "Player 1", ("b",), True, 1000)


def test_the_median_of_an_even_count_is_the_mean_of_the_middle_two():
    assert analytics.median_ms([1000, 2000, 4000, 9000]) == 3000
    assert analytics.median_ms([]) is None


def test_a_player_recap_pairs_their_answers_with_the_right_ones(played):
    recap = analytics.player_recap(played, "p2")
    assert (recap.rank, recap.correct_count) == (2, 1)
    assert [item.index for item in recap.questions] == [0, 1]  # the third was never played
    first, second = recap.questions
    assert first.your_choices == ("b",) and first.correct and first.points > 0
    assert second.your_choices == ("a",) and not second.correct and second.points == 0
    assert [c.id for c in second.choices if c.correct] == ["b"]
    assert second.explanation == {"fr": "Explication 2.", "en": "Explanation 2."}
    assert second.source == "https://example.org/source"


def test_a_silent_player_recap_shows_the_questions_they_did_not_answer():
    game = play(engine_game(count=1, players=2), [{"p1": ("b", 1)}])
    item = analytics.player_recap(game, "p2").questions[0]
    assert (item.answered, item.correct, item.your_choices) == (False, False, None)


def test_a_poll_in_the_recap_is_neither_right_nor_wrong():
    game = engine_game(count=1, players=1)
    game.questions = (dataclasses.replace(game.questions[0], type="poll"),)
    item = analytics.player_recap(play(game, [{"p1": ("a", 1)}]), "p1").questions[0]
    assert (item.answered, item.correct, item.points) == (True, None, 0)


def test_the_recap_waits_for_the_end_of_the_game():
    game = play(engine_game(count=2, players=1), [{"p1": ("b", 1)}], end=False)
    with pytest.raises(errors.IllegalTransition):
        analytics.player_recap(game, "p1")


def test_a_kicked_player_gets_no_recap(played):
    played.players["p3"].kicked = True
    with pytest.raises(errors.UnknownPlayer):
        analytics.player_recap(played, "p3")
