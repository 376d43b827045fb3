"""What the care team shares: who sees whose log (shares and share codes), red flags seen,
therapists' notes, exercise plans and their ticks, and the audit trail of who did what."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session, aliased

from tracker.domain import (
    AuditEvent,
    Note,
    NotFound,
    PlanItem,
    RedFlagReport,
    Share,
    ShareStatus,
    User,
)
from tracker.store import db
from tracker.store.schema import (
    AuditRow,
    NoteRow,
    PlanItemRow,
    PlanTickRow,
    RedFlagRow,
    ShareCodeRow,
    ShareRow,
    UserRow,
)


class CareRepository:
    """Sharing, red flags seen, notes, exercise plans and the audit trail."""

    def __init__(self, session: Session) -> None:
        self.session = session

    # --- shares ---------------------------------------------------------------------------

    def _shares(self, *conditions) -> list[Share]:
        patient, therapist = aliased(UserRow), aliased(UserRow)
        rows = self.session.execute(
            select(ShareRow, patient, therapist)
            .join(patient, patient.id == ShareRow.patient_id)
            .join(therapist, therapist.id == ShareRow.therapist_id)
            .where(*conditions)
            .order_by(ShareRow.created_at, ShareRow.id)
        )
        return [_share(row, p, t) for row, p, t in rows]

    def add_share(self, patient_id: int, therapist_id: int, status: ShareStatus) -> Share:
        now = dt.datetime.now(dt.UTC)
        row = ShareRow(
            patient_id=patient_id,
            therapist_id=therapist_id,
            status=status.value,
            created_at=now,
            accepted_at=now if status is ShareStatus.ACTIVE else None,
        )
        self.session.add(row)
        self.session.flush()
        return self._shares(ShareRow.id == row.id)[0]

    def share(self, share_id: int) -> Share | None:
        found = self._shares(ShareRow.id == share_id)
        return found[0] if found else None

    def open_share(self, patient_id: int, therapist_id: int) -> Share | None:
        """The pending or active share between the two, if any."""
        found = self._shares(
            ShareRow.patient_id == patient_id,
            ShareRow.therapist_id == therapist_id,
            ShareRow.status != ShareStatus.REVOKED.value,
        )
        return found[-1] if found else None

    def shares_of_patient(self, patient_id: int) -> list[Share]:
        return self._shares(ShareRow.patient_id == patient_id)

    def shares_of_therapist(self, therapist_id: int) -> list[Share]:
        return self._shares(ShareRow.therapist_id == therapist_id)

    def set_share_status(self, share_id: int, status: ShareStatus) -> None:
        now = dt.datetime.now(dt.UTC)
        values: dict = {"status": status.value}
        if status is ShareStatus.ACTIVE:
            values["accepted_at"] = now
        if status is ShareStatus.REVOKED:
            values["revoked_at"] = now
        self.session.execute(update(ShareRow).where(ShareRow.id == share_id).values(**values))

    def has_active_share(self, patient_id: int, therapist_id: int) -> bool:
        return (
            self.session.scalar(
                select(ShareRow.id).where(
                    ShareRow.patient_id == patient_id,
                    ShareRow.therapist_id == therapist_id,
                    ShareRow.status == ShareStatus.ACTIVE.value,
                )
            )
            is not None
        )

    def add_code(self, patient_id: int, code_hash: str, expires_at: dt.datetime) -> None:
        self.session.add(
            ShareCodeRow(patient_id=patient_id, code_hash=code_hash, expires_at=expires_at)
        )
        self.session.flush()

    def use_code(self, code_hash: str, now: dt.datetime) -> int | None:
        """Spend an unused, unexpired code; the patient it belongs to, or None."""
        return self.session.scalar(
            update(ShareCodeRow)
            .where(
                ShareCodeRow.code_hash == code_hash,
                ShareCodeRow.used_at.is_(None),
                ShareCodeRow.expires_at > now,
            )
            .values(used_at=now)
            .returning(ShareCodeRow.patient_id)
        )

    def codes_of(
        self, patient_id: int
    ) -> list[tuple[dt.datetime, dt.datetime, dt.datetime | None]]:
        """When each of the patient's share codes was made, expires and was used (None: not
        used); the codes themselves were never kept, only their SHA-256."""
        rows = self.session.execute(
            select(ShareCodeRow.created_at, ShareCodeRow.expires_at, ShareCodeRow.used_at)
            .where(ShareCodeRow.patient_id == patient_id)
            .order_by(ShareCodeRow.created_at)
        )
        return [(made, expires, used) for made, expires, used in rows]

    def has_any_active_share(self, patient_id: int) -> bool:
        return (
            self.session.scalar(
                select(ShareRow.id).where(
                    ShareRow.patient_id == patient_id,
                    ShareRow.status == ShareStatus.ACTIVE.value,
                )
            )
            is not None
        )

    # --- red flags --------------------------------------------------------------------------

    def red_flags(self, patient_id: int) -> list[RedFlagReport]:
        """Every 'yes' to a red-flag question, newest first, with who has seen it."""
        seen_by = aliased(UserRow)
        rows = self.session.execute(
            select(RedFlagRow, seen_by.display_name)
            .outerjoin(seen_by, seen_by.id == RedFlagRow.acknowledged_by_id)
            .where(RedFlagRow.user_id == patient_id, RedFlagRow.answer == 1)
            .order_by(
                RedFlagRow.day.desc(), RedFlagRow.time.desc().nulls_last(), RedFlagRow.id.desc()
            )
        )
        return [
            RedFlagReport(
                row.id,
                row.day,
                row.time,
                row.item,
                name,
                row.acknowledged_at,
                row.note,
            )
            for row, name in rows
        ]

    def acknowledge_red_flags(self, patient_id: int, by_id: int | None, at: dt.datetime) -> int:
        """Mark the patient's open 'yes' answers seen; how many there were."""
        result = self.session.execute(
            update(RedFlagRow)
            .where(
                RedFlagRow.user_id == patient_id,
                RedFlagRow.answer == 1,
                RedFlagRow.acknowledged_at.is_(None),
            )
            .values(acknowledged_by_id=by_id, acknowledged_at=at)
        )
        return result.rowcount

    # --- notes and plans --------------------------------------------------------------------

    def add_note(self, patient_id: int, author: User | None, body: str) -> Note:
        """A note by ``author`` (None: the clinic's administrator)."""
        row = NoteRow(
            patient_id=patient_id,
            author_id=author.id if author else None,
            author_name=author.display_name if author else "Administrator",
            body=body,
        )
        self.session.add(row)
        self.session.flush()
        return _note(row)

    def notes(self, patient_id: int) -> list[Note]:
        rows = self.session.scalars(
            select(NoteRow)
            .where(NoteRow.patient_id == patient_id)
            .order_by(NoteRow.created_at.desc(), NoteRow.id.desc())
        )
        return [_note(row) for row in rows]

    def add_plan_item(self, item: PlanItem, assigned_by_id: int | None) -> PlanItem:
        """Store ``item``, assigned now unless it says when (the demo backdates its plans)."""
        row = PlanItemRow(
            patient_id=item.patient_id,
            assigned_by_id=assigned_by_id,
            exercise=item.exercise,
            sets=item.sets,
            reps=item.reps,
            hold_s=item.hold_s,
            days_per_week=item.days_per_week,
            created_at=item.assigned_at or dt.datetime.now(dt.UTC),
        )
        self.session.add(row)
        self.session.flush()
        return self.plan(item.patient_id, [row.id])[0]

    def plan(self, patient_id: int, item_ids: list[int] | None = None) -> list[PlanItem]:
        query = (
            select(PlanItemRow, UserRow.display_name)
            .outerjoin(UserRow, UserRow.id == PlanItemRow.assigned_by_id)
            .where(PlanItemRow.patient_id == patient_id)
            .order_by(PlanItemRow.id)
        )
        if item_ids is not None:
            query = query.where(PlanItemRow.id.in_(item_ids))
        return [_plan_item(row, name) for row, name in self.session.execute(query)]

    def delete_plan_item(self, patient_id: int, item_id: int) -> None:
        deleted = self.session.execute(
            delete(PlanItemRow).where(
                PlanItemRow.id == item_id, PlanItemRow.patient_id == patient_id
            )
        )
        if deleted.rowcount == 0:
            raise NotFound("That exercise is not in the plan.")

    def tick(self, patient_id: int, item_ids: list[int], day: dt.date) -> int:
        """Mark plan exercises done on ``day``; returns how many were not ticked before."""
        owned = {item.id for item in self.plan(patient_id, item_ids)}
        if owned != set(item_ids):
            raise NotFound("That exercise is not in the plan.")
        done = set(
            self.session.scalars(
                select(PlanTickRow.plan_item_id).where(
                    PlanTickRow.plan_item_id.in_(item_ids), PlanTickRow.day == day
                )
            )
        )
        new = [item_id for item_id in item_ids if item_id not in done]
        for item_id in new:
            self.session.add(PlanTickRow(patient_id=patient_id, plan_item_id=item_id, day=day))
        self.session.flush()
        return len(new)

    def ticks(self, patient_ids: list[int], start: dt.date, end: dt.date) -> dict[int, list]:
        """(plan item id, day) of each tick from ``start`` to ``end``, by patient."""
        result: dict[int, list[tuple[int, dt.date]]] = defaultdict(list)
        if not patient_ids:
            return result
        query = select(PlanTickRow.patient_id, PlanTickRow.plan_item_id, PlanTickRow.day).where(
            PlanTickRow.patient_id.in_(patient_ids),
            PlanTickRow.day >= start,
            PlanTickRow.day <= end,
        )
        for patient_id, item_id, day in self.session.execute(query):
            result[patient_id].append((item_id, day))
        return result

    def plans(self, patient_ids: list[int]) -> dict[int, list[PlanItem]]:
        result: dict[int, list[PlanItem]] = defaultdict(list)
        if not patient_ids:
            return result
        query = select(PlanItemRow).where(PlanItemRow.patient_id.in_(patient_ids))
        for r in self.session.scalars(query.order_by(PlanItemRow.id)):
            result[r.patient_id].append(_plan_item(r))
        return result

    # --- audit ----------------------------------------------------------------------------

    def audit(self, patient_id: int, actor: User | None, action: str, detail: str = "") -> None:
        self.session.add(
            AuditRow(
                patient_id=patient_id,
                actor_id=actor.id if actor else None,
                actor_name=actor.display_name if actor else "Administrator",
                action=action,
                detail=detail,
            )
        )
        self.session.flush()

    def audit_views(
        self,
        patient_ids: list[int],
        actor: User | None,
        action: str,
        detail: str,
        quiet_since: dt.datetime,
    ) -> None:
        """Record that ``actor`` saw these patients' data, unless they did since
        ``quiet_since`` (a visit is one event, however many times the page reruns)."""
        if not patient_ids:
            return
        actor_id = actor.id if actor else None
        recent = set(
            self.session.scalars(
                select(AuditRow.patient_id).where(
                    AuditRow.patient_id.in_(patient_ids),
                    AuditRow.action == action,
                    AuditRow.actor_id == actor_id
                    if actor_id is not None
                    else AuditRow.actor_id.is_(None),
                    AuditRow.at >= quiet_since,
                )
            )
        )
        now = dt.datetime.now(dt.UTC)
        rows = [
            {
                "patient_id": patient_id,
                "actor_id": actor_id,
                "actor_name": actor.display_name if actor else "Administrator",
                "action": action,
                "detail": detail,
                "at": now,
            }
            for patient_id in patient_ids
            if patient_id not in recent
        ]
        if rows:
            self.session.execute(insert(AuditRow.__table__), rows)

    def audit_trail(self, patient_id: int, limit: int | None = 500) -> list[AuditEvent]:
        """The newest ``limit`` events (None: all of them), newest first."""
        rows = self.session.scalars(
            select(AuditRow)
            .where(AuditRow.patient_id == patient_id)
            .order_by(AuditRow.at.desc(), AuditRow.id.desc())
            .limit(limit)
        )
        return [AuditEvent(r.at, r.actor_name, r.action, r.detail) for r in rows]


def _share(row: ShareRow, patient: UserRow, therapist: UserRow) -> Share:
    return Share(
        id=row.id,
        patient_id=row.patient_id,
        patient_name=patient.display_name,
        patient_email=patient.email,
        therapist_id=row.therapist_id,
        therapist_name=therapist.display_name,
        therapist_email=therapist.email,
        status=ShareStatus(row.status),
        created_at=row.created_at,
        accepted_at=row.accepted_at,
        revoked_at=row.revoked_at,
    )


def _note(row: NoteRow) -> Note:
    created_at = db.aware(row.created_at)
    return Note(row.id, row.patient_id, row.author_id, row.author_name, row.body, created_at)


def _plan_item(row: PlanItemRow, assigned_by_name: str | None = None) -> PlanItem:
    return PlanItem(
        row.id,
        row.patient_id,
        row.exercise,
        row.sets,
        row.reps,
        row.hold_s,
        row.days_per_week,
        assigned_by_name or "",
        row.created_at,
    )
