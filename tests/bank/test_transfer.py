"""Import into the database (idempotent by id) and export → import round trips."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
import yaml
from sqlalchemy import func, select

from quiz.bank.transfer import Bank, ImportReport, export_bank, import_paths, read_bank, save_bank
from quiz.cli import load_quiz_files
from quiz.store import models
from tests.bank.conftest import RESERVE_TEXT, TODAY
from tests.factories import question_data, quiz_data, write_quiz


def counts(report: ImportReport) -> tuple[dict, dict]:
    return dict(report.questions), dict(report.quizzes)


def question_rows(db) -> int:
    with db.session() as session:
        return session.scalar(select(func.count()).select_from(models.Question))


def snapshot(db) -> tuple[list, dict]:
    """What the bank holds, whatever file it came from."""
    bank = read_bank(db)
    return bank.quizzes, bank.questions


@pytest.fixture
def rich_db(make_db):
    """A database holding every kind of question the formats carry, shared and unfiled ones."""
    single = question_data(1, tags={"theme": "climat", "odd": [13, 17]}, difficulty="hard",
                           valid_until="2030-12-31", points="double", image="images/cop.png")
    true_false = question_data(2, type="true_false", choices=[
        {"id": "true", "text": {"fr": "Vrai", "en": "True"}},
        {"id": "false", "text": {"fr": "Faux", "en": "False"}, "correct": True},
    ], tags={"theme": "odd", "odd": []})
    multiple = question_data(3, type="multiple")
    multiple["choices"][0]["correct"] = True
    numeric = question_data(4, type="numeric", answer=2015, tolerance=1)
    del numeric["choices"]
    unfiled = question_data(5, text={"fr": "Sans quiz, avec « guillemets », virgule ?"})
    bank = Bank(
        quizzes=[
            {"id": "alpha", "title": {"fr": "Alpha", "en": "Alpha"},
             "description": {"fr": "Première."}, "questions": ["q1", "q2", "q3"]},
            {"id": "beta", "title": {"fr": "Bêta"}, "description": {},
             "questions": ["q4", "q1"]},
        ],
        questions={q["id"]: q for q in (single, true_false, multiple, numeric, unfiled)},
        sources={"alpha": Path("alpha.yaml"), "beta": Path("beta.yaml")},
    )
    db = make_db("rich")
    save_bank(db, bank, ImportReport())
    return db


def test_importing_a_quiz_file_creates_its_quiz_and_questions(db, bank_dir):
    path = write_quiz(bank_dir, "nouveau", count=2, tags={"theme": "odd", "odd": [1]})
    report = import_paths(db, [path], today=TODAY)
    assert counts(report) == ({"created": 2}, {"created": 1})
    assert report.problems == []
    assert read_bank(db, "nouveau").quizzes[0]["questions"] == ["nouveau-q1", "nouveau-q2"]


def test_importing_twice_changes_nothing(db, bank_dir):
    path = write_quiz(bank_dir, "test", count=3)
    first = import_paths(db, [path], today=TODAY)
    before = snapshot(db)
    second = import_paths(db, [path], today=TODAY)
    assert counts(first) == ({"unchanged": 3}, {"unchanged": 1})  # the app loaded it already
    assert counts(second) == ({"unchanged": 3}, {"unchanged": 1})
    assert snapshot(db) == before


def test_a_changed_question_is_updated_never_duplicated(db, bank_dir):
    data = quiz_data("test", count=3)
    data["questions"][1]["text"] = {"fr": "Reformulée ?", "en": "Rephrased?"}
    path = bank_dir / "test.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    report = import_paths(db, [path], today=TODAY)
    assert counts(report) == ({"unchanged": 2, "updated": 1}, {"unchanged": 1})
    assert question_rows(db) == 3
    assert read_bank(db).questions["test-q2"]["text"] == {"fr": "Reformulée ?", "en": "Rephrased?"}


def test_a_reordered_quiz_is_updated(db, bank_dir):
    data = quiz_data("test", count=3)
    data["questions"].reverse()
    path = bank_dir / "test.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True))
    report = import_paths(db, [path], today=TODAY)
    assert counts(report) == ({"unchanged": 3}, {"updated": 1})
    assert read_bank(db, "test").quizzes[0]["questions"] == ["test-q3", "test-q2", "test-q1"]


def test_a_quiz_may_give_by_id_a_question_already_in_the_database(db, write_file):
    path = write_file("id: again\ntitle: {fr: Encore}\nquestions:\n  - test-q2\n  - test-q1\n",
                      "again.yaml")
    report = import_paths(db, [path], today=TODAY)
    assert report.problems == []
    assert counts(report) == ({"unchanged": 2}, {"created": 1})
    assert read_bank(db, "again").quizzes[0]["questions"] == ["test-q2", "test-q1"]


def test_reserve_questions_are_imported_into_the_bank_but_not_the_quiz(db, write_file):
    path = write_file(RESERVE_TEXT.replace("id: test", "id: kept"), "kept.yaml")
    report = import_paths(db, [path], today=TODAY)
    assert report.problems == []
    assert counts(report) == ({"created": 2}, {"created": 1})
    assert {"q1", "q2"} <= set(read_bank(db).questions)
    assert read_bank(db, "kept").quizzes[0]["questions"] == ["q1"]
    assert counts(import_paths(db, [path], today=TODAY)) == ({"unchanged": 2}, {"unchanged": 1})


def test_loading_the_question_files_saves_the_reserve_in_no_quiz(make_db, write_file, bank_dir):
    write_file(RESERVE_TEXT.replace("id: test", "id: kept"), "kept.yaml")
    db = make_db("loaded")
    assert load_quiz_files(db, [bank_dir]) == [("kept", 1)]
    bank = read_bank(db)
    assert sorted(bank.questions) == ["q1", "q2"]
    assert bank.quizzes[0]["questions"] == ["q1"]


def test_questions_with_problems_are_imported_and_flagged(db, write_file):
    text = yaml.safe_dump(quiz_data("flagged", count=1, source=""), allow_unicode=True)
    path = write_file(text, "flagged.yaml")
    report = import_paths(db, [path], today=TODAY)
    assert [(p.question_id, p.message) for p in report.problems] == [
        ("flagged-q1", "missing source")
    ]
    assert counts(report) == ({"created": 1}, {"created": 1})


def test_strict_import_imports_nothing_when_there_is_an_error(db, write_file):
    text = yaml.safe_dump(quiz_data("flagged", count=1, source=""), allow_unicode=True)
    path = write_file(text, "flagged.yaml")
    report = import_paths(db, [path], strict=True, today=TODAY)
    assert not report.imported
    assert "flagged-q1" not in read_bank(db).questions


def test_a_quiz_whose_question_cannot_be_found_is_skipped(db, write_file):
    path = write_file("id: broken\ntitle: {fr: Cassé}\nquestions:\n  - nowhere\n", "b.yaml")
    report = import_paths(db, [path], today=TODAY)
    assert report.skipped_quizzes == [("broken", "question 'nowhere' cannot be imported")]
    assert [q["id"] for q in read_bank(db).quizzes] == ["test"]


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv", "xlsx"])
def test_export_then_import_gives_back_the_same_bank(rich_db, other_db, tmp_path, fmt):
    path = tmp_path / f"bank.{fmt}"
    path.write_bytes(export_bank(rich_db, fmt))
    report = import_paths(other_db, [path], today=TODAY)
    assert [str(p) for p in report.problems] == []
    assert counts(report) == ({"created": 5}, {"created": 2})
    assert snapshot(other_db) == snapshot(rich_db)
    again = import_paths(other_db, [path], today=TODAY)
    assert counts(again) == ({"unchanged": 5}, {"unchanged": 2})


@pytest.mark.parametrize("fmt", ["yaml", "json", "csv", "xlsx"])
def test_one_quiz_exports_and_imports_alone(rich_db, other_db, tmp_path, fmt):
    path = tmp_path / f"beta.{fmt}"
    path.write_bytes(export_bank(rich_db, fmt, quiz_id="beta"))
    report = import_paths(other_db, [path], today=TODAY)
    assert counts(report) == ({"created": 2}, {"created": 1})
    assert read_bank(other_db, "beta").quizzes == read_bank(rich_db, "beta").quizzes


def test_a_yaml_export_of_one_quiz_is_a_quiz_file(rich_db):
    data = yaml.safe_load(export_bank(rich_db, "yaml", quiz_id="alpha"))
    assert list(data) == ["id", "title", "description", "questions"]
    assert [q["id"] for q in data["questions"]] == ["q1", "q2", "q3"]
    assert list(data["questions"][0])[:4] == ["id", "type", "text", "choices"]


def test_a_csv_export_has_one_row_per_quiz_question_then_unfiled_questions(rich_db):
    rows = list(csv.DictReader(io.StringIO(export_bank(rich_db, "csv").decode("utf-8-sig"))))
    assert [(r["quiz_id"], r["id"]) for r in rows] == [
        ("alpha", "q1"), ("alpha", "q2"), ("alpha", "q3"), ("beta", "q4"), ("beta", "q1"),
        ("", "q5"),
    ]
    assert (rows[0]["correct"], rows[0]["odd"], rows[0]["quiz_title_fr"]) == ("b", "13,17",
                                                                              "Alpha")
    assert (rows[1]["choice_a_fr"], rows[1]["correct"]) == ("Vrai", "false")
    assert (rows[3]["correct"], rows[3]["tolerance"]) == ("2015", "1")


def test_exporting_an_unknown_quiz_says_so(db):
    with pytest.raises(LookupError, match="no quiz with id 'nope'"):
        export_bank(db, "yaml", quiz_id="nope")
