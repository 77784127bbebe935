"""Several processes behind nginx: `quiz serve --workers N` on PostgreSQL and Redis (issue 8).

    pip install -e '.[bench]'
    python bench/processes.py                           # 500 and 1000 players; 1, 2, 4 workers
    python bench/processes.py --players 200 --workers 2 --no-write     # a quick look

For each size it plays the same game (bench/run.py's quiz, `quiz loadtest --json`) against:

- `embedded`: the embedded default, one `quiz serve` process on SQLite, no proxy (the baseline
  of docs/performance.md);
- `workers-N`: `quiz serve --workers N` on a fresh PostgreSQL database and a private Redis
  channel, behind nginx on 127.0.0.1 with deploy/nginx.conf's cookie-sticky upstream
  (`hash $cookie_quiz_worker consistent`; every simulated phone sends its own random
  `quiz_worker` cookie, as a browser does after its first page).

The configurations alternate within each round so that all see the same moments of this shared
machine. Besides the load tester's report it measures the CPU time of every process involved
(the workers, nginx, the PostgreSQL backends of the bench database, Redis, the load generator),
the peak RSS of the workers and how many sockets each worker held, and writes the section of
docs/performance.md between the processes markers. Raw reports land in bench/results/.

nginx comes from Debian: when it is missing and we are root, `apt-get install -y nginx` runs
here (never in the tests or CI). Needs PostgreSQL (`--postgres`, a role that may CREATE
DATABASE) and Redis (`--redis`).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import run as single  # noqa: E402  bench/run.py: the quiz, the embedded run, machine info

ROOT = single.ROOT
BEGIN, END = "<!-- processes:begin -->", "<!-- processes:end -->"
# One IP (127.0.0.1) stands in for a whole hall here: lift the per-IP join limit for every
# configuration alike (a hall behind one NAT is the case the limit's burst is sized for).
JOIN_LIMITS = {"QUIZ_JOIN_RATE_PER_IP": "100000", "QUIZ_JOIN_BURST_PER_IP": "100000"}
FIGURES = [  # (label, path in the report)
    ("players joined", ("join", "joined")),
    ("failed joins", ("join", "failed")),
    ("join time (s)", ("join", "seconds")),
    ("fan-out p50 (ms)", ("fanout_ms", "p50")),
    ("fan-out p99 (ms)", ("fanout_ms", "p99")),
    ("answer ack p50 (ms)", ("answer_ack_ms", "p50")),
    ("answer ack p99 (ms)", ("answer_ack_ms", "p99")),
    ("reveal → result p99 (ms)", ("result_ms", "p99")),
    ("host:next → leaderboard p50 (ms)", ("host_commands_ms", "host:next -> leaderboard", "p50")),
    ("lost", ("answers", "lost")),
    ("duplicated", ("answers", "duplicated")),
    ("missing deliveries", ("missing_questions",)),
    ("server RSS peak, all workers (MB)", ("server", "rss_peak_mb")),
    ("server CPU, all workers (s)", ("server", "cpu_s")),
    ("nginx CPU (s)", ("cpu", "nginx_s")),
    ("PostgreSQL CPU (s)", ("cpu", "postgres_s")),
    ("Redis CPU (s)", ("cpu", "redis_s")),
    ("load generator CPU (s)", ("load_generator", "cpu_s")),
    ("load generator loop lag p99 (ms)", ("load_generator", "loop_lag_ms", "p99")),
    ("whole machine busy (CPU s)", ("machine", "busy_cpu_s")),
    ("game wall time (s)", ("cpu", "wall_s")),
    ("others' CPU during the run (s)", ("machine", "others_cpu_s")),
]
LOWER_IS_BETTER_RATIO = {"join time (s)", "fan-out p50 (ms)", "fan-out p99 (ms)",
                         "answer ack p50 (ms)", "answer ack p99 (ms)", "reveal → result p99 (ms)"}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Bench quiz serve --workers N behind nginx.")
    parser.add_argument("--players", default="500,1000", help="sizes (default 500,1000)")
    parser.add_argument("--workers", default="1,2,4", help="process counts (default 1,2,4)")
    parser.add_argument("--runs", type=int, default=1, help="rounds (default 1)")
    parser.add_argument("--no-embedded", action="store_true", help="skip the SQLite baseline")
    parser.add_argument("--questions", type=int, default=3)
    parser.add_argument("--time-limit", type=int, default=10)
    parser.add_argument("--answer-window", type=float, default=3.0)
    parser.add_argument("--postgres", default=os.environ.get(
        "QUIZ_BENCH_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/postgres"))
    parser.add_argument("--redis", default=os.environ.get("QUIZ_BENCH_REDIS_URL",
                                                          "redis://127.0.0.1:6379/0"))
    parser.add_argument("--quiet-cores", type=float, default=0.3)
    parser.add_argument("--quiet-wait", type=float, default=60,
                        help="wait at most this long for a quiet machine before each run")
    parser.add_argument("--run-timeout", type=float, default=300,
                        help="give up a run after this many seconds (default 300)")
    parser.add_argument("--results", type=Path, default=single.BENCH / "results")
    parser.add_argument("--no-write", action="store_true", help="do not touch docs/")
    args = parser.parse_args(argv)

    sizes = [int(n) for n in args.players.split(",") if n]
    counts = [int(n) for n in args.workers.split(",") if n]
    configs = ([] if args.no_embedded else ["embedded"]) + [f"workers-{n}" for n in counts]
    nginx = ensure_nginx()
    os.environ.update(JOIN_LIMITS)
    args.results.mkdir(parents=True, exist_ok=True)
    workdir = Path(tempfile.mkdtemp(prefix="quiz-bench-processes-"))
    questions = single.write_bench_quiz(workdir / "questions", args.questions, args.time_limit)
    args.tree, args.source = ROOT, single.source_of_work_tree()
    reports: dict[tuple[str, int], list[dict]] = {}
    failures: list[str] = []
    started = time.time()
    try:
        for run in range(args.runs):
            for n in sizes:
                for config in configs:
                    label = f"{config}-{n}-run{run + 1}"
                    print(f"[{time.time() - started:6.0f} s] {label} ...", file=sys.stderr,
                          flush=True)
                    try:
                        if config == "embedded":
                            report = single.run_once("ours", n, run, workdir, questions, args)
                            report["server"]["processes"] = 1
                        else:
                            report = run_pool(int(config.split("-")[1]), n, run, workdir,
                                              questions, args, nginx)
                    except Exception as exc:  # one broken run must not lose the others
                        print(f"         FAILED: {exc}", file=sys.stderr, flush=True)
                        failures.append(f"{label}: {str(exc)[:300]}")
                        continue
                    (args.results / f"processes-{label}.json").write_text(
                        json.dumps(report, indent=2))
                    reports.setdefault((config, n), []).append(report)
                    print(f"         {single.one_line(report)}; load generator CPU "
                          f"{report['load_generator']['cpu_s']} s", file=sys.stderr, flush=True)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)

    text = tables(reports, sizes, configs)
    print(text)
    for failure in failures:
        print(f"failed run: {failure}")
    if not args.no_write:
        write_doc(ROOT / "docs" / "performance.md", text, args, configs, sizes,
                  time.time() - started, failures, nginx)
    return 1 if failures else 0


# ---- services -------------------------------------------------------------------------------


def ensure_nginx() -> str:
    """The nginx binary; install Debian's package when it is missing (root only)."""
    found = shutil.which("nginx") or ("/usr/sbin/nginx" if Path("/usr/sbin/nginx").exists()
                                      else None)
    if found:
        return found
    if os.geteuid() != 0:
        raise SystemExit("nginx is missing: apt-get install nginx (as root), then run again")
    print("nginx is missing: apt-get install -y nginx", file=sys.stderr, flush=True)
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "install", "-y", "-qq", "nginx"], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    # The package starts its own daemon on port 80 when it can: we only need the binary.
    pid_file = Path("/run/nginx.pid")
    if pid_file.exists():
        subprocess.run(["/usr/sbin/nginx", "-s", "quit"], check=False)
    return "/usr/sbin/nginx"


