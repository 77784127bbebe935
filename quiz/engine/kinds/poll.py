"""Poll: no right answer and no points; the distribution is the point."""

from __future__ import annotations

from typing import Any

from quiz.engine.kinds.base import Response
from quiz.engine.kinds.multiple import MultipleSelect


class Poll(MultipleSelect):
    name = "poll"
    graded = False

    def grade(self, question, response: Response) -> float:
        return 0.0

    def correct(self, question) -> Any:
        return []
