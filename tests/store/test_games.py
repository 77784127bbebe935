"""The store: games survive a reload, and two workers can never both advance a game.

Runs on SQLite and, when it is reachable, on PostgreSQL (CI requires it).
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import create_engine

from quiz.bank.format import read_quiz_file
from quiz.engine import Phase, errors
from quiz.store.database import Database
from quiz.store.games import GameStore, StaleGame
from quiz.store.models import Base
from quiz.store.quizzes import save_quiz
from tests.factories import write_quiz
from tests.services import require_postgres

T0 = 1_000_000.0


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    url = require_postgres()
    engine = create_engine(url)
    Base.metadata.drop_all(engine)
    engine.dispose()
    return url


@pytest.fixture
def stores(database_url: str, tmp_path: Path):
    """Two stores on one database: two worker processes, as far as the store can tell."""
    databases = []
    for _ in range(2):
        db = Database()
        db.connect(database_url)
        databases.append(db)
    databases[0].create_all()
    save_quiz(databases[0], read_quiz_file(write_quiz(tmp_path / "q", "store", count=2)))
    yield [GameStore(db) for db in databases]
    for db in databases:
        db.engine.dispose()


def test_a_game_reloads_with_its_players_answers_and_phase(stores):
    first, second = stores
    pin, _host_token = first.create("store")
    with first.command(pin) as live:
        player = live.game.join(first.new_player_id(), "Ada")
        first.add_player(live, player)
    with first.command(pin) as live:
        live.game.start(T0)
    with first.command(pin) as live:
        first.add_answer(live, live.game.answer(player.id, 0, ["b"], T0 + 2))
    reloaded = second.get(pin).game
    assert reloaded.phase is Phase.QUESTION and reloaded.deadline == T0 + 20
    assert reloaded.players[player.id].score == 950


def test_two_workers_cannot_both_advance_a_game(stores):
    first, second = stores
    pin, _ = first.create("store")
    second.get(pin)  # the second worker has the lobby in its cache
    with first.command(pin) as live:
        live.game.start(T0)
    with pytest.raises(StaleGame), second.command(pin) as live:
        live.game.start(T0)  # its cache still says lobby: the guard refuses the save
    with pytest.raises(errors.IllegalTransition), second.command(pin) as live:
        live.game.start(T0)  # reloaded: the game is already started
    assert second.get(pin).game.phase is Phase.QUESTION


def test_a_second_answer_from_another_worker_is_refused_by_the_database(stores):
    first, second = stores
    pin, _ = first.create("store")
    with first.command(pin) as live:
        player = live.game.join(first.new_player_id(), "Ada")
        first.add_player(live, player)
        live.game.start(T0)
    second.get(pin)
    with first.command(pin) as live:
        first.add_answer(live, live.game.answer(player.id, 0, ["b"], T0 + 1))
    with pytest.raises(errors.AlreadyAnswered), second.command(pin) as live:
        second.add_answer(live, live.game.answer(player.id, 0, ["a"], T0 + 2))
    assert second.get(pin).game.answers[(player.id, 0)].choices == ("b",)


def test_the_same_nickname_from_two_workers_is_refused_by_the_database(stores):
    first, second = stores
    pin, _ = first.create("store")
    second.get(pin)
    with first.command(pin) as live:
        first.add_player(live, live.game.join(first.new_player_id(), "Ada"))
    with pytest.raises(errors.NicknameTaken), second.command(pin) as live:
        second.add_player(live, live.game.join(second.new_player_id(), "ADA"))
