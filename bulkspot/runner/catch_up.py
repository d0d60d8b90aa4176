"""A copy run again catches up with its source (a rehearsal, then the cut-over).

A copy keeps, per kind, the sheet it exported (`fees.csv`) and the journal of its import;
those say what the copy made, not what the source holds now. So a copy run again, once the
kind's imports are finished, reads the source's collection again (`fees.catch-up-N.source.csv`,
the read a look-up costs) and compares it with the last sheet it read: the rows that are new
or changed at the source since go into a sheet of their own (`fees.catch-up-N.csv`), imported
with a journal of its own like any sheet, so a catch-up killed mid-way resumes and nothing is
made twice. An item's rows go together (its first row holds the item, the others its sizes).

What a person expects of a cut-over: the target ends like the source. So a catch-up's rows
make the target's resource like the source's: made when missing, updated when there
(`--on-existing update`, whatever the first copy's was). Rows gone from the source are left
in the target, and counted.

The catch-up sheet is written (whole) after its source's sheet, and a source's sheet without
its catch-up sheet is read again: a copy killed between the two compares again.
"""

from __future__ import annotations

import csv
import dataclasses
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from bulkspot.config import RunConfig
from bulkspot.core.operation import OnExisting
from bulkspot.core.resources import spec_for
from bulkspot.runner.copy_source import SourceReads
from bulkspot.runner.copy_target import TargetReads
from bulkspot.runner.export import ExportJob
from bulkspot.runner.export_file import write_sheet
from bulkspot.runner.job import ImportJob, RunSummary

Group = tuple[tuple[str, ...], ...]  # one resource's rows (an item and its sizes)


@dataclass(frozen=True, slots=True)
class Changes:
    """What the source holds now that the last sheet read of it does not."""

    columns: tuple[str, ...]
    new: tuple[Group, ...]
    changed: tuple[Group, ...]
    gone: int  # resources the last sheet had that the source has no more

    @property
    def groups(self) -> tuple[Group, ...]:
        return self.new + self.changed

    def describe(self) -> str:
        parts = [f"{len(self.new)} new", f"{len(self.changed)} changed"]
        if self.gone:
            parts.append(f"{self.gone} gone (left in the target)")
        return ", ".join(parts)


def catch_up_sheet(folder: Path, kind: str, number: int) -> Path:
    return folder / f"{kind}.catch-up-{number}.csv"


def source_sheet(folder: Path, kind: str, number: int) -> Path:
    return folder / f"{kind}.catch-up-{number}.source.csv"


def catch_ups(folder: Path, kind: str) -> list[int]:
    """The numbers of the kind's catch-ups begun (their sheets written), in order."""
    pattern = re.compile(rf"{re.escape(kind)}\.catch-up-(\d+)\.csv")
    found = (pattern.fullmatch(p.name) for p in folder.glob(f"{kind}.catch-up-*.csv"))
    return sorted(int(m.group(1)) for m in found if m)


def last_read(folder: Path, kind: str, first: Path) -> Path:
    """The last sheet read of the source: the newest catch-up's source, or the first."""
    for number in reversed(catch_ups(folder, kind)):
        if source_sheet(folder, kind, number).exists():
            return source_sheet(folder, kind, number)
    return first


def compare(kind: str, before: Path, now: Path) -> Changes:
    """The rows of `now` (the source read again) that are new or changed against `before`."""
    key = spec_for(kind).natural_key or ""
    columns, old = _groups(before, key)
    columns_now, current = _groups(now, key)
    if columns_now != columns:  # another version's columns: every row is to be checked
        old = {}
    new = tuple(rows for name, rows in current.items() if name not in old)
    changed = tuple(
        rows for name, rows in current.items() if name in old and _same(old[name]) != _same(rows)
    )
    gone = sum(1 for name in old if name not in current)
    return Changes(columns_now, new, changed, gone)


def write_changes(path: Path, changes: Changes) -> None:
    """The catch-up sheet: the new and changed rows under the export's columns (whole)."""
    rows = (dict(zip(changes.columns, row, strict=True)) for g in changes.groups for row in g)
    write_sheet(path, changes.columns, rows)


