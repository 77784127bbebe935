"""Moodle GIFT text files: the questions that can be played live, and what was skipped.

Questions are separated by blank lines; `//` starts a comment line; `::title::` and a `[html]`
(or `[markdown]`, `[plain]`, `[moodle]`) format tag may precede the text; the answers sit
between braces. Read here:

- multiple choice `{=right ~wrong ~wrong}` (a single-choice question; with `~%50%` weights,
  every positively weighted answer is right and the question is a `multiple` one);
- true/false `{T}`, `{F}`, `{TRUE}`, `{FALSE}` (a `true_false` question);
- numeric `{#2015}`, `{#2015:2}` (tolerance), `{#2010..2020}` (range), `{#=2015 =%50%2014}`.

Skipped, with their line: essay `{}`, matching `{=a -> b}`, short answer (only `=` answers),
missing word (text after the braces: a cloze), and text without braces (a description).
`####` general feedback becomes the explanation (else the right answer's `#` feedback).
`\\~ \\= \\# \\{ \\} \\:` escape those characters and `\\n` is a line break.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

from quiz.bank.format import Document
from quiz.bank.problem import WARNING, Problem
from quiz.bank.schema import slug, unique_slug

GIFT_SUFFIXES = (".gift", ".txt")
DEFAULT_TIME_LIMIT_S = 20
TRUE_WORDS = ("T", "TRUE")
FALSE_WORDS = ("F", "FALSE")
FORMAT_TAG = re.compile(r"^\s*\[(html|moodle|plain|markdown)\]", re.IGNORECASE)
WEIGHT = re.compile(r"^\s*%(-?\d+(?:\.\d+)?)%")


class Skip(Exception):
    """A question that cannot be played live; its message says what kind it was."""


class Invalid(Exception):
    """A question whose GIFT syntax is broken."""


def read_gift(path: Path) -> Document:
    """Read a GIFT file into a quiz named after the file, noting every skipped question."""
    quiz: dict[str, Any] = {"id": slug(path.stem), "title": {"fr": path.stem}, "questions": []}
    document = Document(path=path, data=quiz, lines={(): 1})
    taken: set[str] = set()
    for line, block in _blocks(path.read_text(encoding="utf-8-sig")):
        try:
            question = _question(block)
        except Skip as skipped:
            document.notes.append(Problem(path, line, None, f"skipped {skipped}", WARNING))
            continue
        except Invalid as invalid:
            document.notes.append(Problem(path, line, None, str(invalid)))
            continue
        question = {"id": unique_slug(question["text"]["fr"], taken), **question}
        document.lines[("questions", len(quiz["questions"]))] = line
        quiz["questions"].append(question)
    return document


def _blocks(text: str) -> list[tuple[int, str]]:
    """Split the file into (first line, text) blocks at blank lines, without comments."""
    blocks: list[tuple[int, str]] = []
    lines: list[str] = []
    start = 0
    for number, raw in enumerate(text.splitlines(), start=1):
        stripped = raw.strip()
        if stripped.startswith("//") or stripped.startswith("$CATEGORY:"):
            continue
        if not stripped:
            if lines:
                blocks.append((start, "\n".join(lines)))
            lines = []
            continue
        if not lines:
            start = number
        lines.append(raw)
    if lines:
        blocks.append((start, "\n".join(lines)))
    return blocks


def _question(block: str) -> dict[str, Any]:
    rest = block.strip()
    if rest.startswith("::"):
        end = _find(rest, "::", 2)
        if end < 0:
            raise Invalid("the title has no closing '::'")
        rest = rest[end + 2:]
    opening = _find(rest, "{")
    if opening < 0:
        raise Skip("a description (text without answers): nothing to play")
    closing = _find(rest, "}", opening + 1)
    if closing < 0:
        raise Invalid("the answers have no closing '}'")
    text = _text(rest[:opening])
    answers = rest[opening + 1:closing].strip()
    if rest[closing + 1:].strip():
        raise Skip("a missing-word (cloze) question: it cannot be played live")
    if not text:
        raise Invalid("the question has no text")
    answers, general_feedback = _split_general_feedback(answers)
    if not answers:
        raise Skip("an essay question: it cannot be played live")
    if answers.startswith("#"):
        data = _numeric(answers[1:])
    elif _split(answers, "#")[0].strip().upper() in TRUE_WORDS + FALSE_WORDS:
        data = _true_false(answers)
    elif _find(answers, "->") >= 0:
        raise Skip("a matching question: it cannot be played live")
    else:
        data = _choices(answers)
    answer_feedback = data.pop("feedback", "")
    feedback = general_feedback or answer_feedback
    question: dict[str, Any] = {"type": data.pop("type"), "text": {"fr": text}, **data,
                                "time_limit": DEFAULT_TIME_LIMIT_S, "points": "standard"}
    if feedback:
        question["explanation"] = {"fr": feedback}
    question["source"] = ""
    return question


def _split_general_feedback(answers: str) -> tuple[str, str]:
    index = _find(answers, "####")
    if index < 0:
        return answers, ""
    return answers[:index].strip(), _text(answers[index + 4:])


def _true_false(answers: str) -> dict[str, Any]:
    parts = _split(answers, "#")
    right = parts[0].strip().upper() in TRUE_WORDS
    # {T#feedback if wrong#feedback if right}
    feedback = _text(parts[2]) if len(parts) > 2 else ""
    return {
        "type": "true_false",
        "choices": [
            {"id": "true", "text": {"fr": "Vrai", "en": "True"}, **_correct(right)},
            {"id": "false", "text": {"fr": "Faux", "en": "False"}, **_correct(not right)},
        ],
        "feedback": feedback,
    }


def _choices(answers: str) -> dict[str, Any]:
    entries = _answers(answers)
    if not any(marker == "~" for marker, _ in entries):
        raise Skip("a short-answer question (typed answers): it cannot be played live")
    choices = []
    feedback = ""
    for index, (marker, body) in enumerate(entries):
        weight = WEIGHT.match(body)
        if weight:
            body = body[weight.end():]
        body, _, answer_feedback = _partition(body, "#")
        right = marker == "=" or (weight is not None and float(weight.group(1)) > 0)
        choice_id = chr(ord("a") + index) if index < 26 else str(index + 1)
        choices.append({"id": choice_id, "text": {"fr": _text(body)}, **_correct(right)})
        if right and not feedback:
            feedback = _text(answer_feedback)
    right_count = sum(bool(c.get("correct")) for c in choices)
    kind = "multiple" if right_count > 1 else "single"
    return {"type": kind, "choices": choices, "feedback": feedback}


def _numeric(answers: str) -> dict[str, Any]:
    entries = _answers(answers) if answers.lstrip()[:1] == "=" else [("=", answers)]
    for _marker, body in entries:
        weight = WEIGHT.match(body)
        if weight and float(weight.group(1)) < 100:
            continue  # a partially right answer: the live game keeps the fully right one
        body = body[weight.end():] if weight else body
        value, _, feedback = _partition(body, "#")
        answer, tolerance = _number_and_tolerance(value.strip())
        data: dict[str, Any] = {"type": "numeric", "answer": answer, "feedback": _text(feedback)}
        if tolerance:
            data["tolerance"] = tolerance
        return data
    raise Invalid("the numeric question has no fully right answer")


def _number_and_tolerance(text: str) -> tuple[float | int, float | int]:
    try:
        if ".." in text:
            low, high = (float(part) for part in text.split("..", 1))
            return _whole((low + high) / 2), _whole((high - low) / 2)
        value, _, tolerance = text.partition(":")
        return _whole(float(value)), _whole(float(tolerance or 0))
    except ValueError:
        raise Invalid(f"numeric answer {text!r} is not a number") from None


def _whole(value: float) -> float | int:
    return int(value) if value.is_integer() else value


def _correct(right: bool) -> dict[str, bool]:
    return {"correct": True} if right else {}


def _answers(text: str) -> list[tuple[str, str]]:
    """Split "=a ~b ~%50%c" into [("=", "a "), ("~", "b "), ("~", "%50%c")]."""
    entries: list[tuple[str, str]] = []
    index = 0
    while index < len(text):
        char = text[index]
        if char == "\\":
            if entries:
                entries[-1] = (entries[-1][0], entries[-1][1] + text[index:index + 2])
            index += 2
            continue
        if char in "=~":
            entries.append((char, ""))
        elif entries:
            entries[-1] = (entries[-1][0], entries[-1][1] + char)
        index += 1
    return entries


def _find(text: str, target: str, start: int = 0) -> int:
    """Return the index of the first unescaped `target` from `start`, or -1."""
    index = start
    while index < len(text):
        if text[index] == "\\":
            index += 2
            continue
        if text.startswith(target, index):
            return index
        index += 1
    return -1


def _split(text: str, separator: str) -> list[str]:
    parts = []
    while (index := _find(text, separator)) >= 0:
        parts.append(text[:index])
        text = text[index + len(separator):]
    return [*parts, text]


def _partition(text: str, separator: str) -> tuple[str, str, str]:
    index = _find(text, separator)
    if index < 0:
        return text, "", ""
    return text[:index], separator, text[index + len(separator):]


def _text(raw: str) -> str:
    """Return GIFT text as shown: format tag removed, HTML stripped, escapes resolved."""
    text = raw
    tag = FORMAT_TAG.match(text)
    if tag:
        text = text[tag.end():]
        if tag.group(1).lower() == "html":
            text = html.unescape(re.sub(r"<[^>]+>", " ", text))
    text = " ".join(text.split())
    return re.sub(r"\\(.)", lambda m: "\n" if m.group(1) == "n" else m.group(1), text).strip()
