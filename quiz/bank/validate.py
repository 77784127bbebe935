"""Check bank files and report every problem with its place, not just the first.

    questions/climat.yaml:42: question 'accord-paris-date': no correct choice

Errors make validation fail; warnings (a fact that expires within 90 days, a quiz without a
title, a question skipped by an importer) are shown but do not.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from quiz.bank.format import Document, Place, questions_in_folder
from quiz.bank.problem import ERROR, WARNING, Problem
from quiz.bank.reader import read_files
from quiz.bank.schema import (
    BANK_KEYS,
    CHOICE_KEYS,
    CHOICE_TYPES,
    DIFFICULTIES,
    EXPIRY_WARNING_DAYS,
    LANGUAGES,
    MAX_CHOICE_CHARS,
    MAX_CHOICES,
    MAX_QUESTION_CHARS,
    MAX_TIME_LIMIT_S,
    MIN_CHOICES,
    MIN_TIME_LIMIT_S,
    NUMERIC_KEYS,
    POINTS,
    QUESTION_KEYS,
    QUESTION_TYPES,
    QUIZ_KEYS,
    SDG_NUMBERS,
    TAG_KEYS,
    THEMES,
    TRUE_FALSE_IDS,
    is_id,
)
from quiz.bank.schema import choice_id as choice_id_text

__all__ = [
    "Problem", "validate_paths", "validate_documents", "check_question", "has_errors", "summary",
]

Report = Callable[..., None]


def validate_paths(
    paths: Iterable[Path], today: date | None = None, known_ids: Iterable[str] = ()
) -> list[Problem]:
    """Read the files (and the quiz files of the folders) named, and check them together."""
    documents, problems = read_files(paths)
    return problems + validate_documents(documents, today, known_ids)


def validate_documents(
    documents: Iterable[Document],
    today: date | None = None,
    known_ids: Iterable[str] = (),
) -> list[Problem]:
    """Check documents read together: each on its own, then ids and references across them.

    `known_ids` are question ids that exist elsewhere (the database, for an import).
    """
    validation = _Validation(today or date.today(), frozenset(known_ids))
    for document in documents:
        validation.problems.extend(document.notes)
        validation.document(document)
    validation.resolve_references()
    return validation.problems


def check_question(question: dict[str, Any], today: date | None = None) -> list[Problem]:
    """Check one question on its own, outside any file (what an editing form shows inline)."""
    document = Document(path=Path("<question>"), data={"questions": [question]})
    validation = _Validation(today or date.today(), frozenset())
    validation.question(document, question, ("questions", 0))
    return validation.problems


def has_errors(problems: Iterable[Problem]) -> bool:
    """Tell whether any problem is an error (warnings do not fail validation)."""
    return any(p.is_error for p in problems)


def summary(problems: list[Problem], files: int, questions: int) -> str:
    """Return the one-line summary: "4 files, 60 questions: 1 error, 2 warnings."."""
    errors = sum(p.is_error for p in problems)
    warnings = len(problems) - errors
    return (
        f"{_count(files, 'file')}, {_count(questions, 'question')}: "
        f"{_count(errors, 'error')}, {_count(warnings, 'warning')}."
    )


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"


@dataclass
class _Reference:
    document: Document
    place: Place
    question_id: str


@dataclass
class _Validation:
    today: date
    known_ids: frozenset[str]
    problems: list[Problem] = field(default_factory=list)
    questions: dict[str, str] = field(default_factory=dict)  # id -> "path:line" first seen
    quizzes: dict[str, str] = field(default_factory=dict)
    references: list[_Reference] = field(default_factory=list)
    question_count: int = 0

    def add(self, document: Document, place: Place, question_id: str | None, message: str,
            severity: str = ERROR) -> None:
        self.problems.append(
            Problem(document.path, document.line(*place), question_id, message, severity)
        )

    # -- documents and quizzes -------------------------------------------------------------

    def document(self, document: Document) -> None:
        data = document.data
        if not isinstance(data, dict) or not ({"questions", "quizzes"} & data.keys()):
            self.add(document, (), None, "not a quiz file (no 'questions')")
            return
        if not document.is_bank:
            self.quiz(document, data, ())
            return
        for key in data:
            if key not in BANK_KEYS:
                self.add(document, (key,), None, f"unknown key {key!r}")
        quizzes = data.get("quizzes")
        if not isinstance(quizzes, list):
            self.add(document, ("quizzes",), None, "quizzes must be a list")
            quizzes = []
        for i, quiz in enumerate(quizzes):
            if isinstance(quiz, dict):
                self.quiz(document, quiz, ("quizzes", i))
            else:
                self.add(document, ("quizzes", i), None, "a quiz must be a mapping")
        questions = data.get("questions") or []
        if not isinstance(questions, list):
            self.add(document, ("questions",), None, "questions must be a list")
            return
        for i, question in enumerate(questions):
            if isinstance(question, dict):
                self.question(document, question, ("questions", i))
            else:
                self.add(document, ("questions", i), None,
                         "a question must be a mapping (ids belong in a quiz's list)")

    def quiz(self, document: Document, quiz: dict[str, Any], at: Place) -> None:
        for key in quiz:
            if key not in QUIZ_KEYS:
                self.add(document, (*at, key), None, f"unknown quiz key {key!r}")
        quiz_id = quiz.get("id")
        if quiz_id is None and document.is_bank:
            self.add(document, at, None, "missing quiz id")
        elif quiz_id is None and not is_id(document.path.stem):
            self.add(document, at, None,
                     f"missing quiz id (the file name is not a slug {_SLUG})")
        elif quiz_id is not None and not is_id(quiz_id):
            self.add(document, (*at, "id"), None, f"quiz id {quiz_id!r} is not a slug {_SLUG}")
        else:
            quiz_id = str(quiz_id or document.path.stem)
            place = f"{document.path}:{document.line(*at)}"
            if quiz_id in self.quizzes:
                self.add(document, (*at, "id"), None,
                         f"duplicate quiz id {quiz_id!r} (first at {self.quizzes[quiz_id]})")
            self.quizzes.setdefault(quiz_id, place)
        if not localised_fr(quiz.get("title")):
            self.add(document, at, None, "the quiz has no title.fr (its id is shown instead)",
                     WARNING)
        self.texts(document, at, None, quiz, "title", limit=None, required=False)
        self.texts(document, at, None, quiz, "description", limit=None, required=False)
        self.entries(document, quiz, at)
        self.reserve(document, quiz, at)

    def entries(self, document: Document, quiz: dict[str, Any], at: Place) -> None:
        reserve = quiz.get("reserve")
        reserved = {entry.get("id") for entry in reserve if isinstance(entry, dict)} \
            if isinstance(reserve, list) else set()
        entries = quiz.get("questions")
        if entries is None:
            self.add(document, at, None, "missing questions")
            return
        if not isinstance(entries, list):
            self.add(document, (*at, "questions"), None, "questions must be a list")
            return
        if not entries:
            self.add(document, (*at, "questions"), None, "the quiz has no questions", WARNING)
        listed: set[str] = set()
        for i, entry in enumerate(entries):
            place = (*at, "questions", i)
            if isinstance(entry, str):
                self.references.append(_Reference(document, place, entry))
                question_id = entry
            elif isinstance(entry, dict):
                self.question(document, entry, place)
                question_id = entry.get("id")
            else:
                self.add(document, place, None,
                         f"question {i + 1} is neither a question nor a question id")
                continue
            if isinstance(question_id, str) and question_id:
                if question_id in listed and isinstance(entry, str):  # else: a duplicate id
                    self.add(document, place, question_id, "listed twice in the same quiz")
                if question_id in reserved and isinstance(entry, str):
                    self.add(document, place, question_id,
                             "listed in the quiz and written out in its reserve (the reserve "
                             "holds questions the quiz does not play)")
                listed.add(question_id)

    def reserve(self, document: Document, quiz: dict[str, Any], at: Place) -> None:
        """Check the quiz's `reserve`: questions written out in full, in the bank only."""
        if "reserve" not in quiz:
            return
        entries = quiz["reserve"]
        if not isinstance(entries, list):
            self.add(document, (*at, "reserve"), None, "reserve must be a list of questions")
            return
        for i, entry in enumerate(entries):
            place = (*at, "reserve", i)
            if isinstance(entry, dict):
                self.question(document, entry, place)
            else:
                self.add(document, place, entry if isinstance(entry, str) else None,
                         f"reserve question {i + 1} must be written out in full (a question "
                         "given by id is already in the bank)")

    def resolve_references(self) -> None:
        folders: dict[Path, set[str]] = {}
        for ref in self.references:
            if ref.question_id in self.questions or ref.question_id in self.known_ids:
                continue
            folder = ref.document.path.parent
            if folder not in folders:
                folders[folder] = set(questions_in_folder(folder)) if folder.is_dir() else set()
            if ref.question_id not in folders[folder]:
                self.add(ref.document, ref.place, ref.question_id,
                         "given by id, but no quiz file defines it")

    # -- questions -------------------------------------------------------------------------

    def question(self, document: Document, question: dict[str, Any], at: Place) -> None:
        self.question_count += 1
        raw_id = question.get("id")
        question_id = raw_id if isinstance(raw_id, str) and raw_id else None

        def report(message: str, *sub: str | int, severity: str = ERROR) -> None:
            self.add(document, (*at, *sub), question_id, message, severity)

        self.question_id(document, raw_id, at, report)
        kind = question.get("type")
        if kind is None:
            report("missing type")
        elif kind not in QUESTION_TYPES:
            report(f"unknown type {kind!r} (one of {', '.join(QUESTION_TYPES)})", "type")
        allowed = _keys_for(kind)
        for key in question:
            if key not in QUESTION_KEYS:
                report(f"unknown key {key!r}", key)
            elif key not in allowed:
                report(f"key {key!r} does not apply to a question of type {kind!r}", key)
        self.texts(document, at, question_id, question, "text", limit=MAX_QUESTION_CHARS)
        if kind in CHOICE_TYPES:
            self.choices(document, at, question_id, question, kind, report)
        if kind == "numeric":
            self.numeric(question, report)
        self.time_limit(question, report)
        _one_of(question, "points", POINTS, report)
        _one_of(question, "difficulty", DIFFICULTIES, report)
        self.tags(question, report)
        self.texts(document, at, question_id, question, "explanation", limit=None)
        source = question.get("source")
        if source is None:
            report("missing source")
        elif isinstance(source, str) and not source.strip():
            report("missing source", "source")
        elif not isinstance(source, str):
            report("source must be text (a URL or a reference a person can check)", "source")
        image = question.get("image")
        if "image" in question and not (isinstance(image, str) and image.strip()):
            report("image must be a file name or a URL", "image")
        self.valid_until(question, report)

    def question_id(self, document: Document, raw_id: Any, at: Place, report: Report) -> None:
        if raw_id is None or raw_id == "":
            report("missing id")
        elif not is_id(raw_id):
            report(f"id {raw_id!r} is not a slug {_SLUG}", "id")
        elif raw_id in self.questions:
            report(f"duplicate question id (first defined at {self.questions[raw_id]})", "id")
        else:
            self.questions[raw_id] = f"{document.path}:{document.line(*at)}"

    def texts(self, document: Document, at: Place, question_id: str | None, owner: dict,
              name: str, limit: int | None, required: bool = True, label: str = "") -> None:
        """Check a text given as "…" or {fr: "…", en: "…"}: French present, not too long."""

        def report(message: str, *sub: str | int) -> None:
            self.add(document, (*at, *sub), question_id, f"{label}{message}")

        value = owner.get(name)
        if value is None:
            if required:
                report(f"missing {name}.fr")
            return
        if isinstance(value, str | int | float) and not isinstance(value, bool):
            value = {"fr": value}
        if not isinstance(value, dict):
            report(f"{name} must be text or a mapping of languages (fr, en)", name)
            return
        for lang, text in value.items():
            if lang not in LANGUAGES:
                report(f"unknown language {lang!r} in {name} (one of {', '.join(LANGUAGES)})",
                       name, lang)
            elif text is not None and (
                not isinstance(text, str | int | float) or isinstance(text, bool)
            ):
                report(f"{name}.{lang} must be text", name, lang)
            elif limit is not None and text is not None and len(str(text)) > limit:
                report(f"{name}.{lang} is {len(str(text))} characters (at most {limit})",
                       name, lang)
        if required and not str(value.get("fr") or "").strip():
            report(f"missing {name}.fr", name)

    def choices(self, document: Document, at: Place, question_id: str | None,
                question: dict, kind: str, report: Report) -> None:
        choices = question.get("choices")
        if choices is None:
            report("missing choices")
            return
        if not isinstance(choices, list):
            report("choices must be a list", "choices")
            return
        ids: set[str] = set()
        correct = 0
        for j, choice in enumerate(choices):
            place = (*at, "choices", j)
            if not isinstance(choice, dict):
                self.add(document, place, question_id, f"choice {j + 1} must be a mapping "
                         "with id and text")
                continue
            choice_id = choice_id_text(choice.get("id"))
            label = f"choice '{choice_id}': " if choice_id not in (None, "") else \
                f"choice {j + 1}: "
            for key in choice:
                if key not in CHOICE_KEYS:
                    self.add(document, (*place, key), question_id, f"{label}unknown key {key!r}")
            if choice_id in (None, ""):
                self.add(document, place, question_id, f"{label}missing id")
            elif str(choice_id) in ids:
                self.add(document, (*place, "id"), question_id,
                         f"duplicate choice id '{choice_id}'")
            else:
                ids.add(str(choice_id))
            self.texts(document, place, question_id, choice, "text", limit=MAX_CHOICE_CHARS,
                       label=label)
            flag = choice.get("correct", False)
            if not isinstance(flag, bool):
                self.add(document, (*place, "correct"), question_id,
                         f"{label}correct must be true or false")
            elif flag:
                correct += 1
                if kind in ("ordering", "poll"):
                    self.add(document, (*place, "correct"), question_id,
                             f"{label}a question of type {kind!r} has no correct choice"
                             + (" (list the choices in the right order)"
                                if kind == "ordering" else ""))
        if kind == "true_false":
            if len(choices) != 2 or ids != set(TRUE_FALSE_IDS):
                report("a true/false question has exactly two choices, with ids 'true' and "
                       "'false'", "choices")
        elif not MIN_CHOICES <= len(choices) <= MAX_CHOICES:
            report(f"{_count(len(choices), 'choice')} ({MIN_CHOICES} to {MAX_CHOICES} allowed)",
                   "choices")
        if kind in ("single", "true_false", "multiple") and correct == 0:
            report("no correct choice", "choices")
        elif kind in ("single", "true_false") and correct > 1:
            report(f"{correct} correct choices (a question of type {kind!r} has exactly one)",
                   "choices")

    def numeric(self, question: dict, report: Report) -> None:
        if "answer" not in question:
            report("missing answer (the expected number)")
        elif not _is_number(question["answer"]):
            report("answer must be a number", "answer")
        tolerance = question.get("tolerance", 0)
        if not _is_number(tolerance) or tolerance < 0:
            report("tolerance must be a number, 0 or more", "tolerance")

    def time_limit(self, question: dict, report: Report) -> None:
        if "time_limit" not in question:
            report("missing time_limit")
            return
        value = question["time_limit"]
        if not _is_number(value):
            report("time_limit must be a number of seconds", "time_limit")
        elif not MIN_TIME_LIMIT_S <= value <= MAX_TIME_LIMIT_S:
            report(f"time_limit {value} is out of range ({MIN_TIME_LIMIT_S} to "
                   f"{MAX_TIME_LIMIT_S} seconds)", "time_limit")

    def tags(self, question: dict, report: Report) -> None:
        if "tags" not in question:
            return
        tags = question["tags"]
        if not isinstance(tags, dict):
            report("tags must be a mapping with theme and odd", "tags")
            return
        for key in tags:
            if key not in TAG_KEYS:
                report(f"unknown key {key!r} in tags", "tags", key)
        theme = tags.get("theme")
        if theme is not None and theme not in THEMES:
            report(f"tags.theme {theme!r} is not one of {', '.join(THEMES)}", "tags", "theme")
        numbers = tags.get("odd", [])
        if not isinstance(numbers, list):
            report("tags.odd must be a list of SDG numbers, e.g. [13, 17]", "tags", "odd")
            return
        for number in numbers:
            if not (isinstance(number, int) and not isinstance(number, bool)
                    and number in SDG_NUMBERS):
                report(f"tags.odd {number!r} is not an SDG number (1 to 17)", "tags", "odd")

    def valid_until(self, question: dict, report: Report) -> None:
        if "valid_until" not in question:
            return
        value = question["valid_until"]
        if isinstance(value, datetime):
            value = value.date()
        if isinstance(value, str):
            try:
                value = date.fromisoformat(value)
            except ValueError:
                pass
        if not isinstance(value, date):
            report(f"valid_until {value!r} is not a date (YYYY-MM-DD)", "valid_until")
        elif value < self.today:
            report(f"expired: valid_until {value.isoformat()} has passed", "valid_until")
        elif value <= self.today + timedelta(days=EXPIRY_WARNING_DAYS):
            days = (value - self.today).days
            report(f"expires soon: valid_until {value.isoformat()} is in {days} days",
                   "valid_until", severity=WARNING)


_SLUG = "(lowercase letters, digits and hyphens)"


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _keys_for(kind: Any) -> frozenset[str]:
    if kind not in QUESTION_TYPES:
        return frozenset(QUESTION_KEYS)
    keys = set(QUESTION_KEYS) - set(NUMERIC_KEYS) - {"choices"}
    if kind in CHOICE_TYPES:
        keys.add("choices")
    if kind == "numeric":
        keys.update(NUMERIC_KEYS)
    return frozenset(keys)


def _one_of(question: dict, key: str, allowed: tuple[str, ...], report: Report) -> None:
    if key in question and question[key] not in allowed:
        report(f"{key} {question[key]!r} is not one of {', '.join(allowed)}", key)


def localised_fr(value: Any) -> str:
    """Return the French text of a "…" or {fr: …} value, or ""."""
    if isinstance(value, dict):
        value = value.get("fr")
    return str(value).strip() if isinstance(value, str | int | float) else ""
