"""Import bank files into the database and export the database as bank files.

Import is idempotent by id: importing the same file twice changes nothing, and a changed
question is updated in place, never duplicated. Export → import gives back the same bank.
"""

from __future__ import annotations

import io
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy import select

from quiz.bank import spreadsheet, table
from quiz.bank.format import (
    QUIZ_FILE_SUFFIXES,
    Document,
    QuizFile,
    localised,
    plain,
    questions_in_folder,
)
from quiz.bank.problem import Problem
from quiz.bank.reader import read_files
from quiz.bank.schema import canonical_question, is_id, ordered_question
from quiz.bank.validate import has_errors, validate_documents
from quiz.store import models
from quiz.store.database import Database
from quiz.store.quizzes import save_quiz

EXPORT_FORMATS = ("yaml", "json", "csv", "xlsx")
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"


@dataclass
class ImportReport:
    """What an import found and did."""

    problems: list[Problem] = field(default_factory=list)
    questions: Counter[str] = field(default_factory=Counter)
    quizzes: Counter[str] = field(default_factory=Counter)
    skipped_quizzes: list[tuple[str, str]] = field(default_factory=list)  # (quiz id, reason)
    unreadable: list[Path] = field(default_factory=list)
    imported: bool = False

    @property
    def error_count(self) -> int:
        return sum(p.is_error for p in self.problems)


@dataclass
class Bank:
    """Quizzes ({id, title, description, questions: [ids]}) and questions by id."""

    quizzes: list[dict[str, Any]] = field(default_factory=list)
    questions: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, Path] = field(default_factory=dict)  # quiz id -> file it came from


# -- import ---------------------------------------------------------------------------------


def import_paths(db: Database, paths: Iterable[Path], strict: bool = False,
                 today: date | None = None) -> ImportReport:
    """Validate the files, then import what can be imported (nothing if `strict` and errors).

    Problems are reported, not fatal: a Kahoot question without a source is imported and the
    validator keeps flagging it until an editor completes it.
    """
    report = ImportReport()
    documents, report.problems = read_files(paths)
    report.unreadable = [Path(p.path) for p in report.problems]
    known = _stored_ids(db)
    report.problems += validate_documents(documents, today, known_ids=known)
    if strict and has_errors(report.problems):
        return report
    bank = bank_from_documents(documents, _stored_questions(db, known), report)
    save_bank(db, bank, report)
    report.imported = True
    return report


def bank_from_documents(documents: list[Document], stored: dict[str, dict[str, Any]],
                        report: ImportReport) -> Bank:
    """Collect the importable questions and quizzes.

    A question given by id comes from the documents, else the quiz files of the referring
    file's folder, else `stored` (the database).
    """
    bank = Bank()
    quizzes: list[tuple[Document, dict[str, Any]]] = []
    for document in documents:
        data = document.data if isinstance(document.data, dict) else {}
        if document.is_bank:
            found = [q for q in _list(data.get("quizzes")) if isinstance(q, dict)]
            for entry in _list(data.get("questions")):
                _add_question(bank, entry)
        elif "questions" in data:
            found = [{**data, "id": data.get("id") or document.path.stem}]
        else:
            found = []
        for quiz in found:
            for entry in [*_list(quiz.get("questions")), *_list(quiz.get("reserve"))]:
                _add_question(bank, entry)
            quizzes.append((document, quiz))
    folders: dict[Path, dict[str, Any]] = {}
    for document, quiz in quizzes:
        ids = []
        missing = None
        for entry in _list(quiz.get("questions")):
            question_id = entry if isinstance(entry, str) else (
                entry.get("id") if isinstance(entry, dict) else None)
            if not isinstance(question_id, str) or not is_id(question_id):
                missing = repr(question_id)
                break
            if question_id not in bank.questions:
                # The folder first, as `quiz load-questions` reads it; then the database.
                question = _in_folder(document, question_id, folders) or stored.get(question_id)
                if question is None:
                    missing = f"'{question_id}'"
                    break
                bank.questions[question_id] = question
            ids.append(question_id)
        quiz_id = str(quiz.get("id") or "")
        if missing is not None or not is_id(quiz_id):
            reason = f"question {missing} cannot be imported" if missing else "no valid id"
            report.skipped_quizzes.append((quiz_id, reason))
            continue
        bank.quizzes.append({"id": quiz_id, "title": localised(quiz.get("title")),
                             "description": localised(quiz.get("description")),
                             "questions": ids})
        bank.sources[quiz_id] = document.path
    return bank


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _add_question(bank: Bank, entry: Any) -> None:
    if isinstance(entry, dict) and is_id(entry.get("id")) and entry["id"] not in bank.questions:
        bank.questions[entry["id"]] = canonical_question(plain(entry))


def _in_folder(document: Document, question_id: str,
               folders: dict[Path, dict[str, Any]]) -> dict[str, Any] | None:
    if document.path.suffix not in QUIZ_FILE_SUFFIXES:
        return None
    folder = document.path.parent
    if folder not in folders:
        folders[folder] = questions_in_folder(folder) if folder.is_dir() else {}
    found = folders[folder].get(question_id)
    return canonical_question(plain(found)) if found is not None else None


