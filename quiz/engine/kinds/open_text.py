"""Open text → word cloud on the projector; no points."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from typing import Any

from quiz.engine import errors
from quiz.engine.kinds.base import Kind, Response

MAX_TEXT_CHARS = 40
CLOUD_SIZE = 60


def word_key(text: str) -> str:
    """The form under which two answers are the same word ("Climat ", "climat")."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


class OpenText(Kind):
    name = "open"
    graded = False

    def check(self, question, choices: list[str] | None, value: Any) -> Response:
        if not isinstance(value, str) or not word_key(value) or len(value) > MAX_TEXT_CHARS:
            raise errors.BadAnswer(reason="text", max=MAX_TEXT_CHARS)
        return word_key(value)

    def grade(self, question, response: Response) -> float:
        return 0.0

    def correct(self, question) -> Any:
        return None

    def distribution(self, question, responses: Iterable[Response]) -> Any:
        """The most given words with their counts, biggest first."""
        counts = Counter(str(r) for r in responses)
        return dict(counts.most_common(CLOUD_SIZE))
