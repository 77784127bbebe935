"""Our own spreadsheet layout (CSV or XLSX): one row per question, one column per field.

    quiz_id, id, type, text_fr, text_en, choice_a_fr, choice_a_en … choice_f_fr, choice_f_en,
    correct, time_limit, points, theme, odd, difficulty, explanation_fr, explanation_en, source,
    valid_until, image, tolerance, quiz_title_fr, quiz_title_en, quiz_description_fr,
    quiz_description_en

Columns are found by their header, in any order; only `text_fr` is required. Choices are named
a–f by their column (`true` and `false` for a true/false question); `correct` lists the right
ones ("b", "a,c"), or holds the expected number of a numeric question. A question in several
quizzes takes one row per quiz; a row without quiz_id is a bank question in no quiz.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from quiz.bank.format import Document
from quiz.bank.problem import Problem
from quiz.bank.schema import CHOICE_TYPES, TRUE_FALSE_IDS, canonical_question, unique_slug

LETTERS = "abcdef"
CHOICE_COLUMNS = [f"choice_{letter}_{lang}" for letter in LETTERS for lang in ("fr", "en")]
QUIZ_COLUMNS = ["quiz_title_fr", "quiz_title_en", "quiz_description_fr", "quiz_description_en"]
COLUMNS = [
    "quiz_id", "id", "type", "text_fr", "text_en", *CHOICE_COLUMNS, "correct", "time_limit",
    "points", "theme", "odd", "difficulty", "explanation_fr", "explanation_en", "source",
    "valid_until", "image", "tolerance", *QUIZ_COLUMNS,
]
TRUE_FALSE_WORDS = {"true": "true", "vrai": "true", "a": "true",
                    "false": "false", "faux": "false", "b": "false"}


def is_header(cells: list[str]) -> bool:
    """Tell whether a row is our layout's header."""
    names = {c.strip().lower() for c in cells}
    return "text_fr" in names and ("id" in names or "correct" in names)


def document_from_rows(path: Path, header_line: int, header: list[str],
                       rows: list[tuple[int, list[str]]]) -> Document:
    """Turn the rows under our header into a bank document ({quizzes, questions})."""
    document = Document(path=path, data={"quizzes": [], "questions": []}, lines={(): 1})
    columns: dict[str, int] = {}
    for index, name in enumerate(header):
        key = name.strip().lower()
        if not key:
            continue
        if key not in COLUMNS:
            document.notes.append(Problem(path, header_line, None, f"unknown column {name!r}"))
        columns.setdefault(key, index)
    questions: dict[str, tuple[int, dict[str, Any]]] = {}
    quizzes: dict[str, dict[str, Any]] = {}
    taken: set[str] = {row[columns["id"]] for _, row in rows
                       if "id" in columns and columns["id"] < len(row) and row[columns["id"]]}
    for line, cells in rows:
        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        question = _question(cell, line, path, document.notes)
        if not question.get("id"):
            question["id"] = unique_slug(cell("text_fr") or f"row {line}", taken)
        question = canonical_question(question)
        question_id = question["id"]
        if question_id in questions:
            first_line, first = questions[question_id]
            if first != question:
                document.notes.append(Problem(
                    path, line, question_id,
                    f"differs from row {first_line}, which has the same id",
                ))
        else:
            questions[question_id] = (line, question)
            document.lines[("questions", len(questions) - 1)] = line
            document.data["questions"].append(question)
        quiz_id = cell("quiz_id")
        if quiz_id:
            _add_to_quiz(quizzes, quiz_id, question_id, cell, line, document)
    return document


def _add_to_quiz(quizzes: dict[str, dict[str, Any]], quiz_id: str, question_id: str,
                 cell, line: int, document: Document) -> None:
    if quiz_id not in quizzes:
        quizzes[quiz_id] = {"id": quiz_id, "questions": []}
        document.lines[("quizzes", len(quizzes) - 1)] = line
        document.data["quizzes"].append(quizzes[quiz_id])
    quiz = quizzes[quiz_id]
    index = list(quizzes).index(quiz_id)
    for field in ("title", "description"):
        text = {lang: cell(f"quiz_{field}_{lang}") for lang in ("fr", "en")}
        text = {lang: value for lang, value in text.items() if value}
        if text and field not in quiz:
            quiz[field] = text
    document.lines[("quizzes", index, "questions", len(quiz["questions"]))] = line
    quiz["questions"].append(question_id)


