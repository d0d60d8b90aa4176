"""Undo a run: delete what its journal says it created, children before parents.

Only resources the run itself created are touched (the journal's `created` flag): rows that
found an existing resource (`exists`, `updated`) are left alone, and the summary says how
many and why (runner/undo_plan.py). A create cut off by a crash
(`sending` in the journal, no id) may have landed: its resource is looked up by natural key
and deleted if it is there. Each deletion removes its row from the journal, so an interrupted
undo resumes where it stopped, and running the import again afterwards creates the rows
anew. Events cannot be deleted through the API; they are cancelled instead.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from bulkspot.config import RunConfig
from bulkspot.core.operation import Action, Operation, OpKey
from bulkspot.core.outcome import Status
from bulkspot.core.resources import removal_phases, spec_for
from bulkspot.errors import JournalError
from bulkspot.runner.engine import EngineReport, execute_plan
from bulkspot.runner.events import Event, RowDone
from bulkspot.runner.retry import Requester
from bulkspot.runner.targets import hold_for_undo
from bulkspot.runner.undo_plan import UndoSummary, UndoTarget, plan_of, target_of
from bulkspot.sinks.journal import SENDING, Journal
from bulkspot.sinks.target_lock import TargetLocks

UNDONE = frozenset({
    Status.DELETED,
    Status.CANCELLED,
    Status.UNCHANGED,  # already gone, or a cut-off create that never landed: nothing to undo
    Status.EXISTS,  # a cut-off create's name is someone else's resource: not ours to undo
})  # fmt: skip


def undo_operations(journal: Journal, kinds: tuple[str, ...]) -> Iterator[Operation]:
    """What undoing the journal's `kinds` takes: a delete, or a cancel for what the API
    cannot delete (events)."""
    for entry in journal.entries():
        target = target_of(entry)
        if entry.kind in kinds and target is not None:
            action = Action.DELETE if spec_for(entry.kind).can_delete else Action.CANCEL
            # a create cut off by a crash is this run's only if it holds what was sent
            proof = entry.sent if entry.state == SENDING and entry.sent else {}
            yield Operation(entry.key, entry.kind, action, fields=proof,
                            path_ids=dict(entry.scope), target=target)  # fmt: skip


async def undo_run(
    journal: Journal,
    config: RunConfig,
    requester: Requester,
    *,
    dry_run: bool = False,
    handle_signals: bool = False,
    targets: list[UndoTarget] | None = None,
) -> tuple[list[EngineReport], dict[Status, int]]:
    """Delete (or cancel) everything the journal's run created, children first: one report
    per phase, and the count of each outcome. A dry run adds what it would delete or cancel
    to `targets`, children first."""
    reports = []
    counts: dict[Status, int] = {}
    for kinds in removal_phases(journal.kinds()):
        operations = list(undo_operations(journal, kinds))
        if not operations:
            continue
        planned: dict[OpKey, UndoTarget] = {}
        report, undone = await _phase(operations, config, requester, dry_run, handle_signals,
                                      counts, planned, journal)  # fmt: skip
        if not dry_run:
            journal.remove(undone)
        if targets is not None:
            targets.extend(planned[key] for key in sorted(planned))
        reports.append(report)
        if report.stopped:
            break
    return reports, counts


async def _phase(
    operations: list[Operation],
    config: RunConfig,
    requester: Requester,
    dry_run: bool,
    handle_signals: bool,
    counts: dict[Status, int],
    planned: dict[OpKey, UndoTarget],
    journal: Journal,
) -> tuple[EngineReport, list[OpKey]]:
    undone: list[OpKey] = []

    def tally(event: Event) -> None:
        if isinstance(event, RowDone):
            status = event.outcome.status
            counts[status] = counts.get(status, 0) + 1
            if status in UNDONE:
                undone.append(event.key)
            elif status.is_planned and (entry := journal.entry(event.key)) is not None:
                name, found = entry.natural_key or "", event.outcome.resource_id or ""
                planned[event.key] = UndoTarget(status, entry.kind, name, found)

    with requester.notify.listening(tally):
        report = await execute_plan(
            operations, kind="undo", config=config, requester=requester, journal=None,
            dry_run=dry_run, handle_signals=handle_signals,
        )  # fmt: skip
    return report, undone


async def undo_summary(
    journal_path: Path,
    config: RunConfig,
    requester: Requester,
    *,
    dry_run: bool = False,
    handle_signals: bool = False,
) -> UndoSummary:
    """Undo the journal's run and sum it up like an import, with what it left alone (and, for
    a dry run, what it would delete or cancel)."""
    if not journal_path.is_file():
        raise JournalError(f"no journal at {journal_path}")
    journal = Journal.open_existing(journal_path)
    targets: list[UndoTarget] = []
    writing: TargetLocks | None = None
    try:
        if not dry_run:  # what it deletes from, one writer on this machine (runner/targets.py)
            writing = hold_for_undo(config.api, journal.identity, journal.kinds(), journal_path)
        before = plan_of(journal).left_alone
        reports, counts = await undo_run(
            journal, config, requester, dry_run=dry_run, handle_signals=handle_signals,
            targets=targets if dry_run else None,
        )  # fmt: skip
    finally:
        journal.close()
        if writing is not None:
            writing.release()
    stopped = next((r for r in reports if r.stopped), None)
    theirs = counts.get(Status.EXISTS, 0)  # cut-off creates someone else's resource answered
    return UndoSummary(
        counts=counts,
        requests=sum(r.requests for r in reports),
        retries=sum(r.retries for r in reports),
        reconciliations=0,
        seconds=sum(r.seconds for r in reports),
        results_path=None,
        journal_path=journal_path,
        stopped=stopped.stopped if stopped else None,
        resume_hint="run the same undo command again" if stopped else "",
        left_alone=dataclasses.replace(before, theirs=theirs),
        targets=tuple(targets),
    )
