"""Single choice and true/false: exactly one choice, right or wrong."""

from __future__ import annotations

from typing import Any

from quiz.engine import errors
from quiz.engine.kinds.base import Kind, Response, require_choices


class SingleChoice(Kind):
    name = "single"

    def check(self, question, choices: list[str] | None, value: Any) -> Response:
        chosen = require_choices(question, choices)
        if len(chosen) != 1:
            raise errors.InvalidChoice(choices=chosen)
        return tuple(chosen)

    def grade(self, question, response: Response) -> float:
        return 1.0 if set(response) == set(question.correct_ids) else 0.0


class TrueFalse(SingleChoice):
    name = "true_false"
