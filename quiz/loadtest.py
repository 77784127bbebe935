"""`quiz loadtest`: rehearse a game with N simulated phones over real Socket.IO websockets.

The phones run in K worker processes, a few hundred sockets each (a lean Socket.IO client:
quiz/loadclient.py); a simulated host and projector run in this process. Every event is stamped with
`time.time()` where it is received, so all processes of one machine share a clock, and the
figures are computed here at the end:

- join: from the go signal to the last `player:join` acknowledgement;
- question fan-out: host sends `host:start`/`host:next` -> each phone receives `question`
  (so it includes the server's handling of the command: the audience waits for that too);
- answer ack: a phone sends `player:answer` -> its acknowledgement;
- reveal -> result: first receipt of `reveal` anywhere -> each phone's private `result`;
- answers acknowledged vs counted by the server (`GET /api/games/<pin>/results`): lost and
  duplicated must be 0.

Nothing heavy is imported at module level: `quiz` loads every plugged command at start.
"""

from __future__ import annotations

import argparse
import gc
import json
import math
import os
import random
import secrets
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

HELP = "rehearse a game with N simulated phones and report latencies"

PHONES_PER_PROCESS = 500
WANTED_OPEN_FILES = 65536
LOOP_LAG_TICK_S = 0.05
# Answers whose outcome the phone could not learn (no ack before a timeout or a drop)...
UNKNOWN_OUTCOMES = ("timeout", "disconnected", "pending")
# ...and what proves afterwards that such an answer was committed.
CONFIRMATIONS = ("already_answered", "confirmed_by_resume")


