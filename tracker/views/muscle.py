"""Function test results as a table a person reads: each result with where it was done, its
reference and how it reads against it, and its change from the test before."""

from __future__ import annotations

import pandas as pd

from tracker.domain import Entry, FunctionResult, FunctionTest, Profile, TestedAt
from tracker.rules import function_tests
from tracker.views import display

TEST_COLUMNS = ("Date", "Test", "Result", "Where", "Against the reference", "Since the last")

WHERE = {TestedAt.HOME.value: "home", TestedAt.CLINIC.value: "clinic"}


def _reads(below: bool | None) -> str:
    if below is None:
        return "no reference"
    return "below" if below else "within"


def test_table(entries: list[Entry], profile: Profile) -> pd.DataFrame:
    """One row per function test or SARC-F entry, in the order given (newest first on the
    review page); the change is against the same test's result before it."""
    oldest_first = sorted(entries, key=lambda e: (e.day, e.time or 0, e.id or 0))
    before: dict[FunctionTest, FunctionResult] = {}
    changes: dict[int, str] = {}
    for position, entry in enumerate(oldest_first):
        result = FunctionResult(FunctionTest(entry.kind.value), entry.day, entry.value)
        previous = before.get(result.kind)
        if previous is not None:
            change = function_tests.compare(previous, result)
            shown = display.value_text(entry.kind, abs(change.change), profile)
            sign = "+" if change.change > 0 else "−" if change.change < 0 else "±"
            changes[id(oldest_first[position])] = f"{sign}{shown}" + (
                " (a meaningful decline)" if change.declined else ""
            )
        before[result.kind] = result
    rows = []
    for entry in entries:
        test = FunctionTest(entry.kind.value)
        judged = function_tests.evaluate(
            FunctionResult(test, entry.day, entry.value), profile.birth_year, profile.sex
        )
        result = display.value_text(entry.kind, entry.value, profile)
        if test is FunctionTest.SARC_F and entry.label:
            result += f" ({entry.label})"
        rows.append(
            {
                "Date": entry.day,
                "Test": function_tests.INFO[test].name,
                "Result": result,
                "Where": WHERE.get(entry.label, ""),
                "Against the reference": f"{_reads(judged.below_norm)}: {judged.norm}",
                "Since the last": changes.get(id(entry), ""),
            }
        )
    return pd.DataFrame(rows, columns=list(TEST_COLUMNS))
