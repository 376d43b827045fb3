"""submissions: the key of each saved form, so that a retried submit writes once

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-03 19:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "submissions",
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_submissions_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("patient_id", "key", name=op.f("pk_submissions")),
    )
    op.create_index("ix_submissions_at", "submissions", ["at"])


def downgrade() -> None:
    op.drop_index("ix_submissions_at", table_name="submissions")
    op.drop_table("submissions")