def _groups(path: Path, key: str) -> tuple[tuple[str, ...], dict[str, Group]]:
    """The sheet's columns, and its rows grouped by resource (a row with the key blank
    belongs to the one above it), by natural key in the order they come."""
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        columns = tuple(next(rows, ()))
        at = columns.index(key) if key in columns else None
        groups: dict[str, list[tuple[str, ...]]] = {}
        for name, row in _named(rows, at):
            groups.setdefault(name, []).append(row)
    return columns, {name: tuple(rows) for name, rows in groups.items()}


def _named(rows: Iterator[list[str]], at: int | None) -> Iterator[tuple[str, tuple[str, ...]]]:
    name = ""
    for number, row in enumerate(rows):
        cells = tuple(row)
        if at is None:  # no natural key column: each row stands for itself
            yield f"{number}:{cells}", cells
            continue
        if at < len(cells) and cells[at]:
            name = cells[at]
        yield name, cells


def _same(group: Group) -> tuple[tuple[str, ...], tuple[tuple[str, ...], ...]]:
    """A group as compared: its first row, and its other rows in any order (a source may
    list an item's sizes in another order without changing anything)."""
    return group[0], tuple(sorted(group[1:]))


@dataclass(frozen=True, slots=True)
class CatchUp:
    """A kind's catch-up in this run: what changed at the source since the last sheet read
    (None: the run stopped before it looked), and the imports of catch-up sheets it ran, by
    number: the earlier ones resumed (or found done), then the new one, if any changed."""

    changes: Changes | None
    imports: dict[int, RunSummary] = dataclasses.field(default_factory=dict)
    new: int | None = None  # the number of the catch-up this run began

    @property
    def stopped(self) -> bool:
        return any(result.stopped for result in self.imports.values())


@dataclass(frozen=True, slots=True)
class Target:
    """Where a copy's catch-ups go: its folder and the event they are imported into."""

    folder: Path
    from_event: str
    to_event: str
    currency: str | None = None  # the events' (the sheets' amounts), when known

    def job(self, kind: str, number: int) -> ImportJob:
        name = f"{kind}.catch-up-{number}"
        return ImportJob(
            kind=kind,
            source=catch_up_sheet(self.folder, kind, number),
            event_id=self.to_event,
            results_path=self.folder / f"{name}.results.csv",
            journal_path=self.folder / f"{name}.journal.sqlite",
            currency=self.currency,
        )

    def journals(self, kind: str) -> list[Path]:
        found = (self.job(kind, n).journal_path for n in catch_ups(self.folder, kind))
        return [path for path in found if path is not None and path.exists()]


async def catch_up(
    kind: str,
    target: Target,
    *,
    reads: SourceReads,
    config: RunConfig,
    shared: TargetReads,
    handle_signals: bool = False,
) -> CatchUp:
    """Finish the kind's earlier catch-ups, read the source again (`reads`: the source's
    reads, maybe shared with other copies), and import what is new or changed there since
    the last sheet read of it (`shared`: the target's reads, shared with the copy's other
    imports)."""
    from bulkspot.runner.import_run import run_job

    config = dataclasses.replace(config, on_existing=OnExisting.UPDATE)
    done: dict[int, RunSummary] = {}
    earlier = catch_ups(target.folder, kind)
    for number in earlier:  # a catch-up killed mid-way resumes from its journal
        done[number] = await run_job(
            target.job(kind, number),
            config,
            shared.requester,
            handle_signals=handle_signals,
            shared=shared,
        )
        if done[number].stopped:
            return CatchUp(None, done)
    number = (earlier[-1] if earlier else 0) + 1
    before = last_read(target.folder, kind, target.folder / f"{kind}.csv")
    now = source_sheet(target.folder, kind, number)
    await reads.sheet(
        ExportJob(kind, now, target.from_event, with_ids=False, fresh=True, currency_marks=False)
    )
    changes = compare(kind, before, now)
    if not changes.groups:
        now.unlink()  # nothing to import: the last sheet read stays the one to compare with
        return CatchUp(changes, done)
    write_changes(catch_up_sheet(target.folder, kind, number), changes)
    done[number] = await run_job(
        target.job(kind, number),
        config,
        shared.requester,
        handle_signals=handle_signals,
        shared=shared,
    )
    return CatchUp(changes, done, number)


def forget_catch_ups(folder: Path, kind: str) -> None:
    """--fresh: a copy that starts over compares with its new sheet, not an older one's."""
    for path in folder.glob(f"{kind}.catch-up-*"):
        path.unlink()
