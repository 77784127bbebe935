"""`quiz bank validate|import|export` as a person types them."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from quiz.cli import main
from tests.bank.conftest import QUIZ_TEXT


@pytest.fixture
def instance(tmp_path: Path, monkeypatch) -> Path:
    """Point the commands' app at a fresh instance folder and database."""
    folder = tmp_path / "instance"
    monkeypatch.setenv("QUIZ_INSTANCE_PATH", str(folder))
    monkeypatch.setenv("QUIZ_DATABASE_URL", f"sqlite:///{tmp_path / 'cli.db'}")
    monkeypatch.setenv("QUIZ_SECRET_KEY", "test")
    return folder


def test_validate_prints_each_problem_and_a_summary_and_fails(write_file, capsys):
    path = write_file(QUIZ_TEXT.replace(", correct: true}", "}"))
    assert main(["bank", "validate", str(path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:7: question 'q1': no correct choice",
        "1 file, 1 question: 1 error, 0 warnings.",
    ]


def test_validate_succeeds_on_a_valid_folder(write_file, bank_dir, capsys):
    write_file(QUIZ_TEXT)
    assert main(["bank", "validate", str(bank_dir)]) == 0
    assert capsys.readouterr().out == "1 file, 1 question: 0 errors, 0 warnings.\n"


def test_validate_checks_the_shipped_questions_by_default(capsys):
    assert main(["bank", "validate"]) == 0
    assert capsys.readouterr().out.rstrip().endswith(": 0 errors, 0 warnings.")


def test_import_prints_what_it_created_then_that_nothing_changed(instance, write_file, capsys):
    path = write_file(QUIZ_TEXT)
    assert main(["bank", "import", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Questions: 1 created, 0 updated, 0 unchanged.",
        "Quizzes: 1 created, 0 updated, 0 unchanged.",
    ]
    assert main(["bank", "import", str(path)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "Questions: 0 created, 0 updated, 1 unchanged.",
        "Quizzes: 0 created, 0 updated, 1 unchanged.",
    ]


def test_import_flags_problems_but_imports(instance, write_file, capsys):
    path = write_file(QUIZ_TEXT.replace('source: "https://example.org/source"', 'source: ""'))
    assert main(["bank", "import", str(path)]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == f"{path}:15: question 'q1': missing source"
    assert out[1] == "Questions: 1 created, 0 updated, 0 unchanged."
    assert out[-1].startswith("1 error(s) flagged")


def test_strict_import_refuses_a_file_with_errors(instance, write_file, capsys):
    path = write_file(QUIZ_TEXT.replace('source: "https://example.org/source"', 'source: ""'))
    assert main(["bank", "import", "--strict", str(path)]) == 1
    assert capsys.readouterr().out.splitlines()[-1] == "1 error(s): nothing imported (--strict)."


def test_import_fails_on_a_missing_file(instance, tmp_path, capsys):
    assert main(["bank", "import", str(tmp_path / "nowhere.yaml")]) == 1
    assert "no such file or folder" in capsys.readouterr().out


def test_export_writes_the_chosen_format_to_a_file(instance, write_file, tmp_path, capsys):
    main(["bank", "import", str(write_file(QUIZ_TEXT))])
    output = tmp_path / "out.json"
    assert main(["bank", "export", "--format", "json", "-o", str(output)]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        f"Exported the question bank as json to {output}."
    )
    assert yaml.safe_load(output.read_text())["quizzes"][0]["questions"] == ["q1"]


def test_export_of_one_quiz_goes_to_standard_output(instance, write_file, capsys):
    main(["bank", "import", str(write_file(QUIZ_TEXT))])
    capsys.readouterr()
    assert main(["bank", "export", "--format", "yaml", "--quiz", "test"]) == 0
    exported = yaml.safe_load(capsys.readouterr().out)
    assert (exported["id"], [q["id"] for q in exported["questions"]]) == ("test", ["q1"])


def test_export_format_follows_the_output_suffix(instance, write_file, tmp_path):
    main(["bank", "import", str(write_file(QUIZ_TEXT))])
    output = tmp_path / "bank.xlsx"
    assert main(["bank", "export", "-o", str(output)]) == 0
    assert output.read_bytes()[:2] == b"PK"  # a zip: an XLSX workbook


def test_export_refuses_xlsx_to_standard_output_and_unknown_quizzes(instance, capsys):
    assert main(["bank", "export", "--format", "xlsx"]) == 2
    assert main(["bank", "export", "--quiz", "nope"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "An XLSX export needs a file: add -o FILE.xlsx",
        "No quiz with id 'nope'.",
    ]
