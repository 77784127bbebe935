"""Scoring: pure functions whose argument names carry their units."""

MAX_POINTS = 1000


STREAK_STEP = 100
STREAK_CAP = 500

# Fair timing (docs/scoring.md): a phone on a slow network is credited half its measured round
# trip, at most this much, so that its answers are not scored as slower than they were.
NETWORK_CREDIT_CAP_MS = 300


def network_credit_ms(round_trip_ms: float | None) -> int:
    """The time credited to an answer for the network: half the round trip, capped."""
    if round_trip_ms is None or round_trip_ms <= 0:
        return 0
    return min(round(round_trip_ms / 2), NETWORK_CREDIT_CAP_MS)


def points_for(
    correct: bool, elapsed_ms: int, limit_ms: int, multiplier: int = 1, timed: bool = True,
    fraction: float | None = None,
) -> int:
    """Points for one answer: 1000 when instant, 500 at the buzzer, 0 when wrong.

    `multiplier` is 1 for standard questions, 2 for double, 0 for questions worth nothing.
    `fraction` (0–1) is the share of a partly right answer (multiple select, ordering,
    estimates); `timed=False` drops the speed factor (fixed points).
    """
    share = (1.0 if correct else 0.0) if fraction is None else max(0.0, min(1.0, fraction))
    if share == 0 or multiplier == 0:
        return 0
    if not timed or limit_ms <= 0:
        return round(MAX_POINTS * share) * multiplier
    late = min(max(elapsed_ms, 0), limit_ms) / limit_ms
    return round(MAX_POINTS * share * (1 - late / 2)) * multiplier


def streak_bonus(streak: int) -> int:
    """+100 per consecutive right answer from the second, capped at +500."""
    return min(max(streak - 1, 0) * STREAK_STEP, STREAK_CAP)


POINTS_MULTIPLIER = {"standard": 1, "double": 2, "none": 0}
