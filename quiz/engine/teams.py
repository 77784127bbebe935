"""Teams: one name however it is typed, and a ranking fair to small delegations."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

DEFAULT_MIN_TEAM_SIZE = 2
TEAM_MAX_CHARS = 40


def team_key(name: str) -> str:
    """The form under which "Dijon", "dijon " and "DIJON" (or "Évry", "evry") are one team."""
    decomposed = unicodedata.normalize("NFKD", name)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", bare).strip().casefold()


def clean_team_name(name: str) -> str:
    """The team name as shown: spaces tidied, case kept."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", name)).strip()


@dataclass(frozen=True)
class TeamStanding:
    """A team's place: the average of its members' scores, ranked only when big enough."""

    name: str
    members: int
    total: int
    average: float
    rank: int | None  # None: too few members to be ranked


def rank_teams(
    scores_by_team: dict[str, list[int]], min_size: int = DEFAULT_MIN_TEAM_SIZE
) -> list[TeamStanding]:
    """Rank teams by average score (so 40 people from one city do not crush a delegation of 2).

    Teams under `min_size` are listed after the ranked ones, without a rank.
    """
    standings = [
        (name, len(scores), sum(scores), sum(scores) / len(scores))
        for name, scores in scores_by_team.items() if scores
    ]
    ranked = sorted(
        (s for s in standings if s[1] >= min_size), key=lambda s: (-s[3], team_key(s[0]))
    )
    unranked = sorted((s for s in standings if s[1] < min_size), key=lambda s: team_key(s[0]))
    result: list[TeamStanding] = []
    for position, (name, members, total, average) in enumerate(ranked, start=1):
        previous = result[-1] if result else None
        rank = previous.rank if previous and previous.average == average else position
        result.append(TeamStanding(name, members, total, round(average, 1), rank))
    result += [
        TeamStanding(name, members, total, round(average, 1), None)
        for name, members, total, average in unranked
    ]
    return result
