"""Rules of play: a game's settings, late joiners' first question, ungraded answers.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22

Each step is skipped when a database made by `create_all` already has it.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def _columns(table: str) -> dict[str, dict]:
    return {c["name"]: c for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    if "settings" not in _columns("games"):
        with op.batch_alter_table("games") as batch:
            batch.add_column(sa.Column(
                "settings", sa.JSON(), server_default=sa.text("'{}'"), nullable=False,
            ))
    if "first_question" not in _columns("players"):
        with op.batch_alter_table("players") as batch:
            batch.add_column(sa.Column(
                "first_question", sa.Integer(), server_default=sa.text("0"), nullable=False,
            ))
    if not _columns("answers")["correct"]["nullable"]:
        with op.batch_alter_table("answers") as batch:  # polls and word clouds: no right answer
            batch.alter_column("correct", existing_type=sa.Boolean(), nullable=True)


def downgrade() -> None:
    with op.batch_alter_table("answers") as batch:
        batch.alter_column("correct", existing_type=sa.Boolean(), nullable=False)
    with op.batch_alter_table("players") as batch:
        batch.drop_column("first_question")
    with op.batch_alter_table("games") as batch:
        batch.drop_column("settings")
