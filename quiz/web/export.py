"""A game's results as JSON, CSV and XLSX: one table per view (players, teams, questions, answers).

Every format is built from the same `analytics.GameResults`, so the files and the API agree.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import asdict
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from quiz.engine import analytics
from quiz.web.i18n import N_

VIEWS = ("players", "teams", "questions", "answers")
# French (the exports' language); marked for the catalogue, which the results page translates.
SHEET_TITLES = {"players": N_("Joueurs"), "teams": N_("Équipes"), "questions": N_("Questions"),
                "answers": N_("Réponses")}
FLAG_LABELS = {analytics.TOO_HARD: N_("trop difficile"), analytics.TOO_EASY: N_("trop facile")}


def results_json(results: analytics.GameResults) -> dict:
    """The results API body (protocol: players, questions; added: teams, figures per question)."""
    return {
        "pin": results.pin,
        "state": results.state,
        "players": [asdict(p) for p in results.players],
        "teams": [asdict(t) for t in results.teams],
        "questions": [
            {
                "index": q.index, "question_id": q.question_id, "type": q.type, "text": q.text,
                "played": q.played, "cancelled": q.cancelled,
                "answer_count": q.answer_count, "correct_count": q.correct_count,
                "percent_correct": q.percent_correct, "median_ms": q.median_ms,
                "distribution": q.distribution, "correct": [c.id for c in q.choices if c.correct],
                "flag": q.flag,
            }
            for q in results.questions
        ],
    }


def recap_json(recap: analytics.Recap) -> dict:
    """A player's recap as the `player:recap` ack carries it."""
    body = asdict(recap)
    for item in body["questions"]:
        for choice in item["choices"]:
            choice.pop("count")
    return body


def _fr(text: dict[str, str]) -> str:
    return text.get("fr") or next(iter(text.values()), "")


def _response(value) -> str:
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value)
    return "" if value is None else str(value)


def _yes_no(value: bool | None) -> str:
    return "" if value is None else ("oui" if value else "non")


def _seconds(ms: int | None) -> float | None:
    return None if ms is None else round(ms / 1000, 2)


# ---- tables: (French header, value) columns per view ---------------------------------------

Column = tuple[str, Callable]

COLUMNS: dict[str, tuple[Column, ...]] = {
    "players": (
        ("Rang", lambda p: p.rank),
        ("Pseudo", lambda p: p.nickname),
        ("Équipe", lambda p: p.team or ""),
        ("Score", lambda p: p.score),
        ("Bonnes réponses", lambda p: p.correct_count),
        ("Réponses", lambda p: p.answer_count),
        ("Temps accordé (×)", lambda p: p.time_factor),
        ("Sans vitesse", lambda p: _yes_no(p.no_speed)),
        ("Identifiant joueur", lambda p: p.player_id),
    ),
    "teams": (
        ("Rang", lambda t: t.rank),
        ("Équipe", lambda t: t.team),
        ("Joueurs", lambda t: t.player_count),
        ("Score moyen", lambda t: t.average_score),
        ("Score total", lambda t: t.total_score),
        ("Bonnes réponses", lambda t: t.correct_count),
    ),
    "questions": (
        ("N°", lambda q: q.index + 1),
        ("Identifiant", lambda q: q.question_id),
        ("Question", lambda q: _fr(q.text)),
        ("Réponses", lambda q: q.answer_count),
        ("Bonnes réponses", lambda q: q.correct_count),
        ("% de bonnes réponses", lambda q: q.percent_correct),
        ("Temps médian (s)", lambda q: _seconds(q.median_ms)),
        ("Répartition", lambda q: " ; ".join(f"{c.id} : {c.count}" for c in q.choices)),
        ("Bonne(s) réponse(s)", lambda q: ", ".join(c.id for c in q.choices if c.correct)),
        ("Alerte", lambda q: FLAG_LABELS.get(q.flag or "", "")),
        ("Annulée", lambda q: "oui" if q.cancelled else "non"),
    ),
    "answers": (
        ("N° question", lambda a: a.question_index + 1),
        ("Identifiant question", lambda a: a.question_id),
        ("Pseudo", lambda a: a.nickname),
        ("Équipe", lambda a: a.team or ""),
        ("Réponse", lambda a: _response(a.choices)),
        ("Correcte", lambda a: _yes_no(a.correct)),
        ("Points", lambda a: a.points if a.counted else 0),
        ("Temps (s)", lambda a: _seconds(a.elapsed_ms)),
    ),
}


def rows_of(results: analytics.GameResults, view: str) -> list:
    return list(getattr(results, view))


def table(results: analytics.GameResults, view: str) -> tuple[list[str], list[list]]:
    """The header and rows of one view."""
    columns = COLUMNS[view]
    return [name for name, _ in columns], [
        [value(row) for _, value in columns] for row in rows_of(results, view)
    ]


def results_csv(results: analytics.GameResults, view: str = "players") -> str:
    """One view as CSV (semicolon-separated with a BOM, as French spreadsheets expect)."""
    header, rows = table(results, view)
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(["" if v is None else v for v in row] for row in rows)
    return buffer.getvalue()


def results_xlsx(results: analytics.GameResults, quiz_title: str = "",
                 created_at: datetime | None = None, finished_at: datetime | None = None,
                 answered_at: dict[tuple[str, int], datetime] | None = None) -> bytes:
    """A workbook: a summary sheet, then one sheet per view; numbers and dates keep their type."""
    book = Workbook()
    summary = book.active
    summary.title = "Partie"
    for label, value in (
        ("PIN", results.pin), ("Quiz", quiz_title), ("État", results.state),
        ("Créée le", created_at), ("Terminée le", finished_at),
        ("Joueurs", len(results.players)), ("Questions", results.question_total),
    ):
        summary.append([label, value])
        if isinstance(value, datetime):
            summary.cell(summary.max_row, 2).number_format = "dd/mm/yyyy hh:mm"
        summary.cell(summary.max_row, 1).font = Font(bold=True)
    for view in VIEWS:
        sheet = book.create_sheet(SHEET_TITLES[view])
        header, rows = table(results, view)
        when = view == "answers" and answered_at is not None
        if when:
            header = [*header, "Répondu le"]
        sheet.append(header)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for answer, row in zip(rows_of(results, view), rows, strict=True):
            if when:
                row = [*row, answered_at.get((answer.player_id, answer.question_index))]
            sheet.append(row)
            if when:
                sheet.cell(sheet.max_row, len(row)).number_format = "dd/mm/yyyy hh:mm:ss"
        sheet.freeze_panes = "A2"
        for i, name in enumerate(header, start=1):
            sheet.column_dimensions[get_column_letter(i)].width = max(10, min(60, len(name) + 4))
    summary.column_dimensions["A"].width = 14
    summary.column_dimensions["B"].width = 40
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
