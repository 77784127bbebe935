"""`quiz purge --older-than 30d`: forget old games' players, keep anonymous statistics.

A finished game whose end is older than the given age is deleted with everything personal it
holds: its players (nicknames, team names they typed, recovery codes, token hashes), their
answers (choices, typed words and numbers) and the game row itself (its host token hash, its
hidden words); its PIN is free again. Before that, in the same transaction, each of its closed
questions is written to `question_plays` as anonymous figures (counts, sorted answer times,
picks per choice), which the cross-game statistics read: their numbers do not change.

Games still running (or never finished) are kept, unless `--include-unfinished` is given: then
a game opened before the cut-off is purged whatever its phase (an abandoned game).
Loaded by quiz.cli as a command; imports nothing heavy until it runs.
"""

from __future__ import annotations

import argparse
import re
import sys
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # SQLAlchemy is imported by the functions: `quiz serve` patches gevent first
    from quiz.store.database import Database

HELP = "delete old finished games' players and answers, keep anonymous statistics"

UNITS = {"w": 7 * 86_400, "d": 86_400, "h": 3_600, "m": 60, "min": 60, "s": 1}
_DURATION = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(w|d|h|min|m|s)\s*$", re.IGNORECASE)


def parse_duration(text: str) -> timedelta:
    """Read an age such as `30d`, `12h`, `90m` (or `90min`), `2w`, `45s`; a unit is required."""
    match = _DURATION.match(text or "")
    if match is None:
        raise ValueError(
            f"{text!r} is not a duration: write a number and a unit, e.g. 30d, 12h, 90m, 2w")
    number, unit = float(match.group(1)), match.group(2).lower()
    return timedelta(seconds=number * UNITS[unit])


@dataclass
class PurgeReport:
    """What a purge deleted (or, dry, would delete) and what it kept."""

    cutoff: datetime
    games: list[str] = field(default_factory=list)  # the PINs of the purged games
    players: int = 0
    answers: int = 0
    question_plays: int = 0  # anonymous rows written
    kept_unfinished: int = 0  # old games not finished, left alone

    def lines(self, dry_run: bool = False) -> list[str]:
        verb = "Would purge" if dry_run else "Purged"
        lines = [
            f"{verb} {len(self.games)} game(s) finished before {self.cutoff:%Y-%m-%d %H:%M} UTC: "
            f"{self.players} player(s) and {self.answers} answer(s) deleted (nicknames, team "
            f"names, recovery codes, tokens, typed answers).",
            f"Anonymous statistics kept: {self.question_plays} question play(s).",
        ]
        if self.games:
            lines.append("PINs: " + ", ".join(self.games))
        if self.kept_unfinished:
            lines.append(
                f"{self.kept_unfinished} older game(s) never finished were kept: end them from "
                "the host console, or purge them with --include-unfinished.")
        return lines


def purge(db: Database, older_than: timedelta, now: datetime | None = None,
          include_unfinished: bool = False, dry_run: bool = False) -> PurgeReport:
    """Purge the games finished more than `older_than` ago (see the module's docstring)."""
    from sqlalchemy import delete, func, or_, select
    from sqlalchemy.exc import IntegrityError

    from quiz.store import models
    from quiz.store.stats import slots

    now = now or models.utcnow()
    report = PurgeReport(cutoff=now - older_than)
    ended = func.coalesce(models.Game.finished_at, models.Game.created_at)
    finished = (models.Game.phase == "finished") & (ended < report.cutoff)
    with db.session() as session:
        wanted = finished
        if include_unfinished:
            wanted = or_(finished, models.Game.created_at < report.cutoff)
        game_ids = session.scalars(select(models.Game.id).where(wanted)
                                   .order_by(models.Game.id)).all()
        if not include_unfinished:
            report.kept_unfinished = session.scalar(
                select(func.count()).select_from(models.Game)
                .where(models.Game.phase != "finished", models.Game.created_at < report.cutoff))
    for game_id in game_ids:  # one transaction per game: a crash leaves no half-purged game
        with db.session() as session:
            pin = session.scalar(select(models.Game.pin).where(models.Game.id == game_id))
            if pin is None:  # another purge got there first
                continue
            players = session.scalar(select(func.count()).select_from(models.Player)
                                     .where(models.Player.game_id == game_id))
            answers = session.scalar(select(func.count()).select_from(models.Answer)
                                     .where(models.Answer.game_id == game_id))
            played, _seen = slots(session, game_ids=[game_id], count_players=True)
            for slot in played:
                times = slot.elapsed_ms
                session.add(models.QuestionPlay(
                    question_id=slot.question_id, game_id=game_id, question_index=slot.index,
                    pin=slot.pin, quiz_id=slot.quiz_id, played_at=slot.played_at,
                    players=slot.players, answers=len(slot.answers), correct=slot.correct,
                    elapsed_ms=times, distribution=slot.distribution(),
                    median_ms=_median(times),
                ))
            if dry_run:
                session.rollback()
            else:
                session.execute(delete(models.Answer).where(models.Answer.game_id == game_id))
                session.execute(delete(models.Player).where(models.Player.game_id == game_id))
                session.execute(delete(models.Game).where(models.Game.id == game_id))
                try:
                    session.commit()
                except IntegrityError:  # a concurrent purge wrote this game's rows first
                    session.rollback()
                    continue
            report.games.append(pin)
            report.players += players
            report.answers += answers
            report.question_plays += len(played)
    return report


def _median(times: list[int]) -> int | None:
    from quiz.engine.analytics import median_ms

    return median_ms(times)


# ---- the command ----------------------------------------------------------------------------

def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--older-than", required=True, type=_duration_argument, metavar="AGE",
                        help="purge games finished more than AGE ago: 30d, 12h, 90m, 2w")
    parser.add_argument("--include-unfinished", action="store_true",
                        help="also purge games opened more than AGE ago that never finished")
    parser.add_argument("--dry-run", action="store_true",
                        help="say what would be purged, change nothing")


def _duration_argument(text: str) -> timedelta:
    try:
        return parse_duration(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def run(args: argparse.Namespace) -> int:
    from quiz import create_app
    from quiz.store.migrate import upgrade

    app = create_app()
    with app.app_context():
        upgrade(app.config["DATABASE_URL"])  # the question_plays table must exist
        report = purge(app.extensions["quiz_db"], args.older_than,
                       include_unfinished=args.include_unfinished, dry_run=args.dry_run)
    for line in report.lines(dry_run=args.dry_run):
        print(line)
    sys.stdout.flush()
    return 0
