"""`quiz bank validate|import|export`: the question bank from the command line.

Loaded by quiz.cli as a command group; imports nothing heavy until a command runs.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

HELP = "validate, import and export question banks"
FORMATS = ("yaml", "json", "csv", "xlsx")


def configure(parser: argparse.ArgumentParser) -> None:
    """Add the validate, import and export subcommands."""
    commands = parser.add_subparsers(dest="bank_command", required=True, metavar="COMMAND")

    validate = commands.add_parser(
        "validate", help="check quiz files, print every problem; exit 1 on any error")
    validate.add_argument("paths", nargs="*", type=Path, metavar="PATH",
                          help="files or folders (default: the shipped questions/)")

    load = commands.add_parser(
        "import", help="import YAML/JSON quiz files, our CSV/XLSX, a Kahoot XLSX or GIFT")
    load.add_argument("files", nargs="+", type=Path, metavar="FILE")
    load.add_argument("--strict", action="store_true",
                      help="import nothing if validation finds any error")

    export = commands.add_parser("export", help="write the database's bank (or one quiz)")
    export.add_argument("--format", choices=FORMATS,
                        help="file format (default: from the -o suffix, else yaml)")
    export.add_argument("--quiz", metavar="ID", help="export this quiz only")
    export.add_argument("-o", "--output", type=Path, metavar="FILE",
                        help="file to write (default: standard output)")


def run(args: argparse.Namespace) -> int:
    """Run the chosen subcommand; return the exit code."""
    commands = {"validate": validate, "import": import_files, "export": export}
    return commands[args.bank_command](args)


def validate(args: argparse.Namespace) -> int:
    """Print every problem of the files, then a summary; 1 if any is an error."""
    from quiz.bank.reader import question_count, read_files
    from quiz.bank.validate import has_errors, summary, validate_documents
    from quiz.config import resource_path

    paths = [_shown(p) for p in args.paths] or [_shown(resource_path("questions"))]
    documents, problems = read_files(paths)
    problems += validate_documents(documents)
    for problem in _sorted(problems, [d.path for d in documents]):
        print(problem)
    print(summary(problems, len(documents), question_count(documents)))
    return 1 if has_errors(problems) else 0


def import_files(args: argparse.Namespace) -> int:
    """Import the files into the database; print problems and what changed."""
    from quiz.bank.transfer import CREATED, UNCHANGED, UPDATED, import_paths

    db = _database()
    report = import_paths(db, [_shown(p) for p in args.files], strict=args.strict)
    for problem in _sorted(report.problems, [_shown(p) for p in args.files]):
        print(problem)
    errors = report.error_count
    if not report.imported:
        print(f"{errors} error(s): nothing imported (--strict).")
        return 1
    for quiz_id, reason in report.skipped_quizzes:
        print(f"Quiz {quiz_id!r} not imported: {reason}.")
    for name, counts in (("Questions", report.questions), ("Quizzes", report.quizzes)):
        print(f"{name}: {counts[CREATED]} created, {counts[UPDATED]} updated, "
              f"{counts[UNCHANGED]} unchanged.")
    if errors:
        print(f"{errors} error(s) flagged: what could be imported was imported as it is; "
              "correct it before playing (`quiz bank validate`).")
    return 1 if report.unreadable or report.skipped_quizzes else 0


def export(args: argparse.Namespace) -> int:
    """Write the bank (or one quiz) in the chosen format to a file or standard output."""
    from quiz.bank.transfer import export_bank

    fmt = args.format or _format_of(args.output)
    if fmt == "xlsx" and args.output is None:
        print("An XLSX export needs a file: add -o FILE.xlsx", file=sys.stderr)
        return 2
    try:
        content = export_bank(_database(), fmt, args.quiz)
    except LookupError as exc:
        print(str(exc.args[0]).capitalize() + ".", file=sys.stderr)
        return 1
    if args.output is None:
        sys.stdout.buffer.write(content)
        sys.stdout.flush()
    else:
        args.output.write_bytes(content)
        what = f"quiz {args.quiz!r}" if args.quiz else "the question bank"
        print(f"Exported {what} as {fmt} to {args.output}.")
    return 0


def _database():
    from quiz import create_app

    app = create_app()
    db = app.extensions["quiz_db"]
    db.create_all()
    return db


def _format_of(output: Path | None) -> str:
    suffix = output.suffix.lower().lstrip(".") if output else ""
    return {"yml": "yaml"}.get(suffix, suffix) if suffix in (*FORMATS, "yml") else "yaml"


def _shown(path: Path) -> Path:
    """Return the path relative to the current folder when it is inside it (shorter output)."""
    try:
        return path.resolve().relative_to(Path.cwd())
    except ValueError:
        return path


def _sorted(problems, order: list[Path]) -> list:
    """Problems by file (in the order read), then by line."""
    rank = {str(path): i for i, path in enumerate(order)}
    return sorted(problems, key=lambda p: (rank.get(str(p.path), len(rank)), p.line or 0))
