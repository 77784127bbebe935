"""Quizzes and their questions in the database."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from quiz.bank.format import QuizFile
from quiz.store import models
from quiz.store.database import Database


def save_quiz(db: Database, quiz: QuizFile) -> None:
    """Insert or update a quiz and its questions by id (importing twice changes nothing)."""
    with db.session() as session:
        row = session.get(models.Quiz, quiz.id)
        if row is None:
            row = models.Quiz(id=quiz.id)
            session.add(row)
        row.title = quiz.title
        row.description = quiz.description
        row.source_file = quiz.path.name
        for question in quiz.questions:
            stored = session.get(models.Question, question["id"])
            if stored is None:
                session.add(models.Question(id=question["id"], data=question))
            elif stored.data != question:
                stored.data = question
        session.flush()
        session.execute(delete(models.QuizQuestion).where(models.QuizQuestion.quiz_id == quiz.id))
        session.add_all(
            models.QuizQuestion(quiz_id=quiz.id, position=i, question_id=q["id"])
            for i, q in enumerate(quiz.questions)
        )
        session.commit()


def list_quizzes(db: Database) -> list[dict]:
    """Every quiz with its question count, by title."""
    counts = (
        select(models.QuizQuestion.quiz_id, func.count().label("n"))
        .group_by(models.QuizQuestion.quiz_id).subquery()
    )
    with db.session() as session:
        rows = session.execute(
            select(models.Quiz, counts.c.n).outerjoin(counts, counts.c.quiz_id == models.Quiz.id)
        ).all()
    quizzes = [
        {"id": quiz.id, "title": quiz.title.get("fr") or quiz.id, "titles": quiz.title,
         "question_count": n or 0}
        for quiz, n in rows
    ]
    return sorted(quizzes, key=lambda q: q["title"].casefold())
