"""Group commit (quiz.store.answers): answers that arrive together share one transaction, each
is acknowledged only after it, and a faulty answer fails alone."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import event, func, select

from quiz.bank.format import read_quiz_file
from quiz.engine import Phase, errors
from quiz.store import models
from quiz.store.database import Database
from quiz.store.games import GameStore
from quiz.store.quizzes import save_quiz
from tests.factories import write_quiz

T0 = 1_000_000.0
PLAYERS = 30


@pytest.fixture
def store(tmp_path: Path):
    """A store on one SQLite database (the embedded default, where answers are batched)."""
    db = Database()
    db.connect(f"sqlite:///{tmp_path / 'answers.db'}")
    db.create_all()
    save_quiz(db, read_quiz_file(write_quiz(tmp_path / "q", "batch", count=2)))
    yield GameStore(db)
    db.engine.dispose()


@pytest.fixture
def playing(store):
    """A game of PLAYERS players, its first question open: (store, pin, player ids)."""
    pin, _ = store.create("batch")
    ids = []
    with store.command(pin) as live:
        for n in range(PLAYERS):
            player = live.game.join(store.new_player_id(), f"Joueur {n}")
            store.add_player(live, player)
            ids.append(player.id)
        live.game.start(T0)
    return store, pin, ids


@pytest.fixture
def commits(store):
    """How many transactions reach the database."""
    count = {"n": 0}

    def counted(_connection):
        count["n"] += 1

    event.listen(store.db.engine, "commit", counted)
    yield count
    event.remove(store.db.engine, "commit", counted)


def stored_answers(store) -> int:
    with store.db.session() as session:
        return session.scalar(select(func.count()).select_from(models.Answer))


def answer(store, pin: str, player_id: str, choice: str = "b"):
    """What a handler does: the engine call under the game's lock, the wait outside it."""
    with store.command(pin) as live:
        committed = store.queue_answer(live, live.game.answer(player_id, 0, [choice], T0 + 1))
    committed()


def test_answers_queued_together_share_one_commit(playing, commits):
    store, pin, ids = playing
    waits = []
    with store.command(pin) as live:
        for player_id in ids:
            waits.append(store.queue_answer(live, live.game.answer(player_id, 0, ["b"], T0 + 1)))
    assert stored_answers(store) == 0  # queued, not yet acknowledged
    before = commits["n"]
    waits[0]()
    assert commits["n"] == before + 1
    assert stored_answers(store) == PLAYERS
    for wait in waits[1:]:
        wait()  # already written: returns at once
    assert commits["n"] == before + 1


def test_answers_from_many_threads_are_all_stored_in_fewer_commits(playing, commits):
    store, pin, ids = playing
    start = threading.Barrier(len(ids))
    failures = []

    def phone(player_id):
        start.wait()
        try:
            answer(store, pin, player_id)
        except Exception as exc:  # noqa: BLE001 - reported below
            failures.append(exc)

    threads = [threading.Thread(target=phone, args=(pid,)) for pid in ids]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not failures
    assert stored_answers(store) == PLAYERS
    assert commits["n"] < PLAYERS


def test_a_refused_row_fails_alone_and_the_others_of_its_batch_are_stored(playing):
    store, pin, ids = playing
    other = GameStore(store.db)
    other.get(pin)  # a second cache, loaded before the answer below
    answer(store, pin, ids[0])
    with other.command(pin) as live:
        duplicate = other.queue_answer(live, live.game.answer(ids[0], 0, ["a"], T0 + 2))
        fine = other.queue_answer(live, live.game.answer(ids[1], 0, ["a"], T0 + 2))
    with pytest.raises(errors.AlreadyAnswered):
        duplicate()
    fine()
    assert stored_answers(store) == 2
    reloaded = GameStore(store.db).get(pin).game
    assert reloaded.answers[(ids[0], 0)].choices == ("b",)
    assert (ids[1], 0) in reloaded.answers


def test_a_phase_change_stores_the_answers_before_it(playing):
    store, pin, ids = playing
    with store.command(pin) as live:
        waits = [store.queue_answer(live, live.game.answer(pid, 0, ["b"], T0 + 1))
                 for pid in ids[:5]]
        live.game.reveal(T0 + 2)
    # Saving the reveal wrote the answers first, though nobody waited for them yet.
    assert stored_answers(store) == 5
    reloaded = GameStore(store.db).get(pin).game
    assert reloaded.phase is Phase.REVEAL and len(reloaded.answers) == 5
    for wait in waits:
        wait()


def test_a_failed_commit_reaches_every_handler_of_its_batch(playing, monkeypatch):
    store, pin, ids = playing

    def broken(_rows):
        raise RuntimeError("disk full")

    monkeypatch.setattr(store.answers, "_insert", broken)
    with store.command(pin) as live:
        waits = [store.queue_answer(live, live.game.answer(pid, 0, ["b"], T0 + 1))
                 for pid in ids[:3]]
    for wait in waits:
        with pytest.raises(RuntimeError, match="disk full"):
            wait()
    monkeypatch.undo()
    # The cache forgot the answers the database never got: the phones may answer again.
    answer(store, pin, ids[0])
    assert stored_answers(store) == 1