def configure(parser: argparse.ArgumentParser) -> None:
    """Declare the command's options."""
    parser.add_argument("--url", default="http://127.0.0.1:8000",
                        help="server base URL (default http://127.0.0.1:8000)")
    parser.add_argument("--players", type=int, default=100, help="simulated phones (default 100)")
    target = parser.add_mutually_exclusive_group()
    target.add_argument("--quiz", default="demo", help="quiz of the game to open (default demo)")
    target.add_argument("--pin", help="join this existing game instead of opening one")
    parser.add_argument("--token", default=os.environ.get("QUIZ_TOKEN"),
                        help="host API token (default $QUIZ_TOKEN); needed to open a game and "
                             "to count the answers on the server")
    parser.add_argument("--host-token",
                        help="with --pin: the game's host token, to let the simulated host drive "
                             "it (otherwise a person drives it from the host console)")
    parser.add_argument("--processes", type=int, default=0,
                        help=f"worker processes for the phones (default: one per "
                             f"{PHONES_PER_PROCESS} phones)")
    parser.add_argument("--answer-window", type=float, default=3.0,
                        help="phones answer within this many seconds of a question (default 3)")
    parser.add_argument("--resume-fraction", type=float, default=0.02,
                        help="share of phones that drop and resume mid-game (default 0.02)")
    parser.add_argument("--pause", type=float, default=1.0,
                        help="seconds the host waits on the reveal and the leaderboard "
                             "(default 1)")
    parser.add_argument("--join-concurrency", type=int, default=50,
                        help="joins in flight at once per process (default 50)")
    parser.add_argument("--call-timeout", type=float, default=15.0,
                        help="seconds to wait for an acknowledgement (default 15)")
    parser.add_argument("--timeout", type=float, default=900.0,
                        help="give up after this many seconds (default 900)")
    parser.add_argument("--server-pid", type=int,
                        help="server process to measure (default: found from the local port)")
    parser.add_argument("--no-screen", action="store_true", help="do not connect a projector")
    parser.add_argument("--seed", type=int, help="random seed (default: random)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def run(args: argparse.Namespace) -> int:
    """Run the load test from parsed arguments; 0 when no answer was lost or duplicated."""
    if args.players < 1:
        print("--players must be at least 1", file=sys.stderr)
        return 2
    if args.pin is None and not args.token:
        print("Opening a game needs a host API token: --token or QUIZ_TOKEN "
              "(quiz create-user NAME --role host).", file=sys.stderr)
        return 2
    plan = Plan(
        url=args.url.rstrip("/"), players=args.players, quiz_id=args.quiz, pin=args.pin,
        token=args.token, host_token=args.host_token,
        processes=args.processes or math.ceil(args.players / PHONES_PER_PROCESS),
        answer_window_s=args.answer_window, resume_fraction=args.resume_fraction,
        pause_s=args.pause, join_concurrency=args.join_concurrency,
        call_timeout_s=args.call_timeout, timeout_s=args.timeout, server_pid=args.server_pid,
        screen=not args.no_screen, seed=args.seed if args.seed is not None else random.randrange(
            1 << 30),
        progress=not args.quiet,
    )
    try:
        report = run_load(plan)
    except LoadTestError as exc:
        print(f"loadtest: {exc}", file=sys.stderr)
        return 2
    if args.json:
        print(json.dumps(report, indent=2))
    else:
        print(format_report(report))
    return 0 if report["ok"] else 1


class LoadTestError(Exception):
    """The load test could not run (server unreachable, game refused, ...)."""


@dataclass
class Plan:
    """Everything a load test run needs; also handed to the worker processes."""

    url: str
    players: int
    quiz_id: str = "demo"
    pin: str | None = None
    token: str | None = None
    host_token: str | None = None
    processes: int = 1
    answer_window_s: float = 3.0
    resume_fraction: float = 0.02
    pause_s: float = 1.0
    join_concurrency: int = 50
    call_timeout_s: float = 15.0
    timeout_s: float = 900.0
    server_pid: int | None = None
    screen: bool = True
    seed: int = 0
    progress: bool = True
    nickname_prefix: str = field(default_factory=lambda: f"T{secrets.token_hex(2)}")

    @property
    def hosted(self) -> bool:
        """Whether the simulated host drives the game."""
        return self.pin is None or self.host_token is not None


# ---- the run, in this process --------------------------------------------------------------


def run_load(plan: Plan) -> dict:
    """Open (or join) a game, play it with N phones and a host; return the report as a dict."""
    import multiprocessing

    open_files = raise_open_files_limit()
    per_process = math.ceil(plan.players / max(1, plan.processes))
    if open_files < per_process + 64:
        print(f"warning: the open-files limit is {open_files}, {per_process} sockets per process "
              "may not fit", file=sys.stderr)
    game = open_game(plan)
    pin = game["pin"]
    sampler = ServerSampler(plan.server_pid or server_pid_of(plan.url))
    sampler.start()

    context = multiprocessing.get_context("spawn")
    counters = {name: context.Value("i", 0) for name in ("ready", "joined", "failed", "final")}
    go, stop = context.Event(), context.Event()
    queue = context.Queue()
    rng = random.Random(plan.seed)
    numbers = list(range(plan.players))
    droppers = set(rng.sample(numbers, resume_count(plan.players, plan.resume_fraction)))
    slices = [numbers[i::plan.processes] for i in range(plan.processes)]
    workers = [
        context.Process(
            target=audience_process, name=f"loadtest-phones-{i}",
            args=(plan, pin, part, droppers & set(part), counters, go, stop, queue),
            daemon=True,
        )
        for i, part in enumerate(slices) if part
    ]
    for worker in workers:
        worker.start()
    started = time.time()
    host: dict = {}
    outputs: list[dict] = []
    try:
        _wait(lambda: counters["ready"].value >= len(workers), 120, "worker processes to start",
              workers)
        go_at = time.time()
        go.set()
        progress = Progress(plan.players, enabled=plan.progress)
        _wait(lambda: progress.show(counters["joined"].value, counters["failed"].value)
              >= plan.players, plan.timeout_s, "phones to join", workers)
        progress.done()
        joined_at = time.time()
        if plan.hosted:
            import asyncio

            host = asyncio.run(drive_game(plan, pin, game["host_token"]))
            _wait(lambda: counters["final"].value >= counters["joined"].value, 15, None, workers)
        else:
            _wait(lambda: counters["joined"].value > 0
                  and counters["final"].value >= counters["joined"].value,
                  plan.timeout_s, "the game to finish", workers)
    finally:
        stop.set()
        for _ in workers:
            try:
                outputs.append(queue.get(timeout=120))
            except Exception:  # a worker died: report what the others saw
                break
        for worker in workers:
            worker.join(timeout=10)
            if worker.is_alive():
                worker.kill()
        sampler.stop()
    results = fetch_results(plan, pin) if plan.token else None
    return build_report(plan, pin, go_at, joined_at, started, host, outputs, results, sampler,
                        droppers)


def _wait(condition, timeout_s: float, what: str | None, workers: list) -> None:
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            if what is None:
                return
            raise LoadTestError(f"timed out after {timeout_s:.0f} s waiting for {what}")
        if workers and not any(w.is_alive() for w in workers):
            raise LoadTestError("every worker process exited early")
        time.sleep(0.05)


def resume_count(players: int, fraction: float) -> int:
    """How many phones drop and resume: the fraction, at least one when it is not zero."""
    if fraction <= 0:
        return 0
    return min(players, max(1, round(players * fraction)))


def raise_open_files_limit(wanted: int = WANTED_OPEN_FILES) -> int:
    """Raise this process's soft open-files limit as far as allowed; return the new limit."""
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
    if soft != resource.RLIM_INFINITY and soft < target:
        try:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))
            soft = target
        except (ValueError, OSError):
            pass
    return soft


class Progress:
    """A one-line progress bar on stderr while the phones join."""

    WIDTH = 30

    def __init__(self, total: int, enabled: bool = True) -> None:
        self.total = total
        self.enabled = enabled
        self.tty = sys.stderr.isatty()
        self.started = time.monotonic()
        self._shown = -1.0
        self._last = (-1, -1)

    def show(self, joined: int, failed: int) -> int:
        """Draw the bar (at most 10 times a second); return how many phones are done."""
        done = joined + failed
        now = time.monotonic()
        if self.enabled and (joined, failed) != self._last and (
            now - self._shown >= 0.1 or done >= self.total
        ):
            self._last, self._shown = (joined, failed), now
            filled = int(self.WIDTH * done / self.total)
            line = (f"[{'#' * filled}{'.' * (self.WIDTH - filled)}] {joined}/{self.total} joined"
                    f", {failed} failed, {now - self.started:.1f} s")
            if self.tty:
                sys.stderr.write("\r" + line)
            elif done >= self.total or int(10 * done / self.total) != int(
                10 * (done - 1) / self.total
            ):
                sys.stderr.write(line + "\n")
            sys.stderr.flush()
        return done

    def done(self) -> None:
        if self.enabled and self.tty:
            sys.stderr.write("\n")
            sys.stderr.flush()


