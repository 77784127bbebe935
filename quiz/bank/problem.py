"""A problem found in a bank file, with its place: what the validator and the readers report."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ERROR = "error"
WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One problem: `path:line: question 'id': message`; errors fail validation, warnings not."""

    path: Path | str
    line: int | None
    question_id: str | None
    message: str
    severity: str = ERROR

    @property
    def is_error(self) -> bool:
        return self.severity == ERROR

    def __str__(self) -> str:
        place = f"{self.path}:{self.line}" if self.line else f"{self.path}"
        label = "warning: " if self.severity == WARNING else ""
        subject = f"question '{self.question_id}': " if self.question_id else ""
        return f"{place}: {label}{subject}{self.message}"
