"""Password hashing with Argon2id (argon2-cffi), the OWASP-recommended algorithm.

The cost is argon2-cffi's default profile (RFC 9106 low-memory). ``TRACKER_ARGON2_PROFILE``
names another of its profiles; the test suite sets ``CHEAPEST`` so that hundreds of sign-ups
stay fast. Hashes carry their own parameters, so a stronger profile later still verifies old
hashes, and ``needs_rehash`` tells when to upgrade one at the next sign-in.
"""

from __future__ import annotations

import os
from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError


@cache
def _hasher() -> PasswordHasher:
    name = os.environ.get("TRACKER_ARGON2_PROFILE", "RFC_9106_LOW_MEMORY")
    return PasswordHasher.from_parameters(getattr(profiles, name))


def hash_password(password: str) -> str:
    return _hasher().hash(password)


def verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)


DUMMY_HASH_PASSWORD = "not-a-password-of-anyone"  # noqa: S105 - hashed only to time a miss


@cache
def dummy_hash() -> str:
    """A real hash to verify against when the email is unknown, so timing does not tell."""
    return hash_password(DUMMY_HASH_PASSWORD)
