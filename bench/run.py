"""The load bench: `quiz serve` against a bare Flask-SocketIO server, 100 to 1,000 phones.

    pip install -e '.[bench]'
    python bench/run.py                      # 100, 500, 1000 players, 3 runs each
    python bench/run.py --players 50 --runs 1 --no-profile --no-write   # a quick look

For each size and run it starts a fresh server (ours: `quiz serve`, the embedded default, in a
temporary instance folder; then the bare one of bench/bare_server.py), plays one game with
`quiz loadtest --json`, and stops it; ours and bare alternate so that both see the same
moments of this shared machine. It prints the medians with each of our figures as a ratio to
the bare server's, profiles our server with py-spy during one extra 1,000-player run, and
writes docs/performance.md (between its bench markers) and docs/performance.png. Raw reports
land in bench/results/. Every socket goes to 127.0.0.1.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import re
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import leaderboard  # bench/leaderboard.py: the server time of the leaderboard, in-process

ROOT = Path(__file__).resolve().parent.parent
BENCH = ROOT / "bench"
BEGIN, END = "<!-- bench:begin -->", "<!-- bench:end -->"
QUIZ_ID = "bench"
KINDS = ("ours", "bare")
# Figures compared, as (label, path in the loadtest report).
FIGURES = [
    ("join time (s)", ("join", "seconds")),
    ("fan-out p50 (ms)", ("fanout_ms", "p50")),
    ("fan-out p95 (ms)", ("fanout_ms", "p95")),
    ("fan-out p99 (ms)", ("fanout_ms", "p99")),
    ("fan-out max (ms)", ("fanout_ms", "max")),
    ("answer ack p50 (ms)", ("answer_ack_ms", "p50")),
    ("answer ack p95 (ms)", ("answer_ack_ms", "p95")),
    ("answer ack p99 (ms)", ("answer_ack_ms", "p99")),
    ("answer ack max (ms)", ("answer_ack_ms", "max")),
    ("reveal → result p50 (ms)", ("result_ms", "p50")),
    ("reveal → result p99 (ms)", ("result_ms", "p99")),
    ("reveal → result max (ms)", ("result_ms", "max")),
    ("host:next → leaderboard p50 (ms)", ("host_commands_ms", "host:next -> leaderboard", "p50")),
    ("server RSS peak (MB)", ("server", "rss_peak_mb")),
    ("server CPU (s)", ("server", "cpu_s")),
    ("load generator CPU (s)", ("load_generator", "cpu_s")),
    ("load generator loop lag p99 (ms)", ("load_generator", "loop_lag_ms", "p99")),
    ("other processes' CPU during the run (s)", ("machine", "others_cpu_s")),
]
COUNTS = [("failed joins", ("join", "failed")), ("lost", ("answers", "lost")),
          ("duplicated", ("answers", "duplicated")), ("missing deliveries", ("missing_questions",)),
          ("errors", ("errors",))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bench quiz serve against a bare server.")
    parser.add_argument("--players", default="100,500,1000", help="sizes (default 100,500,1000)")
    parser.add_argument("--runs", type=int, default=3, help="runs per size and server (default 3)")
    parser.add_argument("--extra", default="",
                        help="sizes run once each after the others (e.g. 2000)")
    parser.add_argument("--questions", type=int, default=3, help="questions per game (default 3)")
    parser.add_argument("--time-limit", type=int, default=10, help="seconds per question")
    parser.add_argument("--answer-window", type=float, default=3.0,
                        help="phones answer within this many seconds (default 3)")
    parser.add_argument("--no-profile", action="store_true", help="skip the py-spy run")
    parser.add_argument("--profile-players", type=int, default=1000)
    parser.add_argument("--no-write", action="store_true",
                        help="do not touch docs/performance.md and docs/performance.png")
    parser.add_argument("--results", type=Path, default=BENCH / "results")
    parser.add_argument("--quiet-cores", type=float, default=0.3,
                        help="before each run, wait until other processes use under this many "
                             "cores (default 0.3)")
    parser.add_argument("--quiet-wait", type=float, default=300,
                        help="but no longer than this many seconds (default 300)")
    parser.add_argument("--server-commit",
                        help="run the servers from this commit (exported with git archive) "
                             "instead of the work tree, e.g. while others edit it")
    args = parser.parse_args(argv)

    sizes = [int(n) for n in args.players.split(",") if n]
    extra = [int(n) for n in args.extra.split(",") if n]
    args.results.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="quiz-bench-"))
    questions = write_bench_quiz(workdir / "questions", args.questions, args.time_limit)
    args.tree, args.source = ROOT, source_of_work_tree()
    if args.server_commit:
        args.tree, args.source = export_commit(args.server_commit, workdir / "server")
    reports: dict[tuple[str, int], list[dict]] = {}
    failures: list[str] = []
    started = time.time()
    try:
        plan = [(n, run) for n in sizes for run in range(args.runs)]
        plan += [(n, 0) for n in extra]
        for n, run in plan:
            for kind in KINDS:
                label = f"{kind}-{n}-run{run + 1}"
                print(f"[{time.time() - started:6.0f} s] {label} ...", file=sys.stderr, flush=True)
                try:
                    report = run_once(kind, n, run, workdir, questions, args)
                except Exception as exc:  # one broken run must not lose the others
                    print(f"         FAILED: {exc}", file=sys.stderr, flush=True)
                    failures.append(f"{label}: {str(exc)[:300]}")
                    continue
                (args.results / f"{label}.json").write_text(json.dumps(report, indent=2))
                reports.setdefault((kind, n), []).append(report)
                print(f"         {one_line(report)}", file=sys.stderr, flush=True)
        profile = None
        if not args.no_profile:
            if shutil.which("py-spy") is None:
                print("py-spy not found: no profile (pip install py-spy)", file=sys.stderr)
            else:
                n = args.profile_players
                print(f"[{time.time() - started:6.0f} s] ours-{n}-profiled ...", file=sys.stderr)
                raw = args.results / f"profile-ours-{n}.txt"
                try:
                    report = run_once("ours", n, 99, workdir, questions, args, profile_to=raw)
                except Exception as exc:
                    print(f"         FAILED: {exc}", file=sys.stderr, flush=True)
                    failures.append(f"ours-{n}-profiled: {str(exc)[:300]}")
                else:
                    (args.results / f"ours-{n}-profiled.json").write_text(
                        json.dumps(report, indent=2))
                    print(f"         {one_line(report)}", file=sys.stderr, flush=True)
                    profile = summarize_profile(raw)
                    profile["report"] = report
                    (args.results / f"profile-ours-{n}-top.txt").write_text(profile["text"])
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    medians = {key: median_report(runs) for key, runs in reports.items()}
    table = comparison_text(medians, sorted({n for _kind, n in reports}))
    print(table)
    server_times = [leaderboard.measure(n) for n in sorted({1000, *extra})]
    for row in server_times:
        print(json.dumps(row))
    if profile:
        print(profile["text"])
    for failure in failures:
        print(f"failed run: {failure}")
    if not args.no_write:
        all_sizes = sorted({n for _kind, n in reports})
        plot(medians, all_sizes, ROOT / "docs" / "performance.png")
        write_doc(ROOT / "docs" / "performance.md", medians, reports, all_sizes, profile, args,
                  time.time() - started, failures, server_times)
    return 1 if failures else 0


# ---- one run ----------------------------------------------------------------------------------


def write_bench_quiz(folder: Path, count: int, time_limit: int) -> Path:
    """A quiz of short four-choice questions, choice b right, in the bank's YAML form."""
    import yaml

    folder.mkdir(parents=True, exist_ok=True)
    questions = [
        {
            "id": f"bench-{i + 1}", "type": "single",
            "text": {"fr": f"Question de charge {i + 1} ?", "en": f"Load question {i + 1}?"},
            "choices": [{"id": c, "text": {"fr": f"Choix {c}", "en": f"Choice {c}"},
                         **({"correct": True} if c == "b" else {})} for c in "abcd"],
            "time_limit": time_limit, "points": "standard",
            "explanation": {"fr": "Explication.", "en": "Explanation."},
            "source": "https://example.org/bench",
        }
        for i in range(count)
    ]
    quiz = {"id": QUIZ_ID, "title": {"fr": "Banc de charge", "en": "Load bench"},
            "description": {"fr": "Questions courtes pour le banc de charge."},
            "questions": questions}
    (folder / f"{QUIZ_ID}.yaml").write_text(yaml.safe_dump(quiz, allow_unicode=True))
    return folder


