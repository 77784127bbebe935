"""`quiz purge`: old finished games lose their players and answers; the statistics stay.

Runs on SQLite and on a fresh PostgreSQL database (skipped when absent, unless CI requires it).
"""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from sqlalchemy import func, select, text, update

import quiz
from quiz.bank.format import read_quiz_file
from quiz.store import migrate, models, stats
from quiz.store.database import Database
from quiz.store.games import GameStore
from quiz.store.purge import parse_duration, purge
from quiz.store.quizzes import save_quiz
from tests.factories import write_quiz
from tests.services import fresh_postgres_database
from tests.store.test_stats import play

DAYS = timedelta(days=1)
NICKNAMES = ("Ada", "Bea", "Cy", "Troll")


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path: Path):
    def made(url: str):
        migrate.upgrade(url)  # through the migrations: the question_plays table of 0004
        db = Database()
        db.connect(url)
        save_quiz(db, read_quiz_file(write_quiz(tmp_path / "q", "stats", count=3)))
        return db

    if request.param == "sqlite":
        db = made(f"sqlite:///{tmp_path / 'purge.db'}")
        yield GameStore(db)
        db.engine.dispose()
        return
    with fresh_postgres_database() as url:
        db = made(url)
        yield GameStore(db)
        db.engine.dispose()


def age(store: GameStore, pin: str, days: float) -> None:
    """Make a game look opened and finished `days` ago."""
    when = models.utcnow() - timedelta(days=days)
    with store.db.session() as session:
        session.execute(update(models.Game).where(models.Game.pin == pin).values(
            created_at=when, finished_at=when if days else None))
        session.commit()


def count(store: GameStore, table) -> int:
    with store.db.session() as session:
        return session.scalar(select(func.count()).select_from(table))


def pins(store: GameStore) -> set[str]:
    with store.db.session() as session:
        return set(session.scalars(select(models.Game.pin)))


def history(store: GameStore) -> list[str]:
    """Five games of the "stats" quiz: three old and finished, one recent, one running."""
    old_a = play(store, [{"Ada": ("b", 2), "Bea": ("a", 4)}, {"Ada": ("c", 3), "Bea": ("b", 5)},
                         {"Ada": ("b", 1)}])
    old_b = play(store, [{"Ada": ("b", 1), "Bea": ("b", 3), "Cy": ("b", 10), "Troll": ("d", 1)},
                         {"Cy": ("a", 7)}], skip=1, kick="Troll")
    old_c = play(store, [{"Bea": ("c", 6), "Cy": ("b", 9)}])
    recent = play(store, [{"Ada": ("a", 2), "Cy": ("b", 2)}])
    running = play(store, [{"Ada": ("b", 8)}], end=False)
    for pin, days in ((old_a, 90), (old_b, 45), (old_c, 31), (recent, 3), (running, 60)):
        age(store, pin, days)
    with store.db.session() as session:  # a running game opened long ago is still running
        session.execute(update(models.Game).where(models.Game.pin == running)
                        .values(finished_at=None))
        session.commit()
    return [old_a, old_b, old_c, recent, running]


def test_purge_deletes_old_finished_games_and_keeps_recent_and_running_ones(store):
    old_a, old_b, old_c, recent, running = history(store)
    players_before, answers_before = count(store, models.Player), count(store, models.Answer)
    report = purge(store.db, 30 * DAYS)
    assert sorted(report.games) == sorted([old_a, old_b, old_c])
    assert pins(store) == {recent, running}
    assert report.players == 2 + 4 + 2 and report.kept_unfinished == 1
    assert count(store, models.Player) == players_before - report.players == 2 + 1
    assert count(store, models.Answer) == answers_before - report.answers
    with store.db.session() as session:
        left = set(session.scalars(select(models.Player.game_id)))
        games = set(session.scalars(select(models.Game.id)))
    assert left <= games  # no orphan player, hence no orphan nickname or recovery code
    # Closed, not cancelled questions: 3, then 2 (q2 skipped, so q3 opened, then the end), 1.
    assert report.question_plays == count(store, models.QuestionPlay) == 6


def test_the_statistics_are_identical_before_and_after_the_purge(store):
    history(store)
    before = stats.question_stats(store.db)
    one_before = stats.question_stats(store.db, ["stats-q1", "stats-q3", "unknown"])
    purge(store.db, 30 * DAYS)
    assert stats.question_stats(store.db) == before
    assert stats.question_stats(store.db, ["stats-q1", "stats-q3", "unknown"]) == one_before
    q1 = before["stats-q1"]
    assert q1.times_played == 5 and q1.answers == 2 + 3 + 2 + 2 + 1  # the troll left out
    purge(store.db, timedelta(0))  # and after the recent game goes too
    assert stats.question_stats(store.db) == before


