"""What every question kind provides: check an answer, grade it, and sum up the answers."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from quiz.engine import errors

if TYPE_CHECKING:
    from quiz.engine.game import Question

# What a player sent, once checked: choice ids in order, a number or a text.
Response = tuple[str, ...] | float | str


class Kind:
    """One kind of question. Subclasses override what differs; a new kind is one module."""

    name = ""
    graded = True  # False: no right answer, no points (polls, word clouds)
    timed_by_default = True  # speed counts unless the question says otherwise

    def check(self, question: Question, choices: list[str] | None, value: Any) -> Response:
        """Return the answer in its checked form, or raise InvalidChoice / BadAnswer."""
        raise NotImplementedError

    def grade(self, question: Question, response: Response) -> float:
        """How right the answer is, from 0 (wrong) to 1 (fully right)."""
        raise NotImplementedError

    def is_right(self, share: float) -> bool:
        """Whether an answer graded `share` counts as right (for streaks and counts)."""
        return share >= 1.0

    def correct(self, question: Question) -> Any:
        """The right answer as the reveal shows it."""
        return [c.id for c in question.choices if c.correct]

    def distribution(self, question: Question, responses: Iterable[Response]) -> Any:
        """How the hall answered, as the reveal shows it."""
        counts = {c.id: 0 for c in question.choices}
        for response in responses:
            for choice in response:  # type: ignore[union-attr]
                counts[choice] = counts.get(choice, 0) + 1
        return counts

    def public(self, question: Question) -> dict[str, Any]:
        """Extra fields every client may see while the question is open (never the answer)."""
        return {}


def require_choices(question: Question, choices: list[str] | None) -> list[str]:
    """The choice ids sent, each one existing in the question, or InvalidChoice."""
    if not choices or any(c not in question.choice_ids for c in choices):
        raise errors.InvalidChoice(choices=list(choices or []))
    return choices