def create_database(server_url: str) -> str:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    server = make_url(server_url)
    name = f"quiz_bench_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'CREATE DATABASE "{name}"'))
    finally:
        admin.dispose()
    return server.set(database=name).render_as_string(hide_password=False)


def drop_database(url: str) -> None:
    from sqlalchemy import create_engine, text
    from sqlalchemy.engine import make_url

    parsed = make_url(url)
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    try:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{parsed.database}" WITH (FORCE)'))
    finally:
        admin.dispose()


NGINX_CONF = """\
# Generated by bench/processes.py: deploy/nginx.conf's upstream and proxying, on plain HTTP.
{user}worker_processes auto;
worker_rlimit_nofile 65536;
pid {prefix}/nginx.pid;
error_log {prefix}/error.log warn;
events {{ worker_connections 16384; }}
http {{
    access_log off;
    client_body_temp_path {prefix}/body;
    proxy_temp_path {prefix}/proxy;
    fastcgi_temp_path {prefix}/fastcgi;
    uwsgi_temp_path {prefix}/uwsgi;
    scgi_temp_path {prefix}/scgi;
    upstream quiz_workers {{
        hash $cookie_quiz_worker consistent;
{servers}
        keepalive 64;
    }}
    map $http_upgrade $connection_upgrade {{
        default upgrade;
        ''      close;
    }}
    server {{
        listen 127.0.0.1:{port};
        location /socket.io/ {{
            proxy_pass http://quiz_workers;
            proxy_http_version 1.1;
            proxy_set_header Upgrade $http_upgrade;
            proxy_set_header Connection $connection_upgrade;
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
            proxy_buffering off;
            proxy_read_timeout 3600s;
            proxy_send_timeout 3600s;
        }}
        location / {{
            proxy_pass http://quiz_workers;
            proxy_http_version 1.1;
            proxy_set_header Connection "";
            proxy_set_header Host $host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
    }}
}}
"""


