"""What a game says once played: rankings, teams, per-question figures, a player's recap.

Pure functions over an engine `Game`, shared by the results pages, the exports, the JSON API
and the phones' recap. Kicked players are left out everywhere, as in the game's ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from statistics import median
from typing import Any

from quiz.engine import errors
from quiz.engine.game import Game, Question, nickname_key
from quiz.engine.phase import Phase

TOO_HARD_BELOW = 0.20  # share of correct answers under which a question is flagged
TOO_EASY_ABOVE = 0.90  # share of correct answers over which a question is flagged
TOO_HARD = "too_hard"
TOO_EASY = "too_easy"


@dataclass(frozen=True)
class PlayerResult:
    rank: int
    player_id: str
    nickname: str
    team: str | None
    score: int
    correct_count: int
    answer_count: int
    time_factor: float = 1.0  # the accommodation the host gave (× 1.5, × 2, no speed)
    no_speed: bool = False


@dataclass(frozen=True)
class TeamResult:
    """A team's standing: ranked by the average score of its players."""

    rank: int | None  # None: too few members to be ranked
    team: str
    player_count: int
    average_score: float
    total_score: int
    correct_count: int


@dataclass(frozen=True)
class ChoiceResult:
    id: str
    text: dict[str, str]
    correct: bool
    count: int


@dataclass(frozen=True)
class QuestionResult:
    """One question's figures; `percent_correct` is over the players who answered it."""

    index: int
    question_id: str
    text: dict[str, str]
    played: bool
    cancelled: bool
    answer_count: int
    correct_count: int
    percent_correct: float | None
    median_ms: int | None
    choices: tuple[ChoiceResult, ...]
    flag: str | None
    type: str = "single"
    distribution: Any = None  # the kind's own summary, as the reveal shows it


@dataclass(frozen=True)
class AnswerRow:
    player_id: str
    nickname: str
    team: str | None
    question_index: int
    question_id: str
    choices: Any  # choice ids, a number or a word, as the question's kind takes them
    correct: bool | None  # None: the question has no right answer (poll, word cloud)
    points: int
    elapsed_ms: int
    counted: bool  # False when the question was cancelled


@dataclass(frozen=True)
class GameResults:
    pin: str
    state: str
    question_total: int
    players: tuple[PlayerResult, ...]
    teams: tuple[TeamResult, ...]
    questions: tuple[QuestionResult, ...]
    answers: tuple[AnswerRow, ...] = field(repr=False)


@dataclass(frozen=True)
class RecapItem:
    """One question as a player lived it, with the right answer and why."""

    index: int
    question_id: str
    text: dict[str, str]
    choices: tuple[ChoiceResult, ...]
    your_choices: Any
    answered: bool
    correct: bool | None  # None: a poll or a word cloud, with no right answer
    points: int
    cancelled: bool
    explanation: dict[str, str]
    source: str


@dataclass(frozen=True)
class Recap:
    player_id: str
    nickname: str
    rank: int | None
    score: int
    correct_count: int
    questions: tuple[RecapItem, ...]


def percent(part: int, whole: int) -> float | None:
    """`part` out of `whole` as a percentage rounded to 0.1, or None when `whole` is 0."""
    return round(100 * part / whole, 1) if whole else None


def flag_for(percent_correct: float | None) -> str | None:
    """Flag a question too hard (< 20 % correct) or too easy (> 90 %)."""
    if percent_correct is None:
        return None
    if percent_correct < TOO_HARD_BELOW * 100:
        return TOO_HARD
    if percent_correct > TOO_EASY_ABOVE * 100:
        return TOO_EASY
    return None


def median_ms(elapsed_ms: list[int]) -> int | None:
    """The median answer time in milliseconds, or None without answers."""
    return round(median(elapsed_ms)) if elapsed_ms else None


def was_played(game: Game, index: int) -> bool:
    """Whether question `index` was opened and closed (its figures are final)."""
    if index < game.question_index:
        return True
    return index == game.question_index and game.phase in (
        Phase.REVEAL, Phase.LEADERBOARD, Phase.FINISHED
    )


