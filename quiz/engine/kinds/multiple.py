"""Multiple select: partial credit by default, all-or-nothing as an option per question."""

from __future__ import annotations

from typing import Any

from quiz.engine.kinds.base import Kind, Response, require_choices


class MultipleSelect(Kind):
    name = "multiple"

    def check(self, question, choices: list[str] | None, value: Any) -> Response:
        return tuple(sorted(require_choices(question, choices)))

    def grade(self, question, response: Response) -> float:
        """Each right pick earns its share; each wrong pick cancels one share."""
        right = set(question.correct_ids)
        picked = set(response)
        if question.settings.get("all_or_nothing"):
            return 1.0 if picked == right else 0.0
        if not right:
            return 0.0
        shares = len(picked & right) - len(picked - right)
        return max(0.0, shares / len(right))