def consecutive_free_ports(count: int) -> int:
    """A first port such that it and the next `count - 1` are free (the pool's layout)."""
    for _ in range(200):
        first = single.free_port()
        try:
            for port in range(first, first + count):
                with socket.socket() as s:
                    s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
    raise RuntimeError(f"no {count} consecutive free ports")


# ---- processes' CPU and memory from /proc ---------------------------------------------------


def proc_cpu_s(pid: int) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def all_processes() -> list[tuple[int, int, str]]:
    """(pid, parent pid, command line) of every process."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
        except (OSError, ValueError, IndexError):
            continue
        found.append((int(entry.name), ppid, cmdline))
    return found


def children(pid: int) -> list[int]:
    return [p for p, ppid, _cmd in all_processes() if ppid == pid]


def established_by_port(ports: list[int]) -> dict[int, int]:
    """How many established TCP sockets each local port holds (the workers' clients)."""
    counts = dict.fromkeys(ports, 0)
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            fields = line.split()
            if fields[3] != "01":
                continue
            port = int(fields[1].rsplit(":", 1)[1], 16)
            if port in counts:
                counts[port] += 1
    return counts


class Sampler:
    """Every 0.25 s: the workers' RSS, their sockets, and the CPU of the bench's PostgreSQL
    backends (they come and go with the connection pools, so their last value is kept)."""

    def __init__(self, workers: dict[int, int], database: str) -> None:
        self.workers = workers  # port -> pid
        self.database = database
        self.rss_peak = dict.fromkeys(workers.values(), 0.0)
        self.total_rss_peak = 0.0
        self.sockets_peak = dict.fromkeys(workers, 0)
        self.backend_start: dict[int, float] = {}
        self.backend_last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, daemon=True)

    def backends(self) -> dict[int, float]:
        mark = f" {self.database} "
        return {pid: cpu for pid, _ppid, cmd in all_processes()
                if cmd.startswith("postgres:") and mark in cmd
                and (cpu := proc_cpu_s(pid)) is not None}

    def start(self) -> None:
        self.backend_start = self.backends()
        self._thread.start()

    def _loop(self) -> None:
        while not self._stop.is_set():
            total = 0.0
            for pid in self.workers.values():
                rss = proc_rss_mb(pid)
                self.rss_peak[pid] = max(self.rss_peak[pid], rss)
                total += rss
            self.total_rss_peak = max(self.total_rss_peak, total)
            for port, count in established_by_port(list(self.workers)).items():
                self.sockets_peak[port] = max(self.sockets_peak[port], count)
            self.backend_last.update(self.backends())
            self._stop.wait(0.25)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)
        self.backend_last.update(self.backends())

    def postgres_cpu_s(self) -> float:
        return sum(cpu - self.backend_start.get(pid, 0.0) for pid, cpu in self.backend_last.items())


def cpu_of(pids: list[int]) -> dict[int, float]:
    return {pid: cpu for pid in pids if (cpu := proc_cpu_s(pid)) is not None}


def redis_pids() -> list[int]:
    return [pid for pid, _ppid, cmd in all_processes() if cmd.startswith("redis-server")]


# ---- one run of a pool behind nginx ---------------------------------------------------------


