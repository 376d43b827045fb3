"""function tests (chair stand, sit-to-stand, grip, gait speed) and SARC-F answers

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-04 18:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = (
    ("chair_stand_tests", "stands", sa.Integer(), "tested_at"),
    ("sit_to_stand_tests", "time_s", sa.Float(), "tested_at"),
    ("grip_strength_tests", "grip_kg", sa.Float(), "tested_at"),
    ("gait_speed_tests", "speed_m_s", sa.Float(), "tested_at"),
    ("sarc_f_answers", "score", sa.Integer(), "answers"),
)
"""Each new entry table: its name, value column and type, and label column."""


def upgrade() -> None:
    for table, value, value_type, label in TABLES:
        op.create_table(
            table,
            sa.Column("id", sa.Integer(), nullable=False),
            sa.Column("user_id", sa.Integer(), nullable=False),
            sa.Column("day", sa.Date(), nullable=False),
            sa.Column("time", sa.Time(), nullable=True),
            sa.Column(value, value_type, nullable=False),
            sa.Column(label, sa.String(length=32 if label == "answers" else 16), nullable=False),
            sa.Column("note", sa.Text(), nullable=False),
            sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
            sa.Column("import_id", sa.Integer(), nullable=True),
            sa.ForeignKeyConstraint(
                ["import_id"],
                ["imports.id"],
                name=op.f(f"fk_{table}_import_id_imports"),
                ondelete="CASCADE",
            ),
            sa.ForeignKeyConstraint(
                ["user_id"],
                ["users.id"],
                name=op.f(f"fk_{table}_user_id_users"),
                ondelete="CASCADE",
            ),
            sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
        )
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(batch_op.f(f"ix_{table}_import_id"), ["import_id"], unique=False)
            batch_op.create_index(f"ix_{table}_user_day", ["user_id", "day"], unique=False)


def downgrade() -> None:
    for table, *_ in reversed(TABLES):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(f"ix_{table}_user_day")
            batch_op.drop_index(batch_op.f(f"ix_{table}_import_id"))
        op.drop_table(table)
