"""Ordering: put 3–6 items in order; one share of the points for each item in its place."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from quiz.engine import errors
from quiz.engine.kinds.base import Kind, Response, require_choices


class Ordering(Kind):
    name = "ordering"

    def check(self, question, choices: list[str] | None, value: Any) -> Response:
        order = require_choices(question, choices)
        if sorted(order) != sorted(question.choice_ids):
            raise errors.InvalidChoice(reason="every item exactly once")
        return tuple(order)

    def grade(self, question, response: Response) -> float:
        right = [c.id for c in question.choices]  # the bank lists items in the right order
        in_place = sum(1 for got, want in zip(response, right, strict=True) if got == want)
        return in_place / len(right)

    def correct(self, question) -> Any:
        return [c.id for c in question.choices]

    def distribution(self, question, responses: Iterable[Response]) -> Any:
        """For each item, how many players put it in its right place."""
        right = [c.id for c in question.choices]
        counts = {item: 0 for item in right}
        for response in responses:
            for got, want in zip(response, right, strict=True):  # type: ignore[arg-type]
                if got == want:
                    counts[want] += 1
        return counts