# ---- HTTP ----------------------------------------------------------------------------------


def api_call(plan: Plan, method: str, path: str, body: dict | None = None) -> tuple[int, Any]:
    """Call the JSON API with the host token; return (status, decoded body)."""
    request = urllib.request.Request(
        plan.url + path, method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {plan.token}", "Content-Type": "application/json"},
    )
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as exc:
        try:
            return exc.code, json.loads(exc.read() or b"null")
        except ValueError:
            return exc.code, None
    except (urllib.error.URLError, OSError) as exc:
        raise LoadTestError(f"cannot reach {plan.url}: {exc}") from None


def open_game(plan: Plan) -> dict:
    """Open a game of the plan's quiz, or describe the existing one of `--pin`."""
    if plan.pin is not None:
        return {"pin": plan.pin, "host_token": plan.host_token}
    status, body = api_call(plan, "POST", "/api/games", {"quiz_id": plan.quiz_id})
    if status != 201:
        code = body.get("error", {}).get("code", status) if isinstance(body, dict) else status
        raise LoadTestError(f"POST /api/games refused: {code}")
    return body


def fetch_results(plan: Plan, pin: str) -> dict | None:
    status, body = api_call(plan, "GET", f"/api/games/{pin}/results")
    return body if status == 200 else None


# ---- the server's memory and CPU, when it runs here -------------------------------------------


def server_pid_of(url: str) -> int | None:
    """The pid of the local process listening on the URL's port, if the URL is local."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not (host == "localhost" or host.startswith("127.") or host == "::1"):
        return None
    port = parts.port or (443 if parts.scheme == "https" else 80)
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                inodes.add(f"socket:[{fields[9]}]")
    if not inodes:
        return None
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            for fd in (entry / "fd").iterdir():
                if os.readlink(fd) in inodes:
                    return int(entry.name)
        except OSError:
            continue
    return None


class ServerSampler:
    """Sample a local process's resident memory, threads and CPU time in the background."""

    INTERVAL_S = 0.2

    def __init__(self, pid: int | None) -> None:
        self.pid = pid
        self.samples: list[tuple[float, int, int]] = []  # (time, rss bytes, threads)
        self.cpu_start: float | None = None
        self.cpu_end: float | None = None
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="server-sampler", daemon=True)

    def start(self) -> None:
        if self.pid is not None:
            self.cpu_start = self._cpu_s()
            self._thread.start()

    def stop(self) -> None:
        if self.pid is not None:
            self._stop.set()
            self._thread.join(timeout=2)
            self.cpu_end = self._cpu_s()

    def _loop(self) -> None:
        while not self._stop.is_set():
            sample = self._status()
            if sample is not None:
                self.samples.append(sample)
            self._stop.wait(self.INTERVAL_S)

    def _status(self) -> tuple[float, int, int] | None:
        try:
            text = Path(f"/proc/{self.pid}/status").read_text()
        except OSError:
            return None
        values = dict(line.split(":", 1) for line in text.splitlines() if ":" in line)
        rss_kb = int(values.get("VmRSS", "0 kB").split()[0])
        return time.time(), rss_kb * 1024, int(values.get("Threads", "0"))

    def _cpu_s(self) -> float | None:
        try:
            stat = Path(f"/proc/{self.pid}/stat").read_text()
        except OSError:
            return None
        fields = stat.rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def summary(self) -> dict | None:
        if self.pid is None:
            return None
        rss = [s[1] for s in self.samples] or [0]
        threads = [s[2] for s in self.samples] or [0]
        cpu = None
        if self.cpu_start is not None and self.cpu_end is not None:
            cpu = round(self.cpu_end - self.cpu_start, 2)
        return {
            "pid": self.pid, "rss_start_mb": _mb(rss[0]), "rss_peak_mb": _mb(max(rss)),
            "rss_end_mb": _mb(rss[-1]), "threads_peak": max(threads), "cpu_s": cpu,
        }


def _mb(n_bytes: int) -> float:
    return round(n_bytes / 2**20, 1)


# ---- the phones, in the worker processes ----------------------------------------------------


def audience_process(plan: Plan, pin: str, numbers: list[int], droppers: set[int], counters,
                     go, stop, queue) -> None:
    """Worker process: run these phones until told to stop, then send back what they saw."""
    import asyncio
    import resource

    raise_open_files_limit()
    started = time.time()
    try:
        phones, lag = asyncio.run(play_audience(plan, pin, numbers, droppers, counters, go, stop))
        error = None
    except BaseException as exc:  # report it: the run must still end
        phones, lag, error = [], [], repr(exc)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    queue.put({
        "phones": phones, "loop_lag_s": lag, "error": error,
        "cpu_s": usage.ru_utime + usage.ru_stime, "wall_s": time.time() - started,
    })


