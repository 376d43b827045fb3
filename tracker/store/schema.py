"""The database tables, as SQLAlchemy 2 typed ORM rows.

One table per kind of entry, each with a column named for its value and unit: the table and
columns each kind's description in ``tracker.kinds`` names (``tests/unit/test_kinds.py`` keeps
the two in step). Every entry row belongs to one user and goes when the user goes (ON DELETE
CASCADE). The store's repositories turn rows into domain objects; nothing outside the data
layer sees them.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}
"""Stable constraint names, so that migrations can refer to them on every database."""


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UserRow(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(80))
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(16))
    is_demo: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ProfileRow(Base):
    __tablename__ = "profiles"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    weight_unit: Mapped[str] = mapped_column(String(8), default="kg")
    water_unit: Mapped[str] = mapped_column(String(8), default="ml")
    height_cm: Mapped[float | None] = mapped_column(Float)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    sex: Mapped[str | None] = mapped_column(String(16))
    glp1_medicine: Mapped[str | None] = mapped_column(String(32))
    """A brand (``Medicine``), or a bare molecule saved before brands were asked for."""
    glp1_start: Mapped[dt.date | None] = mapped_column(Date)
    protein_basis: Mapped[str] = mapped_column(String(16), default="auto")
    has_diabetes: Mapped[bool | None] = mapped_column(Boolean)
    insulin_or_sulfonylurea: Mapped[bool | None] = mapped_column(Boolean)


class TargetOverrideRow(Base):
    """A target set for one patient in place of the default (by a therapist, or the patient)."""

    __tablename__ = "target_overrides"
    __table_args__ = (UniqueConstraint("patient_id", "name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    name: Mapped[str] = mapped_column(String(64))
    value: Mapped[float] = mapped_column(Float)
    set_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    set_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class EntryColumns:
    """What every entry row has: its owner, its local day and optional time, a note."""

    # sort_order lays the shared columns out around the kind's own ones.
    id: Mapped[int] = mapped_column(Integer, primary_key=True, sort_order=-3)
    day: Mapped[dt.date] = mapped_column(Date, sort_order=-1)
    time: Mapped[dt.time | None] = mapped_column(Time, sort_order=-1)
    note: Mapped[str] = mapped_column(Text, default="", sort_order=1)
    created_at: Mapped[dt.datetime] = mapped_column(
        DateTime(timezone=True), default=_now, sort_order=1
    )

    @declared_attr
    def user_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("users.id", ondelete="CASCADE"), sort_order=-2)

    @declared_attr
    def import_id(cls) -> Mapped[int | None]:
        """The import that brought the entry in (None: logged by hand); undo removes by it."""
        return mapped_column(ForeignKey("imports.id", ondelete="CASCADE"), index=True, sort_order=2)

    @declared_attr.directive
    def __table_args__(cls) -> tuple:
        return (Index(f"ix_{cls.__tablename__}_user_day", "user_id", "day"),)


class ImportRow(Base):
    """One import of a file into a patient's log, so that it can be undone as a whole."""

    __tablename__ = "imports"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    format: Mapped[str] = mapped_column(String(32))
    counts: Mapped[str] = mapped_column(Text)
    """JSON: entries added by kind."""
    first_day: Mapped[dt.date | None] = mapped_column(Date)
    last_day: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    undone_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class WeightRow(EntryColumns, Base):
    __tablename__ = "weights"
    weight_kg: Mapped[float] = mapped_column(Float)


class BodyFatRow(EntryColumns, Base):
    __tablename__ = "body_fat_readings"
    body_fat_pct: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(16), default="")
    """``Method``: scale, dxa, or empty when not said."""


class LeanMassRow(EntryColumns, Base):
    __tablename__ = "lean_mass_readings"
    lean_mass_kg: Mapped[float] = mapped_column(Float)
    method: Mapped[str] = mapped_column(String(16), default="")


class WaistRow(EntryColumns, Base):
    __tablename__ = "waist_readings"
    waist_cm: Mapped[float] = mapped_column(Float)


