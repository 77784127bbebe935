"""Numeric estimate: points by closeness to the true value, within a tolerance."""

from __future__ import annotations

import math
import statistics
from collections.abc import Iterable
from typing import Any

from quiz.engine import errors
from quiz.engine.kinds.base import Kind, Response


class NumericEstimate(Kind):
    name = "numeric"
    timed_by_default = False  # a reflective guess: closeness counts, not speed

    def check(self, question, choices: list[str] | None, value: Any) -> Response:
        number = isinstance(value, int | float) and not isinstance(value, bool)
        if not number or not math.isfinite(value):
            raise errors.BadAnswer(reason="number")
        low, high = question.settings.get("min"), question.settings.get("max")
        if (low is not None and value < low) or (high is not None and value > high):
            raise errors.BadAnswer(reason="range", min=low, max=high)
        return float(value)

    def grade(self, question, response: Response) -> float:
        """1 when exact, falling to 0.5 at the tolerance's edge, 0 beyond it."""
        answer = float(question.settings["answer"])
        tolerance = float(question.settings.get("tolerance") or 0)
        gap = abs(float(response) - answer)  # type: ignore[arg-type]
        if tolerance <= 0:
            return 1.0 if gap == 0 else 0.0
        if gap > tolerance:
            return 0.0
        return 1.0 - gap / tolerance / 2

    def is_right(self, share: float) -> bool:
        return share > 0  # within the tolerance

    def correct(self, question) -> Any:
        return question.settings["answer"]

    def distribution(self, question, responses: Iterable[Response]) -> Any:
        values = sorted(float(r) for r in responses)  # type: ignore[arg-type]
        tolerance = float(question.settings.get("tolerance") or 0)
        answer = float(question.settings["answer"])
        return {
            "values": values[:2000],
            "count": len(values),
            "median": statistics.median(values) if values else None,
            "within_tolerance": sum(1 for v in values if abs(v - answer) <= tolerance),
        }

    def public(self, question) -> dict[str, Any]:
        keys = ("min", "max", "step", "unit")
        return {k: question.settings[k] for k in keys if question.settings.get(k) is not None}