def export_commit(revision: str, folder: Path) -> tuple[Path, str]:
    """Export a commit's files (read-only for the repository); return the folder, its name."""
    commit = subprocess.run(["git", "rev-parse", "--short", revision], cwd=ROOT, check=True,
                            capture_output=True, text=True).stdout.strip()
    folder.mkdir(parents=True)
    archive = subprocess.run(["git", "archive", "--format=tar", commit], cwd=ROOT, check=True,
                             capture_output=True).stdout
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive, check=True)
    return folder, f"commit {commit} (exported)"


def source_of_work_tree() -> str:
    """The work tree's commit, and a fingerprint of quiz/ when it has uncommitted changes."""
    commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT,
                            capture_output=True, text=True).stdout.strip()
    dirty = subprocess.run(["git", "status", "--porcelain", "quiz"], cwd=ROOT,
                           capture_output=True, text=True).stdout.strip()
    if not dirty:
        return f"commit {commit}"
    digest = hashlib.sha256()
    for source in sorted((ROOT / "quiz").rglob("*.py")):
        digest.update(source.read_bytes())
    return (f"the work tree on {commit} with uncommitted changes in quiz/ "
            f"(sha256 {digest.hexdigest()[:12]})")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def raise_open_files() -> None:
    """Run in the child before exec: 1,000 sockets need more than the usual 1,024 files."""
    import resource

    _soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = 65536 if hard == resource.RLIM_INFINITY else min(65536, hard)
    resource.setrlimit(resource.RLIMIT_NOFILE, (wanted, hard))


