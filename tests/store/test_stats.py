"""Across games: how each bank question did every time it was played."""

from __future__ import annotations

from pathlib import Path

import pytest

from quiz.bank.format import read_quiz_file
from quiz.store import stats
from quiz.store.database import Database
from quiz.store.games import GameStore
from quiz.store.quizzes import save_quiz
from tests.factories import write_quiz

T0 = 1_000_000.0


@pytest.fixture
def store(tmp_path: Path):
    db = Database()
    db.connect(f"sqlite:///{tmp_path / 'stats.db'}")
    db.create_all()
    save_quiz(db, read_quiz_file(write_quiz(tmp_path / "q", "stats", count=3)))
    yield GameStore(db)
    db.engine.dispose()


def play(store: GameStore, picks: list[dict[str, tuple[str, float]]], end: bool = True,
         skip: int | None = None, kick: str | None = None) -> str:
    """Play a game of the "stats" quiz; picks[i] maps nickname -> (choice, seconds to answer)."""
    pin, _ = store.create("stats")
    names = sorted({name for answers in picks for name in answers})
    ids = {}
    with store.command(pin) as live:
        for name in names:
            player = live.game.join(store.new_player_id(), name)
            store.add_player(live, player)
            ids[name] = player.id
    now = T0
    with store.command(pin) as live:
        live.game.start(now)
    for index, answers in enumerate(picks):
        for name, (choice, after_s) in answers.items():
            with store.command(pin) as live:
                store.add_answer(live, live.game.answer(ids[name], index, [choice], now + after_s))
        now += 30
        with store.command(pin) as live:
            if index == skip:
                live.game.skip(now)
                continue
            live.game.close_if_due(now)
            if index + 1 < len(picks):
                live.game.next(now)
                live.game.next(now)
    if kick:
        with store.command(pin) as live:
            store.kick(live, live.game.kick(ids[kick]).id)
    if end:
        with store.command(pin) as live:
            live.game.end(now)
    return pin


def test_a_question_sums_up_every_game_that_played_it(store):
    play(store, [{"Ada": ("b", 2), "Bea": ("a", 4)}])
    play(store, [{"Ada": ("b", 1), "Bea": ("b", 3), "Cy": ("b", 10), "Di": ("c", 6)}])
    found = stats.question_stat(store.db, "stats-q1")
    assert (found.times_played, found.answers, found.correct) == (2, 6, 4)
    assert found.percent_correct == pytest.approx(66.7)
    assert found.median_ms == 3500  # of 1, 2, 3, 4, 6, 10 seconds
    assert [play.answers for play in found.plays] == [4, 2]  # newest first
    assert [play.percent_correct for play in found.plays] == [75.0, 50.0]


def test_a_question_never_played_has_no_plays(store):
    play(store, [{"Ada": ("b", 2)}])
    found = stats.question_stat(store.db, "stats-q3")
    assert (found.times_played, found.answers, found.percent_correct, found.median_ms) == (
        0, 0, None, None)


def test_a_question_still_open_or_cancelled_does_not_count_as_played(store):
    play(store, [{"Ada": ("b", 2)}, {"Ada": ("b", 2)}], skip=1)
    play(store, [{"Ada": ("b", 2)}], end=False)  # revealed, game still going
    pin, _ = store.create("stats")
    with store.command(pin) as live:
        live.game.start(T0)  # open, never closed
    found = stats.question_stats(store.db, ["stats-q1", "stats-q2"])
    assert found["stats-q1"].times_played == 2
    assert found["stats-q2"].times_played == 0


def test_kicked_players_answers_are_left_out(store):
    play(store, [{"Ada": ("b", 2), "Troll": ("a", 1)}], kick="Troll")
    found = stats.question_stat(store.db, "stats-q1")
    assert (found.answers, found.percent_correct) == (1, 100.0)


def test_without_ids_every_played_question_is_listed(store):
    play(store, [{"Ada": ("b", 2)}, {"Ada": ("a", 2)}])
    assert set(stats.question_stats(store.db)) == {"stats-q1", "stats-q2"}


def test_past_games_list_dates_quiz_players_and_status(store):
    finished = play(store, [{"Ada": ("b", 2), "Bea": ("a", 4)}])
    waiting, _ = store.create("stats")
    games = stats.past_games(store.db)
    assert [g["pin"] for g in games] == [waiting, finished]
    assert games[1]["player_count"] == 2 and games[1]["phase"] == "finished"
    assert games[1]["quiz_title"] == "Quiz de test" and games[1]["finished_at"] is not None
