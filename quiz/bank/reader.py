"""Read any bank file (quiz YAML/JSON, our CSV/XLSX, Kahoot XLSX, Moodle GIFT) as a Document."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from quiz.bank.format import QUIZ_FILE_SUFFIXES, BankFileError, Document, quiz_files, read_document
from quiz.bank.gift import GIFT_SUFFIXES, read_gift
from quiz.bank.problem import Problem
from quiz.bank.spreadsheet import SPREADSHEET_SUFFIXES, read_spreadsheet

SUFFIXES = QUIZ_FILE_SUFFIXES + SPREADSHEET_SUFFIXES + GIFT_SUFFIXES


def read_file(path: Path) -> Document:
    """Read one file by its kind (its suffix); raise BankFileError if it cannot be read."""
    suffix = path.suffix.lower()
    try:
        if suffix in QUIZ_FILE_SUFFIXES:
            return read_document(path)
        if suffix in SPREADSHEET_SUFFIXES:
            return read_spreadsheet(path)
        if suffix in GIFT_SUFFIXES:
            return read_gift(path)
    except UnicodeDecodeError:
        raise BankFileError(path, None, "not UTF-8 text") from None
    except OSError as exc:
        raise BankFileError(path, None, f"cannot be read ({exc.strerror})") from None
    raise BankFileError(path, None, f"unknown kind of file (expected {', '.join(SUFFIXES)})")


def bank_files(paths: Iterable[Path]) -> list[Path]:
    """Return the files named, and the quiz files (YAML, JSON) of the folders named."""
    files: list[Path] = []
    for path in paths:
        files.extend(quiz_files(path) if path.is_dir() else [path])
    return files


def read_files(paths: Iterable[Path]) -> tuple[list[Document], list[Problem]]:
    """Read every file; a file that cannot be read at all becomes a problem instead."""
    documents: list[Document] = []
    problems: list[Problem] = []
    for file in bank_files(paths):
        if not file.exists():
            problems.append(Problem(file, None, None, "no such file or folder"))
            continue
        try:
            documents.append(read_file(file))
        except BankFileError as exc:
            problems.append(Problem(exc.path, exc.line, None, exc.message))
    return documents, problems


def question_count(documents: Iterable[Document]) -> int:
    """Count the questions written out in full (not those given by id) in the documents."""
    count = 0
    for document in documents:
        data = document.data if isinstance(document.data, dict) else {}
        lists = [data.get("questions"), data.get("reserve")]
        if document.is_bank and isinstance(data.get("quizzes"), list):
            lists += [q.get(key) for q in data["quizzes"] if isinstance(q, dict)
                      for key in ("questions", "reserve")]
        count += sum(
            isinstance(q, dict) for entries in lists if isinstance(entries, list) for q in entries
        )
    return count
