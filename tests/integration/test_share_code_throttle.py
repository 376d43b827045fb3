"""Guessing at share codes is throttled per therapist and per client, and recorded; on each
database. The care module's clock is a fake one the tests move on."""

from __future__ import annotations

import datetime as dt
import logging
import threading

import pytest
from sqlalchemy import select

from tracker.domain import InvalidEntry, Role, ShareStatus, User
from tracker.services import accounts, care
from tracker.services.access import Actor
from tracker.store.schema import FailedAttemptRow

PASSWORD = "a long enough password"
T0 = dt.datetime(2026, 11, 30, 9, 0, tzinfo=dt.UTC)
"""Before the real now, so a sign-in's sweep of old failures would reach these."""
WRONG = "ZZZZ-9999"
N = care.CODE_ACCOUNT_MAX_FAILURES
M = care.CODE_CLIENT_MAX_FAILURES


class Clock:
    def __init__(self, start: dt.datetime) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(monkeypatch) -> Clock:
    clock = Clock(T0)
    monkeypatch.setattr(care, "_now", clock)
    return clock


@pytest.fixture
def ana(engine) -> User:
    return accounts.create_user(engine, "ana@example.com", PASSWORD, Role.PATIENT, "Ana")


def therapist(engine, n: int = 0) -> User:
    return accounts.create_user(engine, f"pt{n}@example.com", PASSWORD, Role.THERAPIST, f"PT {n}")


def new_code(engine, patient: User) -> str:
    return care.create_share_code(engine, Actor.of(patient), patient.id).code


def fail(engine, who: User, client: str = "10.0.0.1") -> None:
    with pytest.raises(InvalidEntry, match="not valid"):
        care.redeem_share_code(engine, Actor.of(who), WRONG, client)


def stored(engine) -> list[FailedAttemptRow]:
    with engine.connect() as connection:
        return list(connection.execute(select(FailedAttemptRow).order_by(FailedAttemptRow.id)))


def test_after_n_failures_even_the_right_code_waits_out_the_window(engine, clock, ana):
    pt = therapist(engine)
    code = new_code(engine, ana)
    for _ in range(N):
        fail(engine, pt)
        clock.advance(minutes=1)
    # The oldest failure, at T0, leaves the window at T0 + 15 min: 10 minutes from now.
    with pytest.raises(care.ShareCodeThrottled, match=r"^Too many failed share codes\. Wait 10 "):
        care.redeem_share_code(engine, Actor.of(pt), code, "10.0.0.1")
    clock.now = T0 + care.CODE_GUESS_WINDOW
    with pytest.raises(care.ShareCodeThrottled, match=r"Wait 1 minute and try again"):
        care.redeem_share_code(engine, Actor.of(pt), code, "10.0.0.1")
    assert len(stored(engine)) == N  # a refused attempt is not looked at, nor counted
    clock.advance(seconds=1)
    share = care.redeem_share_code(engine, Actor.of(pt), code, "10.0.0.1")
    assert (share.patient_id, share.status) == (ana.id, ShareStatus.ACTIVE)


def test_the_account_limit_holds_from_any_client_and_without_one(engine, clock, ana):
    pt = therapist(engine)
    for n in range(N):
        fail(engine, pt, f"10.0.0.{n}")
    for client in ("10.0.0.99", ""):
        with pytest.raises(care.ShareCodeThrottled):
            care.redeem_share_code(engine, Actor.of(pt), new_code(engine, ana), client)
    other = therapist(engine, 1)  # another therapist at the same address is not held up
    assert care.redeem_share_code(engine, Actor.of(other), new_code(engine, ana), "10.0.0.1")


def test_a_code_that_works_buys_no_fresh_tries(engine, clock, ana):
    pt = therapist(engine)
    for _ in range(N - 1):
        fail(engine, pt)
    assert care.redeem_share_code(engine, Actor.of(pt), new_code(engine, ana), "10.0.0.1")
    fail(engine, pt)
    with pytest.raises(care.ShareCodeThrottled):
        care.redeem_share_code(engine, Actor.of(pt), new_code(engine, ana), "10.0.0.1")


