"""What a bank question may hold: its keys, types, limits, and its canonical stored form.

Standard library only: the validator, the loader, the importers and the exporters share these.
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date, datetime
from typing import Any

LANGUAGES = ("fr", "en")
QUESTION_TYPES = ("single", "true_false", "multiple", "numeric", "ordering", "poll", "open")
# Every type plays live (tests/e2e/test_every_kind_browser.py plays one of each on phones).
PLAYABLE_TYPES = QUESTION_TYPES
CHOICE_TYPES = ("single", "true_false", "multiple", "ordering", "poll")
POINTS = ("standard", "double", "none")
DIFFICULTIES = ("easy", "medium", "hard")
THEMES = ("odd", "cooperation", "climat")

QUIZ_KEYS = ("id", "title", "description", "questions", "reserve")
BANK_KEYS = ("quizzes", "questions")
# In the order the exporters write them.
QUESTION_KEYS = (
    "id", "type", "text", "choices", "answer", "tolerance", "min", "max", "step", "unit",
    "all_or_nothing", "scoring", "time_limit", "points", "tags", "difficulty", "explanation",
    "source", "image", "valid_until",
)
NUMERIC_KEYS = ("answer", "tolerance", "min", "max", "step")
# Keys the engine reads as the question's settings (see quiz.engine.game.Question.settings).
SETTING_KEYS = ("answer", "tolerance", "min", "max", "step", "unit", "all_or_nothing", "scoring")
CHOICE_KEYS = ("id", "text", "correct")
TAG_KEYS = ("theme", "odd")

MIN_CHOICES, MAX_CHOICES = 2, 6
MIN_TIME_LIMIT_S, MAX_TIME_LIMIT_S = 5, 240
MAX_QUESTION_CHARS = 200  # what fits a phone screen without scrolling
MAX_CHOICE_CHARS = 90
SDG_NUMBERS = range(1, 18)
EXPIRY_WARNING_DAYS = 90
TRUE_FALSE_IDS = ("true", "false")
ID_PATTERN = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
MAX_ID_CHARS = 80  # the questions.id column
SLUG_CHARS = 60


def is_id(value: Any) -> bool:
    """Tell whether `value` is a valid id: a slug of at most 80 characters."""
    return isinstance(value, str) and len(value) <= MAX_ID_CHARS and bool(
        ID_PATTERN.fullmatch(value)
    )


def slug(text: str, max_chars: int = SLUG_CHARS) -> str:
    """Return a lowercase ASCII id made from `text` ("L'Accord de Paris" → "l-accord-de-paris")."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z0-9]+", ascii_text.lower())
    result = ""
    for word in words:
        candidate = f"{result}-{word}" if result else word
        if len(candidate) > max_chars:
            break
        result = candidate
    return result or (words[0][:max_chars] if words else "question")


def unique_slug(text: str, taken: set[str]) -> str:
    """Return slug(text), suffixed -2, -3… until it is not in `taken`; add it to `taken`."""
    base = slug(text)
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    taken.add(candidate)
    return candidate


def canonical_question(data: Any) -> Any:
    """Return the stored form of a question: every loader and importer writes this same shape.

    Texts become {lang: text} without empty entries, `correct: false` is dropped, `tags` always
    holds an `odd` list when it holds anything, whole numbers become ints, dates ISO strings.
    Malformed parts are left as they are for the validator to report.
    """
    if not isinstance(data, dict):
        return data
    result = dict(data)
    for key in ("text", "explanation"):
        if key in result:
            result[key] = _canonical_text(result[key])
    if isinstance(result.get("choices"), list):
        result["choices"] = [_canonical_choice(c) for c in result["choices"]]
    for key in ("time_limit", "answer", "tolerance"):
        if key in result:
            result[key] = _whole(result[key])
    if "tags" in result:
        tags = _canonical_tags(result["tags"])
        if tags is None:
            del result["tags"]
        else:
            result["tags"] = tags
    if isinstance(result.get("valid_until"), date | datetime):
        value = result["valid_until"]
        result["valid_until"] = (value.date() if isinstance(value, datetime) else value).isoformat()
    return result


def ordered_question(data: dict[str, Any]) -> dict[str, Any]:
    """Return the question with its keys in the documented order (unknown keys last)."""
    known = {key: data[key] for key in QUESTION_KEYS if key in data}
    return known | {key: value for key, value in data.items() if key not in known}


def _canonical_text(value: Any) -> Any:
    if isinstance(value, str):
        return {"fr": value} if value else {}
    if isinstance(value, dict):
        return {k: _text_value(v) for k, v in value.items() if v is not None and v != ""}
    return value


def _text_value(value: Any) -> Any:
    # An unquoted YAML number ("fr: 17") is still a text.
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return value


def _canonical_choice(choice: Any) -> Any:
    if not isinstance(choice, dict):
        return choice
    result = dict(choice)
    if "text" in result:
        result["text"] = _canonical_text(result["text"])
    if result.get("correct") is False:
        del result["correct"]
    result["id"] = choice_id(result["id"]) if "id" in result else None
    if result["id"] is None:
        del result["id"]
    return result


def choice_id(value: Any) -> Any:
    """Return a choice id as text: YAML reads `id: true` as a boolean and `id: 1` as a number."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return value


def _canonical_tags(tags: Any) -> Any:
    if not isinstance(tags, dict):
        return tags
    result = {k: v for k, v in tags.items() if v is not None and v != ""}
    if result.get("odd") in ([], None):
        result.pop("odd", None)
    if not result:
        return None
    result.setdefault("odd", [])
    return result


def _whole(value: Any) -> Any:
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value
