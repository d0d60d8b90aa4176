"""Names that differ only by case (`Members`, `members`): the API keeps them as two
resources of a kind whose names are case-sensitive (contact lists, promocodes), which is
rarely what the person meant. In one sheet, each is said with the row of the first spelling
(`CaseTwinNotes`); against what the event or account already holds, on the row
(`held_twin_notes`). The rows are still read as written: warnings, not refusals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, Protocol

from bulkspot.core.columnmap import ColumnMap
from bulkspot.core.spec import ResourceSpec

LISTED = 20  # the names given one by one; the rest are counted


class NumberedRow(Protocol):
    """A sheet's row as core sees it (sources.Row is one): its number and its cells."""

    @property
    def number(self) -> int: ...

    @property
    def cells(self) -> Mapping[str, Any]: ...


class CaseTwinNotes:
    """The warnings for the sheet's names that differ from an earlier row's only by case,
    taken row by row (`see`) in the sheet's one pass for its notes."""

    def __init__(self, mapping: ColumnMap, header: str) -> None:
        self.spec = mapping.spec
        self.header = header
        self.first: dict[str, tuple[int, str]] = {}  # casefolded name -> (row, as written)
        self.notes: list[str] = []

    @classmethod
    def of(cls, mapping: ColumnMap) -> CaseTwinNotes | None:
        """The taker for a kind whose sheet's twins are warned about; None: not this one."""
        spec = mapping.spec
        header = mapping.header_of(spec.natural_key) if spec.natural_key else None
        if header is None or not spec.sheet.case_twins_warned:
            return None
        return cls(mapping, header)

    def see(self, number: int, cells: Mapping[str, Any]) -> None:
        cell = cells.get(self.header)
        name = str(cell).strip() if cell is not None else ""
        if not name:
            return
        seen = self.first.setdefault(name.casefold(), (number, name))
        if seen[1] != name:
            self.notes.append(
                f"row {number}: {self.header} {name!r} differs from row {seen[0]}'s "
                f"{seen[1]!r} only by case: they are two {self.spec.plural} to the API (write "
                "them alike for one)"
            )

    def warnings(self) -> list[str]:
        notes = self.notes
        if len(notes) > LISTED:
            return [*notes[:LISTED], f"and {len(notes) - LISTED:,} more names like these"]
        return list(notes)


def held_twin_notes(
    spec: ResourceSpec,
    header: str,
    rows: Iterable[NumberedRow],
    held: Iterable[str],
    holder: str,
) -> tuple[dict[int, str], list[str]]:
    """(row number -> its note, the warnings) for the rows whose name differs only by case
    from one `holder` ("the event") holds (`held`, as its collection was read). A held name
    the sheet also writes as it is, is left out: the sheet's rows that differ by case from
    each other say it already, and what this run made is not said again on a rerun."""
    by_fold: dict[str, set[str]] = {}
    for name in held:
        by_fold.setdefault(name.casefold(), set()).add(name)
    if not by_fold:
        return {}, []
    found: list[tuple[int, str]] = []  # the rows whose name is held in some case
    for row in rows:
        cell = row.cells.get(header)
        name = str(cell).strip() if cell is not None else ""
        if name.casefold() in by_fold:
            found.append((row.number, name))
    written = {name for _, name in found}
    notes: dict[int, str] = {}
    listed: list[str] = []
    for number, name in found:
        others = sorted(by_fold[name.casefold()] - written)
        if not others:
            continue
        theirs = " and ".join(repr(o) for o in others)
        notes[number] = f"differs only by case from {holder}'s {theirs} (the API keeps both)"
        listed.append(f"row {number} {name!r} ({holder}'s {theirs})")
    if not listed:
        return {}, []
    shown = listed[:LISTED] + ([f"{len(listed) - LISTED:,} more"] if len(listed) > LISTED else [])
    return notes, [
        f"{spec.plural} that differ only by case from {holder}'s: {', '.join(shown)}; the API "
        f"keeps both (write them alike for one)"
    ]
