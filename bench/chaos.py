"""The full chaos run: 200 real phones, 5 questions, a third of them dropping and coming back
at random moments, and the server killed (SIGKILL) and restarted once mid-question.

    python bench/chaos.py                         # 200 phones, 5 questions, a random seed
    python bench/chaos.py --seed 123456           # replay a run (the seed is printed)
    python bench/chaos.py --players 60 --questions 3 --runs 5

It starts `quiz serve` in a temporary instance folder (the tests' LiveServer), plays the game
of tests/chaos.py with threaded python-socketio clients over websocket, and checks the server's
results against the oracle computed from the acknowledged answers (docs/performance.md,
"Chaos"). The exit status is 0 only when every run matched the oracle. The short version of
the same game runs in the test suite: tests/e2e/test_chaos.py.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.chaos import play_chaos  # noqa: E402
from tests.factories import write_quiz  # noqa: E402
from tests.live_server import LiveServer  # noqa: E402


def run_once(players: int, questions: int, seed: int, time_limit: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="quiz-chaos-") as folder:
        workdir = Path(folder)
        write_quiz(workdir / "questions", "chaos", count=questions, time_limit=time_limit)
        server = LiveServer(workdir, workdir / "questions", env={"PYTHONPATH": str(ROOT)})
        server.token = server.create_host()
        server.start(timeout=60)
        try:
            return play_chaos(server, players, questions, seed)
        finally:
            server.stop()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--players", type=int, default=200)
    parser.add_argument("--questions", type=int, default=5)
    parser.add_argument("--seed", type=int, help="replay this run (default: a random seed)")
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--time-limit", type=int, default=60, help="seconds per question")
    args = parser.parse_args()
    failures = 0
    for run in range(args.runs):
        seed = args.seed if args.seed is not None and run == 0 else random.randrange(10**6)
        started = time.monotonic()
        try:
            report = run_once(args.players, args.questions, seed, args.time_limit)
            report["wall_s"] = round(time.monotonic() - started, 1)
            print(json.dumps(report, default=str))
        except (AssertionError, TimeoutError, RuntimeError) as exc:
            failures += 1
            print(f"run {run + 1} FAILED (seed {seed}): {exc}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
