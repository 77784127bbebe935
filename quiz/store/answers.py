"""Group commit: the answers that arrive together are written in one transaction.

When a question's clock runs out, hundreds of phones answer in the same second. Answers queue
here and the first handler to wait becomes the *writer*: it writes every queued answer in one
INSERT of many rows and one COMMIT, then wakes their handlers, and goes on while more are
queued. Each handler acknowledges its answer only after that commit; nothing is acknowledged
that is not on disk.

The writer first yields once (`sleep(0)`, which under gevent lets the greenlets already
scheduled run): the answers that arrived in the same turn of the event loop queue behind it and
share its statement and its commit. One SQLite row is a 0.2 ms write, but one transaction per
answer was 27 % of the server's busy time while 2,000 phones answered (issue 7); batched, 4 %.
A test can ask for a longer gathering sleep (`gather_s`).

When the batch breaks a unique constraint (a second answer that slipped past the cache), the
rows are written again one by one, so only the faulty one fails.

With several processes on one database (`Database.shared`), the answers of one question are
written in a transaction that first locks the game's row and writes nothing unless the
question is still open there (`lock_open_question`): another process may have closed it
meanwhile, and then those answers are refused (`QuestionClosed`) rather than stored behind a
reveal. The lock is held for one batch, not for one answer.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from itertools import groupby

from sqlalchemy import bindparam, insert, select
from sqlalchemy.engine import Connection
from sqlalchemy.exc import IntegrityError

from quiz.store import models
from quiz.store.database import Database

# How long the writer waits for other answers to join its transaction: by default one yield
# (see above); a test can ask for a gathering sleep.
GATHER_S = 0.0


class QuestionClosed(Exception):
    """The answer's question was no longer open in the database: nothing was written."""


# The game's row, locked until the end of the transaction: a process closing the question
# waits for the answers being written, or they wait for the close and see it.
LOCK_GAME = (
    select(models.Game.phase, models.Game.question_index)
    .where(models.Game.id == bindparam("game_id")).with_for_update()
)


def lock_open_question(connection: Connection, game_id: int, question_index: int) -> bool:
    """Lock a game's row in this transaction; True when question `question_index` is open.

    The lock also serialises a game's answers, so that their ids become visible in
    increasing order: other processes catch up with `id > answer_cursor`, which would skip an
    answer whose id was drawn before a later one's but committed after it.
    """
    row = connection.execute(LOCK_GAME, {"game_id": game_id}).one_or_none()
    return row is not None and row.phase == "question" and row.question_index == question_index


class StoredAnswer:
    """One answer in the queue: its row, and whether (and how) it was written."""

    def __init__(self, row: dict) -> None:
        self.row = row
        self.written = threading.Event()
        self.error: BaseException | None = None

    def _finish(self, error: BaseException | None = None) -> None:
        self.error = error
        self.written.set()


class AnswerQueue:
    """Answers waiting for their commit, and the writer role that one waiting handler takes."""

    def __init__(self, db: Database, gather_s: float = GATHER_S,
                 sleep: Callable[[float], None] = time.sleep) -> None:
        self.db = db
        self.gather_s = gather_s
        self.sleep = sleep
        self._queued: list[StoredAnswer] = []
        self._lock = threading.Lock()
        self._writing = False

    def put(self, row: dict) -> StoredAnswer:
        """Queue an answer row (the columns of `models.Answer`); `wait` until it is written."""
        stored = StoredAnswer(row)
        with self._lock:
            self._queued.append(stored)
        return stored

    def wait(self, stored: StoredAnswer) -> None:
        """Return once `stored` is committed; raise what writing it raised."""
        while not stored.written.is_set():
            if self._take_the_writer_role():
                self._write_until_empty()
            else:
                stored.written.wait(timeout=1.0)  # the writer wakes us; the timeout is a guard
        if stored.error is not None:
            raise stored.error

    def flush(self) -> None:
        """Return once every answer queued so far is committed (before a phase change is
        saved, so that the database never shows a reveal without the answers before it)."""
        with self._lock:
            last = self._queued[-1] if self._queued else None
        if last is not None:
            try:
                self.wait(last)
            except Exception:  # noqa: BLE001 - that answer's own handler reports it
                pass

    def _take_the_writer_role(self) -> bool:
        with self._lock:
            if self._writing:
                return False
            self._writing = True
            return True

    def _write_until_empty(self) -> None:
        try:
            self.sleep(self.gather_s)
            while True:
                with self._lock:
                    batch, self._queued = self._queued, []
                    if not batch:
                        self._writing = False
                        return
                self._write(batch)
        except BaseException:
            with self._lock:
                self._writing = False
            raise

    def _write(self, batch: list[StoredAnswer]) -> None:
        try:
            rows = [s.row for s in batch]
            outcomes = self._insert_guarded(rows) if self.db.shared else self._insert(rows)
        except BaseException as exc:  # every handler of the batch reports it
            for stored in batch:
                stored._finish(exc)
            if not isinstance(exc, Exception):
                raise
            return
        for stored, outcome in zip(batch, outcomes, strict=True):
            stored._finish(outcome)

    def _insert(self, rows: list[dict],
                question: tuple[int, int] | None = None) -> list[Exception | None]:
        """One transaction for the rows; one each when that breaks a unique constraint.

        With `question` (game id, question index: shared mode), only while that question is
        open, under its game row's lock.
        """
        try:
            with self.db.engine.begin() as connection:
                if question is not None and not lock_open_question(connection, *question):
                    return [QuestionClosed() for _ in rows]
                connection.execute(insert(models.Answer), rows)
            return [None] * len(rows)
        except IntegrityError as exc:
            if len(rows) == 1:
                return [exc]
            return [outcome for row in rows for outcome in self._insert([row], question)]

    def _insert_guarded(self, rows: list[dict]) -> list[Exception | None]:
        """Shared mode: one transaction per question, under its game's row lock."""
        def question(row: dict) -> tuple[int, int]:
            return row["game_id"], row["question_index"]

        outcomes: dict[int, Exception | None] = {}
        for key, group in groupby(sorted(rows, key=question), key=question):
            group = list(group)
            for row, outcome in zip(group, self._insert(group, key), strict=True):
                outcomes[id(row)] = outcome
        return [outcomes[id(row)] for row in rows]
