"""Accounts and what belongs to an account itself: its signed-in browsers, its profile and
its target overrides."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from tracker.domain import (
    Medicine,
    NotFound,
    Profile,
    ProteinBasis,
    Role,
    Sex,
    TargetOverride,
    User,
)
from tracker.store.schema import ProfileRow, TargetOverrideRow, UserRow, WebSessionRow
from tracker.units import WaterUnit, WeightUnit


def _user(row: UserRow) -> User:
    return User(
        id=row.id,
        email=row.email,
        display_name=row.display_name,
        role=Role(row.role),
        is_demo=row.is_demo,
        created_at=row.created_at,
    )


class UserRepository:
    """Accounts, the browsers signed in to them, profiles and target overrides."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def add(
        self, email: str, display_name: str, password_hash: str, role: Role, is_demo: bool = False
    ) -> User:
        row = UserRow(
            email=email,
            display_name=display_name,
            password_hash=password_hash,
            role=role.value,
            is_demo=is_demo,
        )
        self.session.add(row)
        self.session.flush()
        self.session.add(ProfileRow(user_id=row.id))
        self.session.flush()
        return _user(row)

    def get(self, user_id: int) -> User | None:
        row = self.session.get(UserRow, user_id)
        return _user(row) if row else None

    def by_email(self, email: str) -> User | None:
        row = self.session.scalars(select(UserRow).where(UserRow.email == email)).one_or_none()
        return _user(row) if row else None

    def exists(self, email: str) -> bool:
        return self.session.scalar(select(UserRow.id).where(UserRow.email == email)) is not None

    def password_hash(self, user_id: int) -> str:
        return self.session.scalars(
            select(UserRow.password_hash).where(UserRow.id == user_id)
        ).one()

    def set_password_hash(self, user_id: int, password_hash: str) -> None:
        self.session.execute(
            update(UserRow).where(UserRow.id == user_id).values(password_hash=password_hash)
        )

    # --- signed-in browsers ----------------------------------------------------------------

    def add_web_session(self, token_sha256: str, user_id: int, now: dt.datetime) -> None:
        self.session.add(
            WebSessionRow(
                token_sha256=token_sha256, user_id=user_id, created_at=now, last_seen_at=now
            )
        )
        self.session.flush()

    def web_session_user(
        self, token_sha256: str, seen_since: dt.datetime | None = None
    ) -> User | None:
        """The user of a browser session (used since ``seen_since``, if given), or None."""
        query = (
            select(UserRow)
            .join(WebSessionRow, WebSessionRow.user_id == UserRow.id)
            .where(WebSessionRow.token_sha256 == token_sha256)
        )
        if seen_since is not None:
            query = query.where(WebSessionRow.last_seen_at >= seen_since)
        row = self.session.scalars(query).one_or_none()
        return _user(row) if row else None

    def touch_web_session(self, token_sha256: str, now: dt.datetime) -> None:
        self.session.execute(
            update(WebSessionRow)
            .where(WebSessionRow.token_sha256 == token_sha256)
            .values(last_seen_at=now)
        )

    def delete_web_session(self, token_sha256: str) -> None:
        self.session.execute(
            delete(WebSessionRow).where(WebSessionRow.token_sha256 == token_sha256)
        )

    def web_sessions_of(self, user_id: int) -> list[tuple[dt.datetime, dt.datetime]]:
        """When each browser still signed in as the user signed in and was last seen (the
        tokens' hashes stay here: they are keys, not data about the person)."""
        rows = self.session.execute(
            select(WebSessionRow.created_at, WebSessionRow.last_seen_at)
            .where(WebSessionRow.user_id == user_id)
            .order_by(WebSessionRow.created_at)
        )
        return [(created, seen) for created, seen in rows]

    def delete_web_sessions_of(self, user_id: int) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.user_id == user_id))

    def delete_idle_web_sessions(self, idle_before: dt.datetime) -> None:
        self.session.execute(delete(WebSessionRow).where(WebSessionRow.last_seen_at < idle_before))

    def demo_users(self) -> list[User]:
        rows = self.session.scalars(select(UserRow).where(UserRow.is_demo).order_by(UserRow.id))
        return [_user(row) for row in rows]

    def delete(self, user_id: int) -> None:
        """The user and, by cascade, everything that belongs to them."""
        self.session.execute(delete(UserRow).where(UserRow.id == user_id))

    def profile(self, user_id: int) -> Profile:
        profile = self.profiles([user_id]).get(user_id)
        if profile is None:
            raise NotFound(f"No profile for user {user_id}.")
        return profile

    def profiles(self, user_ids: list[int]) -> dict[int, Profile]:
        rows = self.session.scalars(select(ProfileRow).where(ProfileRow.user_id.in_(user_ids)))
        return {
            row.user_id: Profile(
                weight_unit=WeightUnit(row.weight_unit),
                water_unit=WaterUnit(row.water_unit),
                height_cm=row.height_cm,
                birth_year=row.birth_year,
                sex=Sex(row.sex) if row.sex else None,
                glp1_medicine=Medicine(row.glp1_medicine) if row.glp1_medicine else None,
                glp1_start=row.glp1_start,
                protein_basis=ProteinBasis(row.protein_basis),
                has_diabetes=row.has_diabetes,
                insulin_or_sulfonylurea=row.insulin_or_sulfonylurea,
            )
            for row in rows
        }

    def users(self, user_ids: list[int]) -> dict[int, User]:
        rows = self.session.scalars(select(UserRow).where(UserRow.id.in_(user_ids)))
        return {row.id: _user(row) for row in rows}

    def save_profile(self, user_id: int, profile: Profile) -> None:
        self.session.execute(
            update(ProfileRow)
            .where(ProfileRow.user_id == user_id)
            .values(
                weight_unit=profile.weight_unit.value,
                water_unit=profile.water_unit.value,
                height_cm=profile.height_cm,
                birth_year=profile.birth_year,
                sex=profile.sex.value if profile.sex else None,
                glp1_medicine=profile.glp1_medicine.value if profile.glp1_medicine else None,
                glp1_start=profile.glp1_start,
                protein_basis=profile.protein_basis.value,
                has_diabetes=profile.has_diabetes,
                insulin_or_sulfonylurea=profile.insulin_or_sulfonylurea,
            )
        )

    def target_overrides(self, patient_id: int) -> list[TargetOverride]:
        return self.target_overrides_of([patient_id]).get(patient_id, [])

    def target_overrides_of(self, patient_ids: list[int]) -> dict[int, list[TargetOverride]]:
        rows = self.session.execute(
            select(TargetOverrideRow, UserRow.display_name)
            .outerjoin(UserRow, UserRow.id == TargetOverrideRow.set_by_id)
            .where(TargetOverrideRow.patient_id.in_(patient_ids))
            .order_by(TargetOverrideRow.name)
        )
        result: dict[int, list[TargetOverride]] = defaultdict(list)
        for row, set_by_name in rows:
            result[row.patient_id].append(
                TargetOverride(row.name, row.value, row.set_by_id, set_by_name, row.set_at)
            )
        return result

    def set_target(self, patient_id: int, name: str, value: float, set_by_id: int | None) -> None:
        self.clear_target(patient_id, name)
        self.session.add(
            TargetOverrideRow(patient_id=patient_id, name=name, value=value, set_by_id=set_by_id)
        )
        self.session.flush()

    def clear_target(self, patient_id: int, name: str) -> None:
        self.session.execute(
            delete(TargetOverrideRow).where(
                TargetOverrideRow.patient_id == patient_id, TargetOverrideRow.name == name
            )
        )
