"""A reload keeps a browser signed in within the idle limit, and no longer; on each database."""

from __future__ import annotations

import datetime as dt
import hashlib

import pytest
from sqlalchemy import select

from tracker.domain import Role
from tracker.services import accounts, web_sessions
from tracker.services.access import Actor
from tracker.store.schema import WebSessionRow

PASSWORD = "a long enough password"
IDLE = dt.timedelta(minutes=30)
T0 = dt.datetime(2026, 11, 26, 9, 0, tzinfo=dt.UTC)


@pytest.fixture
def maria(engine):
    return accounts.create_user(engine, "maria@example.com", PASSWORD, Role.PATIENT, "Maria")


def stored(engine) -> list[WebSessionRow]:
    with engine.connect() as connection:
        return list(connection.execute(select(WebSessionRow)))


def test_a_token_signs_its_user_back_in_and_only_a_digest_is_stored(engine, maria):
    token = web_sessions.start(engine, maria.id, T0)
    assert len(token) >= 43  # 32 random bytes
    assert web_sessions.resume(engine, token, IDLE, T0 + dt.timedelta(minutes=5)).id == maria.id
    [row] = stored(engine)
    assert row.token_sha256 == hashlib.sha256(token.encode()).hexdigest()
    assert token not in row.token_sha256


def test_a_token_idle_beyond_the_limit_signs_in_no_one_and_is_deleted(engine, maria):
    token = web_sessions.start(engine, maria.id, T0)
    assert web_sessions.resume(engine, token, IDLE, T0 + IDLE + dt.timedelta(seconds=1)) is None
    assert stored(engine) == []


def test_use_keeps_a_token_alive(engine, maria):
    token = web_sessions.start(engine, maria.id, T0)
    web_sessions.touch(engine, token, T0 + dt.timedelta(minutes=25))
    later = T0 + dt.timedelta(minutes=50)  # 25 minutes after it was last used
    assert web_sessions.resume(engine, token, IDLE, later).id == maria.id
    # resuming is use too
    assert web_sessions.resume(engine, token, IDLE, later + dt.timedelta(minutes=29)) is not None


def test_signing_out_ends_that_browser_only(engine, maria):
    phone, laptop = web_sessions.start(engine, maria.id), web_sessions.start(engine, maria.id)
    web_sessions.end(engine, phone)
    assert web_sessions.resume(engine, phone, IDLE) is None
    assert web_sessions.user_of(engine, phone) is None  # an open tab on it is out too
    assert web_sessions.resume(engine, laptop, IDLE).id == maria.id
    assert web_sessions.user_of(engine, laptop).id == maria.id


@pytest.mark.parametrize("token", ["", "not-a-token", "x" * 500])
def test_an_unknown_token_signs_in_no_one(engine, maria, token):
    web_sessions.start(engine, maria.id)
    assert web_sessions.resume(engine, token, IDLE) is None


def test_a_password_change_ends_every_browser(engine, maria):
    token = web_sessions.start(engine, maria.id)
    accounts.change_password(engine, Actor.of(maria), maria.id, PASSWORD, "another long password")
    assert web_sessions.resume(engine, token, IDLE) is None


def test_deleting_the_account_ends_its_browsers(engine, maria):
    token = web_sessions.start(engine, maria.id)
    accounts.delete_account(engine, Actor.of(maria), maria.id)
    assert web_sessions.resume(engine, token, IDLE) is None
    assert stored(engine) == []
