"""Fixtures for the bank tests: quiz files written from text, a second empty database."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from quiz.store.database import Database

TODAY = date(2025, 6, 1)

# One valid question, one choice per line, so that every problem has an obvious line.
QUIZ_TEXT = """\
id: test
title: {fr: "Quiz de test", en: "Test quiz"}
questions:
  - id: q1
    type: single
    text: {fr: "Question 1 ?", en: "Question 1?"}
    choices:
      - {id: a, text: {fr: "Choix A", en: "Choice A"}}
      - {id: b, text: {fr: "Choix B", en: "Choice B"}, correct: true}
    time_limit: 20
    points: standard
    tags: {theme: odd, odd: [13]}
    difficulty: easy
    explanation: {fr: "Parce que.", en: "Because."}
    source: "https://example.org/source"
"""

# The same quiz with a second question kept in its reserve: in the bank, not in the quiz.
RESERVE_TEXT = QUIZ_TEXT + "reserve:\n" + QUIZ_TEXT.split("questions:\n", 1)[1].replace(
    "q1", "q2").replace("Question 1", "Question 2")


def line_of(text: str, needle: str) -> int:
    """Return the number of the first line of `text` containing `needle`."""
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the text")


@pytest.fixture
def bank_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "bank"
    folder.mkdir()
    return folder


@pytest.fixture
def write_file(bank_dir: Path):
    """Write text into the bank folder; return the path."""

    def write(text: str, name: str = "test.yaml") -> Path:
        path = bank_dir / name
        path.write_text(text, encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_db(tmp_path: Path):
    """Return a function creating an empty SQLite database by name."""
    made: list[Database] = []

    def make(name: str) -> Database:
        db = Database()
        db.connect(f"sqlite:///{tmp_path / name}.db")
        db.create_all()
        made.append(db)
        return db

    yield make
    for db in made:
        db.engine.dispose()


@pytest.fixture
def other_db(make_db) -> Database:
    """A second, empty database, to import an export into."""
    return make_db("other")
