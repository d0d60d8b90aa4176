"""`bulkspot copy --from-event A --to-event B`: an event's fees, items with their attributes
and promocodes made again in another event, maybe of another account.

A copy is exports and imports, so it has every guarantee of an import: each kind is exported
from A without ids (runner/export.py: fees by label in promocode rows) to a sheet in the
copy's folder, then imported into B by `run_job` with its own journal and results beside the
sheet. Kinds go in the registry's order (fees, then items, then promocodes, whose fees are
found in B by label). The folder is named by the two events, so the same command finds it:
a sheet there is complete (sheets are written whole) and is not exported again, so a rerun
imports the very sheet the stopped run was importing and its journal resumes it; each
journal undoes its kind (`bulkspot undo --journal`, promocodes first). Once a kind's import is
finished, a copy run again reads the source again and brings over what is new or changed
there since (runner/catch_up.py). Amounts are numbers in their event's currency: between
events of different currencies a copy is refused before anything is read or written, unless
`keep_amounts` says the numbers are to stay as they are in the new currency.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bulkspot.config import RunConfig
from bulkspot.core.money import DEFAULT_CURRENCY
from bulkspot.core.outcome import Status
from bulkspot.core.resources import EVENT, RESOURCES, importable_kinds, spec_for
from bulkspot.errors import ConfigError, NotFoundError
from bulkspot.runner.catch_up import CatchUp, Target, catch_up, forget_catch_ups
from bulkspot.runner.checks import event_currency, require_event_id
from bulkspot.runner.copy_source import SourceReads
from bulkspot.runner.export import ExportJob, ExportSummary
from bulkspot.runner.job import EXIT_OK, EXIT_STOPPED, ImportJob, RunSummary
from bulkspot.runner.page_reader import OnProgress
from bulkspot.runner.pathargs import StrPath, make_paths
from bulkspot.runner.retry import Requester


def copyable_kinds() -> tuple[str, ...]:
    """An event's kinds a copy makes (plural), in the order they must be made: what a sheet
    makes under an event, less what comes with its parent's rows (attributes with items)."""
    embedded = {t.child for spec in RESOURCES.values() for t in spec.totals}
    return tuple(
        RESOURCES[kind].plural
        for kind in importable_kinds()
        if RESOURCES[kind].parent == EVENT.kind and kind not in embedded
    )


@dataclass(frozen=True, slots=True)
class CopyJob:
    from_event: str
    to_event: str
    kinds: Sequence[str] = ()  # plural or singular; empty: every copyable kind
    folder: Path | None = None  # default: bulkspot-copy-<A>-to-<B> in the working folder
    fresh: bool = False  # export again and ignore the journals of an earlier copy
    keep_amounts: bool = False  # between currencies: 45 USD becomes 45 EUR, as asked

    if TYPE_CHECKING:  # the folder taken as str or os.PathLike too (tests/runner/test_path_args.py)

        def __init__(
            self,
            from_event: str,
            to_event: str,
            kinds: Sequence[str] = (),
            folder: StrPath | None = None,
            fresh: bool = False,
            keep_amounts: bool = False,
        ) -> None: ...

    def __post_init__(self) -> None:
        make_paths(self, optional=("folder",))
        require_event_id(self.from_event)
        require_event_id(self.to_event)

    @property
    def work_folder(self) -> Path:
        return self.folder or Path(f"bulkspot-copy-{self.from_event}-to-{self.to_event}")

    def ordered_kinds(self) -> tuple[str, ...]:
        """The kinds asked for, in the order they must be made; ConfigError for another."""
        known = copyable_kinds()
        wanted = set()
        for name in self.kinds or known:
            try:
                plural = spec_for(name.strip()).plural
            except KeyError:
                plural = name.strip()
            if plural not in known:
                raise ConfigError(
                    f"cannot copy {name.strip()!r}: copy one or more of {', '.join(known)}"
                )
            wanted.add(plural)
        return tuple(kind for kind in known if kind in wanted)

    def sheet(self, kind: str) -> Path:
        return self.work_folder / f"{kind}.csv"

    def journal(self, kind: str) -> Path:
        return self.work_folder / f"{kind}.journal.sqlite"

    @property
    def target(self) -> Target:
        return Target(self.work_folder, self.from_event, self.to_event)


