"""Notes on rows that will be written as asked, though likely not as meant: a promocode with
a usage limit of 0 (used up, DEPLETED, as soon as it is made), codes whose names differ only
by case. Not refusals: each noted row says so in the results file (its `error` column, where
a written row's notes go), and the run's warnings list them. Pure: the caller hands in each
row's values as its planner reads them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol

from bulkspot.core.resources import PROMOCODE

LISTED = 10  # rows named in a warning; the rest are counted
RowNotes = Mapping[int, str]  # row number -> its note


class NoteTaker(Protocol):
    """What a kind with notes offers: see each row's values, then say what it saw."""

    def see(self, number: int, values: Mapping[str, Any]) -> None: ...

    def row_notes(self) -> dict[int, str]: ...

    def warnings(self) -> list[str]: ...


def listing(rows: list[str]) -> str:
    more = len(rows) - LISTED
    return ", ".join(rows[:LISTED]) + (f" and {more:,} more" if more > 0 else "")


class PromocodeNotes:
    """A usage limit of 0, and code names that differ from another row's only by case."""

    def __init__(self) -> None:
        self.first: dict[str, tuple[int, str]] = {}  # casefolded name -> its first row, name
        self.zero: list[tuple[int, str]] = []
        self.by_case: list[tuple[int, str, int, str]] = []

    def see(self, number: int, values: Mapping[str, Any]) -> None:
        name = str(values.get("code_name") or "")
        if values.get("quantity_total") == 0:
            self.zero.append((number, name))
        if not name:
            return
        first = self.first.setdefault(name.casefold(), (number, name))
        if first[1] != name:
            self.by_case.append((number, name, *first))

    def row_notes(self) -> dict[int, str]:
        notes: dict[int, list[str]] = {}
        for number, _ in self.zero:
            notes.setdefault(number, []).append(
                "a usage limit of 0: the code is used up (DEPLETED) as soon as it is made"
            )
        for number, name, row, other in self.by_case:
            notes.setdefault(number, []).append(
                f"the code {name!r} differs only by case from row {row}'s {other!r}"
            )
        return {number: "; ".join(said) for number, said in notes.items()}

    def warnings(self) -> list[str]:
        found = []
        if self.zero:
            rows = [f"row {n} {name!r}" for n, name in self.zero]
            found.append(
                "codes with a usage limit (quantity_total) of 0 are used up (DEPLETED) "
                f"as soon as they are made: {listing(rows)}"
            )
        if self.by_case:
            rows = [f"row {n} {name!r} (row {r} {o!r})" for n, name, r, o in self.by_case]
            found.append(f"codes that differ only by case from another row's: {listing(rows)}")
        return found


def note_taker(kind: str) -> NoteTaker | None:
    """The notes a kind's rows get; None: it has none."""
    return PromocodeNotes() if kind == PROMOCODE.kind else None
