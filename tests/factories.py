"""Test data factories: questions, quizzes and games built in one call."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from quiz import engine
from quiz.bank.format import question_from_data


def question_data(n: int = 1, correct: str = "b", time_limit: int = 20, **extra: Any) -> dict:
    """A single-choice question in the bank's stored form; choice `correct` is the right one."""
    data = {
        "id": f"q{n}",
        "type": "single",
        "text": {"fr": f"Question {n} ?", "en": f"Question {n}?"},
        "choices": [
            {"id": cid, "text": {"fr": f"Choix {cid}", "en": f"Choice {cid}"},
             **({"correct": True} if cid == correct else {})}
            for cid in ("a", "b", "c", "d")
        ],
        "time_limit": time_limit,
        "points": "standard",
        "explanation": {"fr": f"Explication {n}.", "en": f"Explanation {n}."},
        "source": "https://example.org/source",
    }
    data.update(extra)
    return data


def quiz_data(quiz_id: str = "test", count: int = 3, **question_extra: Any) -> dict:
    return {
        "id": quiz_id,
        "title": {"fr": "Quiz de test", "en": "Test quiz"},
        "description": {"fr": "Pour les tests."},
        "questions": [
            {**question_data(i + 1, **question_extra), "id": f"{quiz_id}-q{i + 1}"}
            for i in range(count)
        ],
    }


def write_quiz(folder: Path, quiz_id: str = "test", count: int = 3, **extra: Any) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{quiz_id}.yaml"
    path.write_text(yaml.safe_dump(quiz_data(quiz_id, count, **extra), allow_unicode=True))
    return path


def engine_game(count: int = 3, players: int = 2, time_limit: int = 20) -> engine.Game:
    """An engine game in the lobby with `players` players named p1, p2, …"""
    questions = tuple(
        question_from_data(question_data(i + 1, time_limit=time_limit)) for i in range(count)
    )
    game = engine.Game(pin="123456", questions=questions)
    for i in range(players):
        game.join(f"p{i + 1}", f"Player {i + 1}")
    return game
