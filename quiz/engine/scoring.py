"""Scoring: pure functions whose argument names carry their units."""

MAX_POINTS = 1000


def points_for(correct: bool, elapsed_ms: int, limit_ms: int, multiplier: int = 1) -> int:
    """Points for one answer: 1000 when instant, 500 at the buzzer, 0 when wrong.

    `multiplier` is 1 for standard questions, 2 for double, 0 for questions worth nothing.
    """
    if not correct or multiplier == 0:
        return 0
    if limit_ms <= 0:
        return MAX_POINTS * multiplier
    fraction = min(max(elapsed_ms, 0), limit_ms) / limit_ms
    return round(MAX_POINTS * (1 - fraction / 2)) * multiplier


POINTS_MULTIPLIER = {"standard": 1, "double": 2, "none": 0}