def run_pool(count: int, players: int, run: int, workdir: Path, questions: Path,
             args: argparse.Namespace, nginx: str) -> dict:
    """`quiz serve --workers count` on a fresh database, behind nginx; play one game."""
    quiet = single.wait_for_quiet(args.quiet_cores, args.quiet_wait)
    folder = workdir / f"workers{count}-{players}-{run}"
    (folder / "nginx").mkdir(parents=True)
    database = create_database(args.postgres)
    first, proxy_port = consecutive_free_ports(count), single.free_port()
    worker_ports = [first + n for n in range(count)]
    url = f"http://127.0.0.1:{proxy_port}"
    env = {**os.environ, "PYTHONPATH": str(args.tree), "PYTHONUNBUFFERED": "1",
           "QUIZ_INSTANCE_PATH": str(folder / "instance"), "QUIZ_QUESTIONS_PATH": str(questions),
           "QUIZ_PUBLIC_URL": url, "QUIZ_DATABASE_URL": database,
           "QUIZ_MESSAGE_QUEUE": args.redis, "QUIZ_TRUSTED_PROXIES": "1",
           "QUIZ_MESSAGE_QUEUE_CHANNEL": f"quiz-bench-{uuid.uuid4().hex[:8]}", **JOIN_LIMITS}
    pool = proxy = None
    logs = []
    try:
        done = subprocess.run(
            [sys.executable, "-m", "quiz.cli", "create-user", "bench", "--role", "host",
             "--password", "x"], env=env, cwd=args.tree, capture_output=True, text=True,
            check=True, timeout=120)
        token = done.stdout.split("API token (shown once): ")[1].split()[0]
        logs.append(open(folder / "pool.log", "w"))
        pool = subprocess.Popen(
            [sys.executable, "-m", "quiz.cli", "serve", "--host", "127.0.0.1", "--port",
             str(first), "--workers", str(count)], env=env, cwd=args.tree, stdout=logs[-1],
            stderr=subprocess.STDOUT, preexec_fn=single.raise_open_files)
        for port in worker_ports:
            single.wait_healthy(f"http://127.0.0.1:{port}", pool)
        servers = "\n".join(f"        server 127.0.0.1:{p} max_fails=0;" for p in worker_ports)
        conf = folder / "nginx" / "nginx.conf"
        conf.write_text(NGINX_CONF.format(
            prefix=folder / "nginx", port=proxy_port, servers=servers,
            user="user root;\n" if os.geteuid() == 0 else ""))
        logs.append(open(folder / "nginx.log", "w"))
        proxy = subprocess.Popen([nginx, "-p", str(folder / "nginx"), "-c", str(conf),
                                  "-g", "daemon off;"], stdout=logs[-1], stderr=subprocess.STDOUT)
        single.wait_healthy(url, proxy)
        # The workers: the pool's children, or the process itself for --workers 1.
        pids = children(pool.pid) if count > 1 else [pool.pid]
        by_port = dict(zip(worker_ports, sorted(pids), strict=False))
        if len(pids) != count:
            raise RuntimeError(f"expected {count} worker processes, found {pids}")
        nginx_pids = [proxy.pid, *children(proxy.pid)]
        watched = pids + nginx_pids + redis_pids()
        sampler = Sampler(by_port, make_database_name(database))
        cpu_before, busy_before, wall_before = cpu_of(watched), single.busy_cpu_s(), time.time()
        sampler.start()
        try:
            done = subprocess.run(
                [sys.executable, "-m", "quiz.loadtest", "--url", url, "--players", str(players),
                 "--quiz", single.QUIZ_ID, f"--token={token}", "--json", "--quiet",
                 "--answer-window", str(args.answer_window), "--seed",
                 str(1000 * run + players), "--server-pid", str(pool.pid)],
                env={**env, "PYTHONPATH": str(ROOT)}, cwd=ROOT, capture_output=True, text=True,
                timeout=args.run_timeout)
        finally:
            sampler.stop()
        cpu_after, busy = cpu_of(watched), single.busy_cpu_s() - busy_before
        wall = time.time() - wall_before
        if not done.stdout.strip():
            raise RuntimeError(f"loadtest printed no report: {done.stderr[-2000:]}")
        report = json.loads(done.stdout)

        def spent(group: list[int]) -> float:
            return round(sum(cpu_after.get(p, 0.0) - cpu_before.get(p, 0.0) for p in group
                             if p in cpu_before), 2)

        worker_cpu = {port: spent([pid]) for port, pid in by_port.items()}
        report["server"] = {
            "processes": count, "pids": pids, "cpu_s": round(sum(worker_cpu.values()), 2),
            "cpu_s_per_worker": list(worker_cpu.values()),
            "rss_peak_mb": round(sampler.total_rss_peak, 1),
            "rss_peak_mb_per_worker": [round(sampler.rss_peak[p], 1) for p in by_port.values()],
            "sockets_peak_per_worker": list(sampler.sockets_peak.values()),
        }
        report["cpu"] = {"nginx_s": spent(nginx_pids), "redis_s": spent(redis_pids()),
                         "postgres_s": round(sampler.postgres_cpu_s(), 2), "wall_s": round(wall, 1)}
        ours = (report["server"]["cpu_s"] + report["load_generator"]["cpu_s"]
                + report["cpu"]["nginx_s"] + report["cpu"]["postgres_s"])
        report["machine"] = {"busy_cores_before": quiet, "busy_cpu_s": round(busy, 2),
                             "others_cpu_s": round(max(0.0, busy - ours), 2)}
        return report
    finally:
        for process in (proxy, pool):
            if process is not None and process.poll() is None:
                process.send_signal(signal.SIGQUIT if process is proxy else signal.SIGTERM)
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait(timeout=5)
        for log in logs:
            log.close()
        try:
            drop_database(database)
        except Exception as exc:  # report it, keep the run's figures
            print(f"         could not drop {database}: {exc}", file=sys.stderr)


