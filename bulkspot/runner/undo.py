"""Undo a run: delete what its journal says it created, children before parents.

Only resources the run itself created are touched (the journal's `created` flag): rows that
found an existing resource (`exists`, `updated`) are left alone, and the summary says how
many and why (runner/undo_plan.py). A create cut off by a crash
(`sending` in the journal, no id) may have landed: its resource is looked up by natural key
and deleted if it is there. Events cannot be deleted through the API; they are cancelled.

Deleting a resource takes what hangs under it along, so what hangs under each one the run
would delete is read first (runner/undo_holdings.py, core/holding.py): the run's own go
first, deepest first (a folder's folders before it), and one that holds anything else is
left in place, with every holder above it, and named (`UndoSummary.left_in_place`).

Each deletion removes its row from the journal, so an interrupted undo resumes where it
stopped. The journal is marked when an undo starts and when it has gone through: the job run
again is refused (sinks/journal.py, JobUndoneError) rather than making it all again, unless
it starts over (--fresh).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator
from pathlib import Path

from bulkspot.config import RunConfig
from bulkspot.core.holding import LeftInPlace, Node, removal_order
from bulkspot.core.operation import Action, Operation, OpKey
from bulkspot.core.outcome import Status
from bulkspot.core.resources import removal_phases, spec_for
from bulkspot.errors import JournalError, StopRun
from bulkspot.events import RowDone, RunEvent, RunStopped
from bulkspot.runner.engine import EngineReport, execute_plan
from bulkspot.runner.recorded_ids import check_recorded_ids
from bulkspot.runner.retry import Requester
from bulkspot.runner.run_count import counting
from bulkspot.runner.targets import hold_for_undo
from bulkspot.runner.undo_holdings import Holdings, read_holdings
from bulkspot.runner.undo_plan import UndoSummary, UndoTarget, plan_of, target_of
from bulkspot.sinks.journal import SENDING, Journal
from bulkspot.sinks.target_lock import TargetLocks
from bulkspot.sinks.undo_mark import UNDO_DONE, UNDO_STARTED

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
            yield Operation(
                entry.key,
                entry.kind,
                action,
                fields=proof,
                path_ids=dict(entry.scope),
                target=target,
            )


async def undo_run(
    journal: Journal,
    config: RunConfig,
    requester: Requester,
    *,
    dry_run: bool = False,
    handle_signals: bool = False,
    targets: list[UndoTarget] | None = None,
    left: list[LeftInPlace] | None = None,
) -> tuple[list[EngineReport], dict[Status, int]]:
    """Delete (or cancel) everything the journal's run created, children first, deepest
    first: one report per step, and the count of each outcome. A resource that holds
    anything the run did not make is left in place (added to `left`, with why). A dry run
    adds what it would delete or cancel to `targets`, children first."""
    reports: list[EngineReport] = []
    counts: dict[Status, int] = {}
    phases = [
        (kinds, ops)
        for kinds in removal_phases(journal.kinds())
        if (ops := list(undo_operations(journal, kinds)))
    ]
    if not phases:
        return reports, counts
    try:
        holdings = await read_holdings(journal.entries(), requester)
    except StopRun as stop:
        requester.notify(RunStopped(stop.reason, stop.resume_hint))
        return [EngineReport(stopped=stop.reason, resume_hint=stop.resume_hint)], counts
    kept: dict[Node, tuple[int, int, LeftInPlace]] = {}  # deepest first, then journal order
    for _, operations in phases:
        order = removal_order(
            holdings.ours, holdings.under, holdings.names, holdings.unread, holdings.members
        )
        steps: dict[int, list[Operation]] = {}
        for op in operations:
            node = _node_of(op, holdings)
            if node is not None and node in order.left:
                kept.setdefault(node, (order.heights.get(node, 0), len(kept), order.left[node]))
                continue
            if op.key in holdings.found:  # a cut-off create found while reading: no look-up
                op = op._replace(target=holdings.found[op.key])
            steps.setdefault(order.heights.get(node, 0) if node else 0, []).append(op)
        for height in sorted(steps):
            planned: dict[OpKey, UndoTarget] = {}
            report, undone, theirs = await _phase(
                steps[height],
                config,
                requester,
                dry_run,
                handle_signals,
                counts,
                planned,
                journal,
            )
            holdings.ours -= theirs  # a cut-off create someone else's resource answered
            if not dry_run:
                journal.remove(undone)
            if targets is not None:
                targets.extend(planned[key] for key in sorted(planned))
            reports.append(report)
            if report.stopped:
                break
        if reports and reports[-1].stopped:
            break
    if left is not None:
        left.extend(found for _, _, found in sorted(kept.values(), key=lambda k: k[:2]))
    return reports, counts


def _node_of(op: Operation, holdings: Holdings) -> Node | None:
    ident = op.target if isinstance(op.target, str) else holdings.found.get(op.key)
    return (op.kind, ident) if ident else None


async def _phase(
    operations: list[Operation],
    config: RunConfig,
    requester: Requester,
    dry_run: bool,
    handle_signals: bool,
    counts: dict[Status, int],
    planned: dict[OpKey, UndoTarget],
    journal: Journal,
) -> tuple[EngineReport, list[OpKey], set[Node]]:
    undone: list[OpKey] = []
    theirs: set[Node] = set()
    kinds = {op.key: op.kind for op in operations}

    def tally(event: RunEvent) -> None:
        if isinstance(event, RowDone):
            status = event.outcome.status
            counts[status] = counts.get(status, 0) + 1
            if status is Status.EXISTS and event.outcome.resource_id:
                theirs.add((kinds.get(event.key, ""), event.outcome.resource_id))
            if status in UNDONE:
                undone.append(event.key)
            elif status.is_planned and (entry := journal.entry(event.key)) is not None:
                name, found = entry.natural_key or "", event.outcome.resource_id or ""
                planned[event.key] = UndoTarget(status, entry.kind, name, found)

    with requester.notify.listening(tally):
        report = await execute_plan(
            operations,
            kind="undo",
            config=config,
            requester=requester,
            journal=None,
            dry_run=dry_run,
            handle_signals=handle_signals,
        )
    return report, undone, theirs


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
    left: list[LeftInPlace] = []
    with counting(requester.notify) as sent:  # this undo's requests, its reads included
        try:
            check_recorded_ids(journal_path, journal.entries())  # an edited journal: refused
            if not dry_run:  # what it deletes from, one writer on this machine (targets.py)
                writing = hold_for_undo(config.api, journal.identity, journal.kinds(), journal_path)
            before = plan_of(journal).left_alone
            if not dry_run:  # from here on, the job run again is refused (sinks/journal.py)
                journal.mark_undo(UNDO_STARTED)
            reports, counts = await undo_run(
                journal,
                config,
                requester,
                dry_run=dry_run,
                handle_signals=handle_signals,
                targets=targets if dry_run else None,
                left=left,
            )
            stopped = next((r for r in reports if r.stopped), None)
            if not dry_run and stopped is None:
                journal.mark_undo(UNDO_DONE)
        finally:
            journal.close()
            if writing is not None:
                writing.release()
    theirs = counts.get(Status.EXISTS, 0)  # cut-off creates someone else's resource answered
    return UndoSummary(
        counts=counts,
        requests=sent.requests,
        retries=sent.retries,
        reconciliations=0,
        seconds=sum(r.seconds for r in reports),
        results_path=None,
        journal_path=journal_path,
        stopped=stopped.stopped if stopped else None,
        resume_hint="run the same undo command again" if stopped else "",
        left_alone=dataclasses.replace(before, theirs=theirs),
        targets=tuple(targets),
        left_in_place=tuple(left),
    )