async def play_audience(plan: Plan, pin: str, numbers: list[int], droppers: set[int], counters,
                        go, stop) -> tuple[list[dict], list[float]]:
    """Join every phone (a few at a time), let them play, and close them when told."""
    import asyncio

    import aiohttp

    session = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
    phones = [
        Phone(plan, pin, number, session, random.Random(plan.seed * 100_003 + number),
              counters, drops=number in droppers)
        for number in numbers
    ]
    parent = os.getppid()

    def orphaned() -> bool:  # the load tester was killed: do not play on forever
        return os.getppid() != parent

    with counters["ready"].get_lock():
        counters["ready"].value += 1
    while not go.is_set() and not orphaned():
        await asyncio.sleep(0.01)
    lag: list[float] = []
    monitor = asyncio.create_task(_measure_loop_lag(lag))
    gate = asyncio.Semaphore(max(1, plan.join_concurrency))

    async def join(phone: Phone) -> None:
        async with gate:
            ok = await phone.join()
        counter = counters["joined" if ok else "failed"]
        with counter.get_lock():
            counter.value += 1

    await asyncio.gather(*(join(phone) for phone in phones))
    # The phones live until the end: out of the cycle collector's way, as in the server
    # (quiz/web/collector.py), so that its pauses do not show in the figures as the server's.
    gc.freeze()
    while not stop.is_set() and not orphaned():
        await asyncio.sleep(0.05)
    monitor.cancel()
    await asyncio.gather(*(phone.close() for phone in phones), return_exceptions=True)
    await session.close()
    return [phone.record for phone in phones], lag


async def _measure_loop_lag(samples: list[float]) -> None:
    """How late this process's event loop wakes up: the load generator's own saturation."""
    import asyncio

    while True:
        before = time.perf_counter()
        await asyncio.sleep(LOOP_LAG_TICK_S)
        samples.append(time.perf_counter() - before - LOOP_LAG_TICK_S)


def affinity_cookie(rng: random.Random) -> dict[str, str]:
    """The headers of a browser holding its own `quiz_worker` cookie (quiz/web/wiring.py)."""
    return {"Cookie": f"quiz_worker={rng.getrandbits(64):016x}"}


