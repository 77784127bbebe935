"""Quizzes and their questions in the database."""

from __future__ import annotations

from sqlalchemy import delete, func, select

from quiz.bank.format import QuizFile
from quiz.store import models
from quiz.store.database import Database


def save_quiz(db: Database, quiz: QuizFile) -> None:
    """Insert or update a quiz and its questions by id (importing twice changes nothing).

    The quiz file's reserve questions are saved too, in no quiz (unless another one lists them).
    """
    with db.session() as session:
        row = session.get(models.Quiz, quiz.id)
        if row is None:
            row = models.Quiz(id=quiz.id)
            session.add(row)
        row.title = quiz.title
        row.description = quiz.description
        row.source_file = quiz.path.name
        for question in [*quiz.questions, *quiz.reserve]:  # the reserve: in the bank only
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


# -- composing quizzes in the editor --------------------------------------------------------


def quiz_question_ids(db: Database, quiz_id: str) -> list[str] | None:
    """Return the quiz's question ids in order, or None when there is no such quiz."""
    with db.session() as session:
        if session.get(models.Quiz, quiz_id) is None:
            return None
        return list(session.scalars(
            select(models.QuizQuestion.question_id)
            .where(models.QuizQuestion.quiz_id == quiz_id).order_by(models.QuizQuestion.position)
        ))


def create_quiz(db: Database, quiz_id: str, title: dict[str, str],
                description: dict[str, str] | None = None) -> None:
    """Create an empty quiz; raise ValueError if the id is taken."""
    with db.session() as session:
        if session.get(models.Quiz, quiz_id) is not None:
            raise ValueError(f"quiz {quiz_id!r} already exists")
        session.add(models.Quiz(id=quiz_id, title=title, description=description or {}))
        session.commit()


def rename_quiz(db: Database, quiz_id: str, title: dict[str, str],
                description: dict[str, str]) -> None:
    """Change a quiz's title and description."""
    with db.session() as session:
        row = session.get(models.Quiz, quiz_id)
        if row is None:
            raise LookupError(quiz_id)
        row.title = title
        row.description = description
        session.commit()


def set_quiz_questions(db: Database, quiz_id: str, question_ids: list[str]) -> None:
    """Replace the quiz's ordered questions (each id once; unknown ids raise LookupError)."""
    with db.session() as session:
        row = session.get(models.Quiz, quiz_id)
        if row is None:
            raise LookupError(quiz_id)
        ids = list(dict.fromkeys(question_ids))
        known = set(session.scalars(
            select(models.Question.id).where(models.Question.id.in_(ids))
        ))
        missing = [i for i in ids if i not in known]
        if missing:
            raise LookupError(missing[0])
        session.execute(delete(models.QuizQuestion).where(models.QuizQuestion.quiz_id == quiz_id))
        session.flush()
        session.add_all(
            models.QuizQuestion(quiz_id=quiz_id, position=i, question_id=question_id)
            for i, question_id in enumerate(ids)
        )
        row.updated_at = models.utcnow()
        session.commit()
