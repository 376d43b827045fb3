"""The log judged: targets and who set them, the findings, Progress, the day's totals and
the daily report."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from sqlalchemy import Engine

from tracker.domain import (
    InvalidEntry,
    Profile,
    ProteinBasis,
)
from tracker.formats import validate
from tracker.rules import guidance
from tracker.rules.guidance import Finding
from tracker.rules.history import History
from tracker.rules.targets import DEFAULT_TARGETS, Targets
from tracker.rules.targets import describe as describe_target
from tracker.rules.targets import names as target_names
from tracker.services import access
from tracker.services.access import Actor
from tracker.services.clock import today
from tracker.store.repository import TargetOverride, UnitOfWork
from tracker.views import daily
from tracker.views.progress import PeriodChoice, Progress, period_bounds
from tracker.views.progress import build as build_progress
from tracker.views.today import DayLog
from tracker.views.today import build as build_day_log

# --- targets and guidance -------------------------------------------------------------------


def _targets(uow: UnitOfWork, patient_id: int) -> Targets:
    overrides = {o.name: o.value for o in uow.users.target_overrides(patient_id)}
    return DEFAULT_TARGETS.with_overrides(overrides)


def targets(engine: Engine, actor: Actor, patient_id: int) -> tuple[Targets, list[TargetOverride]]:
    """The targets that apply to the patient, and which of them were set for them and by whom."""
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return _targets(uow, patient_id), uow.users.target_overrides(patient_id)


def set_target(
    engine: Engine, actor: Actor, patient_id: int, name: str, value: float | None
) -> None:
    """Override target ``name`` for the patient; None goes back to the default."""
    if name not in target_names():
        raise InvalidEntry(f"There is no target called {name}.", "name")
    with UnitOfWork(engine, write=True) as uow:
        access.require_care(uow, actor, patient_id)
        validate.targets(_targets(uow, patient_id), name, value)
        label, unit = describe_target(name)
        if value is None:
            uow.users.clear_target(patient_id, name)
            change = f"{label}: back to the guidance default"
        else:
            uow.users.set_target(patient_id, name, float(value), actor.user_id)
            change = f"{label}: {value:g} {unit}"
        actor_user = uow.users.get(actor.user_id) if actor.user_id is not None else None
        uow.care.audit(patient_id, actor_user, "target", change)
        uow.commit()


BASIS_WORDS = {
    ProteinBasis.AUTO: "adjusted body weight from a BMI of 30, else actual weight",
    ProteinBasis.ACTUAL: "actual weight",
    ProteinBasis.ADJUSTED: "adjusted body weight",
}
"""How each protein basis reads in the access log."""


def set_protein_basis(
    engine: Engine, actor: Actor, patient_id: int, basis: ProteinBasis | str
) -> Profile:
    """Choose the weight the patient's protein is judged on; the patient, their therapist or
    the administrator may. A change by anyone but the patient goes in their access log."""
    try:
        chosen = ProteinBasis(basis)
    except ValueError:
        raise InvalidEntry(f"There is no protein basis called {basis}.", "basis") from None
    with UnitOfWork(engine, write=True) as uow:
        if actor.user_id is not None and actor.user_id == patient_id:
            access.require_write(uow, actor, patient_id)
        else:
            access.require_care(uow, actor, patient_id)
        profile = replace(uow.users.profile(patient_id), protein_basis=chosen)
        uow.users.save_profile(patient_id, profile)
        if actor.user_id != patient_id:
            actor_user = uow.users.get(actor.user_id) if actor.user_id is not None else None
            change = f"Protein judged on: {BASIS_WORDS[chosen]}"
            uow.care.audit(patient_id, actor_user, "target", change)
        uow.commit()
    return profile


@dataclass(frozen=True)
class Assessment:
    """What the guidance engine needs, loaded in one transaction."""

    history: History
    profile: Profile
    targets: Targets


def load_assessment(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    until: dt.date | None = None,
    day_in_progress: dt.date | None = None,
) -> Assessment:
    """``day_in_progress``: the person's today (default: the server's), whose log is still
    being written (see ``History.intake_days``)."""
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        return Assessment(
            history=uow.entries.history(patient_id, until).in_progress_on(
                day_in_progress or today()
            ),
            profile=uow.users.profile(patient_id),
            targets=_targets(uow, patient_id),
        )


def assess(
    engine: Engine, actor: Actor, patient_id: int, on: dt.date | None = None
) -> list[Finding]:
    """The guidance findings as of the end of day ``on`` (today by default)."""
    on = on or today()
    loaded = load_assessment(engine, actor, patient_id, until=on)
    return guidance.assess(loaded.history, loaded.profile, loaded.targets, on)


def progress(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    choice: PeriodChoice = PeriodChoice.TWELVE_WEEKS,
    custom: tuple[dt.date, dt.date] | None = None,
    on: dt.date | None = None,
) -> Progress:
    """Everything the Progress page shows for the chosen period ending ``on``, the person's
    today (the server's by default)."""
    on = on or today()
    until = max(on, custom[1]) if custom else on
    loaded = load_assessment(engine, actor, patient_id, until, day_in_progress=on)
    start, end = period_bounds(choice, on, loaded.history.first_day, custom)
    return build_progress(loaded.history, loaded.profile, loaded.targets, start, end)


def day_log(engine: Engine, actor: Actor, patient_id: int, day: dt.date | None = None) -> DayLog:
    """The day's entries and its running totals against the day's targets."""
    day = day or today()
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        week_start = day - dt.timedelta(days=6)
        history = uow.entries.history(patient_id, until=day, since=week_start)
        entries = uow.entries.list(patient_id, day, day)
        last_dose = uow.entries.last_dose(patient_id, before=day)
        return build_day_log(
            day,
            entries,
            history,
            uow.users.profile(patient_id),
            _targets(uow, patient_id),
            last_dose,
        )


def daily_report(
    engine: Engine,
    actor: Actor,
    patient_id: int,
    start: dt.date | None = None,
    end: dt.date | None = None,
    day_in_progress: dt.date | None = None,
) -> str:
    """The daily report CSV from ``start`` (default: the first logged day) to ``end`` (today);
    ``day_in_progress`` as for ``load_assessment``."""
    end = end or today()
    loaded = load_assessment(engine, actor, patient_id, until=end, day_in_progress=day_in_progress)
    start = start or loaded.history.first_day or end
    if start > end:
        raise InvalidEntry("The start of the period is after its end.", "start")
    return daily.write(loaded.history, loaded.profile, loaded.targets, start, end)
