"""Game phases and the table of allowed moves between them."""

from enum import StrEnum

from quiz.engine.errors import IllegalTransition


class Phase(StrEnum):
    """Where a game stands; the value is the `state` string of the public protocol."""

    LOBBY = "lobby"
    QUESTION = "question"
    PAUSED = "paused"
    REVEAL = "reveal"
    LEADERBOARD = "leaderboard"
    FINISHED = "finished"


# Every move the game may make. Anything else is a bug or a host clicking twice.
ALLOWED_MOVES: dict[Phase, frozenset[Phase]] = {
    Phase.LOBBY: frozenset({Phase.QUESTION, Phase.FINISHED}),
    Phase.QUESTION: frozenset(
        {Phase.REVEAL, Phase.PAUSED, Phase.QUESTION, Phase.LEADERBOARD, Phase.FINISHED}
    ),
    Phase.PAUSED: frozenset({Phase.QUESTION, Phase.FINISHED}),
    Phase.REVEAL: frozenset({Phase.LEADERBOARD, Phase.QUESTION, Phase.FINISHED}),
    Phase.LEADERBOARD: frozenset({Phase.QUESTION, Phase.FINISHED}),
    Phase.FINISHED: frozenset(),
}


def check_move(current: Phase, target: Phase) -> None:
    """Raise IllegalTransition unless the table allows going from `current` to `target`."""
    if target not in ALLOWED_MOVES[current]:
        raise IllegalTransition(current=str(current), target=str(target))