def game_results(game: Game) -> GameResults:
    """Every figure of a game: players, teams, questions and answers."""
    counted = [a for a in game.answers.values() if not game.players[a.player_id].kicked]
    answered: dict[str, int] = {}
    for answer in counted:
        if answer.question_index not in game.cancelled:
            answered[answer.player_id] = answered.get(answer.player_id, 0) + 1
    players = tuple(
        PlayerResult(rank, p.id, p.nickname, p.team, p.score, p.correct_count,
                     answered.get(p.id, 0), p.time_factor, p.no_speed)
        for rank, p in game.ranking()
    )
    questions = tuple(_question_result(game, i, q, counted) for i, q in enumerate(game.questions))
    answers = tuple(
        AnswerRow(
            a.player_id, game.players[a.player_id].nickname, game.players[a.player_id].team,
            a.question_index, game.questions[a.question_index].id, a.choices, a.correct,
            a.points, a.elapsed_ms, a.question_index not in game.cancelled,
        )
        for a in sorted(counted, key=lambda a: (
            a.question_index, nickname_key(game.players[a.player_id].nickname)))
    )
    return GameResults(game.pin, str(game.phase), game.total, players,
                       _teams_of(game, players), questions, answers)


def _teams_of(game: Game, players: tuple[PlayerResult, ...]) -> tuple[TeamResult, ...]:
    # The engine ranks teams itself when it knows about them (minimum sizes and all).
    ranking = getattr(game, "team_ranking", None)
    if ranking is None:
        return team_results(players)
    correct: dict[str, int] = {}
    for player in players:
        if player.team:
            correct[player.team] = correct.get(player.team, 0) + player.correct_count
    return tuple(
        TeamResult(t.rank, t.name, t.members, t.average, t.total, correct.get(t.name, 0))
        for t in ranking()
    )


def _question_result(game: Game, index: int, question: Question, answers: list) -> QuestionResult:
    mine = [a for a in answers if a.question_index == index]
    graded = [a for a in mine if a.correct is not None]
    correct = sum(1 for a in graded if a.correct)
    summary = game.distribution(index)
    counts = summary if isinstance(summary, dict) else {}
    cancelled = index in game.cancelled
    share = percent(correct, len(graded))
    return QuestionResult(
        index=index, question_id=question.id, text=question.text,
        played=was_played(game, index), cancelled=cancelled, answer_count=len(mine),
        correct_count=correct, percent_correct=share,
        median_ms=median_ms([a.elapsed_ms for a in mine]),
        choices=tuple(ChoiceResult(c.id, c.text, c.correct, int(counts.get(c.id, 0) or 0))
                      for c in question.choices),
        flag=None if cancelled else flag_for(share),
        type=question.type, distribution=summary,
    )


def team_results(players: tuple[PlayerResult, ...]) -> tuple[TeamResult, ...]:
    """Teams best first by average score; equal averages share a rank. Empty without teams."""
    members: dict[str, list[PlayerResult]] = {}
    for player in players:
        if player.team:
            members.setdefault(player.team, []).append(player)
    rows = sorted(
        (
            (team, len(group), round(sum(p.score for p in group) / len(group), 1),
             sum(p.score for p in group), sum(p.correct_count for p in group))
            for team, group in members.items()
        ),
        key=lambda row: (-row[2], row[0].casefold()),
    )
    ranked: list[TeamResult] = []
    for position, (team, count, average, total, correct) in enumerate(rows, start=1):
        rank = ranked[-1].rank if ranked and ranked[-1].average_score == average else position
        ranked.append(TeamResult(rank, team, count, average, total, correct))
    return tuple(ranked)


def player_recap(game: Game, player_id: str) -> Recap:
    """A player's own answers beside the right ones, once the game is finished."""
    if game.phase is not Phase.FINISHED:
        raise errors.IllegalTransition(current=str(game.phase), target="recap")
    player = game.players.get(player_id)
    if player is None or player.kicked:
        raise errors.UnknownPlayer(player_id=player_id)
    items = []
    for index, question in enumerate(game.questions):
        if not was_played(game, index) and (player_id, index) not in game.answers:
            continue
        answer = game.answers.get((player_id, index))
        items.append(RecapItem(
            index=index, question_id=question.id, text=question.text,
            choices=tuple(ChoiceResult(c.id, c.text, c.correct, 0) for c in question.choices),
            your_choices=answer.choices if answer else None,
            answered=answer is not None,
            correct=bool(answer and answer.correct) if question.kind.graded else None,
            points=answer.points if answer and index not in game.cancelled else 0,
            cancelled=index in game.cancelled, explanation=question.explanation,
            source=question.source,
        ))
    return Recap(player.id, player.nickname, game.rank_of(player.id), player.score,
                 player.correct_count, tuple(items))
