"""Password hashing with Argon2id (argon2-cffi), the OWASP-recommended algorithm.

The cost is argon2-cffi's default profile (RFC 9106 low-memory). ``TRACKER_ARGON2_PROFILE``
names another of its profiles; the test suite sets ``CHEAPEST`` so that hundreds of sign-ups
stay fast. Hashes carry their own parameters, so a stronger profile later still verifies old
hashes, and ``needs_rehash`` tells when to upgrade one at the next sign-in.
"""

from __future__ import annotations

from functools import cache

from argon2 import PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError

from tracker import config


@cache
def _hasher() -> PasswordHasher:
    name = config.argon2_profile()
    parameters = getattr(profiles, name, None)
    if not isinstance(parameters, profiles.Parameters):
        raise config.ConfigError(
            f"TRACKER_ARGON2_PROFILE must name one of argon2-cffi's profiles, such as "
            f"RFC_9106_LOW_MEMORY; it is {name!r}."
        )
    return PasswordHasher.from_parameters(parameters)


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