class Phone:
    """One simulated phone: joins, answers every question, maybe drops and resumes once."""

    MAX_RESUMES = 3

    def __init__(self, plan: Plan, pin: str, number: int, session, rng: random.Random,
                 counters, drops: bool = False) -> None:
        import asyncio

        self.plan, self.pin, self.number = plan, pin, number
        self.session, self.rng, self.counters = session, rng, counters
        self.drops = drops
        # A browser gets a random affinity cookie on its first page and sends it with its
        # Socket.IO connection: behind a proxy with several workers (deploy/nginx.conf hashes
        # it), each simulated phone lands on its own worker as a real one would.
        self.cookie = affinity_cookie(random.Random(f"cookie/{plan.seed}/{number}"))
        self.drop_index: int | None = None
        self.sio = None
        self.token: str | None = None
        self.index = -1
        self.answered: set[int] = set()
        self.online = asyncio.Event()
        self.resuming = False
        self.closing = False
        self.resumes = 0
        self.tasks: set = set()
        # Everything measured, as plain data for the parent process. Times are time.time().
        self.record: dict[str, Any] = {
            "number": number, "player_id": None, "join": None, "questions": {}, "answers": {},
            "reveals": {}, "results": {}, "final": None, "resumes": [], "errors": [],
        }

    # ---- connection ------------------------------------------------------------------------

    def _client(self):
        from quiz.loadclient import PhoneSocket

        sio = PhoneSocket(self.session)
        sio.on("question", self._on_question)
        sio.on("state", self._on_state)
        sio.on("reveal", self._on_reveal)
        sio.on("result", self._on_result)
        sio.on("final", self._on_final)
        sio.on("kicked", lambda _data=None: self.record["errors"].append("kicked"))
        return sio

    async def _connect(self) -> None:
        """Open a new socket; it becomes the phone's current one."""
        sio = self._client()
        sio.on("disconnect", lambda: self._on_disconnect(sio))
        await sio.connect(self.plan.url, headers=self.cookie, timeout=self.plan.call_timeout_s)
        self.sio = sio

    async def _call(self, event: str, payload: dict) -> tuple[str, dict]:
        """Send an event and wait for its ack or the loss of the socket; return (code, reply)."""
        from quiz.loadclient import CallTimeout, Disconnected

        # A call fails at once when its socket drops: the phone retries on its next socket.
        try:
            reply = await self.sio.call(event, payload, timeout=self.plan.call_timeout_s)
        except CallTimeout:
            return "timeout", {}
        except Disconnected:
            return "disconnected", {}
        if not isinstance(reply, dict):
            return "bad_reply", {}
        if reply.get("ok"):
            return "ok", reply
        return str(reply.get("error", {}).get("code", "unknown")), reply

    async def join(self) -> bool:
        """Connect and join the game; return whether the phone is in."""
        started = time.time()
        join = {"start": started, "connected": None, "ack": None, "code": None}
        self.record["join"] = join
        try:
            await self._connect()
        except Exception:
            join["code"] = "connect_error"
            return False
        join["connected"] = time.time()
        lang = "en" if self.rng.random() < 0.2 else "fr"
        code, reply = await self._call("player:join", {
            "pin": self.pin, "nickname": f"{self.plan.nickname_prefix} {self.number}",
            "lang": lang,
        })
        join["ack"], join["code"] = time.time(), code
        if code != "ok":
            return False
        self.token = reply["token"]
        self.record["player_id"] = reply["player_id"]
        self.online.set()
        return True

    def _on_disconnect(self, sio) -> None:
        if sio is not self.sio or self.closing or not self.online.is_set():
            return  # an old socket, our own drop, or the end of the run
        self.online.clear()
        self.record["errors"].append("dropped")
        self._spawn(self._resume(delay_s=0.5))

    async def _drop_and_resume(self) -> None:
        """Lose the connection for a moment, then come back with the stored token."""
        import asyncio

        await asyncio.sleep(self.rng.uniform(0, 0.5 * self.plan.answer_window_s))
        if self.closing:
            return
        self.online.clear()
        await self.sio.disconnect()
        await self._resume(delay_s=self.rng.uniform(0.2, 1.0))

    async def _resume(self, delay_s: float) -> None:
        """Open a new socket and take the player back with the stored token."""
        import asyncio

        await asyncio.sleep(delay_s)
        while not self.closing and self.resumes < self.MAX_RESUMES:
            self.resumes += 1
            entry = {"start": time.time(), "ack": None, "code": None}
            self.record["resumes"].append(entry)
            try:
                await self._connect()
            except Exception:
                entry["code"] = "connect_error"
                await asyncio.sleep(1.0)
                continue
            self.resuming = True
            try:
                code, reply = await self._call("player:resume",
                                               {"pin": self.pin, "token": self.token})
            finally:
                self.resuming = False
            entry["ack"], entry["code"] = time.time(), code
            if code == "ok":
                self.token = reply["token"]
                if reply.get("answered") and self.index >= 0:
                    self.answered.add(self.index)
                self.online.set()
                return
            if code not in UNKNOWN_OUTCOMES:
                return  # refused for good (unknown_player, ...): this phone is out

    async def close(self) -> None:
        self.closing = True
        for task in list(self.tasks):
            task.cancel()
        if self.sio is not None and self.sio.connected:
            await self.sio.disconnect()

    def _spawn(self, coroutine) -> None:
        import asyncio

        task = asyncio.ensure_future(coroutine)
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    # ---- the game --------------------------------------------------------------------------

    def _on_state(self, data: dict) -> None:
        self.index = data.get("index", self.index)

    def _on_question(self, data: dict) -> None:
        received = time.time()
        index = data["index"]
        self.index = index
        if index in self.record["questions"]:
            return  # the same question again, in a snapshot after a resume
        self.record["questions"][index] = (received, self.resuming)
        if self.drops and self.drop_index is None:
            self.drop_index = self.rng.randrange(data["total"])
        if index == self.drop_index and not self.resuming:
            self._spawn(self._drop_and_resume())
        if index not in self.answered:
            self._spawn(self._answer(index, data, received + self._think_time_s()))

    def _think_time_s(self) -> float:
        """A human delay: rarely under a third of a second, most in the first half."""
        window = self.plan.answer_window_s
        low = min(0.3, window / 2)
        return self.rng.triangular(low, window, low + 0.25 * (window - low))

    async def _answer(self, index: int, question: dict, at: float) -> None:
        """Answer at `at` with random choices; retry when the socket dropped before the ack."""
        import asyncio

        await asyncio.sleep(max(0.0, at - time.time()))
        choice_ids = [c["id"] for c in question["choices"]]
        if question.get("type") in ("single", "true_false") or len(choice_ids) < 2:
            choices = [self.rng.choice(choice_ids)]
        else:
            choices = self.rng.sample(choice_ids, self.rng.randint(1, 2))
        attempts: list[list] = []
        for _attempt in range(3):
            await self.online.wait()
            if index in self.answered:  # the resume's ack says the lost attempt was committed
                if attempts and attempts[-1][2] in UNKNOWN_OUTCOMES:
                    attempts.append([time.time(), time.time(), "confirmed_by_resume"])
                return
            # Recorded before the call: an attempt still unanswered at the end is "pending".
            attempt = [time.time(), None, "pending"]
            attempts = self.record["answers"].setdefault(index, [])
            attempts.append(attempt)
            code, _reply = await self._call("player:answer",
                                            {"question": index, "choices": choices})
            attempt[1:] = [time.time(), code]
            if code == "ok":
                self.answered.add(index)
            if code not in UNKNOWN_OUTCOMES:
                return

    def _on_reveal(self, data: dict) -> None:
        self.record["reveals"].setdefault(data["index"], (time.time(), self.resuming))

    def _on_result(self, data: dict) -> None:
        self.record["results"].setdefault(
            data["index"], (time.time(), self.resuming, data["answered"], data["points"])
        )

    def _on_final(self, data: dict) -> None:
        if self.record["final"] is None:
            self.record["final"] = {"time": time.time(), "score": data["score"],
                                    "rank": data["rank"]}
            with self.counters["final"].get_lock():
                self.counters["final"].value += 1


# ---- the host and the projector, in this process ---------------------------------------------


