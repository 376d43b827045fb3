"""failed attempts: failed share codes are counted and kept beside failed sign-ins

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-03 18:00:00

Guessing at share codes is throttled as guessing at passwords is, so the table of failed
sign-ins becomes ``failed_attempts``: each row says what failed (``kind``: ``sign_in`` or
``share_code``) and, for a share code, which account tried it (``actor_id``; the row stays,
without it, if the account goes). The failed sign-ins move over as they were. Going back
keeps the failed sign-ins and drops the failed share codes, which the old table cannot hold.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "failed_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=16), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["users.id"],
            name=op.f("fk_failed_attempts_actor_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_failed_attempts")),
    )
    op.create_index("ix_failed_attempts_kind_email_at", "failed_attempts", ["kind", "email", "at"])
    op.create_index(
        "ix_failed_attempts_kind_client_at", "failed_attempts", ["kind", "client", "at"]
    )
    op.create_index("ix_failed_attempts_actor_id_at", "failed_attempts", ["actor_id", "at"])
    op.execute(
        "INSERT INTO failed_attempts (kind, email, actor_id, client, at) "
        "SELECT 'sign_in', email, NULL, client, at FROM sign_in_failures ORDER BY id"
    )
    op.drop_index("ix_sign_in_failures_email_at", table_name="sign_in_failures")
    op.drop_index("ix_sign_in_failures_client_at", table_name="sign_in_failures")
    op.drop_table("sign_in_failures")


def downgrade() -> None:
    op.create_table(
        "sign_in_failures",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("client", sa.String(length=64), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sign_in_failures")),
    )
    op.create_index("ix_sign_in_failures_client_at", "sign_in_failures", ["client", "at"])
    op.create_index("ix_sign_in_failures_email_at", "sign_in_failures", ["email", "at"])
    op.execute(
        "INSERT INTO sign_in_failures (email, client, at) "
        "SELECT email, client, at FROM failed_attempts WHERE kind = 'sign_in' ORDER BY id"
    )
    op.drop_index("ix_failed_attempts_actor_id_at", table_name="failed_attempts")
    op.drop_index("ix_failed_attempts_kind_client_at", table_name="failed_attempts")
    op.drop_index("ix_failed_attempts_kind_email_at", table_name="failed_attempts")
    op.drop_table("failed_attempts")
