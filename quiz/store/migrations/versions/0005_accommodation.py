"""Per-player accommodation: extra time (× 1.5 or × 2) and no-speed scoring.

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-03

Each step is skipped when a database made by `create_all` already has it. Only `down_revision`
depends on the revisions before this one.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _columns(table: str) -> set[str]:
    return {c["name"] for c in sa.inspect(op.get_bind()).get_columns(table)}


def upgrade() -> None:
    if "time_factor" not in _columns("players"):
        with op.batch_alter_table("players") as batch:
            batch.add_column(sa.Column(
                "time_factor", sa.Double(), server_default=sa.text("1"), nullable=False,
            ))
    if "no_speed" not in _columns("players"):
        with op.batch_alter_table("players") as batch:
            batch.add_column(sa.Column(
                "no_speed", sa.Boolean(), server_default=sa.false(), nullable=False,
            ))


def downgrade() -> None:
    with op.batch_alter_table("players") as batch:
        batch.drop_column("no_speed")
        batch.drop_column("time_factor")
