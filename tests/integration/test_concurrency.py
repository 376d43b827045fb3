"""Twenty people logging at the same moment lose nothing, on each database."""

from __future__ import annotations

import datetime as dt
import threading

from tracker.domain import Entry, Exercise, Kind, Role
from tracker.services import accounts, logbook
from tracker.services.access import Actor

THREADS = 20
ENTRIES_EACH = 15


def test_twenty_threads_logging_at_once_lose_nothing(engine):
    patients = [
        accounts.create_user(engine, f"p{n}@example.com", "a long enough password", Role.PATIENT)
        for n in range(THREADS // 2)
    ]
    start = threading.Barrier(THREADS)
    failures: list[BaseException] = []
    today = dt.date.today()

    def log(thread: int) -> None:
        patient = patients[thread % len(patients)]  # two threads share each patient
        actor = Actor.of(patient)
        try:
            start.wait()
            for n in range(ENTRIES_EACH):
                day = today - dt.timedelta(days=n)
                logbook.log_entry(
                    engine,
                    actor,
                    patient.id,
                    Entry(Kind.WATER, day, 100.0 + thread, note=f"t{thread}"),
                )
                if n % 5 == 0:
                    logbook.log_entry(
                        engine,
                        actor,
                        patient.id,
                        Entry(
                            Kind.STRENGTH,
                            day,
                            30.0,
                            label="glutes",
                            exercises=(Exercise("Bridge", 3, 10),),
                            note=f"t{thread}",
                        ),
                    )
        except BaseException as error:
            failures.append(error)

    threads = [threading.Thread(target=log, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert failures == []
    for index, patient in enumerate(patients):
        entries = logbook.list_entries(engine, Actor.of(patient), patient.id)
        notes = sorted({e.note for e in entries})
        assert notes == sorted({f"t{index}", f"t{index + len(patients)}"})
        water = [e for e in entries if e.kind is Kind.WATER]
        sessions = [e for e in entries if e.kind is Kind.STRENGTH]
        assert len(water) == 2 * ENTRIES_EACH
        assert len(sessions) == 2 * 3
        assert all(s.exercises == (Exercise("Bridge", 3, 10),) for s in sessions)
