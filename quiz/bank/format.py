"""The question-bank file format (one YAML or JSON file per quiz) and its conversion.

A quiz file holds `id`, `title` ({fr, en}), `description` and `questions`; each question holds
`id`, `type`, `text`, `choices` ({id, text, correct}), `time_limit` (seconds), `points`,
`tags`, `difficulty`, `explanation`, `source`, and optionally `valid_until`.
docs/question-format.md describes it in full.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from quiz import engine
from quiz.engine.game import Choice

QUIZ_FILE_SUFFIXES = (".yaml", ".yml", ".json")


@dataclass
class QuizFile:
    """A quiz read from a file, its questions kept as plain data (the stored form)."""

    id: str
    title: dict[str, str]
    description: dict[str, str]
    questions: list[dict[str, Any]]
    path: Path


def localised(value: Any) -> dict[str, str]:
    """Accept "text" or {fr: ..., en: ...}; return the dict form."""
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v is not None}
    if value is None:
        return {}
    return {"fr": str(value)}


def read_quiz_file(path: Path) -> QuizFile:
    """Read one quiz file (no validation beyond the shape needed to load it)."""
    text = path.read_text(encoding="utf-8")
    data = json.loads(text) if path.suffix == ".json" else yaml.safe_load(text)
    if not isinstance(data, dict) or "questions" not in data:
        raise ValueError(f"{path}: not a quiz file (no 'questions')")
    return QuizFile(
        id=str(data.get("id") or path.stem),
        title=localised(data.get("title") or path.stem),
        description=localised(data.get("description")),
        questions=[_plain(q) for q in data["questions"]],
        path=path,
    )


def _plain(question: dict[str, Any]) -> dict[str, Any]:
    # YAML dates become date objects; the stored form is JSON, so keep them as ISO strings.
    return json.loads(json.dumps(question, default=str))


def quiz_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.iterdir() if p.suffix in QUIZ_FILE_SUFFIXES and p.is_file())


def question_from_data(data: dict[str, Any]) -> engine.Question:
    """Build the engine's question from its stored form."""
    return engine.Question(
        id=str(data["id"]),
        type=str(data.get("type", "single")),
        text=localised(data["text"]),
        choices=tuple(
            Choice(id=str(c["id"]), text=localised(c["text"]), correct=bool(c.get("correct")))
            for c in data.get("choices", [])
        ),
        time_limit_ms=int(float(data.get("time_limit", 20)) * 1000),
        points=str(data.get("points", "standard")),
        explanation=localised(data.get("explanation")),
        source=str(data.get("source") or ""),
    )
