"""The store: games survive a reload, and two workers can never both advance a game.

Runs on SQLite and, when it is reachable, on PostgreSQL (CI requires it).
"""

from __future__ import annotations

import threading
import time
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import event, insert, select, text

from quiz import engine
from quiz.bank.format import read_quiz_file
from quiz.engine import Phase, errors
from quiz.store import models
from quiz.store.answers import lock_open_question
from quiz.store.database import Database
from quiz.store.games import GameStore, StaleGame
from quiz.store.quizzes import save_quiz
from tests.factories import write_quiz
from tests.services import fresh_postgres_database

T0 = 1_000_000.0
# The tests of shared mode (several processes on one server database): PostgreSQL only.
on_postgresql = pytest.mark.parametrize("database_url", ["postgresql"], indirect=True)


@pytest.fixture(params=["sqlite", "postgresql"])
def database_url(request, tmp_path: Path):
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'store.db'}"
        return
    with fresh_postgres_database() as url:
        yield url


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


def test_an_answer_committed_after_a_later_one_is_still_caught_up(stores, database_url):
    """Process A drew its answer's id, then was slow to commit; meanwhile process B stored
    another answer. The id order must be the commit order, or a third process catching up
    with `id > cursor` skips A's answer (and sends that player `answered: false`)."""
    if database_url.startswith("sqlite"):
        pytest.skip("SQLite has one writer at a time: ids always commit in order")
    first, second = stores
    for store in stores:  # as on PostgreSQL in the app: other processes write too
        store.db.shared = True
    pin, _ = first.create("store")
    with first.command(pin) as live:
        slow, fast = (live.game.join(first.new_player_id(), name) for name in ("Ada", "Bob"))
        for player in (slow, fast):
            first.add_player(live, player)
        live.game.start(T0)
    watcher = second.get(pin)
    live = first.get(pin)
    fast_answer = engine.Answer(player_id=fast.id, question_index=0, choices=("a",),
                                elapsed_ms=2000, correct=False, points=0)
    engine_of = first.db.engine
    with engine_of.connect() as slow_process:
        pending = slow_process.begin()  # A: the INSERT ran, its COMMIT is late
        assert lock_open_question(slow_process, live.game_id, 0)
        slow_process.execute(insert(models.Answer), [{
            "game_id": live.game_id, "player_id": slow.id, "question_index": 0,
            "choices": ["b"], "elapsed_ms": 1000, "correct": True, "points": 950,
        }])
        stored = threading.Thread(target=first.add_answer, args=(live, fast_answer))
        stored.start()  # B: stores its answer now, or waits for A's lock
        deadline = time.monotonic() + 10
        while stored.is_alive() and not waiting_for_a_lock(engine_of):
            assert time.monotonic() < deadline, "B neither stored its answer nor waited"
            time.sleep(0.02)
        with second.command(pin):
            pass  # the watcher catches up with whatever is committed now
        pending.commit()
    stored.join(timeout=10)
    assert not stored.is_alive()
    with second.command(pin):
        pass
    assert {(slow.id, 0), (fast.id, 0)} <= set(watcher.game.answers)


def waiting_for_a_lock(engine_of) -> bool:
    with engine_of.connect() as connection:
        return bool(connection.execute(text(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
            "AND wait_event_type = 'Lock'")).scalar())


def test_players_joining_on_another_worker_are_caught_up_without_reloading_the_game(
        stores, monkeypatch):
    first, second = stores
    for store in stores:
        store.db.shared = True
    pin, _ = first.create("store")
    with first.command(pin) as live:
        first.add_player(live, live.game.join(first.new_player_id(), "Ada"))
    watcher = second.get(pin)
    reloads = []
    monkeypatch.setattr(second, "_reload", lambda live: reloads.append(live.game.pin))
    for name in ("Bob", "Chloé", "Dina"):  # a hall joining through the first worker
        with first.command(pin) as live:
            first.add_player(live, live.game.join(first.new_player_id(), name))
        assert second.get(pin) is watcher
    assert sorted(p.nickname for p in watcher.game.players.values()) == [
        "Ada", "Bob", "Chloé", "Dina"]
    assert reloads == []  # each join was read alone, not the whole game again
    with pytest.raises(errors.NicknameTaken), second.command(pin) as live:
        live.game.join(second.new_player_id(), "dina")  # the caught-up names are taken