def test_one_client_guessing_with_many_therapist_accounts_is_throttled(engine, clock, ana):
    guessers = [therapist(engine, n) for n in range(-(-M // N))]
    for n in range(M):  # each account stays within its own limit
        fail(engine, guessers[n // N], "10.6.6.6")
    fresh = therapist(engine, 99)
    code = new_code(engine, ana)
    with pytest.raises(care.ShareCodeThrottled, match="Wait 15 minutes"):
        care.redeem_share_code(engine, Actor.of(fresh), code, "10.6.6.6")
    assert care.redeem_share_code(engine, Actor.of(fresh), code, "10.7.7.7").patient_id == ana.id
    clock.advance(minutes=15, seconds=1)
    again = new_code(engine, ana)
    assert care.redeem_share_code(engine, Actor.of(guessers[0]), again, "10.6.6.6")


def test_failures_are_recorded_with_who_where_and_when_and_logged_without_the_code(
    engine, clock, ana, caplog
):
    pt = therapist(engine)
    code = new_code(engine, ana)
    wrong = code[:-1] + ("A" if code[-1] != "A" else "B")  # one character off
    caplog.set_level(logging.WARNING, logger="tracker.services.care")
    with pytest.raises(InvalidEntry, match="not valid"):
        care.redeem_share_code(engine, Actor.of(pt), wrong, "10.0.0.1")
    assert accounts.authenticate(engine, "nobody@example.com", "wrong password", "10.0.0.2") is None
    share_code, sign_in = stored(engine)
    assert (share_code.kind, share_code.actor_id, share_code.email, share_code.client) == (
        "share_code",
        pt.id,
        pt.email,
        "10.0.0.1",
    )
    assert share_code.at.replace(tzinfo=dt.UTC) == T0
    assert (sign_in.kind, sign_in.actor_id, sign_in.email, sign_in.client) == (
        "sign_in",
        None,
        "nobody@example.com",
        "10.0.0.2",
    )
    [record] = [r for r in caplog.records if r.name == "tracker.services.care"]
    assert record.levelno == logging.WARNING
    message = record.getMessage()
    assert str(pt.id) in message and "10.0.0.1" in message
    assert wrong not in message and wrong.replace("-", "") not in message
    assert care._code_hash(wrong) not in message


def test_a_sign_in_clears_no_failed_share_codes(engine, clock, ana):
    """A good sign-in forgets that account's failed sign-ins and everyone's old ones; the
    failed share codes stay, for the throttle and for the audit."""
    pt = therapist(engine)
    for _ in range(N):
        fail(engine, pt)
    assert accounts.authenticate(engine, pt.email, PASSWORD, "10.0.0.1") == pt
    assert len(stored(engine)) == N
    with pytest.raises(care.ShareCodeThrottled):
        care.redeem_share_code(engine, Actor.of(pt), new_code(engine, ana), "10.0.0.1")


def test_the_record_outlives_the_account_and_still_counts_for_its_client(engine, clock, ana):
    guessers = [therapist(engine, n) for n in range(-(-M // N))]
    for n in range(M):
        fail(engine, guessers[n // N], "10.6.6.6")
    for guesser in guessers:
        accounts.delete_account(engine, Actor.of(guesser), guesser.id)
    rows = stored(engine)
    assert len(rows) == M
    assert {(r.actor_id, r.client) for r in rows} == {(None, "10.6.6.6")}
    assert {r.email for r in rows} == {g.email for g in guessers}
    with pytest.raises(care.ShareCodeThrottled):
        care.redeem_share_code(engine, Actor.of(therapist(engine, 99)), WRONG, "10.6.6.6")


def test_parallel_guesses_get_no_more_than_the_limit(engine, clock, ana):
    """Counting the failures and adding one is a single step: attempts sent all at once do
    not each see the count from before the others."""
    pt = therapist(engine)
    attempts = 4 * N
    start = threading.Barrier(attempts)
    outcomes: list[type[BaseException]] = []

    def guess() -> None:
        start.wait()
        try:
            care.redeem_share_code(engine, Actor.of(pt), WRONG, "10.0.0.1")
        except (InvalidEntry, care.ShareCodeThrottled) as error:
            outcomes.append(type(error))

    threads = [threading.Thread(target=guess) for _ in range(attempts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes, key=lambda kind: kind.__name__) == [InvalidEntry] * N + [
        care.ShareCodeThrottled
    ] * (attempts - N)
    assert len(stored(engine)) == N