def _question(cell, line: int, path: Path, notes: list[Problem]) -> dict[str, Any]:
    question: dict[str, Any] = {}
    kind = cell("type")
    for key, value in (("id", cell("id")), ("type", kind)):
        if value:
            question[key] = value
    question["text"] = _text(cell, "text")
    choices = []
    for letter in LETTERS:
        text = _text(cell, f"choice_{letter}")
        if text:
            choices.append({"id": letter, "text": text})
    if kind == "true_false":
        for choice, choice_id in zip(choices, TRUE_FALSE_IDS, strict=False):
            choice["id"] = choice_id
    if choices or kind in CHOICE_TYPES:
        question["choices"] = choices
    correct = cell("correct")
    if kind == "numeric":
        if correct:
            question["answer"] = _number(correct)
    elif correct:
        by_id = {c["id"]: c for c in choices}
        for token in re.split(r"[,;\s]+", correct.lower()):
            if not token:
                continue
            choice_id = TRUE_FALSE_WORDS.get(token, token) if kind == "true_false" else token
            if choice_id in by_id:
                by_id[choice_id]["correct"] = True
            else:
                notes.append(Problem(path, line, cell("id") or None,
                                     f"correct: no choice {token!r} in this row"))
    for key in ("time_limit", "tolerance"):
        if cell(key):
            question[key] = _number(cell(key))
    for key in ("points", "difficulty", "source", "valid_until", "image"):
        if cell(key):
            question[key] = cell(key)
    tags: dict[str, Any] = {}
    if cell("theme"):
        tags["theme"] = cell("theme")
    if cell("odd"):
        tags["odd"] = [_number(n) for n in re.split(r"[,;\s]+", cell("odd")) if n]
    if tags:
        question["tags"] = tags
    question["explanation"] = _text(cell, "explanation")
    return {k: v for k, v in question.items() if v != {}}


def _text(cell, prefix: str) -> dict[str, str]:
    return {lang: cell(f"{prefix}_{lang}") for lang in ("fr", "en") if cell(f"{prefix}_{lang}")}


def _number(text: str) -> Any:
    """Return "20" as 20, "2.5" or "2,5" as 2.5, anything else unchanged (the validator says)."""
    try:
        value = float(text.replace(",", "."))
    except ValueError:
        return text
    return int(value) if value.is_integer() else value


# -- export ---------------------------------------------------------------------------------


def rows_from_bank(quizzes: list[dict[str, Any]],
                   questions: dict[str, dict[str, Any]]) -> list[list[Any]]:
    """Return the header and one row per (quiz, question), then the questions in no quiz.

    `quizzes` are {id, title, description, questions: [ids]}; `questions` maps id to data.
    """
    rows: list[list[Any]] = [list(COLUMNS)]
    placed: set[str] = set()
    for quiz in quizzes:
        for position, question_id in enumerate(quiz["questions"]):
            row = _row(questions[question_id])
            row[COLUMNS.index("quiz_id")] = quiz["id"]
            if position == 0:
                for field in ("title", "description"):
                    for lang in ("fr", "en"):
                        value = (quiz.get(field) or {}).get(lang, "")
                        row[COLUMNS.index(f"quiz_{field}_{lang}")] = value
            rows.append(row)
            placed.add(question_id)
    rows.extend(_row(data) for question_id, data in questions.items() if question_id not in placed)
    return rows


def _row(data: dict[str, Any]) -> list[Any]:
    values: dict[str, Any] = {
        "id": data.get("id"), "type": data.get("type"), "time_limit": data.get("time_limit"),
        "points": data.get("points"), "difficulty": data.get("difficulty"),
        "source": data.get("source"), "valid_until": data.get("valid_until"),
        "image": data.get("image"), "tolerance": data.get("tolerance"),
    }
    for prefix, key in (("text", "text"), ("explanation", "explanation")):
        for lang, text in (data.get(key) or {}).items():
            values[f"{prefix}_{lang}"] = text
    choices = list(data.get("choices") or [])
    if data.get("type") == "true_false":
        # The table names true/false choices by column: `true` first.
        choices.sort(key=lambda c: TRUE_FALSE_IDS.index(c["id"]) if c.get("id") in
                     TRUE_FALSE_IDS else 2)
    correct = []
    for letter, choice in zip(LETTERS, choices, strict=False):
        for lang, text in (choice.get("text") or {}).items():
            values[f"choice_{letter}_{lang}"] = text
        if choice.get("correct"):
            correct.append(choice["id"] if data.get("type") == "true_false" else letter)
    values["correct"] = data.get("answer") if data.get("type") == "numeric" else ",".join(correct)
    tags = data.get("tags") or {}
    values["theme"] = tags.get("theme")
    values["odd"] = ",".join(str(n) for n in tags.get("odd") or [])
    return [values.get(column) if column in values else None for column in COLUMNS]