class HipRow(EntryColumns, Base):
    __tablename__ = "hip_readings"
    hip_cm: Mapped[float] = mapped_column(Float)


class ProteinRow(EntryColumns, Base):
    __tablename__ = "protein_entries"
    protein_g: Mapped[float] = mapped_column(Float)
    meal: Mapped[str] = mapped_column(String(16))


class WaterRow(EntryColumns, Base):
    __tablename__ = "water_entries"
    water_ml: Mapped[float] = mapped_column(Float)


class StrengthRow(EntryColumns, Base):
    __tablename__ = "strength_sessions"
    duration_min: Mapped[float] = mapped_column(Float)
    focus: Mapped[str] = mapped_column(String(16))


class ExerciseRow(Base):
    """One exercise of a strength session, in the order it was listed."""

    __tablename__ = "strength_exercises"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    session_id: Mapped[int] = mapped_column(
        ForeignKey("strength_sessions.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(80))
    sets: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int] = mapped_column(Integer)
    load_kg: Mapped[float | None] = mapped_column(Float)


class ActivityRow(EntryColumns, Base):
    __tablename__ = "activities"
    duration_min: Mapped[float] = mapped_column(Float)
    activity_type: Mapped[str] = mapped_column(String(16))


class DoseRow(EntryColumns, Base):
    __tablename__ = "doses"
    dose_mg: Mapped[float] = mapped_column(Float)
    medicine: Mapped[str] = mapped_column(String(32))
    """A brand, or the bare molecule when the brand was not given (``Medicine``)."""
    site: Mapped[str] = mapped_column(String(32), default="")


class SideEffectRow(EntryColumns, Base):
    __tablename__ = "side_effects"
    severity: Mapped[int] = mapped_column(Integer)
    """0 none, 1 mild, 2 moderate, 3 severe."""
    effect: Mapped[str] = mapped_column(String(32))


class PainRow(EntryColumns, Base):
    __tablename__ = "pain_entries"
    score: Mapped[int] = mapped_column(Integer)
    """0-10."""
    location: Mapped[str] = mapped_column(String(32))
    tags: Mapped[str] = mapped_column(String(200), default="")
    """What it is like and when it comes, joined with '+'."""


class RedFlagRow(EntryColumns, Base):
    """An answer to a red-flag question; a yes stays on the caseload until acknowledged."""

    __tablename__ = "red_flag_answers"
    answer: Mapped[int] = mapped_column(Integer)
    """1 yes, 0 no."""
    item: Mapped[str] = mapped_column(String(32))
    acknowledged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("users.id", ondelete="SET NULL")
    )
    acknowledged_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ChairStandRow(EntryColumns, Base):
    __tablename__ = "chair_stand_tests"
    stands: Mapped[int] = mapped_column(Integer)
    """Full stands in 30 seconds."""
    tested_at: Mapped[str] = mapped_column(String(16), default="")
    """``TestedAt``: home, clinic, or empty when not said."""


class SitToStandRow(EntryColumns, Base):
    __tablename__ = "sit_to_stand_tests"
    time_s: Mapped[float] = mapped_column(Float)
    """Seconds for five rises from a chair."""
    tested_at: Mapped[str] = mapped_column(String(16), default="")


class GripStrengthRow(EntryColumns, Base):
    __tablename__ = "grip_strength_tests"
    grip_kg: Mapped[float] = mapped_column(Float)
    """The best squeeze of either hand."""
    tested_at: Mapped[str] = mapped_column(String(16), default="")


class GaitSpeedRow(EntryColumns, Base):
    __tablename__ = "gait_speed_tests"
    speed_m_s: Mapped[float] = mapped_column(Float)
    """Usual pace over 4 m."""
    tested_at: Mapped[str] = mapped_column(String(16), default="")


class SarcFRow(EntryColumns, Base):
    __tablename__ = "sarc_f_answers"
    score: Mapped[int] = mapped_column(Integer)
    """0-10."""
    answers: Mapped[str] = mapped_column(String(32), default="")
    """The five answers (``S1 A0 R2 C1 F0``), or empty when only the score was given."""


