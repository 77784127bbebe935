"""The accounts as the admin page lists them (users.py creates them and checks passwords)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from quiz.store import models
from quiz.store.database import Database


@dataclass(frozen=True)
class Account:
    """What an admin sees of an account: never its password or tokens."""

    name: str
    role: str
    created_at: datetime


def list_accounts(db: Database) -> list[Account]:
    """Every account, by name."""
    with db.session() as session:
        rows = session.scalars(select(models.User).order_by(models.User.name)).all()
        return [Account(row.name, row.role, row.created_at) for row in rows]
