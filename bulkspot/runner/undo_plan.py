"""What an undo will touch and what it leaves alone, read from the journal before anything
is sent: the command line asks before a large undo from it, and the summary says what was
kept and why.

Undo removes only what the run itself created. Left alone, and said so: rows whose resources
were updated (an update is not reverted: the value before it was never kept), rows that found
a resource already there, and cut-off creates it cannot call its own (someone else's resource
holds the name, or an old journal kept no body to prove it).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from bulkspot.core.holding import LeftInPlace
from bulkspot.core.operation import TOTAL_PART, ByKey, IdSource
from bulkspot.core.outcome import Status
from bulkspot.core.resources import removal_phases, spec_for
from bulkspot.runner.job import RunSummary
from bulkspot.runner.recorded_ids import check_recorded_ids
from bulkspot.sinks.journal import SENDING, Journal, JournalEntry

FOUND = (Status.EXISTS.value, Status.UNCHANGED.value)  # an import's rows that met a resource


@dataclass(frozen=True, slots=True)
class LeftAlone:
    """Rows undo does not touch, by why."""

    updated: int = 0  # updated someone's resource: updates are not reverted
    found: int = 0  # found a resource already there (exists, unchanged)
    theirs: int = 0  # a cut-off create whose name someone else's resource holds
    unproven: int = 0  # a cut-off create an old journal kept no body for

    def lines(self) -> list[str]:
        """One line per reason, for the summary; none when nothing was left alone."""
        reasons = [
            (
                self.updated,
                "row whose resource was updated",
                "rows whose resources were updated",
                ": updates are not reverted",
            ),
            (
                self.found,
                "row that found a resource already there",
                "rows that found a resource already there",
                "",
            ),
            (
                self.theirs,
                "cut-off create whose name someone else's resource holds",
                "cut-off creates whose names someone else's resources hold",
                "",
            ),
            (
                self.unproven,
                "cut-off create this older journal cannot prove was its own",
                "cut-off creates this older journal cannot prove were its own",
                "",
            ),
        ]
        return [f"{n} {one if n == 1 else many}{why}" for n, one, many, why in reasons if n]


@dataclass(frozen=True, slots=True)
class UndoTarget:
    """One resource a dry run of undo would delete or cancel."""

    status: Status  # to delete, to cancel
    kind: str
    name: str  # its natural key ("" when the kind has none)
    id: str


@dataclass(frozen=True, slots=True)
class UndoPlan:
    """What undoing a journal takes, counted from the journal alone (no request)."""

    deletes: Mapping[str, int]  # kind -> resources to delete (cut-off creates included)
    cancels: Mapping[str, int]  # kind -> resources to cancel (events)
    left_alone: LeftAlone

    @property
    def total(self) -> int:
        return sum(self.deletes.values()) + sum(self.cancels.values())

    def describe(self) -> str:
        """`delete 12 promocodes and 3 fees and cancel 1 event`, children first."""
        parts = []
        for verb, counts in (("delete", self.deletes), ("cancel", self.cancels)):
            if counts:
                parts.append(f"{verb} " + " and ".join(_count(k, n) for k, n in counts.items()))
        return " and ".join(parts) or "touch nothing"


@dataclass(frozen=True, slots=True)
class UndoSummary(RunSummary):
    """An undo's summary: the run's counts, and what it left alone; a dry run's, what it
    would delete or cancel, children first."""

    left_alone: LeftAlone = field(default_factory=LeftAlone)
    targets: tuple[UndoTarget, ...] = ()
    # the run's own resources not deleted, since each holds what the run did not make
    left_in_place: tuple[LeftInPlace, ...] = ()


def _count(kind: str, n: int) -> str:
    return f"{n} {kind if n == 1 else spec_for(kind).plural}"


def target_of(entry: JournalEntry) -> IdSource | None:
    """The resource this run created, if it did: its id, or its natural key after a crash
    (a journal from before what was sent was kept cannot prove it: left alone)."""
    if entry.state == SENDING:
        if entry.sent is None:
            return None
        if entry.resource_id:
            return entry.resource_id
        if entry.natural_key is None:
            return None
        return ByKey(entry.kind, entry.natural_key, dict(entry.scope))
    live = entry.state in (Status.CREATED.value, Status.UPDATED.value)
    return entry.resource_id if entry.created and live and entry.resource_id else None


def plan_of(journal: Journal) -> UndoPlan:
    """Count what undoing `journal` will do, in removal order, and what it leaves alone."""
    deletes: dict[str, int] = {}
    cancels: dict[str, int] = {}
    updated = found = unproven = 0
    for entry in journal.entries():
        if entry.key.part == TOTAL_PART:  # the API keeps it the sum of what is left: no note
            continue
        if entry.state == SENDING and entry.sent is None:
            unproven += 1
        elif target_of(entry) is not None:
            into = deletes if spec_for(entry.kind).can_delete else cancels
            into[entry.kind] = into.get(entry.kind, 0) + 1
        elif not entry.created and entry.state == Status.UPDATED.value:
            updated += 1
        elif not entry.created and entry.state in FOUND:
            found += 1
    order = [kind for kinds in removal_phases(journal.kinds()) for kind in kinds]
    return UndoPlan(
        deletes={kind: deletes[kind] for kind in order if kind in deletes},
        cancels={kind: cancels[kind] for kind in order if kind in cancels},
        left_alone=LeftAlone(updated=updated, found=found, unproven=unproven),
    )


def read_plan(journal_path: Path) -> UndoPlan:
    """The undo plan of the journal at `journal_path`, from the journal alone (it holds the
    journal's lock only while it reads)."""
    journal = Journal.open_existing(journal_path)
    try:
        check_recorded_ids(journal_path, journal.entries())  # an edited journal: refused
        return plan_of(journal)
    finally:
        journal.close()