def save_bank(db: Database, bank: Bank, report: ImportReport) -> None:
    """Upsert the questions by id, then each quiz; count what was created, updated, unchanged."""
    # The store only saves questions through a quiz; a bank question may belong to none.
    with db.session() as session:
        stored = {
            row.id: row for row in session.scalars(
                select(models.Question).where(models.Question.id.in_(list(bank.questions)))
            )
        }
        for question_id, data in bank.questions.items():
            row = stored.get(question_id)
            if row is None:
                session.add(models.Question(id=question_id, data=data))
                report.questions[CREATED] += 1
            elif row.data != data:
                row.data = data
                report.questions[UPDATED] += 1
            else:
                report.questions[UNCHANGED] += 1
        session.commit()
    with db.session() as session:
        before = {quiz["id"]: quiz for quiz in _quizzes(session)}
    for quiz in bank.quizzes:
        old = before.get(quiz["id"])
        if old is not None and not quiz["title"]:
            quiz = {**quiz, "title": old["title"], "description": old["description"]}
        title = quiz["title"] or {"fr": quiz["id"]}
        save_quiz(db, QuizFile(
            id=quiz["id"], title=title, description=quiz["description"],
            questions=[bank.questions[i] for i in quiz["questions"]],
            path=bank.sources[quiz["id"]],
        ))
        if old is None:
            report.quizzes[CREATED] += 1
        elif (old["title"], old["description"], old["questions"]) != (
            title, quiz["description"], quiz["questions"]
        ):
            report.quizzes[UPDATED] += 1
        else:
            report.quizzes[UNCHANGED] += 1


def _stored_ids(db: Database) -> set[str]:
    with db.session() as session:
        return set(session.scalars(select(models.Question.id)))


def _stored_questions(db: Database, ids: set[str]) -> dict[str, dict[str, Any]]:
    with db.session() as session:
        rows = session.scalars(select(models.Question).where(models.Question.id.in_(list(ids))))
        return {row.id: row.data for row in rows}


# -- export ---------------------------------------------------------------------------------


def read_bank(db: Database, quiz_id: str | None = None) -> Bank:
    """Return the stored quizzes (by id) and questions: those of `quiz_id`, or all of them."""
    bank = Bank()
    with db.session() as session:
        bank.quizzes = _quizzes(session, quiz_id)
        if quiz_id is not None and not bank.quizzes:
            raise LookupError(f"no quiz with id {quiz_id!r}")
        wanted = [q for quiz in bank.quizzes for q in quiz["questions"]]
        query = select(models.Question).order_by(models.Question.id)
        if quiz_id is not None:
            query = query.where(models.Question.id.in_(wanted))
        rows = {row.id: row.data for row in session.scalars(query)}
    # Questions in quiz order first, then those in no quiz, by id.
    for question_id in [*wanted, *rows]:
        if question_id in rows and question_id not in bank.questions:
            bank.questions[question_id] = ordered_question(rows[question_id])
    return bank


def _quizzes(session, quiz_id: str | None = None) -> list[dict[str, Any]]:
    query = select(models.Quiz).order_by(models.Quiz.id)
    if quiz_id is not None:
        query = query.where(models.Quiz.id == quiz_id)
    order = session.execute(
        select(models.QuizQuestion.quiz_id, models.QuizQuestion.question_id)
        .order_by(models.QuizQuestion.quiz_id, models.QuizQuestion.position)
    ).all()
    return [
        {"id": quiz.id, "title": dict(quiz.title), "description": dict(quiz.description or {}),
         "questions": [question for owner, question in order if owner == quiz.id]}
        for quiz in session.scalars(query)
    ]


def export_bank(db: Database, fmt: str, quiz_id: str | None = None) -> bytes:
    """Return the bank (or one quiz) as a file in `fmt`: yaml, json, csv or xlsx.

    One quiz in YAML or JSON is a quiz file, questions written out; the whole bank is a bank
    export: {quizzes: [{…, questions: [ids]}], questions: [every question]}.
    """
    bank = read_bank(db, quiz_id)
    if fmt in ("yaml", "json"):
        document = _document(bank, quiz_id)
        if fmt == "json":
            return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode()
        return yaml.safe_dump(document, allow_unicode=True, sort_keys=False, width=100).encode()
    rows = table.rows_from_bank(bank.quizzes, bank.questions)
    if fmt == "csv":
        return spreadsheet.write_csv(rows)
    if fmt == "xlsx":
        buffer = io.BytesIO()
        spreadsheet.write_xlsx(rows, buffer)
        return buffer.getvalue()
    raise ValueError(f"unknown export format {fmt!r} (one of {', '.join(EXPORT_FORMATS)})")


def _document(bank: Bank, quiz_id: str | None) -> dict[str, Any]:
    def header(quiz: dict[str, Any]) -> dict[str, Any]:
        result: dict[str, Any] = {"id": quiz["id"], "title": quiz["title"]}
        if quiz["description"]:
            result["description"] = quiz["description"]
        return result

    if quiz_id is not None:
        quiz = bank.quizzes[0]
        return {**header(quiz), "questions": [bank.questions[i] for i in quiz["questions"]]}
    return {
        "quizzes": [{**header(quiz), "questions": quiz["questions"]} for quiz in bank.quizzes],
        "questions": list(bank.questions.values()),
    }
