"""Anonymous per-question figures kept when `quiz purge` deletes a game's players and answers.

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-03

Skipped when a database made by `create_all` already has the table.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def _tables() -> set[str]:
    return set(sa.inspect(op.get_bind()).get_table_names())


def upgrade() -> None:
    if "question_plays" in _tables():
        return
    op.create_table(
        "question_plays",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.String(length=80), nullable=False),
        sa.Column("game_id", sa.Integer(), nullable=False),
        sa.Column("question_index", sa.Integer(), nullable=False),
        sa.Column("pin", sa.String(length=6), nullable=False),
        sa.Column("quiz_id", sa.String(length=80), nullable=False),
        sa.Column("played_at", sa.DateTime(), nullable=False),
        sa.Column("players", sa.Integer(), nullable=False),
        sa.Column("answers", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.Column("elapsed_ms", sa.JSON(), nullable=False),
        sa.Column("distribution", sa.JSON(), nullable=True),
        sa.Column("median_ms", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("game_id", "question_index"),
    )
    op.create_index("ix_question_plays_question_id", "question_plays", ["question_id"])


def downgrade() -> None:
    op.drop_index("ix_question_plays_question_id", table_name="question_plays")
    op.drop_table("question_plays")
