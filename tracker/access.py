"""Who may read or change whose data. Every service call checks here before it touches data.

A patient reads and writes their own log. The command line acts as the clinic's administrator
(``Actor.system()``), who runs the server and may do anything. A therapist sees no patient data
unless the patient shared it (sharing is the therapist issue's work; until then, nothing).
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain import AccessDenied, NotFound, Role, User
from tracker.repository import UnitOfWork


@dataclass(frozen=True, slots=True)
class Actor:
    """Whoever is making a request: a signed-in user, or the administrator's command line."""

    user_id: int | None
    role: Role | None
    is_system: bool = False

    @classmethod
    def system(cls) -> Actor:
        return cls(None, None, is_system=True)

    @classmethod
    def of(cls, user: User) -> Actor:
        return cls(user.id, user.role)


ANONYMOUS = Actor(None, None)


def patient(uow: UnitOfWork, patient_id: int) -> User:
    """The patient with ``patient_id``, or NotFound (a therapist account has no log)."""
    user = uow.users.get(patient_id)
    if user is None or user.role is not Role.PATIENT:
        raise NotFound("There is no such patient.")
    return user


def require_read(uow: UnitOfWork, actor: Actor, patient_id: int) -> User:
    return _require(uow, actor, patient_id)


def require_write(uow: UnitOfWork, actor: Actor, patient_id: int) -> User:
    return _require(uow, actor, patient_id)


def _require(uow: UnitOfWork, actor: Actor, patient_id: int) -> User:
    if actor.user_id is None and not actor.is_system:
        raise AccessDenied("Sign in to see this.")
    if not actor.is_system and actor.user_id != patient_id:
        # Deliberately the same answer whether or not the patient exists.
        raise AccessDenied("You do not have access to this patient's data.")
    return patient(uow, patient_id)


def require_self(actor: Actor, user_id: int) -> None:
    """Account matters (password, deletion) are for the account holder, or the administrator."""
    if not actor.is_system and actor.user_id != user_id:
        raise AccessDenied("Only the account holder can do this.")


def require_targets(uow: UnitOfWork, actor: Actor, patient_id: int) -> User:
    """Targets are set by a clinician: the administrator today (therapists with the sharing)."""
    patient_user = _require(uow, actor, patient_id)
    if not actor.is_system:
        raise AccessDenied("Targets are set by your clinic.")
    return patient_user
