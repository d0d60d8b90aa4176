"""Undo a run: delete what its journal says it created, children before parents.

Only resources the run itself created are touched (the journal's `created` flag): rows that
found an existing resource (`exists`, `updated`) are left alone. A create cut off by a crash
(`sending` in the journal, no id) may have landed: its resource is looked up by natural key
and deleted if it is there. Each deletion removes its row from the journal, so an interrupted
undo resumes where it stopped, and running the import again afterwards creates the rows
anew. Events cannot be deleted through the API; they are cancelled instead.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path

from bulkspot.config import RunConfig
from bulkspot.core.operation import Action, ByKey, IdSource, Operation, OpKey
from bulkspot.core.outcome import Status
from bulkspot.errors import JournalError
from bulkspot.runner.engine import EngineReport, execute_plan
from bulkspot.runner.events import Event, Observer, RowDone
from bulkspot.runner.job import RunSummary
from bulkspot.sinks.journal import SENDING, Journal, JournalEntry
from bulkspot.transport.base import Sender

# Children first: an attribute before its item; a promocode before the fees it names.
PHASES: tuple[tuple[str, ...], ...] = (("attribute", "promocode"), ("item", "fee"), ("event",))


def undo_operations(journal: Journal, kinds: tuple[str, ...]) -> Iterator[Operation]:
    for entry in journal.entries():
        target = _target(entry)
        if entry.kind in kinds and target is not None:
            action = Action.CANCEL if entry.kind == "event" else Action.DELETE
            yield Operation(
                entry.key, entry.kind, action, path_ids=dict(entry.scope), target=target
            )


def _target(entry: JournalEntry) -> IdSource | None:
    """The resource this run created, if it did: its id, or its natural key after a crash."""
    if entry.state == SENDING:
        if entry.resource_id:
            return entry.resource_id
        if entry.natural_key is None:
            return None
        return ByKey(entry.kind, entry.natural_key, dict(entry.scope))
    live = entry.state in (Status.CREATED.value, Status.UPDATED.value)
    return entry.resource_id if entry.created and live and entry.resource_id else None


async def undo_run(
    journal: Journal,
    config: RunConfig,
    observers: Sequence[Observer] = (),
    *,
    sender: Sender | None = None,
    handle_signals: bool = False,
) -> list[EngineReport]:
    """Delete (or cancel) everything the journal's run created; one report per phase."""
    reports = []
    undone: list[OpKey] = []

    def forget_undone(event: Event) -> None:
        if isinstance(event, RowDone) and event.outcome.status in (
            Status.DELETED,
            Status.CANCELLED,
            Status.UNCHANGED,  # a cut-off create that never landed: nothing to undo
        ):
            undone.append(event.key)

    for kinds in PHASES:
        operations = list(undo_operations(journal, kinds))
        if not operations:
            continue
        report = await execute_plan(
            operations,
            kind="undo",
            config=config,
            journal=None,
            observers=[forget_undone, *observers],
            sender=sender,
            handle_signals=handle_signals,
        )
        journal.remove(undone)
        undone.clear()
        reports.append(report)
        if report.stopped:
            break
    return reports


async def undo_summary(
    journal_path: Path,
    config: RunConfig,
    observers: Sequence[Observer] = (),
    *,
    sender: Sender | None = None,
    handle_signals: bool = False,
) -> RunSummary:
    """Undo the journal's run and sum it up like an import."""
    if not journal_path.is_file():
        raise JournalError(f"no journal at {journal_path}")
    journal = Journal.open_existing(journal_path)
    counts: dict[Status, int] = {}

    def count(event: Event) -> None:
        if isinstance(event, RowDone):
            counts[event.outcome.status] = counts.get(event.outcome.status, 0) + 1

    try:
        reports = await undo_run(
            journal, config, [count, *observers], sender=sender, handle_signals=handle_signals
        )
    finally:
        journal.close()
    stopped = next((r for r in reports if r.stopped), None)
    return RunSummary(
        counts=counts,
        requests=sum(r.requests for r in reports),
        retries=sum(r.retries for r in reports),
        reconciliations=0,
        seconds=sum(r.seconds for r in reports),
        results_path=None,
        journal_path=journal_path,
        stopped=stopped.stopped if stopped else None,
        resume_hint="run the same undo command again" if stopped else "",
    )