def run_once(kind: str, players: int, run: int, workdir: Path, questions: Path,
             args: argparse.Namespace, profile_to: Path | None = None) -> dict:
    """Start a fresh server of `kind`, play one game with `players` phones, stop it."""
    quiet = wait_for_quiet(args.quiet_cores, args.quiet_wait)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    env = {**os.environ, "PYTHONPATH": str(args.tree), "PYTHONUNBUFFERED": "1",
           "QUIZ_INSTANCE_PATH": str(workdir / f"instance-{kind}-{players}-{run}"),
           "QUIZ_QUESTIONS_PATH": str(questions), "QUIZ_PUBLIC_URL": url}
    env.pop("QUIZ_DATABASE_URL", None)
    env.pop("QUIZ_MESSAGE_QUEUE", None)
    token = "bare"
    if kind == "ours":
        done = subprocess.run(
            [sys.executable, "-m", "quiz.cli", "create-user", "bench", "--role", "host",
             "--password", "x"], env=env, cwd=args.tree, capture_output=True, text=True,
            check=True,
            timeout=120,
        )
        token = done.stdout.split("API token (shown once): ")[1].split()[0]
        command = [sys.executable, "-m", "quiz.cli", "serve", "--host", "127.0.0.1",
                   "--port", str(port)]
    else:
        command = [sys.executable, str(BENCH / "bare_server.py"), "--host", "127.0.0.1",
                   "--port", str(port), "--questions", str(questions)]
    log = open(workdir / f"{kind}-{players}-{run}.log", "w")
    server = subprocess.Popen(command, env=env, cwd=args.tree, stdout=log,
                              stderr=subprocess.STDOUT, preexec_fn=raise_open_files)
    spy = None
    try:
        wait_healthy(url, server)
        if profile_to is not None:
            spy = subprocess.Popen(
                ["py-spy", "record", "--pid", str(server.pid), "--rate", "100", "--format",
                 "raw", "--output", str(profile_to)],
                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            )
            time.sleep(1.0)  # let py-spy attach before the first phone connects
        # The load tester is this work tree's, whichever tree the server runs from.
        busy_before = busy_cpu_s()
        done = subprocess.run(
            [sys.executable, "-m", "quiz.loadtest", "--url", url, "--players",
             str(players), "--quiz", QUIZ_ID, f"--token={token}", "--json", "--quiet",
             "--answer-window", str(args.answer_window), "--seed", str(1000 * run + players),
             "--server-pid", str(server.pid)],
            env={**env, "PYTHONPATH": str(ROOT)}, cwd=ROOT, capture_output=True, text=True,
            timeout=900,
        )
        if not done.stdout.strip():
            raise RuntimeError(f"loadtest printed no report: {done.stderr[-2000:]}")
        report = json.loads(done.stdout)
        busy = busy_cpu_s() - busy_before
        ours = (pick(report, ("server", "cpu_s")) or 0) + report["load_generator"]["cpu_s"]
        report["machine"] = {"busy_cores_before": quiet, "busy_cpu_s": round(busy, 2),
                             "others_cpu_s": round(max(0.0, busy - ours), 2)}
        return report
    finally:
        if spy is not None:
            spy.send_signal(signal.SIGINT)
            try:
                spy.wait(timeout=60)
            except subprocess.TimeoutExpired:
                spy.kill()
        server.terminate()
        try:
            server.wait(timeout=15)
        except subprocess.TimeoutExpired:
            server.kill()
        log.close()


