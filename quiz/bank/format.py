"""The question-bank file format (one YAML or JSON file per quiz) and its conversion.

A quiz file holds `id`, `title` ({fr, en}), `description` and `questions`; each question holds
`id`, `type`, `text`, `choices` ({id, text, correct}), `time_limit` (seconds), `points`,
`tags`, `difficulty`, `explanation`, `source`, and optionally `image` and `valid_until`. A
question may also be given by its id alone, meaning "that question, from another quiz file of
the same folder". A quiz file may also hold `reserve`: questions written out in full that
belong to the bank but not to this quiz's playing order (other quizzes may give them by id, the
editor may add them to a quiz). docs/question-format.md describes it in full.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from quiz import engine
from quiz.bank.problem import Problem
from quiz.bank.schema import SETTING_KEYS, canonical_question
from quiz.engine.game import Choice

QUIZ_FILE_SUFFIXES = (".yaml", ".yml", ".json")

Place = tuple[str | int, ...]


@dataclass
class QuizFile:
    """A quiz read from a file, its questions kept as plain data (the stored form)."""

    id: str
    title: dict[str, str]
    description: dict[str, str]
    questions: list[dict[str, Any]]
    path: Path
    reserve: list[dict[str, Any]] = field(default_factory=list)  # in the bank, not in the quiz


class BankFileError(ValueError):
    """A file that cannot be read at all (bad syntax, unknown layout), with its line."""

    def __init__(self, path: Path, line: int | None, message: str) -> None:
        super().__init__(f"{path}:{line}: {message}" if line else f"{path}: {message}")
        self.path = path
        self.line = line
        self.message = message


@dataclass
class Document:
    """One file's content in the bank format, with the line where each part starts.

    `data` is a quiz file ({id, title, description, questions}) or a bank export ({quizzes,
    questions}); `lines` maps a place such as ("questions", 3, "choices", 1) to its line;
    `notes` are what the reader itself had to say (skipped questions, unknown columns).
    """

    path: Path
    data: Any
    lines: dict[Place, int] = field(default_factory=dict)
    notes: list[Problem] = field(default_factory=list)

    def line(self, *place: str | int) -> int | None:
        """Return the line of `place`, or of its nearest enclosing part that has one."""
        for end in range(len(place), -1, -1):
            line = self.lines.get(tuple(place[:end]))
            if line is not None:
                return line
        return None

    @property
    def is_bank(self) -> bool:
        return isinstance(self.data, dict) and "quizzes" in self.data


def localised(value: Any) -> dict[str, str]:
    """Accept "text" or {fr: ..., en: ...}; return the dict form."""
    if isinstance(value, dict):
        return {str(k): str(v) for k, v in value.items() if v is not None}
    if value is None:
        return {}
    return {"fr": str(value)}


def read_document(path: Path) -> Document:
    """Parse a YAML or JSON file, keeping the line of every key and list item."""
    text = path.read_text(encoding="utf-8-sig")
    loader = yaml.SafeLoader(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.YAMLError as exc:
        if path.suffix == ".json":
            return _read_json(path, text)
        mark = getattr(exc, "problem_mark", None)
        problem = getattr(exc, "problem", None) or str(exc)
        line = mark.line + 1 if mark else None
        raise BankFileError(path, line, f"not valid YAML: {problem}") from None
    finally:
        loader.dispose()
    document = Document(path=path, data=data)
    if node is not None:
        _map_lines(node, (), document)
    return document


def _read_json(path: Path, text: str) -> Document:
    # JSON that YAML cannot read (tabs, some escapes): no line numbers below the top.
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise BankFileError(path, exc.lineno, f"not valid JSON: {exc.msg}") from None
    return Document(path=path, data=data, lines={(): 1})


def _map_lines(node: yaml.Node, place: Place, document: Document) -> None:
    document.lines.setdefault(place, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        seen: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            line = key_node.start_mark.line + 1
            if key in seen:
                document.notes.append(Problem(document.path, line, None, f"duplicate key {key!r}"))
            seen.add(key)
            document.lines[(*place, key)] = line
            _map_lines(value_node, (*place, key), document)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _map_lines(item, (*place, i), document)


def plain(value: Any) -> Any:
    """Return `value` as JSON data: YAML dates become ISO strings (the stored form is JSON)."""
    return json.loads(json.dumps(value, default=str))


def read_quiz_file(path: Path) -> QuizFile:
    """Read one quiz file, questions given by id taken from the other files of its folder.

    No validation beyond the shape needed to load it: `quiz bank validate` reports the rest.
    """
    data = read_document(path).data
    if not isinstance(data, dict) or "questions" not in data:
        raise ValueError(f"{path}: not a quiz file (no 'questions')")
    if "quizzes" in data:
        raise ValueError(f"{path}: a bank export, not a quiz file: use `quiz bank import`")
    entries = data["questions"] or []
    reserve = data.get("reserve") or []
    inline = {q.get("id"): q for q in [*entries, *reserve] if isinstance(q, dict)}
    others: dict[Any, Any] | None = None
    questions = []
    for entry in entries:
        if isinstance(entry, str):
            if entry not in inline:
                others = questions_in_folder(path.parent, skip=path) if others is None else others
                if entry not in others:
                    raise ValueError(f"{path}: question {entry!r} not found in {path.parent}")
            question = inline.get(entry) or others[entry]
        else:
            question = entry
        questions.append(canonical_question(plain(question)))
    return QuizFile(
        id=str(data.get("id") or path.stem),
        title=localised(data.get("title") or path.stem),
        description=localised(data.get("description")),
        questions=questions,
        path=path,
        reserve=[canonical_question(plain(q)) for q in reserve if isinstance(q, dict)],
    )


def questions_in_folder(folder: Path, skip: Path | None = None) -> dict[str, dict[str, Any]]:
    """Every question written out in full in the quiz files of `folder` (their `questions` and
    their `reserve`), by id."""
    found: dict[str, dict[str, Any]] = {}
    for file in quiz_files(folder):
        if skip is not None and file.resolve() == skip.resolve():
            continue
        try:
            data = read_document(file).data
        except (BankFileError, OSError, UnicodeDecodeError):
            continue  # the validator reports unreadable files; here they simply offer nothing
        for question in written_out(data):
            if isinstance(question, dict) and isinstance(question.get("id"), str):
                found.setdefault(question["id"], question)
    return found


def written_out(data: Any) -> list[Any]:
    """The entries of a quiz file's (or bank export's) `questions` and `reserve` lists."""
    if not isinstance(data, dict):
        return []
    return [entry for key in ("questions", "reserve")
            if isinstance(data.get(key), list) for entry in data[key]]


def quiz_files(folder: Path) -> list[Path]:
    """The quiz files of `folder`, by name."""
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
        settings={key: data[key] for key in SETTING_KEYS if data.get(key) is not None},
    )