def test_a_join_stamped_long_before_it_committed_makes_the_worker_reload(stores):
    """Out of the catch-up window: the player count still differs, so the game is reloaded."""
    from sqlalchemy import update

    first, second = stores
    for store in stores:
        store.db.shared = True
    pin, _ = first.create("store")
    with first.command(pin) as live:
        ada = live.game.join(first.new_player_id(), "Ada")
        first.add_player(live, ada)
        bob = live.game.join(first.new_player_id(), "Bob")
        first.add_player(live, bob)
    with first.db.session() as session:  # Bob's join was stamped a minute before Ada's
        ada_at = session.get(models.Player, ada.id).joined_at
        session.execute(update(models.Player).where(models.Player.id == bob.id)
                        .values(joined_at=ada_at - timedelta(minutes=1)))
        session.commit()
    watcher = second.get(pin)
    watcher.game.players.pop(bob.id)  # as if its cache had been made before Bob committed
    assert sorted(p.nickname for p in second.get(pin).game.players.values()) == ["Ada", "Bob"]


def shared_game(stores, names=("Ada", "Bob", "Chloé")):
    """Both stores in shared mode, a game of `names` on the first, its first question open."""
    first, second = stores
    for store in stores:
        store.db.shared = True
    pin, _ = first.create("store")
    with first.command(pin) as live:
        players = [live.game.join(first.new_player_id(), name) for name in names]
        for player in players:
            first.add_player(live, player)
        live.game.start(T0)
    second.get(pin)
    return pin, [player.id for player in players]


def stored_answers(store) -> set[str]:
    with store.db.session() as session:
        return set(session.scalars(select(models.Answer.player_id)))


@on_postgresql  # shared mode: several processes on one server database
def test_answers_queued_together_on_a_worker_share_one_insert(stores):
    first, _ = stores
    pin, ids = shared_game(stores)
    inserts = []
    listen = ("before_cursor_execute",
              lambda _c, _cur, statement, *_a: inserts.append(statement)
              if statement.startswith("INSERT INTO answers") else None)
    event.listen(first.db.engine, *listen)
    with first.command(pin) as live:
        waits = [first.queue_answer(live, live.game.answer(pid, 0, ["b"], T0 + 1)) for pid in ids]
    for committed in waits:
        committed()
    event.remove(first.db.engine, *listen)
    assert len(inserts) == 1
    assert stored_answers(first) == set(ids)


@on_postgresql
def test_answers_queued_when_another_worker_closed_the_question_are_refused(stores):
    first, second = stores
    pin, (ada, bob, chloe) = shared_game(stores)
    with first.command(pin) as live:
        first.queue_answer(live, live.game.answer(ada, 0, ["b"], T0 + 1))()
    with first.command(pin) as live:
        late = [first.queue_answer(live, live.game.answer(pid, 0, ["b"], T0 + 2))
                for pid in (bob, chloe)]
    with second.command(pin) as live:  # the other worker reveals before they are written
        live.game.reveal(T0 + 3)
    for committed in late:
        with pytest.raises(errors.NotAccepting):
            committed()
    assert stored_answers(first) == {ada}
    with first.command(pin) as live:  # the refusing worker forgot its cache: it agrees again
        assert live.game.phase is Phase.REVEAL and set(live.game.answers) == {(ada, 0)}


@on_postgresql
def test_a_look_at_the_database_begun_after_a_command_arrived_serves_that_command(stores):
    """Answers queued on a game's lock share one look at the database, never a stale one."""
    first, second = stores
    pin, _ = shared_game(stores)
    live = second.get(pin)
    statements = []
    listen = ("before_cursor_execute", lambda *args: statements.append(args[2]))
    event.listen(second.db.engine, *listen)
    try:
        arrived = time.monotonic()
        with live.lock:
            assert second._sync(live, arrived)
        looked = len(statements)
        assert looked >= 1
        with live.lock:  # arrived before that look began: it serves this one too
            assert second._sync(live, arrived)
        assert len(statements) == looked
        with first.command(pin) as mine:  # then another worker lets a player in...
            first.add_player(mine, mine.game.join(first.new_player_id(), "Dina"))
        with second.command(pin) as seen:  # ...and a command arriving now sees them
            assert "Dina" in {p.nickname for p in seen.game.players.values()}
    finally:
        event.remove(second.db.engine, *listen)
