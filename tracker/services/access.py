"""Who may read or change whose data. Every service call checks here before it touches data.

* A patient reads and writes their own log, profile, sharing and plan ticks.
* A therapist reads the log of a patient who shared it with them (an active share), and writes
  what belongs to the care: notes, targets and the exercise plan. Revoking the share ends both
  at once, since every call checks the share anew.
* The command line acts as the clinic's administrator (``Actor.system()``) and may do anything.
"""

from __future__ import annotations

from dataclasses import dataclass

from tracker.domain import AccessDenied, NotFound, Role, User
from tracker.store.unit_of_work import UnitOfWork


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
NO_ACCESS = "You do not have access to this patient's data."


def patient(uow: UnitOfWork, patient_id: int) -> User:
    """The patient with ``patient_id``, or NotFound (a therapist account has no log)."""
    user = uow.users.get(patient_id)
    if user is None or user.role is not Role.PATIENT:
        raise NotFound("There is no such patient.")
    return user


def _signed_in(actor: Actor) -> None:
    if actor.user_id is None and not actor.is_system:
        raise AccessDenied("Sign in to see this.")


def _is_their_therapist(uow: UnitOfWork, actor: Actor, patient_id: int) -> bool:
    return actor.role is Role.THERAPIST and uow.care.has_active_share(patient_id, actor.user_id)


def require_read(uow: UnitOfWork, actor: Actor, patient_id: int) -> User:
    """The patient, if ``actor`` may read their data (self, their therapist, the admin)."""
    _signed_in(actor)
    if not (
        actor.is_system
        or actor.user_id == patient_id
        or _is_their_therapist(uow, actor, patient_id)
    ):
        raise AccessDenied(NO_ACCESS)  # the same answer whether or not the patient exists
    return patient(uow, patient_id)


def require_write(uow: UnitOfWork, actor: Actor, patient_id: int) -> User:
    """The patient, if ``actor`` may change their log and settings (self or the admin)."""
    _signed_in(actor)
    if not (actor.is_system or actor.user_id == patient_id):
        raise AccessDenied(NO_ACCESS)
    return patient(uow, patient_id)


def require_care(uow: UnitOfWork, actor: Actor, patient_id: int) -> User:
    """The patient, if ``actor`` may set their targets, notes and plan (their therapist)."""
    _signed_in(actor)
    if actor.is_system or _is_their_therapist(uow, actor, patient_id):
        return patient(uow, patient_id)
    if actor.user_id == patient_id:
        raise AccessDenied("Your physical therapist sets this.")
    raise AccessDenied(NO_ACCESS)


def require_self(actor: Actor, user_id: int) -> None:
    """Account matters (password, deletion) are for the account holder, or the administrator."""
    if not actor.is_system and actor.user_id != user_id:
        raise AccessDenied("Only the account holder can do this.")


def require_therapist(actor: Actor) -> None:
    _signed_in(actor)
    if actor.role is not Role.THERAPIST:
        raise AccessDenied("This is for physical therapists.")