def busy_cpu_s() -> float:
    """CPU seconds the whole machine has spent busy since boot (all cores, /proc/stat)."""
    fields = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]]
    user, nice, system, _idle, _iowait, irq, softirq, steal = fields[:8]
    return (user + nice + system + irq + softirq + steal) / os.sysconf("SC_CLK_TCK")


def wait_for_quiet(max_cores: float, timeout_s: float) -> float:
    """Wait until the rest of the machine (nothing of ours runs now) uses under `max_cores`.

    Others share this machine (their test suites); a run started while they are busy measures
    them as much as us. Return the busy cores seen last.
    """
    deadline = time.monotonic() + timeout_s
    while True:
        before = busy_cpu_s()
        time.sleep(2.0)
        cores = (busy_cpu_s() - before) / 2.0
        if cores <= max_cores or time.monotonic() > deadline:
            return round(cores, 2)


def wait_healthy(url: str, server: subprocess.Popen, timeout_s: float = 60) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"server exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            pass
        time.sleep(0.1)
    raise TimeoutError(f"{url} did not become healthy")


def one_line(report: dict) -> str:
    return (f"joined {report['join']['joined']} in {report['join']['seconds']} s, fan-out p99 "
            f"{report['fanout_ms']['p99']} ms, ack p99 {report['answer_ack_ms']['p99']} ms, "
            f"result p99 {report['result_ms']['p99']} ms, lost {report['answers']['lost']}, "
            f"dup {report['answers']['duplicated']}, RSS {pick(report, ('server', 'rss_peak_mb'))}"
            f" MB, {'ok' if report['ok'] else 'NOT OK'}")


# ---- figures ----------------------------------------------------------------------------------


def pick(report: dict, path: tuple) -> object:
    value: object = report
    for key in path:
        if not isinstance(value, dict) or key not in value:
            return None
        value = value[key]
    return value


def median_report(runs: list[dict]) -> dict:
    """The median of every compared figure over the runs, and the worst of every count."""
    figures = {}
    for label, path in FIGURES:
        values = [v for v in (pick(r, path) for r in runs) if isinstance(v, int | float)]
        figures[label] = statistics.median(values) if values else None
    counts = {}
    for label, path in COUNTS:
        values = [pick(r, path) for r in runs]
        if label == "errors":
            merged: Counter = Counter()
            for value in values:
                merged.update(value or {})
            counts[label] = dict(merged)
        else:
            counts[label] = max((v for v in values if isinstance(v, int)), default=None)
    return {"figures": figures, "counts": counts, "runs": len(runs),
            "spread": {label: spread(runs, path) for label, path in FIGURES}}


def spread(runs: list[dict], path: tuple) -> tuple | None:
    values = [v for v in (pick(r, path) for r in runs) if isinstance(v, int | float)]
    return (min(values), max(values)) if values else None