@dataclass(frozen=True, slots=True)
class CopySummary:
    """Per kind, in order: its export (None when an earlier run had written the sheet), its
    import, and (a copy run again) its catch-up with the source; a kind after a stopped
    import is not started."""

    folder: Path
    exports: dict[str, ExportSummary | None] = field(default_factory=dict)
    imports: dict[str, RunSummary] = field(default_factory=dict)
    not_started: tuple[str, ...] = ()
    caught_up: dict[str, CatchUp] = field(default_factory=dict)

    @property
    def runs(self) -> tuple[RunSummary, ...]:
        """Its imports, each kind's first and then its catch-ups'."""
        found: list[RunSummary] = []
        for kind, first in self.imports.items():
            caught = self.caught_up.get(kind)
            found += [first, *(caught.imports.values() if caught else ())]
        return tuple(found)

    @property
    def exit_code(self) -> int:
        if self.not_started:
            return EXIT_STOPPED
        return max((s.exit_code for s in self.runs), default=EXIT_OK)

    @property
    def counts(self) -> dict[Status, int]:
        """Every row's outcome so far, over its kinds and their catch-ups."""
        total: dict[Status, int] = {}
        for run in self.runs:
            for status, count in run.job_counts.items():
                total[status] = total.get(status, 0) + count
        return {status: count for status, count in total.items() if count}

    @property
    def requests(self) -> int:
        """The imports' requests in this run (the source's reads not among them)."""
        return sum(run.requests for run in self.runs)

    @property
    def stopped(self) -> str | None:
        """Why it stopped early (None: it ran to the end)."""
        return next((run.stopped for run in self.runs if run.stopped), None)

    @property
    def journals(self) -> tuple[Path, ...]:
        """The journals to undo, the last made first (promocodes before their fees, a
        kind's catch-ups before its first import)."""
        found: list[Path] = []
        for kind, result in self.imports.items():
            found += [result.journal_path] if result.journal_path is not None else []
            found += Target(self.folder, "", "").journals(kind)
        return tuple(reversed(found))


async def copy_event(
    job: CopyJob,
    *,
    source: Requester,
    source_api: str,
    config: RunConfig,
    requester: Requester,
    handle_signals: bool = False,
    on_progress: OnProgress | None = None,
    on_kind: Callable[[str, str], None] | None = None,
    reads: SourceReads | None = None,
) -> CopySummary:
    """Copy the job's kinds from `source` (A's account) into B through `requester` (B's).
    `on_kind(kind, phase)`: told "export" and "import" as each starts. `reads`: the source's
    reads when they are shared with other copies (runner/copy_source.py)."""
    from bulkspot.runner.import_run import run_job

    kinds = job.ordered_kinds()
    if job.from_event == job.to_event and source_api == config.api.base_url:
        raise ConfigError("--from-event and --to-event are the same event: nothing to copy")
    reads = reads or SourceReads(source, source_api, on_progress)
    currency = await _target_currency(job, reads, requester)
    tell = on_kind or (lambda _kind, _phase: None)
    summary = CopySummary(job.work_folder)
    for number, kind in enumerate(kinds):
        sheet = job.sheet(kind)
        catching_up = not job.fresh and sheet.exists()  # a sheet read by an earlier run
        if job.fresh:
            forget_catch_ups(job.work_folder, kind)
        if not catching_up:
            tell(kind, "export")
            summary.exports[kind] = await reads.sheet(
                ExportJob(
                    kind,
                    sheet,
                    job.from_event,
                    with_ids=False,
                    fresh=job.fresh,
                    currency_marks=False,
                )
            )
        else:
            summary.exports[kind] = None
        tell(kind, "import")
        imported = ImportJob(
            kind=kind,
            source=sheet,
            event_id=job.to_event,
            results_path=job.work_folder / f"{kind}.results.csv",
            journal_path=job.journal(kind),
            fresh=job.fresh,
            currency=currency,
        )
        result = await run_job(imported, config, requester, handle_signals=handle_signals)
        summary.imports[kind] = result
        if catching_up and not result.stopped:
            tell(kind, "check")
            target = replace(job.target, currency=currency)
            caught = await catch_up(
                kind,
                target,
                reads=reads,
                config=config,
                requester=requester,
                handle_signals=handle_signals,
            )
            summary.caught_up[kind] = caught
        if result.stopped or (catching_up and summary.caught_up[kind].stopped):
            return CopySummary(
                job.work_folder,
                summary.exports,
                summary.imports,
                kinds[number + 1 :],
                summary.caught_up,
            )
    return summary


async def _target_currency(job: CopyJob, reads: SourceReads, requester: Requester) -> str | None:
    """The currency of the event copied into, which the copy's sheets are read in; a
    ConfigError when it is not the source event's and the job does not keep the amounts.
    None when an event cannot be read: the export or the import says why."""
    source_event = await reads.event(job.from_event)
    if source_event is None:
        return None
    try:
        reply = await requester.send("GET", EVENT.item_url({}, job.to_event))
    except NotFoundError:
        return None
    theirs = event_currency(source_event) or DEFAULT_CURRENCY
    ours = event_currency(reply.body) or DEFAULT_CURRENCY
    if theirs != ours and not job.keep_amounts:
        raise ConfigError(
            f"event {job.from_event} is in {theirs} and event {job.to_event} in {ours}: a copy "
            f"would make every {theirs} amount the same number of {ours}, so nothing was "
            f"copied. To keep the numbers as they are, in {ours}, give --keep-amounts"
        )
    return ours
