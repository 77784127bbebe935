"""The chaos game: real phones drop and come back at random moments, the server is killed once.

`play_chaos` runs one whole game against a real `quiz serve` (a `LiveServer`) with real
python-socketio clients over websocket, then checks the server's results against an oracle
computed from what the phones were told:

- every player joins once; a third of them ("chaos players") lose their network at random
  moments: before answering (mid-question), between the answer's emit and its acknowledgement,
  after it, during the reveal, and right after coming back (the resume's ack is lost); each
  comes back by itself and resumes with its rotating token;
- some players skip a question, some answer only after the reveal (they must be refused);
- during one question, once half the answers are acknowledged, the server is killed with
  SIGKILL and started again on the same database and port; everyone reconnects and resumes
  (a question that comes back paused is resumed by the host);
- an answer whose acknowledgement was lost is sent again after the resume: the reply is `ok`
  (the server never had it) or `already_answered` (it had it), and it counts once.

The oracle: an answer acknowledged (`ok`, or `already_answered` on a resend) must be in the
results with its choice; an answer refused on its only attempt must not; an answer whose fate
the phone never learnt may be there or not, and counts as the server recorded it. Each
counted answer's points come from the phone's private `result` (0 when wrong, 500–1000 when
right); each player's score must be their sum, in the results API, the answers export, the
running `result` scores, `final`, the last leaderboard and the podium. No player is duplicated.

Everything random comes from one seed (printed), so a failing run can be replayed.
"""

from __future__ import annotations

import csv
import io
import random
import threading
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field

import requests

from tests.live_server import LiveServer, Phone, close_all, join_players

CHOICES = ("a", "b", "c", "d")
CORRECT = "b"  # tests.factories.question_data: choice b is right
MAX_POINTS, MIN_RIGHT_POINTS = 1000, 500  # standard points: 1000 instant, 500 at the buzzer
# What a chaos player does to its network during one question (weights).
# flap: the network comes back and goes again at once, so the resume's ack may be lost.
MOVES = {"calm": 2, "before": 3, "in_flight": 3, "after": 2, "reveal": 2, "flap": 2}
WAIT_S = 90.0  # the longest any single wait may take (a restart included) before failing


@dataclass
class Answer:
    """One answer a phone tried to give, and every reply it got (None: the ack was lost)."""

    index: int
    choice: str
    replies: list[str | None] = field(default_factory=list)
    notes: list = field(default_factory=list)  # what the phone saw at each failed attempt

    @property
    def status(self) -> str:
        """acked | refused | uncertain | phantom (already_answered without an earlier try)."""
        for n, reply in enumerate(self.replies):
            if reply == "ok":
                return "acked"
            if reply == "already_answered":
                return "acked" if None in self.replies[:n] else "phantom"
        return "uncertain" if None in self.replies else "refused"


@dataclass
class Plan:
    intent: str  # answer | skip | late (only after the reveal: must be refused)
    choice: str
    move: str  # one of MOVES
    think_s: float  # the human's reading time before answering
    cut_after_s: float  # in_flight: the network goes this long after the emit
    cut: str  # in_flight: "lose_ack" (the server acted, its ack is lost), "read" (the answer
    # leaves, nothing comes back after 5 ms) or "both" (the network goes 0-30 ms after the emit)


@dataclass
class Stats:
    drops: int = 0
    lost_acks: int = 0  # attempts whose acknowledgement never came
    resent_already_answered: int = 0
    resent_ok: int = 0
    refused_late: int = 0
    uncertain: int = 0
    counted_uncertain: int = 0
    kill_at_s: float = 0.0
    down_s: float = 0.0
    came_back_paused: bool = False
    seconds: float = 0.0
    reply_sequences: dict = field(default_factory=dict)  # replies of answers tried twice+


