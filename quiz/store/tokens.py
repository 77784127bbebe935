"""API tokens: list, create and revoke them (`quiz token list|create|revoke`).

Tokens are kept only as SHA-256 hashes, so a token is named by its id or by the first
characters of its hash (its "fingerprint", shown by `quiz token list`), or given in full.
Loaded by quiz.cli as a command group; imports nothing heavy until a command runs.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # SQLAlchemy is imported by the functions: `quiz serve` patches gevent first
    from quiz.store.database import Database

HELP = "list, create and revoke API tokens"
FINGERPRINT_CHARS = 10
MIN_PREFIX_CHARS = 6


@dataclass(frozen=True)
class TokenInfo:
    """What may be shown about a token: never the token itself."""

    id: int
    user: str
    role: str
    fingerprint: str
    created_at: datetime
    revoked_at: datetime | None


class TokenNotFound(LookupError):
    """No token, or more than one, matches what was given."""


def list_tokens(db: Database) -> list[TokenInfo]:
    """Every API token, oldest first."""
    from sqlalchemy import select

    from quiz.store import models

    with db.session() as session:
        rows = session.execute(
            select(models.ApiToken, models.User.name, models.User.role)
            .join(models.User, models.User.id == models.ApiToken.user_id)
            .order_by(models.ApiToken.id)
        ).all()
    return [
        TokenInfo(t.id, name, role, t.token_hash[:FINGERPRINT_CHARS], t.created_at, t.revoked_at)
        for t, name, role in rows
    ]


def create_token(db: Database, user_name: str) -> str:
    """Give a user one more API token; return it (shown once, stored hashed)."""
    from sqlalchemy import select

    from quiz.store import models
    from quiz.store.secrets import new_token, token_hash

    token = new_token()
    with db.session() as session:
        user = session.scalar(select(models.User).where(models.User.name == user_name))
        if user is None:
            raise LookupError(user_name)
        session.add(models.ApiToken(user_id=user.id, token_hash=token_hash(token)))
        session.commit()
    return token


def revoke(db: Database, reference: str) -> TokenInfo:
    """Revoke the token named by its id, its fingerprint (a hash prefix) or its full value."""
    from sqlalchemy import select

    from quiz.store import models
    from quiz.store.secrets import token_hash

    reference = reference.strip()
    with db.session() as session:
        by_id = models.ApiToken.id == int(reference) if reference.isdigit() else None
        by_hash = models.ApiToken.token_hash == token_hash(reference)
        is_prefix = len(reference) >= MIN_PREFIX_CHARS and all(
            c in "0123456789abcdef" for c in reference.lower())
        # Ids are short; a fingerprint prefix may be all digits ("123456"): try it as a prefix
        # first, then as an id; a full token may look like a prefix: try it as a token last.
        tries = [models.ApiToken.token_hash.startswith(reference.lower())] if is_prefix else []
        tries += [by_id] if by_id is not None else []
        tries.append(by_hash)
        found = []
        for condition in tries:
            found = session.scalars(select(models.ApiToken).where(condition).limit(2)).all()
            if found:
                break
        if len(found) != 1:
            raise TokenNotFound(reference)
        token = found[0]
        if token.revoked_at is None:
            token.revoked_at = models.utcnow()
        session.commit()
        user = session.get(models.User, token.user_id)
        return TokenInfo(token.id, user.name if user else "?", user.role if user else "?",
                         token.token_hash[:FINGERPRINT_CHARS], token.created_at, token.revoked_at)


# ---- the command ----------------------------------------------------------------------------

def configure(parser: argparse.ArgumentParser) -> None:
    """Add the list, create and revoke subcommands."""
    commands = parser.add_subparsers(dest="token_command", required=True, metavar="COMMAND")
    commands.add_parser("list", help="show every token: id, user, fingerprint, state")
    create = commands.add_parser("create", help="give a user a new token (printed once)")
    create.add_argument("name", metavar="NAME", help="the user's name")
    revoke_cmd = commands.add_parser("revoke", help="revoke a token: it gets 401 from now on")
    revoke_cmd.add_argument("reference", metavar="TOKEN_PREFIX_OR_ID",
                            help="the token's id, its fingerprint (or a prefix of it), or itself")


def run(args: argparse.Namespace) -> int:
    """Run the chosen subcommand; return the exit code."""
    from quiz import create_app

    app = create_app()
    with app.app_context():
        db = app.extensions["quiz_db"]
        db.create_all()
        if args.token_command == "list":
            return _print_list(list_tokens(db))
        if args.token_command == "create":
            try:
                token = create_token(db, args.name)
            except LookupError:
                print(f"No user named {args.name!r}.", file=sys.stderr)
                return 1
            print(f"API token for {args.name!r} (shown once): {token}")
            return 0
        try:
            info = revoke(db, args.reference)
        except TokenNotFound:
            print(f"No single token matches {args.reference!r}: see `quiz token list`.",
                  file=sys.stderr)
            return 1
        print(f"Token {info.id} ({info.fingerprint}) of {info.user!r} revoked.")
        return 0


def _print_list(tokens: list[TokenInfo]) -> int:
    if not tokens:
        print("No API token.")
        return 0
    print(f"{'id':>4}  {'fingerprint':<{FINGERPRINT_CHARS}}  {'user':<16} {'role':<7} "
          f"{'created':<16}  state")
    for t in tokens:
        state = f"revoked {t.revoked_at:%Y-%m-%d %H:%M}" if t.revoked_at else "active"
        print(f"{t.id:>4}  {t.fingerprint:<{FINGERPRINT_CHARS}}  {t.user:<16} {t.role:<7} "
              f"{t.created_at:%Y-%m-%d %H:%M}  {state}")
    return 0