ENTRY_ROWS: dict[str, type[EntryColumns]] = {
    row.__tablename__: row for row in EntryColumns.__subclasses__()
}
"""Each entry table's row class by table name, the name ``tracker.kinds`` gives each kind."""


# --- care team: sharing, notes, exercise plans, audit ------------------------------------------


class ShareRow(Base):
    """A patient's grant of read access to a therapist: pending until accepted, revocable."""

    __tablename__ = "shares"
    __table_args__ = (Index("ix_shares_therapist_status", "therapist_id", "status"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    therapist_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    status: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    accepted_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class ShareCodeRow(Base):
    """A single-use code a patient hands to a therapist; only its SHA-256 is kept."""

    __tablename__ = "share_codes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    code_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    expires_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True))
    used_at: Mapped[dt.datetime | None] = mapped_column(DateTime(timezone=True))


class NoteRow(Base):
    """A therapist's dated note on a patient; the author's name is kept if the author goes."""

    __tablename__ = "therapist_notes"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    author_name: Mapped[str] = mapped_column(String(80))
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PlanItemRow(Base):
    """One exercise of a patient's plan, as a therapist assigned it."""

    __tablename__ = "plan_items"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    assigned_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    exercise: Mapped[str] = mapped_column(String(40))
    sets: Mapped[int] = mapped_column(Integer)
    reps: Mapped[int | None] = mapped_column(Integer)
    hold_s: Mapped[int | None] = mapped_column(Integer)
    days_per_week: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class PlanTickRow(Base):
    """A plan exercise ticked done on a day (at most once a day)."""

    __tablename__ = "plan_ticks"
    __table_args__ = (UniqueConstraint("plan_item_id", "day"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    plan_item_id: Mapped[int] = mapped_column(ForeignKey("plan_items.id", ondelete="CASCADE"))
    day: Mapped[dt.date] = mapped_column(Date)


class AuditRow(Base):
    """Who opened or changed what of a patient's, and when; the patient can read their own."""

    __tablename__ = "audit_events"
    __table_args__ = (Index("ix_audit_events_patient_at", "patient_id", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    patient_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    actor_name: Mapped[str] = mapped_column(String(80))
    action: Mapped[str] = mapped_column(String(40))
    detail: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class FailedAttemptRow(Base):
    """A failed sign-in or share-code redemption, counted to slow down guessing.

    ``kind`` is ``sign_in`` or ``share_code``. A failed sign-in keys on the ``email`` typed
    (which need not be an account's); a good sign-in deletes that email's and, once older than
    the throttling window, everybody's. A failed share code names the therapist who tried it
    (``actor_id``, and their ``email`` then, which stays if the account goes) and is kept: it is
    the audit of who guessed at codes, from which client, and when.
    """

    __tablename__ = "failed_attempts"
    __table_args__ = (
        Index("ix_failed_attempts_kind_email_at", "kind", "email", "at"),
        Index("ix_failed_attempts_kind_client_at", "kind", "client", "at"),
        Index("ix_failed_attempts_actor_id_at", "actor_id", "at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    email: Mapped[str] = mapped_column(String(254))
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    client: Mapped[str] = mapped_column(String(64))
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class WebSessionRow(Base):
    """A signed-in browser, so that a reload within the idle limit keeps it signed in.

    Only a SHA-256 of the token is stored: the token itself lives in the browser's cookie, and
    a copy of this table is no key to anyone's account. Not part of a backup.
    """

    __tablename__ = "web_sessions"

    token_sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
    last_seen_at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)


class SubmissionRow(Base):
    """A form submission that was saved, by the key the page gave it, so that sending the same
    submission again (a retry after a dropped connection, a double tap) writes nothing more.
    Kept a while and then pruned (``tracker.services.logbook.SUBMISSION_KEPT``)."""

    __tablename__ = "submissions"
    __table_args__ = (Index("ix_submissions_at", "at"),)

    patient_id: Mapped[int] = mapped_column(
        ForeignKey("users.id", ondelete="CASCADE"), primary_key=True
    )
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    at: Mapped[dt.datetime] = mapped_column(DateTime(timezone=True), default=_now)
