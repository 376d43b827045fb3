"""How a GLP-1 medicine reads on a form: the choices offered, each one's name and description,
and what its form (tablet or injection) asks of the person logging a dose. The facts come from
each label (``tracker.rules.medicines``)."""

from __future__ import annotations

from tracker.domain import Medicine
from tracker.rules import medicines


def choice_values(keeping: Medicine | None = None) -> list[str]:
    """The medicines a form offers, as values, ``keeping`` one the person already uses."""
    return [medicine.value for medicine in medicines.choices(keeping=keeping)]


def name(medicine: Medicine | str) -> str:
    return medicines.name(Medicine(medicine))


def described(medicine: Medicine | str) -> str:
    """The name with what it is ('Wegovy (semaglutide injection, weekly)')."""
    return medicines.described(Medicine(medicine))


def is_tablet(medicine: Medicine | str) -> bool:
    """A tablet has no injection site to log."""
    return medicines.is_tablet(Medicine(medicine))


def how_to_take(medicine: Medicine | str) -> str:
    return medicines.product(Medicine(medicine)).how_to_take
