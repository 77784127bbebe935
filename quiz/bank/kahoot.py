"""Kahoot's quiz spreadsheet template (the XLSX its "Import spreadsheet" button takes).

The public template keeps its instructions in rows 1–7, the header in row 8 and questions from
row 9: the question in column B, answers 1–4 in C–F, the time limit in G, the correct answer
numbers ("1" or "1,3") in H. The header is found by its text, not by those letters. Kahoot
has no explanation nor source: the questions get a slug of their text as id and an empty
source, so they are imported and then flagged by validation until an editor completes them.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from quiz.bank.format import Document
from quiz.bank.problem import Problem
from quiz.bank.schema import slug, unique_slug

DEFAULT_TIME_LIMIT_S = 20
LETTERS = "abcd"
HEADERS = {  # our name: how Kahoot's header cell starts
    "question": "question",
    "answer_1": "answer 1",
    "answer_2": "answer 2",
    "answer_3": "answer 3",
    "answer_4": "answer 4",
    "time_limit": "time limit",
    "correct": "correct answer",
}


def is_header(cells: list[str]) -> bool:
    """Tell whether a row is the template's header (Question, Answer 1, …, Correct answer)."""
    found = _columns(cells)
    return {"question", "answer_1", "correct"} <= found.keys()


def _columns(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for index, cell in enumerate(cells):
        text = cell.strip().lower()
        for name, start in HEADERS.items():
            if text.startswith(start) and name not in columns:
                columns[name] = index
    return columns


def document_from_rows(path: Path, header_line: int, header: list[str],
                       rows: list[tuple[int, list[str]]]) -> Document:
    """Turn the template's rows into a quiz named after the file."""
    columns = _columns(header)
    quiz_id = slug(path.stem)
    quiz: dict[str, Any] = {"id": quiz_id, "title": {"fr": path.stem}, "questions": []}
    document = Document(path=path, data=quiz, lines={(): header_line})
    taken: set[str] = set()
    for line, cells in rows:
        def cell(name: str, cells: list[str] = cells) -> str:
            index = columns.get(name)
            return cells[index].strip() if index is not None and index < len(cells) else ""

        text = cell("question")
        if not text:
            continue  # the template numbers empty rows in column A
        question_id = unique_slug(text, taken)
        # Answer n becomes choice a, b, c or d, as in our own layout.
        choices = {
            str(n): {"id": LETTERS[n - 1], "text": {"fr": cell(f"answer_{n}")}}
            for n in range(1, 5) if cell(f"answer_{n}")
        }
        right = [token for token in re.split(r"[,;\s]+", cell("correct")) if token]
        for token in right:
            if token in choices:
                choices[token]["correct"] = True
            else:
                document.notes.append(Problem(path, line, question_id,
                                              f"correct answer {token!r}: no such answer"))
        time_limit = cell("time_limit")
        question = {
            "id": question_id,
            "type": "multiple" if len(right) > 1 else "single",
            "text": {"fr": text},
            "choices": list(choices.values()),
            "time_limit": int(float(time_limit)) if _is_number(time_limit)
            else DEFAULT_TIME_LIMIT_S,
            "points": "standard",
            "source": "",
        }
        document.lines[("questions", len(quiz["questions"]))] = line
        quiz["questions"].append(question)
    return document


def _is_number(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True
