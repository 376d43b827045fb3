"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-25 20:19:57.350600
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "users",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(length=254), nullable=False),
        sa.Column("display_name", sa.String(length=80), nullable=False),
        sa.Column("password_hash", sa.String(length=255), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("is_demo", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_users")),
        sa.UniqueConstraint("email", name=op.f("uq_users_email")),
    )
    op.create_table(
        "activities",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column("duration_min", sa.Float(), nullable=False),
        sa.Column("activity_type", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_activities_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activities")),
    )
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.create_index("ix_activities_user_day", ["user_id", "day"], unique=False)

    op.create_table(
        "body_fat_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column("body_fat_pct", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_body_fat_readings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_body_fat_readings")),
    )
    with op.batch_alter_table("body_fat_readings", schema=None) as batch_op:
        batch_op.create_index("ix_body_fat_readings_user_day", ["user_id", "day"], unique=False)

    op.create_table(
        "doses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column("dose_mg", sa.Float(), nullable=False),
        sa.Column("drug", sa.String(length=32), nullable=False),
        sa.Column("site", sa.String(length=32), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_doses_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_doses")),
    )
    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.create_index("ix_doses_user_day", ["user_id", "day"], unique=False)

    op.create_table(
        "hip_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column("hip_cm", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_hip_readings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_hip_readings")),
    )
    with op.batch_alter_table("hip_readings", schema=None) as batch_op:
        batch_op.create_index("ix_hip_readings_user_day", ["user_id", "day"], unique=False)

    op.create_table(
        "lean_mass_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column("lean_mass_kg", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_lean_mass_readings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lean_mass_readings")),
    )
    with op.batch_alter_table("lean_mass_readings", schema=None) as batch_op:
        batch_op.create_index("ix_lean_mass_readings_user_day", ["user_id", "day"], unique=False)

    op.create_table(
        "profiles",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("weight_unit", sa.String(length=8), nullable=False),
        sa.Column("water_unit", sa.String(length=8), nullable=False),
        sa.Column("height_cm", sa.Float(), nullable=True),
        sa.Column("birth_year", sa.Integer(), nullable=True),
        sa.Column("sex", sa.String(length=16), nullable=True),
        sa.Column("glp1_drug", sa.String(length=32), nullable=True),
        sa.Column("glp1_start", sa.Date(), nullable=True),
        sa.Column("protein_basis", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_profiles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_profiles")),
    )
    op.create_table(
        "protein_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column("protein_g", sa.Float(), nullable=False),
        sa.Column("meal", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_protein_entries_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_protein_entries")),
    )
    with op.batch_alter_table("protein_entries", schema=None) as batch_op:
        batch_op.create_index("ix_protein_entries_user_day", ["user_id", "day"], unique=False)

    op.create_table(
        "strength_sessions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column("duration_min", sa.Float(), nullable=False),
        sa.Column("focus", sa.String(length=16), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_strength_sessions_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strength_sessions")),
    )
    with op.batch_alter_table("strength_sessions", schema=None) as batch_op:
        batch_op.create_index("ix_strength_sessions_user_day", ["user_id", "day"], unique=False)

    op.create_table(
        "target_overrides",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("patient_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Float(), nullable=False),
        sa.Column("set_by_id", sa.Integer(), nullable=True),
        sa.Column("set_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["patient_id"],
            ["users.id"],
            name=op.f("fk_target_overrides_patient_id_users"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["set_by_id"],
            ["users.id"],
            name=op.f("fk_target_overrides_set_by_id_users"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_target_overrides")),
        sa.UniqueConstraint("patient_id", "name", name=op.f("uq_target_overrides_patient_id")),
    )
    op.create_table(
        "waist_readings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column("waist_cm", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_waist_readings_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_waist_readings")),
    )
    with op.batch_alter_table("waist_readings", schema=None) as batch_op:
        batch_op.create_index("ix_waist_readings_user_day", ["user_id", "day"], unique=False)

    op.create_table(
        "water_entries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column("water_ml", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_water_entries_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_water_entries")),
    )
    with op.batch_alter_table("water_entries", schema=None) as batch_op:
        batch_op.create_index("ix_water_entries_user_day", ["user_id", "day"], unique=False)

    op.create_table(
        "weights",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("time", sa.Time(), nullable=True),
        sa.Column("weight_kg", sa.Float(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_weights_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_weights")),
    )
    with op.batch_alter_table("weights", schema=None) as batch_op:
        batch_op.create_index("ix_weights_user_day", ["user_id", "day"], unique=False)

    op.create_table(
        "strength_exercises",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("session_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=80), nullable=False),
        sa.Column("sets", sa.Integer(), nullable=False),
        sa.Column("reps", sa.Integer(), nullable=False),
        sa.Column("load_kg", sa.Float(), nullable=True),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["strength_sessions.id"],
            name=op.f("fk_strength_exercises_session_id_strength_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_strength_exercises")),
    )
    with op.batch_alter_table("strength_exercises", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_strength_exercises_session_id"), ["session_id"], unique=False
        )


def downgrade() -> None:

    with op.batch_alter_table("strength_exercises", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_strength_exercises_session_id"))

    op.drop_table("strength_exercises")
    with op.batch_alter_table("weights", schema=None) as batch_op:
        batch_op.drop_index("ix_weights_user_day")

    op.drop_table("weights")
    with op.batch_alter_table("water_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_water_entries_user_day")

    op.drop_table("water_entries")
    with op.batch_alter_table("waist_readings", schema=None) as batch_op:
        batch_op.drop_index("ix_waist_readings_user_day")

    op.drop_table("waist_readings")
    op.drop_table("target_overrides")
    with op.batch_alter_table("strength_sessions", schema=None) as batch_op:
        batch_op.drop_index("ix_strength_sessions_user_day")

    op.drop_table("strength_sessions")
    with op.batch_alter_table("protein_entries", schema=None) as batch_op:
        batch_op.drop_index("ix_protein_entries_user_day")

    op.drop_table("protein_entries")
    op.drop_table("profiles")
    with op.batch_alter_table("lean_mass_readings", schema=None) as batch_op:
        batch_op.drop_index("ix_lean_mass_readings_user_day")

    op.drop_table("lean_mass_readings")
    with op.batch_alter_table("hip_readings", schema=None) as batch_op:
        batch_op.drop_index("ix_hip_readings_user_day")

    op.drop_table("hip_readings")
    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.drop_index("ix_doses_user_day")

    op.drop_table("doses")
    with op.batch_alter_table("body_fat_readings", schema=None) as batch_op:
        batch_op.drop_index("ix_body_fat_readings_user_day")

    op.drop_table("body_fat_readings")
    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_index("ix_activities_user_day")

    op.drop_table("activities")
    op.drop_table("users")