def test_what_is_kept_is_anonymous(store):
    old_a, old_b, *_ = history(store)
    purge(store.db, 30 * DAYS)
    with store.db.session() as session:
        rows = session.scalars(select(models.QuestionPlay).where(
            models.QuestionPlay.pin == old_b).order_by(models.QuestionPlay.question_index)).all()
        assert [(r.question_id, r.players, r.answers, r.correct, r.elapsed_ms, r.distribution,
                 r.median_ms) for r in rows] == [
            ("stats-q1", 3, 3, 3, [1000, 3000, 10000], {"b": 3}, 3000),
            ("stats-q3", 3, 0, 0, [], {}, None)]  # opened by the skip, then the game ended
        dump = repr([tuple(row) for row in session.execute(text("SELECT * FROM question_plays"))])
    for name in NICKNAMES:
        assert name not in dump


def test_a_purged_game_is_gone_from_a_running_servers_memory_too(store):
    old_a, *_ = history(store)
    assert store.get(old_a) is not None  # cached by this "server"
    purge(store.db, 30 * DAYS)
    assert store.get(old_a) is None


def test_a_purge_twice_purges_nothing_more(store):
    history(store)
    first = purge(store.db, 30 * DAYS)
    second = purge(store.db, 30 * DAYS)
    assert len(first.games) == 3 and second.games == [] and second.question_plays == 0
    assert count(store, models.QuestionPlay) == 6


def test_a_dry_run_changes_nothing(store):
    history(store)
    report = purge(store.db, 30 * DAYS, dry_run=True)
    assert len(report.games) == 3 and report.players == 8
    assert len(pins(store)) == 5 and count(store, models.QuestionPlay) == 0
    assert "Would purge 3 game(s)" in report.lines(dry_run=True)[0]


def test_abandoned_games_go_only_when_asked(store):
    *_, recent, running = history(store)
    purge(store.db, 30 * DAYS, include_unfinished=True)
    assert pins(store) == {recent}
    # the running game's closed question is kept as a statistic too
    assert stats.question_stat(store.db, "stats-q1").times_played == 5


# ---- durations and the command --------------------------------------------------------------

@pytest.mark.parametrize("written, seconds", [
    ("30d", 30 * 86_400), ("12h", 12 * 3_600), ("90m", 5_400), ("90min", 5_400),
    ("2w", 14 * 86_400), ("45s", 45), (" 1.5D ", 129_600), ("0d", 0),
])
def test_durations(written, seconds):
    assert parse_duration(written) == timedelta(seconds=seconds)


@pytest.mark.parametrize("written", ["30", "d", "-3d", "3y", "", "3 days", "1e3d"])
def test_bad_durations(written):
    with pytest.raises(ValueError, match="not a duration"):
        parse_duration(written)


def run_quiz(env: dict, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "quiz.cli", *args], env=env,
                          capture_output=True, text=True, timeout=120)


def test_the_purge_command_reports_what_it_deleted(tmp_path: Path):
    root = str(Path(quiz.__file__).resolve().parent.parent)
    env = {"QUIZ_INSTANCE_PATH": str(tmp_path / "instance"), "PATH": "/usr/bin:/bin",
           "PYTHONPATH": root, "HOME": os.environ.get("HOME", "/root")}
    assert run_quiz(env, "init-db").returncode == 0
    db = Database()
    db.connect(f"sqlite:///{tmp_path / 'instance' / 'quiz.db'}")
    save_quiz(db, read_quiz_file(write_quiz(tmp_path / "q", "stats", count=3)))
    store = GameStore(db)
    old = play(store, [{"Ada": ("b", 2), "Bea": ("a", 4)}])
    age(store, old, 40)
    kept = play(store, [{"Ada": ("b", 2)}])

    bad = run_quiz(env, "purge", "--older-than", "30")
    assert bad.returncode == 2 and "not a duration" in bad.stderr
    dry = run_quiz(env, "purge", "--older-than", "30d", "--dry-run")
    assert dry.returncode == 0, dry.stderr
    assert "Would purge 1 game(s)" in dry.stdout and pins(store) == {old, kept}
    done = run_quiz(env, "purge", "--older-than", "30d")
    assert done.returncode == 0, done.stderr
    assert "Purged 1 game(s)" in done.stdout
    assert "2 player(s) and 2 answer(s) deleted" in done.stdout
    assert "Anonymous statistics kept: 1 question play(s)." in done.stdout
    assert old in done.stdout
    assert pins(store) == {kept}
    again = run_quiz(env, "purge", "--older-than", "12h")
    assert "Purged 0 game(s)" in again.stdout
    db.engine.dispose()