@dataclass
class HostRecord:
    """What the simulated host did and saw."""

    commands: list[dict] = field(default_factory=list)  # event, index opened, sent, ack, code
    opened: dict[int, float] = field(default_factory=dict)  # question index -> command sent
    reveals: dict[int, float] = field(default_factory=dict)  # first reveal seen here
    self_closed: list[int] = field(default_factory=list)
    total: int = 0
    finished: bool = False


async def drive_game(plan: Plan, pin: str, host_token: str) -> dict:
    """Start the game, reveal and move on like a host, until it is finished."""
    import asyncio

    import socketio

    record = HostRecord()
    revealed = {}
    over = asyncio.Event()

    def on_reveal(data: dict) -> None:
        record.reveals.setdefault(data["index"], time.time())
        revealed.setdefault(data["index"], asyncio.Event()).set()

    def client():
        sio = socketio.AsyncClient(reconnection=False, handle_sigint=False)
        sio.on("reveal", on_reveal)
        sio.on("game_over", lambda _data=None: over.set())
        return sio

    host, screen = client(), client()
    rng = random.Random(f"cookie/{plan.seed}/host")
    await host.connect(plan.url, headers=affinity_cookie(rng), transports=["websocket"],
                       wait_timeout=plan.call_timeout_s)
    reply = await host.call("host:join", {"pin": pin, "host_token": host_token},
                            timeout=plan.call_timeout_s)
    if not reply.get("ok"):
        await host.disconnect()
        raise LoadTestError(f"host:join refused: {reply.get('error', {}).get('code')}")
    record.total = reply["total"]
    if plan.screen:
        await screen.connect(plan.url, headers=affinity_cookie(rng), transports=["websocket"],
                             wait_timeout=plan.call_timeout_s)
        await screen.call("screen:join", {"pin": pin}, timeout=plan.call_timeout_s)

    async def command(event: str) -> dict:
        sent = time.time()
        try:
            reply = await host.call(event, {}, timeout=plan.call_timeout_s)
        except socketio.exceptions.SocketIOError as exc:
            reply = {"ok": False, "error": {"code": type(exc).__name__}}
        entry = {"event": event, "sent": sent, "ack": time.time(),
                 "code": "ok" if reply.get("ok") else reply.get("error", {}).get("code"),
                 "state": reply.get("state"), "index": reply.get("index")}
        record.commands.append(entry)
        if entry["state"] == "question":
            record.opened.setdefault(entry["index"], sent)
        return entry

    try:
        move = await command("host:start")
        while move["state"] == "question":
            index = move["index"]
            closed = revealed.setdefault(index, asyncio.Event())
            # Every phone answers within the window; the question closes itself then.
            limit_s = plan.answer_window_s + plan.call_timeout_s + 5
            try:
                await asyncio.wait_for(closed.wait(), limit_s)
                record.self_closed.append(index)
            except TimeoutError:
                pass
            await command("host:reveal")  # invalid_transition when it closed by itself
            await asyncio.sleep(plan.pause_s)
            board = await command("host:next")
            if board["state"] != "leaderboard":
                break
            await asyncio.sleep(plan.pause_s)
            move = await command("host:next")
        record.finished = move["state"] == "finished"
        if record.finished:
            try:
                await asyncio.wait_for(over.wait(), plan.call_timeout_s)
            except TimeoutError:
                pass
    finally:
        for sio in (host, screen):
            if sio.connected:
                await sio.disconnect()
    return asdict(record)


# ---- the report ----------------------------------------------------------------------------


def percentiles(values: list[float]) -> dict:
    """count, p50, p95, p99 and max of values in seconds, in milliseconds (nearest rank)."""
    if not values:
        return {"count": 0, "p50": None, "p95": None, "p99": None, "max": None}
    ordered = sorted(values)

    def rank(q: float) -> float:
        return round(ordered[max(0, math.ceil(q * len(ordered)) - 1)] * 1000, 1)

    return {"count": len(ordered), "p50": rank(0.50), "p95": rank(0.95), "p99": rank(0.99),
            "max": round(ordered[-1] * 1000, 1)}


