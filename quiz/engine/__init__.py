"""The pure game core: phases, the game, scoring, named errors. No framework, no clock, no I/O."""

from quiz.engine.errors import GameError, IllegalTransition
from quiz.engine.game import Answer, Choice, Game, Player, Question
from quiz.engine.phase import Phase
from quiz.engine.scoring import points_for

__all__ = [
    "Answer",
    "Choice",
    "Game",
    "GameError",
    "IllegalTransition",
    "Phase",
    "Player",
    "Question",
    "points_for",
]
