"""Archived bank questions; players' recovery codes.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-23

A development database made by `create_all` after these columns appeared already has them:
each step is skipped when its column is there.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def _columns(table: str) -> set[str]:
    return {column["name"] for column in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    if "archived" not in _columns("questions"):
        with op.batch_alter_table("questions") as batch:
            batch.add_column(sa.Column(
                "archived", sa.Boolean(), server_default=sa.false(), nullable=False,
            ))
    if "recovery_code" not in _columns("players"):
        with op.batch_alter_table("players") as batch:
            batch.add_column(sa.Column("recovery_code", sa.String(length=8), nullable=True))
            # PostgreSQL's own name for an unnamed UNIQUE, as `create_all` would make it.
            batch.create_unique_constraint(
                "players_game_id_recovery_code_key", ["game_id", "recovery_code"]
            )


def downgrade() -> None:
    with op.batch_alter_table("players") as batch:
        batch.drop_constraint("players_game_id_recovery_code_key", type_="unique")
        batch.drop_column("recovery_code")
    with op.batch_alter_table("questions") as batch:
        batch.drop_column("archived")
