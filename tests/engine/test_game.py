"""The game core: every phase move, joining, answering, closing, ranking. No server."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from quiz import engine
from quiz.engine import Phase, errors
from quiz.engine.phase import ALLOWED_MOVES, check_move
from tests.factories import engine_game

T0 = 1000.0


@pytest.fixture
def game() -> engine.Game:
    return engine_game(count=3, players=2)


def open_question(game: engine.Game, index: int, now: float = T0) -> None:
    game.start(now)
    for _ in range(index):
        game.reveal(now)
        game.next(now)
        game.next(now)


# ---- the table of moves -------------------------------------------------------------------

@pytest.mark.parametrize("current", list(Phase))
@pytest.mark.parametrize("target", list(Phase))
def test_the_table_decides_every_move(current, target):
    if target in ALLOWED_MOVES[current]:
        check_move(current, target)
    else:
        with pytest.raises(errors.IllegalTransition):
            check_move(current, target)


def test_nothing_leaves_finished():
    assert ALLOWED_MOVES[Phase.FINISHED] == frozenset()


def test_a_game_goes_lobby_question_reveal_leaderboard_to_finished(game):
    assert game.phase is Phase.LOBBY
    assert game.start(T0) is Phase.QUESTION and game.question_index == 0
    assert game.reveal(T0 + 1) is Phase.REVEAL
    assert game.next(T0 + 2) is Phase.LEADERBOARD
    assert game.next(T0 + 3) is Phase.QUESTION and game.question_index == 1
    game.reveal(T0 + 4)
    game.next(T0 + 5)
    game.next(T0 + 6)
    assert game.question_index == 2
    game.reveal(T0 + 7)
    assert game.next(T0 + 8) is Phase.LEADERBOARD
    assert game.next(T0 + 9) is Phase.FINISHED


def test_next_in_the_lobby_starts_the_game(game):
    assert game.next(T0) is Phase.QUESTION


@pytest.mark.parametrize("move", ["reveal", "pause", "resume", "skip"])
def test_moves_that_need_an_open_question_fail_in_the_lobby(game, move):
    with pytest.raises(errors.IllegalTransition):
        getattr(game, move)(T0)


def test_next_during_a_question_is_refused(game):
    game.start(T0)
    with pytest.raises(errors.IllegalTransition):
        game.next(T0)


def test_start_twice_is_refused(game):
    game.start(T0)
    with pytest.raises(errors.IllegalTransition):
        game.start(T0)


def test_a_game_without_questions_cannot_start():
    empty = engine.Game(pin="000000", questions=())
    with pytest.raises(errors.IllegalTransition):
        empty.start(T0)


@pytest.mark.parametrize("index", [0, 1])
def test_end_finishes_from_any_phase(game, index):
    open_question(game, index)
    assert game.end(T0) is Phase.FINISHED
    with pytest.raises(errors.IllegalTransition):
        game.end(T0)


def test_pause_keeps_the_remaining_time_and_resume_gives_it_back(game):
    game.start(T0)
    game.pause(T0 + 5)
    assert game.phase is Phase.PAUSED and game.remaining_ms(T0 + 100) == 15_000
    game.resume(T0 + 100)
    assert game.deadline == pytest.approx(T0 + 115)
    answer = game.answer("p1", 0, ["b"], T0 + 101)
    assert answer.elapsed_ms == 6000


def test_skip_cancels_the_question_and_its_points(game):
    game.start(T0)
    game.answer("p1", 0, ["b"], T0 + 1)
    assert game.players["p1"].score == 975
    assert game.skip(T0 + 2) is Phase.QUESTION and game.question_index == 1
    assert game.players["p1"].score == 0 and 0 in game.cancelled


def test_skipping_the_last_question_shows_the_leaderboard(game):
    open_question(game, 2)
    assert game.skip(T0) is Phase.LEADERBOARD
    assert game.next(T0) is Phase.FINISHED


def test_skip_works_while_paused(game):
    game.start(T0)
    game.pause(T0 + 1)
    assert game.skip(T0 + 2) is Phase.QUESTION and game.question_index == 1


# ---- players ------------------------------------------------------------------------------

@pytest.mark.parametrize("nickname", ["", "   ", "x" * 25, "a\u200bb", "bad\x00"])
def test_invalid_nicknames_are_refused(game, nickname):
    with pytest.raises(errors.NicknameInvalid):
        game.join("p9", nickname)


def test_nicknames_are_trimmed_and_compared_without_case(game):
    assert game.join("p9", "  Marie   Curie ").nickname == "Marie Curie"
    with pytest.raises(errors.NicknameTaken):
        game.join("p10", "MARIE CURIE")


def test_a_nickname_of_24_characters_is_fine(game):
    assert game.join("p9", "é" * 24).nickname == "é" * 24


def test_joining_a_finished_or_locked_or_full_game_fails(game):
    game.lock()
    with pytest.raises(errors.LobbyLocked):
        game.join("p9", "Late")
    game.lock(False)
    game.max_players = 2
    with pytest.raises(errors.GameFull):
        game.join("p9", "Late")
    game.end(T0)
    with pytest.raises(errors.GameOver):
        game.join("p9", "Late")


def test_a_kicked_player_no_longer_plays_nor_ranks(game):
    game.start(T0)
    game.kick("p2")
    with pytest.raises(errors.UnknownPlayer):
        game.answer("p2", 0, ["b"], T0)
    assert [p.id for _, p in game.ranking()] == ["p1"]
    with pytest.raises(errors.UnknownPlayer):
        game.kick("p2")


# ---- answers ------------------------------------------------------------------------------

def test_an_answer_is_scored_by_speed(game):
    game.start(T0)
    assert game.answer("p1", 0, ["b"], T0 + 10).points == 750
    assert game.answer("p2", 0, ["a"], T0 + 1).points == 0


def test_an_answer_at_the_deadline_counts_and_after_it_does_not(game):
    game.start(T0)
    assert game.answer("p1", 0, ["b"], T0 + 20).points == 500
    with pytest.raises(errors.NotAccepting):
        game.answer("p2", 0, ["b"], T0 + 20.001)


def test_a_second_answer_is_refused(game):
    game.start(T0)
    game.answer("p1", 0, ["b"], T0)
    with pytest.raises(errors.AlreadyAnswered):
        game.answer("p1", 0, ["a"], T0)


@pytest.mark.parametrize("choices", [["z"], ["a", "b"], []])
def test_an_unknown_or_multiple_choice_is_refused(game, choices):
    game.start(T0)
    with pytest.raises(errors.InvalidChoice):
        game.answer("p1", 0, choices, T0)


def test_an_answer_to_another_question_is_refused(game):
    game.start(T0)
    with pytest.raises(errors.WrongQuestion):
        game.answer("p1", 1, ["b"], T0)


def test_an_answer_outside_a_question_is_refused(game):
    with pytest.raises(errors.NotAccepting):
        game.answer("p1", 0, ["b"], T0)


def test_an_unknown_player_cannot_answer(game):
    game.start(T0)
    with pytest.raises(errors.UnknownPlayer):
        game.answer("nobody", 0, ["b"], T0)


# ---- closing ------------------------------------------------------------------------------

def test_close_if_due_waits_for_the_deadline(game):
    game.start(T0)
    assert game.close_if_due(T0 + 19.9) is False
    assert game.close_if_due(T0 + 20) is True and game.phase is Phase.REVEAL
    assert game.close_if_due(T0 + 21) is False


def test_close_if_due_closes_early_when_everyone_answered(game):
    game.start(T0)
    game.answer("p1", 0, ["b"], T0 + 1)
    assert game.close_if_due(T0 + 1) is False
    game.answer("p2", 0, ["b"], T0 + 2)
    assert game.close_if_due(T0 + 2) is True


def test_a_paused_question_never_closes_by_time(game):
    game.start(T0)
    game.pause(T0 + 1)
    assert game.close_if_due(T0 + 100) is False


# ---- ranking and streaks ------------------------------------------------------------------

def test_equal_scores_share_a_rank():
    game = engine_game(count=1, players=4)
    game.start(T0)
    game.answer("p1", 0, ["b"], T0 + 1)
    game.answer("p2", 0, ["b"], T0 + 1)
    game.answer("p3", 0, ["b"], T0 + 2)
    assert [(rank, p.id) for rank, p in game.ranking()] == [
        (1, "p1"), (1, "p2"), (3, "p3"), (4, "p4"),
    ]
    assert game.rank_of("p4") == 4


def test_a_missed_question_breaks_the_streak(game):
    game.start(T0)
    game.answer("p1", 0, ["b"], T0)
    game.answer("p2", 0, ["b"], T0)
    game.reveal(T0)
    game.next(T0)
    game.next(T0)
    game.answer("p1", 1, ["b"], T0)
    game.reveal(T0)
    assert game.players["p1"].streak == 2 and game.players["p2"].streak == 0


def test_distribution_counts_each_choice(game):
    game.start(T0)
    game.answer("p1", 0, ["b"], T0)
    game.answer("p2", 0, ["a"], T0)
    assert game.distribution(0) == {"a": 1, "b": 1, "c": 0, "d": 0}
    assert game.answer_count(0) == 2


def test_restore_derives_scores_and_streaks_from_answers(game):
    game.start(T0)
    game.answer("p1", 0, ["b"], T0 + 1)
    game.reveal(T0 + 2)
    game.next(T0 + 3)
    game.next(T0 + 4)
    game.answer("p1", 1, ["b"], T0 + 5)
    players = [engine.Player(id=p.id, nickname=p.nickname) for p in game.players.values()]
    again = engine.Game.restore(
        game.pin, game.questions, players, list(game.answers.values()),
        phase=game.phase, question_index=game.question_index, opened_at=game.opened_at,
        deadline=game.deadline,
    )
    assert {p.id: (p.score, p.streak, p.correct_count) for p in again.players.values()} == {
        "p1": (1950, 2, 2), "p2": (0, 0, 0),
    }
    with pytest.raises(errors.NicknameTaken):
        again.join("p9", "player 1")


# ---- purity -------------------------------------------------------------------------------

def test_the_engine_imports_no_framework_and_reads_no_clock():
    folder = Path(engine.__file__).parent
    allowed = (set(sys.stdlib_module_names) - {"time", "datetime", "socket", "threading"}) | {
        "quiz"
    }
    for path in folder.rglob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                names = [node.module or ""]
            else:
                continue
            for name in names:
                assert name.split(".")[0] in allowed, f"{path.name} imports {name}"


def test_an_overdue_question_comes_back_paused_with_a_grace_period(game):
    game.start(T0)
    game.answer("p1", 0, ["b"], T0 + 1)
    assert game.interrupt(T0 + 300, grace_ms=10_000) is Phase.PAUSED
    game.resume(T0 + 400)
    assert game.deadline == pytest.approx(T0 + 410)
    assert game.answer("p2", 0, ["b"], T0 + 405).correct
    assert game.players["p1"].score == 975