def make_database_name(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).database


# ---- tables and the doc ---------------------------------------------------------------------


def median_of(runs: list[dict], path: tuple) -> float | None:
    values = [v for v in (single.pick(r, path) for r in runs) if isinstance(v, int | float)]
    return statistics.median(values) if values else None


def tables(reports: dict, sizes: list[int], configs: list[str]) -> str:
    out = []
    for n in sizes:
        present = [c for c in configs if (c, n) in reports]
        if not present:
            continue
        runs = {c: len(reports[(c, n)]) for c in present}
        out += ["", f"#### {n} players ({', '.join(f'{c}: {k} run(s)' for c, k in runs.items())})",
                "", "| figure | " + " | ".join(present) + " |",
                "|---|" + "---:|" * len(present)]
        base = "embedded" if "embedded" in present else None
        for label, path in FIGURES:
            cells = []
            for config in present:
                value = median_of(reports[(config, n)], path)
                cell = single.fmt(value)
                if (base and config != base and label in LOWER_IS_BETTER_RATIO
                        and value is not None):
                    reference = median_of(reports[(base, n)], path)
                    if reference:
                        cell += f" ({value / reference:.2f}×)"
                cells.append(cell)
            out.append(f"| {label} | " + " | ".join(cells) + " |")
        spread = []
        for config in present:
            sockets = [r["server"].get("sockets_peak_per_worker") for r in reports[(config, n)]]
            if sockets and sockets[0]:
                spread.append(f"{config}: {' / '.join(str(s) for s in sockets[0])}")
        if spread:
            out += ["", "Sockets held per worker at the peak (first run; each phone's socket "
                    "through nginx, plus nginx's idle keepalive connections): "
                    + "; ".join(spread) + "."]
    return "\n".join(out)


def write_doc(path: Path, text: str, args: argparse.Namespace, configs: list[str],
              sizes: list[int], seconds: float, failures: list[str], nginx: str) -> None:
    info = single.machine()
    nginx_version = subprocess.run([nginx, "-v"], capture_output=True, text=True).stderr.strip()
    services = []
    for command in (["psql", "--version"], ["redis-server", "--version"]):
        try:
            services.append(subprocess.run(command, capture_output=True, text=True,
                                           timeout=10).stdout.strip())
        except OSError:
            pass
    loadavg = Path("/proc/loadavg").read_text().split()[:3]
    section = [
        BEGIN, "",
        f"_Generated by `python bench/processes.py --players {args.players} --workers "
        f"{args.workers} --runs {args.runs}` on {datetime.now(UTC):%Y-%m-%d %H:%M} UTC in "
        f"{seconds / 60:.0f} min; {args.source}; load average at the end "
        f"{' '.join(loadavg)}._", "",
        f"- {info['cpus']} CPUs ({info['cpu_model']}), Python {info['python']}, "
        + ", ".join(f"{k} {v}" for k, v in info["versions"].items()),
        f"- {nginx_version.replace('nginx version: ', 'nginx ')}; "
        + "; ".join(services),
        f"- configurations, in this order in each round: {', '.join(configs)}; sizes "
        f"{', '.join(str(s) for s in sizes)}; medians over the runs; ratios against `embedded`",
        text, "",
    ]
    if failures:
        section += ["Runs that failed:", ""] + [f"- {f}" for f in failures] + [""]
    section.append(END)
    body = path.read_text()
    if BEGIN in body and END in body:
        head, rest = body.split(BEGIN, 1)
        body = head + "\n".join(section) + rest.split(END, 1)[1]
    else:
        body = body.rstrip("\n") + "\n\n" + "\n".join(section) + "\n"
    path.write_text(body)


if __name__ == "__main__":
    sys.exit(main())