def build_report(plan: Plan, pin: str, go_at: float, joined_at: float, started: float,
                 host: dict, outputs: list[dict], results: dict | None,
                 sampler: ServerSampler, droppers: set[int]) -> dict:
    """Turn the raw stamps of every process into the figures of the report."""
    phones = [phone for output in outputs for phone in output["phones"]]
    joined = [p for p in phones if p["join"] and p["join"]["code"] == "ok"]
    errors: dict[str, int] = {}
    expected: dict[str, int] = {}

    def count(table: dict, key: str) -> None:
        table[key] = table.get(key, 0) + 1

    for p in phones:
        if p["join"] is None:
            count(errors, "join:not_attempted")
        elif p["join"]["code"] != "ok":
            count(errors, f"join:{p['join']['code']}")
        for attempts in p["answers"].values():
            codes = [code for _sent, _ack, code in attempts]
            if codes and codes[0] in UNKNOWN_OUTCOMES and codes[-1] in ("ok", *CONFIRMATIONS):
                count(expected, "answer retried after its socket dropped")
            elif codes and codes[-1] != "ok":
                count(errors, f"answer:{codes[-1]}")
        if p["join"] and p["join"]["code"] == "ok":
            for i in p["questions"]:
                if not p["answers"].get(i):
                    count(errors, "answer:never_sent")  # e.g. offline until the end
        for entry in p["resumes"]:
            if entry["code"] != "ok":
                count(errors, f"resume:{entry['code']}")
        for error in p["errors"]:
            count(errors, f"phone:{error}")
    for entry in host.get("commands", []):
        if entry["code"] == "ok":
            continue
        if entry["event"] == "host:reveal" and entry["code"] == "invalid_transition":
            count(expected, "host:reveal invalid_transition (closed by itself)")
        else:
            count(errors, f"{entry['event']}:{entry['code']}")
    for output in outputs:
        if output.get("error"):
            count(errors, f"worker:{output['error'][:80]}")

    # Questions: which were opened, when, and who got them.
    opened: dict[int, float] = {int(k): v for k, v in host.get("opened", {}).items()}
    seen = sorted({i for p in joined for i in p["questions"]})
    if not opened:  # a person drives the game: the first phone's receipt stands for the emit
        opened = {i: min(p["questions"][i][0] for p in joined if i in p["questions"])
                  for i in seen}
    indexes = sorted(opened)
    fanout = [p["questions"][i][0] - opened[i] for p in joined for i in indexes
              if i in p["questions"] and not p["questions"][i][1]]
    missing = sum(1 for p in joined for i in indexes
                  if i not in p["questions"] and (plan.hosted or i >= min(p["questions"] or [0])))

    acks = [ack - sent for p in joined for attempts in p["answers"].values()
            for sent, ack, code in attempts
            if code not in UNKNOWN_OUTCOMES and code != "confirmed_by_resume"]
    first_reveal: dict[int, float] = {}
    for i, t in host.get("reveals", {}).items():
        first_reveal[int(i)] = t
    for p in joined:
        for i, (t, snapshot) in p["reveals"].items():
            if not snapshot:
                first_reveal[i] = min(t, first_reveal.get(i, t))
    result_latency = [t - first_reveal[i] for p in joined for i, (t, snapshot, *_rest)
                      in p["results"].items() if not snapshot and i in first_reveal]

    answers = _answer_accounting(joined, indexes, results)
    commands: dict[str, list[float]] = {}
    for entry in host.get("commands", []):
        label = entry["event"] + (f" -> {entry['state']}" if entry["state"] else "")
        commands.setdefault(label, []).append(entry["ack"] - entry["sent"])
    resumes = [e for p in phones for e in p["resumes"]]
    lag = [s for output in outputs for s in output["loop_lag_s"]]
    join_acks = [p["join"]["ack"] - p["join"]["start"] for p in joined]
    last_join = max((p["join"]["ack"] for p in joined), default=go_at)
    failed_joins = sum(1 for p in phones if not p["join"] or p["join"]["code"] != "ok")
    failed_joins += plan.players - len(phones)
    ok = (failed_joins == 0 and missing == 0 and answers["lost"] == 0
          and answers["duplicated"] == 0 and answers["score_mismatches"] == 0
          and (not plan.hosted or host.get("finished", False)) and not any(
              o.get("error") for o in outputs))
    return {
        "ok": ok,
        "url": plan.url, "pin": pin, "players": plan.players, "processes": len(outputs),
        "questions": len(indexes), "answer_window_s": plan.answer_window_s,
        "seed": plan.seed, "hosted": plan.hosted,
        "wall_s": round(time.time() - started, 2),
        "join": {"seconds": round(last_join - go_at, 2), "joined": len(joined),
                 "failed": failed_joins, "ack_ms": percentiles(join_acks),
                 "wait_s": round(joined_at - go_at, 2)},
        "fanout_ms": percentiles(fanout),
        "fanout_reference": "host command sent" if host.get("opened") else "first phone",
        "answer_ack_ms": percentiles(acks),
        "result_ms": percentiles(result_latency),
        "host_commands_ms": {k: percentiles(v) for k, v in commands.items()},
        "missing_questions": missing,
        "closed_by_themselves": len(host.get("self_closed", [])),
        "answers": answers,
        "resumes": {"planned": len(droppers), "attempts": len(resumes),
                    "ok": sum(1 for e in resumes if e["code"] == "ok"),
                    "ack_ms": percentiles([e["ack"] - e["start"] for e in resumes
                                           if e["code"] == "ok"])},
        "errors": dict(sorted(errors.items())),
        "expected": expected,
        "server": sampler.summary(),
        "load_generator": {
            "processes": len(outputs),
            "cpu_s": round(sum(o["cpu_s"] for o in outputs), 2),
            "cpu_s_max_process": round(max((o["cpu_s"] for o in outputs), default=0), 2),
            "wall_s_max_process": round(max((o["wall_s"] for o in outputs), default=0), 2),
            "loop_lag_ms": percentiles(lag),
        },
    }


