"""medicine brands, diabetes questions, protein reference chosen by BMI

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-03 13:30:00

A dose and the profile name the medicine (a brand, or the bare molecule as before), so the
columns are renamed from ``drug`` to ``medicine``; the old molecule values stay valid. The
profile says whether the patient has diabetes and takes insulin or a sulfonylurea (the red-flag
check asks about low blood sugar and vision by them). The protein reference weight was "actual"
by default; the new default, "auto", uses adjusted body weight from a BMI of 30, so profiles on
the old default move to it (nobody could choose "actual" apart from the default before). A
body-composition reading may say how it was measured (a home scale or a DXA scan).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0005"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("profiles") as batch:
        batch.alter_column("glp1_drug", new_column_name="glp1_medicine")
        batch.add_column(sa.Column("has_diabetes", sa.Boolean(), nullable=True))
        batch.add_column(sa.Column("insulin_or_sulfonylurea", sa.Boolean(), nullable=True))
    with op.batch_alter_table("doses") as batch:
        batch.alter_column("drug", new_column_name="medicine")
    for table in ("body_fat_readings", "lean_mass_readings"):
        with op.batch_alter_table(table) as batch:
            batch.add_column(
                sa.Column("method", sa.String(length=16), nullable=False, server_default="")
            )
    op.execute("UPDATE profiles SET protein_basis = 'auto' WHERE protein_basis = 'actual'")


def downgrade() -> None:
    op.execute("UPDATE profiles SET protein_basis = 'actual' WHERE protein_basis = 'auto'")
    # A brand goes back to its molecule, which is all the old columns knew.
    for column, table in (("medicine", "doses"), ("glp1_medicine", "profiles")):
        # The table and column names are the literals above: no input reaches this SQL.
        op.execute(
            f"UPDATE {table} SET {column} = CASE {column} "  # noqa: S608
            "WHEN 'wegovy' THEN 'semaglutide' WHEN 'wegovy_pill' THEN 'semaglutide' "
            "WHEN 'ozempic' THEN 'semaglutide' WHEN 'rybelsus' THEN 'semaglutide' "
            "WHEN 'zepbound' THEN 'tirzepatide' WHEN 'mounjaro' THEN 'tirzepatide' "
            "WHEN 'saxenda' THEN 'liraglutide' WHEN 'victoza' THEN 'liraglutide' "
            f"WHEN 'trulicity' THEN 'dulaglutide' ELSE {column} END"
        )
    with op.batch_alter_table("doses") as batch:
        batch.alter_column("medicine", new_column_name="drug")
    for table in ("body_fat_readings", "lean_mass_readings"):
        with op.batch_alter_table(table) as batch:
            batch.drop_column("method")
    with op.batch_alter_table("profiles") as batch:
        batch.drop_column("insulin_or_sulfonylurea")
        batch.drop_column("has_diabetes")
        batch.alter_column("glp1_medicine", new_column_name="glp1_drug")