class Progress:
    """Counters the driver waits on, per question."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.counts: Counter = Counter()
        self.errors: list[str] = []

    def bump(self, key: tuple) -> None:
        with self.changed:
            self.counts[key] += 1
            self.changed.notify_all()

    def fail(self, text: str) -> None:
        with self.changed:
            self.errors.append(text)
            self.changed.notify_all()

    def wait(self, key: tuple, target: int, timeout: float = WAIT_S) -> None:
        deadline = time.monotonic() + timeout
        with self.changed:
            while self.counts[key] < target:
                if self.errors:
                    raise AssertionError("a phone failed:\n" + "\n".join(self.errors[:5]))
                left = deadline - time.monotonic()
                if left <= 0:
                    raise TimeoutError(f"{key}: {self.counts[key]}/{target} within {timeout}s")
                self.changed.wait(left)


def code_of(reply) -> str | None:
    if not isinstance(reply, dict):
        return None
    return "ok" if reply.get("ok") else reply.get("error", {}).get("code", "?")


class ChaosPlayer:
    def __init__(self, phone: Phone, plans: list[Plan], rng: random.Random,
                 progress: Progress) -> None:
        self.phone, self.plans, self.rng, self.progress = phone, plans, rng, progress
        self.answers: dict[int, Answer] = {}
        self.drops = 0
        self.problems: list[str] = []

    def drop(self) -> None:
        self.drops += 1
        self.phone.drop()

    def answer(self, index: int, choice: str, cut_after_s: float | None = None,
               cut: str = "both") -> Answer:
        """Answer until the server says something definite, resending after every lost ack.
        `cut_after_s`: the first attempt loses its network (`cut`: see `Plan`)."""
        record = self.answers[index] = Answer(index, choice)
        deadline = time.monotonic() + WAIT_S
        while time.monotonic() < deadline:
            self.phone.wait_rejoined(timeout=WAIT_S)
            network = {}
            if cut_after_s is not None:  # the network is cut once, on the first attempt
                network = ({"lose_ack": True} if cut == "lose_ack" else
                           {"drop_after_s": cut_after_s, "drop_read_only": cut == "read"})
                self.drops += 1
                cut_after_s = None
            reply = self.phone.send("player:answer", {"question": index, "choices": [choice]},
                                    timeout=20, **network)
            code = code_of(reply)
            record.replies.append(code)
            if code != "ok":
                states = self.phone.events["state"]
                record.notes.append((code, self.plans[index].intent, self.plans[index].move,
                                     states[-1] if states else None, reply))
            if code is None or code == "unknown_player":  # lost, or not identified yet: again
                continue
            if code == "not_accepting" and self._paused():  # back after a restart, paused
                self.phone.wait_for("state", lambda _s: not self._paused(), timeout=WAIT_S)
                continue
            return record
        raise TimeoutError(f"answer {index} never settled: {record.replies}")

    def _paused(self) -> bool:
        states = self.phone.events["state"]
        return bool(states) and states[-1]["state"] == "paused"

    def play(self) -> None:
        try:
            for index, plan in enumerate(self.plans):
                self.question(index, plan)
        except Exception:
            self.progress.fail(f"{self.phone.nickname}: {traceback.format_exc()}")

    def question(self, index: int, plan: Plan) -> None:
        self.phone.wait_for("question", lambda q: q["index"] == index, timeout=WAIT_S)
        if plan.move in ("before", "flap"):  # the phone locks while the player reads
            time.sleep(self.rng.uniform(0, plan.think_s))  # a human moment, not a wait
            generation = self.phone.generation
            self.drop()
            if plan.move == "flap":  # back for an instant: the resume leaves, its ack is lost
                self.phone.wait_connected(generation + 1, timeout=WAIT_S)
                self.drops += 1
                self.phone.drop(read_only=True)
        time.sleep(plan.think_s)  # reading time (the chaos is in when things happen)
        if plan.intent == "answer":
            in_flight = plan.move == "in_flight"
            self.answer(index, plan.choice, plan.cut_after_s if in_flight else None, plan.cut)
            if self.answers[index].status == "acked":
                self.progress.bump(("acked", index))
            if plan.move == "after":
                self.drop()
                self.phone.wait_rejoined(timeout=WAIT_S)
                back = self.phone.events["rejoined"][-1]
                acked = self.answers[index].status == "acked"
                if back["state"] == "question" and back["answered"] != acked:
                    # still this question (the host waits for this phone to move on)
                    self.problems.append(f"{self.phone.nickname} q{index}: resumed with "
                                         f"answered={back['answered']} after status {acked}")
        self.progress.bump(("answered", index))
        if plan.intent == "late" or plan.move == "reveal":
            self.phone.wait_for("reveal", lambda r: r["index"] == index, timeout=WAIT_S)
            if plan.move == "reveal":
                self.drop()
                self.phone.wait_rejoined(timeout=WAIT_S)
            if plan.intent == "late":
                self.answer(index, plan.choice)
        self.progress.bump(("settled", index))


def make_plans(rng: random.Random, players: int, questions: int, think_max_s: float,
               ) -> tuple[list[list[Plan]], set[int]]:
    chaotic = set(rng.sample(range(players), players // 3))
    moves, weights = list(MOVES), list(MOVES.values())
    plans = []
    for n in range(players):
        row = []
        for _ in range(questions):
            intent = rng.choices(["answer", "skip", "late"], [90, 4, 6])[0]
            move = rng.choices(moves, weights)[0] if n in chaotic else "calm"
            cut = rng.choice(["lose_ack", "read", "both"])
            row.append(Plan(intent, rng.choice(CHOICES), move, rng.uniform(0, think_max_s),
                            0.005 if cut == "read" else rng.uniform(0, 0.03), cut))
        plans.append(row)
    first = plans[min(chaotic)][0]  # at least one answer surely reached the server unacked
    first.intent, first.move, first.cut = "answer", "in_flight", "lose_ack"
    return plans, chaotic


def play_chaos(server: LiveServer, players: int, questions: int, seed: int,
               kill_at: int | None = None, think_max_s: float = 2.0,
               kill_after: float = 0.5, min_down_s: float = 0.0) -> dict:
    """Play one chaos game on `server` (a fresh instance with a host token in `server.token`
    and a quiz `chaos` of `questions` questions); return the report, or raise AssertionError
    with every difference from the oracle. The server is killed during question `kill_at`
    (default: the middle one) once `kill_after` of the players' answers are acknowledged, and
    stays down at least `min_down_s` (an outage longer than the question's time left)."""
    print(f"chaos: seed={seed} players={players} questions={questions}", flush=True)
    rng = random.Random(seed)
    kill_at = questions // 2 if kill_at is None else kill_at
    stats, progress = Stats(), Progress()
    started = time.monotonic()
    headers = {"Authorization": f"Bearer {server.token}"}
    game = requests.post(f"{server.url}/api/games", json={"quiz_id": "chaos"}, headers=headers,
                         timeout=30).json()
    pin = game["pin"]
    host = Phone(server.url, rejoin={"event": "host:join",
                                     "payload": {"pin": pin, "host_token": game["host_token"]}})
    screen = Phone(server.url, rejoin={"event": "screen:join", "payload": {"pin": pin}})
    phones: list[Phone] = []
    threads: list[threading.Thread] = []
    try:
        assert host.identify()["ok"] and screen.identify()["ok"]
        phones = join_players(server.url, pin, [f"Joueur {n}" for n in range(players)],
                              concurrency=8)
        plans, chaotic = make_plans(rng, players, questions, think_max_s)
        chaos_players = [
            ChaosPlayer(phone, plans[n], random.Random(rng.random()), progress)
            for n, phone in enumerate(phones)
        ]
        screen.wait_for("lobby", lambda d: d["count"] == players, timeout=WAIT_S)
        threads = [threading.Thread(target=p.play, daemon=True) for p in chaos_players]
        for thread in threads:
            thread.start()

        assert host.call("host:start", timeout=30)["state"] == "question"
        for index in range(questions):
            if index == kill_at:
                kill_and_restart(server, host, screen, pin, headers, progress, index,
                                 max(1, int(players * kill_after)), stats, started, min_down_s)
            progress.wait(("answered", index), players)
            reply = host.call("host:reveal", timeout=30)  # closed by itself when all answered
            assert reply["ok"] or reply["error"]["code"] == "invalid_transition", reply
            progress.wait(("settled", index), players)
            for phone in phones:  # everyone, even those who were away, sees their result
                phone.wait_for("result", lambda r, i=index: r["index"] == i, timeout=WAIT_S)
            boards = len(host.events["leaderboard"])
            assert host.call("host:next", timeout=30)["state"] == "leaderboard"
            host.wait_for("leaderboard", lambda _d, n=boards: len(host.events["leaderboard"]) > n,
                          timeout=WAIT_S)
            after = host.call("host:next", timeout=30)["state"]
            assert after == ("question" if index < questions - 1 else "finished"), after
        for thread in threads:
            thread.join(timeout=WAIT_S)
        for phone in phones:
            phone.wait_for("final", timeout=WAIT_S)
        screen.wait_for("game_over", timeout=WAIT_S)
        stats.seconds = time.monotonic() - started
        results = requests.get(f"{server.url}/api/games/{pin}/results", headers=headers,
                               timeout=30).json()
        export = requests.get(f"{server.url}/api/games/{pin}/results/answers.csv",
                              headers=headers, timeout=30).text
        problems = check(results, export, chaos_players, host, screen, questions, stats)
        stats.drops = sum(p.drops for p in chaos_players)
        report = {"seed": seed, "players": players, "questions": questions,
                  "chaos_players": len(chaotic), **stats.__dict__}
        print(f"chaos report: {report}", flush=True)
        assert not problems, f"seed {seed}: {len(problems)} problems:\n" + "\n".join(problems[:40])
        return report
    finally:
        close_all([host, screen, *phones])


def kill_and_restart(server: LiveServer, host: Phone, screen: Phone, pin: str, headers: dict,
                     progress: Progress, index: int, acks: int, stats: Stats,
                     started: float, min_down_s: float = 0.0) -> None:
    """Mid-question `index`, once `acks` answers are acknowledged: kill -9, start again after
    `min_down_s` at least (the outage is the point: this is not waiting for an event)."""
    progress.wait(("acked", index), acks)
    stats.kill_at_s = time.monotonic() - started
    down = time.monotonic()
    server.stop(kill=True)
    time.sleep(max(0.0, min_down_s - (time.monotonic() - down)))
    server.start(timeout=60)
    stats.down_s = time.monotonic() - down
    host.wait_rejoined(timeout=WAIT_S)
    screen.wait_rejoined(timeout=WAIT_S)
    state = requests.get(f"{server.url}/api/games/{pin}", headers=headers, timeout=30).json()
    if state["state"] == "paused":  # the deadline passed while the server was down
        stats.came_back_paused = True
        assert host.call("host:resume", timeout=30)["state"] == "question"
    else:
        assert state["state"] in ("question", "reveal") and state["question_index"] == index, state


def read_export(text: str) -> dict[tuple[str, int], dict]:
    rows = csv.DictReader(io.StringIO(text.lstrip("\ufeff")), delimiter=";")
    out: dict[tuple[str, int], dict] = {}
    for row in rows:
        key = (row["Pseudo"], int(row["N° question"]) - 1)
        assert key not in out, f"the export lists {key} twice"
        out[key] = {"choices": row["Réponse"], "correct": row["Correcte"] == "oui",
                    "points": int(row["Points"])}
    return out


def ranks_of(scores: dict[str, int]) -> dict[str, int]:
    """Equal scores share a rank (1, 2, 2, 4)."""
    return {who: 1 + sum(1 for other in scores.values() if other > s)
            for who, s in scores.items()}


def check(results: dict, export_text: str, chaos_players: list[ChaosPlayer], host: Phone,
          screen: Phone, questions: int, stats: Stats) -> list[str]:
    """Every difference between the server's results and the oracle, as readable lines."""
    problems: list[str] = [line for cp in chaos_players for line in cp.problems]
    server_answers = read_export(export_text)
    by_id = {p["player_id"]: p for p in results["players"]}
    ids = [cp.phone.player_id for cp in chaos_players]
    if len(results["players"]) != len(chaos_players) or set(by_id) != set(ids):
        problems.append(f"players: {len(results['players'])} in the results, "
                        f"{len(chaos_players)} joined")
    nicknames = [p["nickname"].casefold() for p in results["players"]]
    if len(set(nicknames)) != len(nicknames):
        twice = [n for n, c in Counter(nicknames).items() if c > 1]
        problems.append(f"duplicated nicknames: {twice}")

    expected_scores: dict[str, int] = {}
    distributions = [Counter() for _ in range(questions)]
    for cp in chaos_players:
        phone, nick = cp.phone, cp.phone.nickname
        results_by_index = {r["index"]: r for r in phone.events["result"]}
        score, correct_count, answer_count = 0, 0, 0
        for index in range(questions):
            record = cp.answers.get(index)
            stored = server_answers.get((nick, index))
            result = results_by_index.get(index)
            status = record.status if record else "none"
            if record is not None:
                stats.lost_acks += record.replies.count(None)
                if len(record.replies) > 1:
                    key = " > ".join(str(r) for r in record.replies)
                    stats.reply_sequences[key] = stats.reply_sequences.get(key, 0) + 1
                if status == "acked" and record.replies[-1] == "already_answered":
                    stats.resent_already_answered += 1
                elif status == "acked" and None in record.replies:
                    stats.resent_ok += 1
                elif status == "refused" and cp.plans[index].intent == "late":
                    stats.refused_late += 1
                elif status == "uncertain":
                    stats.uncertain += 1
                    print(f"uncertain: {nick} q{index}: {record.notes}", flush=True)
                    stats.counted_uncertain += stored is not None
            where = f"{nick} q{index} ({status}, replies {record.replies if record else None})"
            if status == "phantom":
                problems.append(f"{where}: already_answered before any answer reached the server")
            if status == "acked" and stored is None:
                problems.append(f"{where}: acknowledged but missing from the results")
            if stored is not None and status not in ("acked", "uncertain"):
                problems.append(f"{where}: recorded by the server but never acknowledged")
            if stored is not None and record is not None and stored["choices"] != record.choice:
                problems.append(f"{where}: recorded {stored['choices']!r}, sent {record.choice!r}")
            if result is None:
                problems.append(f"{where}: no result")
                continue
            counted = stored is not None
            if result["answered"] != counted:
                problems.append(f"{where}: result says answered={result['answered']}")
            if not counted:
                if result["points"] != 0:
                    problems.append(f"{where}: {result['points']} points without an answer")
                continue
            right = record.choice == CORRECT
            points = result["points"]
            if result["correct"] != right or stored["correct"] != right:
                problems.append(f"{where}: graded {result['correct']}/{stored['correct']}")
            if not (MIN_RIGHT_POINTS <= points <= MAX_POINTS if right else points == 0):
                problems.append(f"{where}: {points} points for a {'right' if right else 'wrong'}"
                                " answer")
            if stored["points"] != points:
                problems.append(f"{where}: export {stored['points']} points, result {points}")
            score += points
            correct_count += right
            answer_count += 1
            distributions[index][record.choice] += 1
            if result["score"] != score:
                problems.append(f"{where}: running score {result['score']}, oracle {score}")
        expected_scores[phone.player_id] = score
        server = by_id.get(phone.player_id)
        if server is None:
            continue
        final = phone.events["final"][-1] if phone.events["final"] else {}
        if (server["score"], server["correct_count"], server["answer_count"]) != (
                score, correct_count, answer_count):
            problems.append(f"{nick}: results {server['score']}/{server['correct_count']}/"
                            f"{server['answer_count']}, oracle {score}/{correct_count}/"
                            f"{answer_count} (score/correct/answers)")
        if final.get("score") != score:
            problems.append(f"{nick}: final score {final.get('score')}, oracle {score}")

    ranks = ranks_of(expected_scores)
    for player_id, server in by_id.items():
        if player_id in ranks and server["rank"] != ranks[player_id]:
            problems.append(f"{server['nickname']}: rank {server['rank']}, "
                            f"oracle {ranks[player_id]}")
    for cp in chaos_players:
        final = cp.phone.events["final"][-1] if cp.phone.events["final"] else {}
        if final.get("rank") != ranks.get(cp.phone.player_id):
            problems.append(f"{cp.phone.nickname}: final rank {final.get('rank')}, oracle "
                            f"{ranks.get(cp.phone.player_id)}")
    for index, question in enumerate(results["questions"]):
        counted = sum(distributions[index].values())
        if question["answer_count"] != counted:
            problems.append(f"q{index}: {question['answer_count']} answers, oracle {counted}")
        oracle = {c: distributions[index][c] for c in CHOICES}
        if question["distribution"] != oracle:
            problems.append(f"q{index}: distribution {question['distribution']}, oracle {oracle}")
        reveals = [r for r in screen.events["reveal"] if r["index"] == index]
        if not reveals or reveals[-1]["distribution"] != oracle:
            problems.append(f"q{index}: projector reveal {reveals[-1:]} , oracle {oracle}")
    top = host.events["leaderboard"][-1]["top"]
    for row in top:
        if row["score"] != expected_scores.get(row["player_id"]) or row["rank"] != ranks.get(
                row["player_id"]):
            problems.append(f"last leaderboard: {row}, oracle score "
                            f"{expected_scores.get(row['player_id'])}")
    best = sorted(expected_scores.values(), reverse=True)[:len(top)]
    if [row["score"] for row in top] != best:
        problems.append(f"last leaderboard scores {[r['score'] for r in top]}, oracle {best}")
    podium = screen.events["game_over"][-1]["podium"]
    oracle_podium = sorted((r, pid) for pid, r in ranks.items() if r <= 3)
    if sorted((row["rank"], row["player_id"]) for row in podium) != oracle_podium:
        problems.append(f"podium {podium}, oracle {oracle_podium}")
    return problems
