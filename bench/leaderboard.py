"""Server time of the leaderboard and of the reveal's private results, without the network.

The host's `host:next -> leaderboard` round trip in the load test is an upper bound: it
includes the broadcast to every phone, which the bare server pays too. This measures what
only our server does, in-process: the engine's ranking and team standings and the payloads
(`quiz.web.views`) for N players in teams, after three answered questions; and, for
comparison in the same run, `json.dumps` of the leaderboard payload (what any server pays to
send it).

    python bench/leaderboard.py --players 1000,2000
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from quiz import engine  # noqa: E402
from quiz.bank.format import question_from_data  # noqa: E402
from quiz.web import views  # noqa: E402

QUESTIONS = 3
TEAMS = 40
REPEATS = 21


def played_game(players: int, seed: int = 1) -> engine.Game:
    """A game of `players` players in TEAMS teams, QUESTIONS answered, at its last reveal."""
    rng = random.Random(seed)
    questions = tuple(question_from_data({
        "id": f"q{n}", "type": "single", "text": {"fr": f"Question {n} ?"},
        "choices": [{"id": c, "text": {"fr": c}, **({"correct": True} if c == "b" else {})}
                    for c in "abcd"],
        "time_limit": 10, "points": "standard", "explanation": {"fr": "."}, "source": "bench",
    }) for n in range(QUESTIONS))
    game = engine.Game(pin="100000", questions=questions, max_players=players,
                       free_teams=True, streak_bonus=True)
    for n in range(players):
        game.join(f"p{n}", f"Joueur {n}", team=f"Ville {n % TEAMS}")
    now = 1000.0
    for index in range(QUESTIONS):
        if index == 0:
            game.start(now)
        else:
            game.next(now)  # leaderboard -> next question
        for n in range(players):
            game.answer(f"p{n}", index, [rng.choice("abcd")], now + rng.uniform(0.5, 3.0))
        game.reveal(now + 5)
        if index + 1 < QUESTIONS:
            game.next(now + 6)  # reveal -> leaderboard
        now += 20
    return game


def median_ms(work, repeats: int = REPEATS) -> float:
    samples = []
    for _ in range(repeats):
        start = time.perf_counter()
        work()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def all_results(game: engine.Game) -> None:
    teams = views.team_standings(game)
    for rank, player in game.ranking():
        views.result_view(game, player, rank, teams)


def measure(players: int) -> dict:
    """Median milliseconds of each piece of server work, for one game size."""
    game = played_game(players)
    payload = views.leaderboard_view(game)
    return {
        "players": players,
        "leaderboard_ms": median_ms(lambda: views.leaderboard_view(game)),
        "all_results_ms": median_ms(lambda: all_results(game)),
        "json_baseline_ms": median_ms(lambda: json.dumps(payload)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--players", default="1000,2000")
    args = parser.parse_args(argv)
    for n in (int(x) for x in args.players.split(",") if x):
        print(json.dumps(measure(n)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
