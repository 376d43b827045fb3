"""imports and the import of each entry

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-25 22:14:23.935353
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:

    op.create_table(
        "imports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.String(length=255), nullable=False),
        sa.Column("format", sa.String(length=32), nullable=False),
        sa.Column("counts", sa.Text(), nullable=False),
        sa.Column("first_day", sa.Date(), nullable=True),
        sa.Column("last_day", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("undone_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_imports_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_imports")),
    )
    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_imports_user_id"), ["user_id"], unique=False)

    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_activities_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_activities_import_id_imports"),
            "imports",
            ["import_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("body_fat_readings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_body_fat_readings_import_id"), ["import_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_body_fat_readings_import_id_imports"),
            "imports",
            ["import_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_doses_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_doses_import_id_imports"),
            "imports",
            ["import_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("hip_readings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_hip_readings_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_hip_readings_import_id_imports"),
            "imports",
            ["import_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("lean_mass_readings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_lean_mass_readings_import_id"), ["import_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_lean_mass_readings_import_id_imports"),
            "imports",
            ["import_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("protein_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_protein_entries_import_id"), ["import_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_protein_entries_import_id_imports"),
            "imports",
            ["import_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("strength_sessions", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_strength_sessions_import_id"), ["import_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_strength_sessions_import_id_imports"),
            "imports",
            ["import_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("waist_readings", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(
            batch_op.f("ix_waist_readings_import_id"), ["import_id"], unique=False
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_waist_readings_import_id_imports"),
            "imports",
            ["import_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("water_entries", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_water_entries_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_water_entries_import_id_imports"),
            "imports",
            ["import_id"],
            ["id"],
            ondelete="CASCADE",
        )

    with op.batch_alter_table("weights", schema=None) as batch_op:
        batch_op.add_column(sa.Column("import_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_weights_import_id"), ["import_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_weights_import_id_imports"),
            "imports",
            ["import_id"],
            ["id"],
            ondelete="CASCADE",
        )


def downgrade() -> None:

    with op.batch_alter_table("weights", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_weights_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_weights_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("water_entries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_water_entries_import_id_imports"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_water_entries_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("waist_readings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_waist_readings_import_id_imports"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_waist_readings_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("strength_sessions", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_strength_sessions_import_id_imports"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_strength_sessions_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("protein_entries", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_protein_entries_import_id_imports"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_protein_entries_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("lean_mass_readings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_lean_mass_readings_import_id_imports"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_lean_mass_readings_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("hip_readings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_hip_readings_import_id_imports"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_hip_readings_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("doses", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_doses_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_doses_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("body_fat_readings", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_body_fat_readings_import_id_imports"), type_="foreignkey"
        )
        batch_op.drop_index(batch_op.f("ix_body_fat_readings_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("activities", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_activities_import_id_imports"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_activities_import_id"))
        batch_op.drop_column("import_id")

    with op.batch_alter_table("imports", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_imports_user_id"))

    op.drop_table("imports")
