"""The `quiz` command: serve, init-db, create-user, load-questions, and the plugged groups.

Nothing heavy is imported at module level: `quiz serve` must patch the standard library for
gevent before anything else imports it.
"""

from __future__ import annotations

import argparse
import secrets
import sys
from pathlib import Path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="quiz", description="Quiz AICT, a live quiz server.")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the quiz server (SQLite by default)")
    serve.add_argument("--host", default="0.0.0.0", help="address to listen on (default 0.0.0.0)")
    serve.add_argument("--port", type=int, default=8000, help="port to listen on (default 8000)")
    serve.add_argument("--no-questions", action="store_true",
                       help="do not load the question files at start")
    serve.add_argument("--workers", type=int, default=1,
                       help="server processes on consecutive ports from --port (needs "
                            "QUIZ_DATABASE_URL on PostgreSQL and QUIZ_MESSAGE_QUEUE on Redis)")
    # A worker of `--workers N`: the pool's parent has already set the database up.
    serve.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)

    commands.add_parser("init-db", help="create the database tables")

    create_user = commands.add_parser("create-user", help="create an account, print its API token")
    create_user.add_argument("name")
    create_user.add_argument("--role", choices=["host", "editor", "admin"], default="host")
    create_user.add_argument("--password", help="web login password (generated when omitted)")

    load = commands.add_parser("load-questions", help="load quiz files into the database")
    load.add_argument("paths", nargs="*", type=Path,
                      help="quiz files or folders (default: the shipped questions/)")

    plugged = _plug_commands(commands)
    args = parser.parse_args(argv)
    if args.command in plugged:
        return plugged[args.command].run(args)
    if args.command == "serve":
        if args.workers > 1:
            return run_workers(args.host, args.port, args.workers,
                               load_questions=not args.no_questions)
        return run_server(args.host, args.port, load_questions=not args.no_questions,
                          setup=not args.worker)
    app = _app()
    with app.app_context():
        db = app.extensions["quiz_db"]
        _upgrade_schema(app)
        if args.command == "init-db":
            print(f"Database ready: {app.config['DATABASE_URL']}")
        elif args.command == "create-user":
            return _create_user(db, args.name, args.role, args.password)
        elif args.command == "load-questions":
            paths = args.paths or [Path(app.config["QUESTIONS_PATH"])]
            for quiz_id, count in load_quiz_files(db, paths):
                print(f"Loaded quiz {quiz_id!r}: {count} questions")
    return 0


# Command groups that live beside their code. Each module has HELP, configure(parser) and
# run(args) -> exit code, and imports nothing heavy at module level (serve patches gevent first).
PLUGGED_COMMANDS = {
    "bank": "quiz.bank.commands", "loadtest": "quiz.loadtest", "db": "quiz.store.migrate",
    "token": "quiz.store.tokens", "purge": "quiz.store.purge",
}


def _plug_commands(commands) -> dict:
    import importlib

    plugged = {}
    for name, module_name in PLUGGED_COMMANDS.items():
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name != module_name:
                raise
            continue
        module.configure(commands.add_parser(name, help=module.HELP))
        plugged[name] = module
    return plugged


def _app(**overrides):
    from quiz import create_app

    return create_app(overrides)


def _upgrade_schema(app) -> None:
    """Create or upgrade the schema through the Alembic migrations (quiz/store/migrate.py)."""
    from quiz.store.migrate import upgrade

    upgrade(app.config["DATABASE_URL"])


def _create_user(db, name: str, role: str, password: str | None) -> int:
    from quiz.store import users

    if users.user_by_name(db, name) is not None:
        print(f"A user named {name!r} already exists.", file=sys.stderr)
        return 1
    shown = password or secrets.token_urlsafe(12)
    _user, token = users.create_user(db, name, role, shown)
    print(f"User {name!r} ({role}) created.")
    if password is None:
        print(f"Web login password: {shown}")
    print(f"API token (shown once): {token}")
    return 0


def load_quiz_files(db, paths: list[Path]) -> list[tuple[str, int]]:
    """Load every quiz file found under `paths` into the database."""
    from quiz.bank.format import quiz_files, read_quiz_file
    from quiz.store.quizzes import save_quiz

    loaded = []
    for path in paths:
        for file in quiz_files(path) if path.is_dir() else [path]:
            quiz = read_quiz_file(file)
            save_quiz(db, quiz)
            loaded.append((quiz.id, len(quiz.questions)))
    return loaded


def set_up(app, load_questions: bool) -> None:
    """First-start work, done once per start: schema, question bank, first admin account."""
    from quiz.store import users

    db = app.extensions["quiz_db"]
    _upgrade_schema(app)
    if load_questions:
        from quiz.bank.format import questions_in_folder

        folder = Path(app.config["QUESTIONS_PATH"])
        loaded = load_quiz_files(db, [folder])
        # Every question written out once (a quiz's and its reserve), not the quizzes' lengths.
        count = len(questions_in_folder(folder)) if folder.is_dir() else sum(n for _, n in loaded)
        print(f"Question bank: {len(loaded)} quizzes, {count} questions.")
    if users.count_users(db) == 0:
        password = secrets.token_urlsafe(12)
        _user, token = users.create_user(db, "admin", "admin", password)
        print("First start: an administrator account was created. Keep these (shown once):")
        print("  login:    admin")
        print(f"  password: {password}")
        print(f"  API token: {token}")


def run_server(host: str, port: int, load_questions: bool = True, setup: bool = True) -> int:
    """Start the production server: gevent, one process, everything set up on first run."""
    from gevent import monkey

    monkey.patch_all()

    from quiz.web.network import public_base_url
    from quiz.web.server import serve_forever

    app = _app(ASYNC_MODE="gevent", PORT=port)
    if setup:
        set_up(app, load_questions)
    broadcaster = app.extensions["quiz_broadcaster"]
    broadcaster.restart_timers()
    broadcaster.start_sweeper()
    broadcaster.start_clock_probes()
    if setup:
        base = public_base_url(app.config["PUBLIC_URL"], port)
        print(f"Instance folder: {app.config['INSTANCE_PATH']}")
        print(f"Host console:    {base}/host")
        print(f"Phones join at:  {base}/  (the projector shows a QR code)")
    else:
        print(f"Worker listening on {host}:{port}")
    sys.stdout.flush()
    serve_forever(app, host, port)
    return 0


def run_workers(host: str, port: int, count: int, load_questions: bool = True) -> int:
    """Set the database up once, then run `count` worker processes (quiz/web/server.py)."""
    from quiz.web.server import WorkerPool

    app = _app()
    url, queue = app.config["DATABASE_URL"], app.config["MESSAGE_QUEUE"]
    if url.startswith("sqlite") or not queue:
        print("--workers needs a server database and a message queue shared by the workers: "
              "set QUIZ_DATABASE_URL=postgresql+psycopg://... and QUIZ_MESSAGE_QUEUE=redis://..."
              " (see docs/deploy.md).", file=sys.stderr)
        return 2
    set_up(app, load_questions)
    app.extensions["quiz_db"].engine.dispose()
    pool = WorkerPool(host, port, count)
    print(f"Starting {count} workers on ports {pool.ports[0]}-{pool.ports[-1]}; "
          "put the reverse proxy of deploy/nginx.conf in front of them.", flush=True)
    return pool.run()


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
