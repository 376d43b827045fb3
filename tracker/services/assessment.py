"""The log judged: targets and who set them, the findings, Progress, the day's totals and
the daily report."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, replace

from sqlalchemy import Engine

from tracker.domain import (
    InvalidEntry,
    Profile,
    ProteinBasis,
    TargetOverride,
)
from tracker.formats import validate
from tracker.rules import function_tests, guidance
from tracker.rules.guidance import Finding
from tracker.rules.history import History
from tracker.rules.targets import DEFAULT_TARGETS, WEEK_DAYS, Targets, set_together
from tracker.rules.targets import describe as describe_target
from tracker.rules.targets import names as target_names
from tracker.services import access, care
from tracker.services.access import Actor
from tracker.services.clock import today
from tracker.store.unit_of_work import UnitOfWork
from tracker.views import daily
from tracker.views.progress import PeriodChoice, Progress, period_bounds
from tracker.views.progress import build as build_progress
from tracker.views.settings import SettingsView, target_rows
from tracker.views.today import DayLog, TodayView
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


def settings_view(engine: Engine, actor: Actor, patient_id: int) -> SettingsView:
    """The patient's Settings page: their profile and the targets that apply to them."""
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        set_by = {o.name: o.set_by_name for o in uow.users.target_overrides(patient_id)}
        return SettingsView(
            profile=uow.users.profile(patient_id),
            targets=target_rows(_targets(uow, patient_id), set_by),
        )


def set_target(
    engine: Engine, actor: Actor, patient_id: int, name: str, value: float | None
) -> None:
    """Override target ``name`` for the patient; None goes back to the default."""
    set_targets(engine, actor, patient_id, {name: value})


def set_targets(
    engine: Engine, actor: Actor, patient_id: int, values: Mapping[str, float | None]
) -> list[str]:
    """Set several of the patient's targets at once (None: back to the default), all or none:
    they are checked together, as they will stand. A clinician's target also sets its twins
    (``targets.set_together``) unless the twin is given too. The names given, in order."""
    unknown = [name for name in values if name not in target_names()]
    if unknown:
        raise InvalidEntry(f"There is no target called {unknown[0]}.", "name")
    fields: dict[str, float | None] = {}
    for name, value in values.items():
        for field in set_together(name):
            if field == name or field not in values:
                fields[field] = value
    with UnitOfWork(engine, write=True) as uow:
        access.require_care(uow, actor, patient_id)
        validate.all_targets(_targets(uow, patient_id), fields)
        actor_user = uow.users.get(actor.user_id) if actor.user_id is not None else None
        for field, value in fields.items():
            label, unit = describe_target(field)
            if value is None:
                uow.users.clear_target(patient_id, field)
                change = f"{label}: back to the guidance default"
            else:
                uow.users.set_target(patient_id, field, float(value), actor.user_id)
                change = f"{label}: {value:g} {unit}"
            uow.care.audit(patient_id, actor_user, "target", change)
        uow.commit()
    return list(values)


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
        return assessment_in(uow, patient_id, until, day_in_progress or today())


def assessment_in(
    uow: UnitOfWork, patient_id: int, until: dt.date | None, day_in_progress: dt.date
) -> Assessment:
    """``load_assessment`` in the caller's transaction (access already checked)."""
    sums = uow.entries.daily_sums(patient_id, until)
    return Assessment(
        history=History.from_sums(sums).in_progress_on(day_in_progress),
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


def _day_log(uow: UnitOfWork, patient_id: int, day: dt.date) -> tuple[DayLog, History]:
    """The day's entries and its running totals against the day's targets, and the history
    of the week they were judged from."""
    week_start = day - dt.timedelta(days=WEEK_DAYS - 1)
    history = History.from_sums(uow.entries.daily_sums(patient_id, until=day, since=week_start))
    entries = uow.entries.list(patient_id, day, day)
    last_dose = uow.entries.last_dose(patient_id, before=day)
    log = build_day_log(
        day,
        entries,
        history,
        uow.users.profile(patient_id),
        _targets(uow, patient_id),
        last_dose,
    )
    return log, history


def today_view(engine: Engine, actor: Actor, patient_id: int, day: dt.date) -> TodayView:
    """The Today page for ``day``: the patient's profile, the day's totals, their plan, and the
    muscle checks due."""
    with UnitOfWork(engine) as uow:
        access.require_read(uow, actor, patient_id)
        log, history = _day_log(uow, patient_id, day)
        return TodayView(
            profile=uow.users.profile(patient_id),
            log=log,
            plan=care.plan_in(uow, patient_id, day),
            due_tests=function_tests.due(history.function_results, day),
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