def _answer_accounting(joined: list[dict], indexes: list[int], results: dict | None) -> dict:
    """Answers the phones saw acknowledged against those the server counts."""
    acked = dict.fromkeys(indexes, 0)
    unknown = dict.fromkeys(indexes, 0)
    phone_lost = 0
    phone_unacked = 0
    for p in joined:
        for i, attempts in p["answers"].items():
            codes = [code for _sent, _ack, code in attempts]
            if not codes:
                continue
            # `already_answered` after a lost ack proves the first attempt was committed.
            confirmed = "ok" in codes or (
                codes[0] in UNKNOWN_OUTCOMES and any(c in CONFIRMATIONS for c in codes))
            if confirmed:
                acked[i] = acked.get(i, 0) + 1
            elif codes and codes[-1] in UNKNOWN_OUTCOMES:
                unknown[i] = unknown.get(i, 0) + 1
            result = p["results"].get(i)
            if result is not None:
                answered = result[2]
                phone_lost += int(confirmed and not answered)
                phone_unacked += int(answered and not confirmed)
    counted = None
    lost = duplicated = score_mismatches = 0
    per_question = []
    if results is not None:
        counted_by_index = {q["index"]: q["answer_count"] for q in results["questions"]}
        counted = sum(counted_by_index.get(i, 0) for i in indexes)
        for i in indexes:
            server = counted_by_index.get(i, 0)
            lost += max(0, acked.get(i, 0) - server)
            duplicated += max(0, server - acked.get(i, 0) - unknown.get(i, 0))
            per_question.append({"index": i, "acknowledged": acked.get(i, 0),
                                 "counted": server, "unknown": unknown.get(i, 0)})
        scores = {pl["player_id"]: pl["score"] for pl in results["players"]}
        for p in joined:
            if p["final"] is not None and scores.get(p["player_id"]) != p["final"]["score"]:
                score_mismatches += 1
    return {
        "acknowledged": sum(acked.values()), "counted": counted,
        "unknown": sum(unknown.values()), "lost": lost + phone_lost,
        "duplicated": duplicated, "unacknowledged_but_counted": phone_unacked,
        "score_mismatches": score_mismatches, "per_question": per_question,
    }


def format_report(report: dict) -> str:
    """The report for people."""
    lines = [
        f"Quiz AICT load test: {report['players']} phones in {report['processes']} process(es) "
        f"-> {report['url']}, game {report['pin']}, {report['questions']} questions, "
        f"{report['wall_s']} s",
    ]
    join = report["join"]
    lines.append(f"joined        {join['joined']}/{report['players']} in {join['seconds']} s "
                 f"({join['failed']} failed)")
    lines.append(f"{'':28}{'count':>7}{'p50':>9}{'p95':>9}{'p99':>9}{'max':>9}   (ms)")

    def row(label: str, stats: dict) -> str:
        cells = "".join(f"{'-' if stats[k] is None else stats[k]:>9}"
                        for k in ("p50", "p95", "p99", "max"))
        return f"{label:<28}{stats['count']:>7}{cells}"

    lines.append(row("join ack", join["ack_ms"]))
    lines.append(row("question fan-out", report["fanout_ms"]))
    lines.append(row("answer ack", report["answer_ack_ms"]))
    lines.append(row("reveal -> private result", report["result_ms"]))
    lines.append(row("resume ack", report["resumes"]["ack_ms"]))
    for label, stats in report["host_commands_ms"].items():
        lines.append(row(label, stats))
    lines.append(f"(fan-out measured from: {report['fanout_reference']})")
    a = report["answers"]
    counted = "not available (no --token)" if a["counted"] is None else a["counted"]
    lines.append(f"answers       acknowledged {a['acknowledged']}, counted by the server {counted}"
                 f": lost {a['lost']}, duplicated {a['duplicated']}"
                 f" (outcome unknown to the phone: {a['unknown']})")
    if a["score_mismatches"]:
        lines.append(f"              {a['score_mismatches']} final scores differ from the server's")
    r = report["resumes"]
    lines.append(f"resumes       {r['ok']} ok of {r['attempts']} attempts "
                 f"({r['planned']} phones dropped on purpose)")
    lines.append(f"questions     missing deliveries: {report['missing_questions']}")
    errors = ", ".join(f"{k} x{v}" for k, v in report["errors"].items()) or "none"
    lines.append(f"errors        {errors}")
    if report["expected"]:
        lines.append("expected      " + ", ".join(f"{k} x{v}"
                                                  for k, v in report["expected"].items()))
    server = report["server"]
    if server:
        lines.append(f"server        pid {server['pid']}: RSS {server['rss_start_mb']} -> peak "
                     f"{server['rss_peak_mb']} MB, {server['threads_peak']} threads, CPU "
                     f"{server['cpu_s']} s")
    else:
        lines.append("server        not local: memory not measured")
    gen = report["load_generator"]
    lines.append(f"load gen      {gen['processes']} process(es), CPU {gen['cpu_s']} s "
                 f"(busiest {gen['cpu_s_max_process']} s of {gen['wall_s_max_process']} s), "
                 f"event-loop lag p99 {gen['loop_lag_ms']['p99']} ms, "
                 f"max {gen['loop_lag_ms']['max']} ms")
    lines.append("verdict       " + ("PASS: no answer lost or duplicated, every phone joined and "
                                     "got every question" if report["ok"] else "FAIL"))
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """`python -m quiz.loadtest`: the same command without the rest of the `quiz` CLI."""
    parser = argparse.ArgumentParser(prog="python -m quiz.loadtest", description=HELP)
    configure(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    # Run from the importable module, not __main__, so that the worker processes (spawned)
    # find the same functions and classes under the same names.
    from quiz.loadtest import main as _main

    sys.exit(_main())
