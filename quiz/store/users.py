"""Accounts: hashed passwords for the web login, hashed bearer tokens for the API."""

from __future__ import annotations

from sqlalchemy import select, update
from werkzeug.security import check_password_hash, generate_password_hash

from quiz.store import models
from quiz.store.database import Database
from quiz.store.models import utcnow
from quiz.store.secrets import new_token, token_hash

ROLES = ("host", "editor", "admin")
# Passwords are hashed with scrypt (memory-hard), named here rather than left to the library's
# default; check_password_hash reads the method from each stored hash, so older ones still work.
PASSWORD_METHOD = "scrypt"
# What each role may do; admin may do everything.
ROLE_GRANTS = {"host": {"host"}, "editor": {"editor"}, "admin": {"host", "editor", "admin"}}


def may(role: str, action: str) -> bool:
    return action in ROLE_GRANTS.get(role, set())


def create_user(db: Database, name: str, role: str, password: str) -> tuple[models.User, str]:
    """Create a user; return it and a new API token (shown once, stored hashed)."""
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    token = new_token()
    with db.session() as session:
        user = models.User(name=name, role=role, password_hash=_hash(password))
        session.add(user)
        session.flush()
        session.add(models.ApiToken(user_id=user.id, token_hash=token_hash(token)))
        session.commit()
    return user, token


def _hash(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_METHOD)


def set_password(db: Database, name: str, password: str) -> None:
    with db.session() as session:
        session.execute(
            update(models.User).where(models.User.name == name)
            .values(password_hash=_hash(password))
        )
        session.commit()


def user_by_name(db: Database, name: str) -> models.User | None:
    with db.session() as session:
        return session.scalar(select(models.User).where(models.User.name == name))


def user_by_id(db: Database, user_id: int) -> models.User | None:
    with db.session() as session:
        return session.get(models.User, user_id)


def authenticate(db: Database, name: str, password: str) -> models.User | None:
    """Return the user when the password matches."""
    user = user_by_name(db, name)
    if user is not None and check_password_hash(user.password_hash, password):
        return user
    return None


def user_by_token(db: Database, token: str) -> models.User | None:
    """Return the user owning an unrevoked API token."""
    with db.session() as session:
        return session.scalar(
            select(models.User)
            .join(models.ApiToken, models.ApiToken.user_id == models.User.id)
            .where(models.ApiToken.token_hash == token_hash(token),
                   models.ApiToken.revoked_at.is_(None))
        )


def revoke_token(db: Database, token: str) -> None:
    with db.session() as session:
        session.execute(
            update(models.ApiToken).where(models.ApiToken.token_hash == token_hash(token))
            .values(revoked_at=utcnow())
        )
        session.commit()


def count_users(db: Database) -> int:
    with db.session() as session:
        return len(session.scalars(select(models.User.id)).all())