def fmt(value: object) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.2f}" if value < 10 else f"{value:.0f}"
    return str(value)


def ratio(ours: object, bare: object) -> str:
    if not isinstance(ours, int | float) or not isinstance(bare, int | float) or bare == 0:
        return "–"
    return f"{ours / bare:.2f}×"


def comparison_text(medians: dict, sizes: list[int]) -> str:
    lines = []
    for n in sizes:
        ours, bare = medians.get(("ours", n)), medians.get(("bare", n))
        if ours is None or bare is None:
            continue
        lines.append(f"\n{n} players (median of {ours['runs']} runs)")
        lines.append(f"{'figure':<36}{'ours':>10}{'bare':>10}{'ratio':>9}")
        for label, _path in FIGURES:
            o, b = ours["figures"][label], bare["figures"][label]
            lines.append(f"{label:<36}{fmt(o):>10}{fmt(b):>10}{ratio(o, b):>9}")
        for label, _path in COUNTS:
            lines.append(f"{label:<36}{fmt(ours['counts'][label]):>10}"
                         f"{fmt(bare['counts'][label]):>10}")
    return "\n".join(lines)


# ---- the profile ------------------------------------------------------------------------------


def summarize_profile(raw: Path, top: int = 25) -> dict:
    """Self and inclusive time per function, and the hottest lines of our own code."""
    if not raw.exists():
        return {"text": f"no profile written at {raw}", "total": 0}
    own: Counter = Counter()
    inclusive: Counter = Counter()
    ours: Counter = Counter()
    total = 0
    for line in raw.read_text().splitlines():
        stack, _, count_text = line.rpartition(" ")
        if not stack or not count_text.isdigit():
            continue
        count = int(count_text)
        total += count
        frames = stack.split(";")
        functions = [re.sub(r":\d+\)$", ")", _short(f)) for f in frames]
        own[functions[-1]] += count
        for function in set(functions):
            inclusive[function] += count
        for frame in set(frames):
            if " (quiz/" in frame or "/main/quiz/" in frame:
                ours[_short(frame)] += count
    if total == 0:
        return {"text": "empty profile", "total": 0}

    def table(title: str, counter: Counter) -> list[str]:
        rows = [title, f"{'%':>6}  {'samples':>7}  frame"]
        rows += [f"{100 * n / total:6.1f}  {n:7d}  {name}" for name, n in counter.most_common(top)]
        return rows + [""]

    text = "\n".join([
        f"py-spy, 100 Hz, {total} samples of the server's busy (non-idle) time", "",
        *table("Self time (the frame on top of the stack):", own),
        *table("Inclusive time (the frame anywhere in the stack):", inclusive),
        *table("Lines of quiz/ (inclusive):", ours),
    ])
    return {"text": text, "total": total}


def _short(frame: str) -> str:
    """`func (/long/path/site-packages/pkg/mod.py:12)` -> `func (pkg/mod.py:12)`."""
    match = re.match(r"(.*) \((.*)\)$", frame)
    if not match:
        return frame
    name, where = match.groups()
    for marker in ("/site-packages/", "/lib/python3.11/", str(ROOT) + "/"):
        if marker in where:
            where = where.split(marker, 1)[1]
            break
    return f"{name} ({where})"


# ---- the plot and the doc ---------------------------------------------------------------------


