"""Kahoot's spreadsheet template, built here as Kahoot ships it, imported and flagged."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from quiz.bank.reader import read_file
from quiz.bank.transfer import import_paths, read_bank
from tests.bank.conftest import TODAY

HEADER = [
    "Question - max 120 characters",
    "Answer 1 - max 75 characters",
    "Answer 2 - max 75 characters",
    "Answer 3 - max 75 characters",
    "Answer 4 - max 75 characters",
    "Time limit (sec) – 5, 10, 20, 30, 60, 90, 120, or 240 secs",
    "Correct answer(s) - choose at least one",
]
QUESTIONS = [
    ["Combien d'ODD compte l'Agenda 2030 ?", "8", "12", "17", "20", 20, 3],
    ["Quelle COP a adopté l'Accord de Paris ?", "COP3", "COP21", None, None, 30, "2"],
    ["Lesquels sont des ODD ?", "Climat", "Sport", "Eau", None, 60, "1,3"],
]


def kahoot_template(path: Path, first_column: int = 2, rows: list | None = None) -> Path:
    """Write an XLSX laid out like Kahoot's template: instructions, header row 8, data from 9."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sheet1"
    sheet["B2"] = "Quiz template"
    sheet["B3"] = "Add questions, at least two answer alternatives, time limit and choose " \
                  "correct answers (at least one). Have fun creating your awesome quiz!"
    sheet["B5"] = "Remember: questions have a limit of 120 characters and answers can have " \
                  "75 characters max. Text will turn red in Excel or Google Docs if you exceed " \
                  "this limit."
    for offset, title in enumerate(HEADER):
        sheet.cell(row=8, column=first_column + offset, value=title)
    data = QUESTIONS if rows is None else rows
    for index in range(len(data) + 2):  # the template numbers rows beyond the last question
        sheet.cell(row=9 + index, column=1, value=index + 1)
    for index, values in enumerate(data):
        for offset, value in enumerate(values):
            sheet.cell(row=9 + index, column=first_column + offset, value=value)
    workbook.save(path)
    return path


@pytest.fixture
def kahoot_file(tmp_path: Path) -> Path:
    return kahoot_template(tmp_path / "Quiz ODD.xlsx")


def test_kahoot_questions_become_quiz_questions_with_a_slug_id(kahoot_file):
    quiz = read_file(kahoot_file).data
    assert (quiz["id"], quiz["title"]) == ("quiz-odd", {"fr": "Quiz ODD"})
    first, second, third = quiz["questions"]
    assert first == {
        "id": "combien-d-odd-compte-l-agenda-2030",
        "type": "single",
        "text": {"fr": "Combien d'ODD compte l'Agenda 2030 ?"},
        "choices": [
            {"id": "a", "text": {"fr": "8"}},
            {"id": "b", "text": {"fr": "12"}},
            {"id": "c", "text": {"fr": "17"}, "correct": True},
            {"id": "d", "text": {"fr": "20"}},
        ],
        "time_limit": 20,
        "points": "standard",
        "source": "",
    }
    assert [c["id"] for c in second["choices"]] == ["a", "b"]
    assert (second["time_limit"], [c.get("correct") for c in second["choices"]]) == (30, [None,
                                                                                         True])
    assert third["type"] == "multiple"
    assert [c["id"] for c in third["choices"] if c.get("correct")] == ["a", "c"]


def test_the_header_is_found_by_its_text_not_its_column(tmp_path):
    moved = kahoot_template(tmp_path / "moved.xlsx", first_column=4)
    assert [q["id"] for q in read_file(moved).data["questions"]] == [
        "combien-d-odd-compte-l-agenda-2030",
        "quelle-cop-a-adopte-l-accord-de-paris",
        "lesquels-sont-des-odd",
    ]


def test_kahoot_questions_are_imported_and_flagged_for_their_missing_source(db, kahoot_file):
    report = import_paths(db, [kahoot_file], today=TODAY)
    assert dict(report.questions) == {"created": 3}
    flagged = [(p.line, p.question_id, p.message) for p in report.problems if p.is_error]
    assert (9, "combien-d-odd-compte-l-agenda-2030", "missing source") in flagged
    assert (10, "quelle-cop-a-adopte-l-accord-de-paris", "missing explanation.fr") in flagged
    assert {line for line, _, _ in flagged} == {9, 10, 11}
    assert read_bank(db, "quiz-odd").quizzes[0]["title"] == {"fr": "Quiz ODD"}


def test_importing_the_same_kahoot_file_twice_changes_nothing(db, kahoot_file):
    import_paths(db, [kahoot_file], today=TODAY)
    again = import_paths(db, [kahoot_file], today=TODAY)
    assert (dict(again.questions), dict(again.quizzes)) == ({"unchanged": 3}, {"unchanged": 1})


def test_a_correct_answer_number_without_an_answer_is_reported(tmp_path):
    path = kahoot_template(tmp_path / "k.xlsx", rows=[["Deux ?", "Oui", "Non", None, None, 20,
                                                       "4"]])
    problems = read_file(path).notes
    assert [(p.line, p.message) for p in problems] == [(9, "correct answer '4': no such answer")]
