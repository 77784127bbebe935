"""Our own CSV/XLSX layout, written by hand as an editor would, then imported."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from openpyxl import Workbook

from quiz.bank.reader import read_file, read_files
from quiz.bank.transfer import import_paths, read_bank
from quiz.bank.validate import validate_paths
from tests.bank.conftest import TODAY

ROWS = [
    {"quiz_id": "climat", "id": "cop21", "type": "single",
     "text_fr": "Quelle COP a adopté l'Accord de Paris ?", "text_en": "Which COP adopted it?",
     "choice_a_fr": "COP3", "choice_b_fr": "COP21", "choice_c_fr": "COP26", "correct": "b",
     "time_limit": "20", "points": "standard", "theme": "climat", "odd": "13, 17",
     "difficulty": "easy", "explanation_fr": "En 2015, à Paris.", "source": "https://unfccc.int",
     "quiz_title_fr": "Climat", "quiz_title_en": "Climate"},
    {"quiz_id": "climat", "id": "", "type": "true_false",
     "text_fr": "Le GIEC a été créé en 1988.", "choice_a_fr": "Vrai", "choice_b_fr": "Faux",
     "correct": "vrai", "time_limit": "15", "explanation_fr": "Par l'OMM et le PNUE.",
     "source": "https://www.ipcc.ch", "valid_until": "2030-01-01"},
    {"quiz_id": "", "id": "sdg-count", "type": "numeric", "text_fr": "Combien d'ODD ?",
     "correct": "17", "tolerance": "0", "time_limit": "20", "explanation_fr": "17.",
     "source": "https://sdgs.un.org"},
]


def write_csv(path: Path, rows: list[dict], delimiter: str = ",") -> Path:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    with path.open("w", encoding="utf-8", newline="") as file:
        writer = csv.DictWriter(file, columns, delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[dict]) -> Path:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for row in rows:
        sheet.append([int(v) if v.isdigit() else (v or None) for v in
                      (row.get(c, "") for c in columns)])
    workbook.save(path)
    return path


@pytest.fixture(params=[",", ";", "xlsx"], ids=["csv", "csv-semicolons", "xlsx"])
def table_file(request, tmp_path: Path) -> Path:
    if request.param == "xlsx":
        return write_xlsx(tmp_path / "bank.xlsx", ROWS)
    return write_csv(tmp_path / "bank.csv", ROWS, delimiter=request.param)


def test_rows_become_questions_grouped_in_their_quizzes(table_file):
    data = read_file(table_file).data
    assert data["quizzes"] == [{
        "id": "climat", "title": {"fr": "Climat", "en": "Climate"},
        "questions": ["cop21", "le-giec-a-ete-cree-en-1988"],
    }]
    cop21, giec, count = data["questions"]
    assert cop21["choices"] == [
        {"id": "a", "text": {"fr": "COP3"}},
        {"id": "b", "text": {"fr": "COP21"}, "correct": True},
        {"id": "c", "text": {"fr": "COP26"}},
    ]
    assert (cop21["tags"], cop21["time_limit"]) == ({"theme": "climat", "odd": [13, 17]}, 20)
    assert [(c["id"], c.get("correct", False)) for c in giec["choices"]] == [
        ("true", True), ("false", False)
    ]
    assert giec["valid_until"] == "2030-01-01"
    assert (count["type"], count["answer"], count["tolerance"]) == ("numeric", 17, 0)
    assert "choices" not in count


def test_a_valid_table_imports_without_problems(db, table_file):
    report = import_paths(db, [table_file], today=TODAY)
    assert [str(p) for p in report.problems] == []
    assert (dict(report.questions), dict(report.quizzes)) == ({"created": 3}, {"created": 1})
    assert "sdg-count" in read_bank(db).questions


def test_problems_in_a_table_are_reported_on_their_row(tmp_path):
    rows = [dict(ROWS[0], correct="e", time_limit="999"), dict(ROWS[2], colour="red")]
    problems = validate_paths([write_csv(tmp_path / "bad.csv", rows)], today=TODAY)
    assert {(p.line, p.message) for p in problems} >= {
        (1, "unknown column 'colour'"),
        (2, "correct: no choice 'e' in this row"),
        (2, "no correct choice"),
        (2, "time_limit 999 is out of range (5 to 240 seconds)"),
    }


def test_a_question_in_two_quizzes_must_say_the_same_in_both_rows(tmp_path):
    rows = [ROWS[0], dict(ROWS[0], quiz_id="mixte", text_fr="Autre texte ?")]
    notes = read_file(write_csv(tmp_path / "two.csv", rows)).notes
    assert [(p.line, p.question_id, p.message) for p in notes] == [
        (3, "cop21", "differs from row 2, which has the same id")
    ]


def test_an_unknown_spreadsheet_layout_is_reported(tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("name,score\nAda,3\n", encoding="utf-8")
    documents, problems = read_files([path])
    assert documents == []
    assert problems[0].message.startswith("unknown spreadsheet layout")