def plot(medians: dict, sizes: list[int], out: Path) -> None:
    """Latency percentiles against players, ours solid and bare dashed."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    panels = [("question fan-out", "fan-out"), ("answer ack", "answer ack"),
              ("reveal → private result", "reveal → result")]
    fig, axes = plt.subplots(1, 3, figsize=(15, 4.6), sharey=True)
    for ax, (title, prefix) in zip(axes, panels, strict=True):
        for kind, style in (("ours", "-"), ("bare", "--")):
            for pct, color in (("p50", "tab:blue"), ("p95", "tab:orange"), ("p99", "tab:red")):
                label = f"{prefix} {pct} (ms)"
                points = [(n, medians[(kind, n)]["figures"].get(label)) for n in sizes
                          if (kind, n) in medians]
                points = [(n, v) for n, v in points if v is not None]
                if points:
                    ax.plot([n for n, _ in points], [max(v, 0.1) for _, v in points], style,
                            color=color, marker="o", label=f"{kind} {pct}")
        ax.set_title(title)
        ax.set_xlabel("players")
        ax.set_yscale("log")
        ax.grid(True, which="both", alpha=0.3)
    axes[0].set_ylabel("latency (ms, median of runs)")
    axes[0].legend(fontsize=8)
    fig.suptitle("Quiz AICT (solid) vs bare Flask-SocketIO on gevent (dashed)")
    fig.tight_layout()
    fig.savefig(out, dpi=110)


def machine() -> dict:
    meminfo = Path("/proc/meminfo").read_text()
    total_kb = int(re.search(r"MemTotal:\s+(\d+)", meminfo).group(1))
    cpuinfo = Path("/proc/cpuinfo").read_text()
    model = re.search(r"model name\s*:\s*(.*)", cpuinfo)
    versions = {}
    for package in ("flask", "flask-socketio", "python-socketio", "python-engineio", "gevent",
                    "sqlalchemy", "aiohttp", "simple-websocket"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = "–"
    return {
        "cpus": os.cpu_count(), "memory_gib": round(total_kb / 2**20, 1),
        "cpu_model": model.group(1).strip() if model else "?",
        "kernel": platform.release(), "python": platform.python_version(),
        "versions": versions,
    }


TARGETS = [  # (label, figure, limit or None when the row only informs, players)
    ("1,000 joined in ≤ 15 s", "join time (s)", 15, 1000),
    ("fan-out p99 ≤ 500 ms", "fan-out p99 (ms)", 500, 1000),
    ("answer ack p99 ≤ 500 ms", "answer ack p99 (ms)", 500, 1000),
    ("reveal → all results p99 ≤ 1 s", "reveal → result p99 (ms)", 1000, 1000),
    ("host:next → leaderboard round trip (sending it to every phone included; informative)",
     "host:next → leaderboard p50 (ms)", None, 1000),
    ("server RSS ≤ 400 MB", "server RSS peak (MB)", 400, 1000),
    ("2,000 players: fan-out p99 ≤ 1 s", "fan-out p99 (ms)", 1000, 2000),
    ("2,000 players: answer ack p99 ≤ 1 s", "answer ack p99 (ms)", 1000, 2000),
]


def write_doc(path: Path, medians: dict, reports: dict, sizes: list[int], profile: dict | None,
              args: argparse.Namespace, seconds: float, failures: list[str],
              server_times: list[dict]) -> None:
    """Replace the bench section of docs/performance.md (the rest of the file is kept)."""
    info = machine()
    out = [BEGIN, "",
           f"_Generated by `python bench/run.py` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC "
           f"in {seconds / 60:.0f} min; servers run from {args.source}._", "",
           "### Machine and versions", "",
           f"- {info['cpus']} CPUs ({info['cpu_model']}), {info['memory_gib']} GiB of memory, "
           f"Linux {info['kernel']}, Python {info['python']}",
           "- " + ", ".join(f"{k} {v}" for k, v in info["versions"].items()),
           f"- game: {args.questions} questions of {args.time_limit} s, four choices; phones "
           f"answer within {args.answer_window} s (random choices), 2 % drop and resume; "
           f"the host waits 1 s on each reveal and leaderboard; one projector connected",
           f"- {args.runs} runs per size and server, ours and bare alternating; figures are "
           "medians over the runs, counts the worst run", "",
           "### Targets (issue 7)", "",
           "| target | ours | bare | met |", "|---|---:|---:|:---:|"]
    for label, figure, limit, n in TARGETS:
        if ("ours", n) not in medians:
            continue
        ours = medians[("ours", n)]["figures"].get(figure)
        bare = medians.get(("bare", n), {}).get("figures", {}).get(figure)
        met = "–" if ours is None or limit is None else ("yes" if ours <= limit else "**no**")
        out.append(f"| {label} | {fmt(ours)} | {fmt(bare)} | {met} |")
    for row in server_times:
        if row["players"] == 1000:
            met = "yes" if row["leaderboard_ms"] <= 100 else "**no**"
            out.append(f"| leaderboard computed ≤ 100 ms (server time, `bench/leaderboard.py`) "
                       f"| {fmt(row['leaderboard_ms'])} | | {met} |")
    if ("ours", 1000) in medians and ("bare", 1000) in medians:
        o = medians[("ours", 1000)]["figures"]["fan-out p99 (ms)"]
        b = medians[("bare", 1000)]["figures"]["fan-out p99 (ms)"]
        met = "–" if o is None or b is None else ("yes" if o <= 1.5 * b else "**no**")
        out.append(f"| fan-out p99 ≤ 1.5 × bare | {ratio(o, b)} | 1.00× | {met} |")
    for n in (1000, 2000):
        if ("ours", n) not in medians:
            continue
        counts = medians[("ours", n)]["counts"]
        zero = all(counts[k] == 0 for k in ("lost", "duplicated", "failed joins"))
        out.append(f"| {n:,} players: 0 lost, 0 duplicated, 0 failed joins | {counts['lost']} / "
                   f"{counts['duplicated']} / {counts['failed joins']} | | "
                   f"{'yes' if zero else '**no**'} |")
    out += ["", "### Ours against the bare server", "",
            "![latency percentiles against players](performance.png)", ""]
    for n in sizes:
        ours, bare = medians.get(("ours", n)), medians.get(("bare", n))
        if ours is None or bare is None:
            continue
        out += [f"#### {n} players ({ours['runs']} run{'s' if ours['runs'] > 1 else ''})", "",
                "| figure | ours | bare | ours / bare | ours, min–max of runs |",
                "|---|---:|---:|---:|---:|"]
        for label, _path in FIGURES:
            o, b = ours["figures"][label], bare["figures"][label]
            low_high = ours["spread"][label]
            span = f"{fmt(low_high[0])}–{fmt(low_high[1])}" if low_high else "–"
            out.append(f"| {label} | {fmt(o)} | {fmt(b)} | {ratio(o, b)} | {span} |")
        for label, _path in COUNTS:
            o, b = ours["counts"][label], bare["counts"][label]
            if label == "errors":
                o = ", ".join(f"{k} ×{v}" for k, v in o.items()) or "none"
                b = ", ".join(f"{k} ×{v}" for k, v in b.items()) or "none"
            out.append(f"| {label} | {fmt(o)} | {fmt(b)} | | |")
        out.append("")
    out += ["### Server time of the leaderboard and the results", "",
            "`bench/leaderboard.py`, in-process, median of 21: the engine's ranking, the team "
            "standings and the payloads for N players in 40 teams after 3 answered questions; "
            "`json.dumps` of the leaderboard payload as the baseline of the same run.", "",
            "| players | leaderboard (ms) | every private result (ms) | json.dumps baseline (ms) |"
            " leaderboard / baseline |", "|---:|---:|---:|---:|---:|"]
    for row in server_times:
        out.append(f"| {row['players']} | {row['leaderboard_ms']:.2f} | "
                   f"{row['all_results_ms']:.2f} | {row['json_baseline_ms']:.3f} | "
                   f"{ratio(row['leaderboard_ms'], row['json_baseline_ms'])} |")
    out.append("")
    if failures:
        out += ["### Runs that failed", ""] + [f"- {f}" for f in failures] + [""]
    if profile:
        run = profile.get("report", {})
        out += [f"### Profile of our server during one more {run.get('players', '?')}-player run",
                "", f"That run: {one_line(run)}." if run else "", "",
                "```", profile["text"].rstrip(), "```", ""]
    out.append(END)
    section = "\n".join(out)
    text = path.read_text() if path.exists() else "# Performance\n\n" + BEGIN + "\n" + END + "\n"
    if BEGIN in text and END in text:
        head, rest = text.split(BEGIN, 1)
        text = head + section + rest.split(END, 1)[1]
    else:
        text = text.rstrip() + "\n\n" + section + "\n"
    path.write_text(text)


if __name__ == "__main__":
    sys.exit(main())
