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
there since (runner/catch_up.py). The kinds share their reads (issue 24: one read of each
collection a run): the source's (runner/copy_source.py) and B's (runner/copy_target.py).
Amounts are numbers in their event's currency: between events of different currencies a copy
is refused before anything is read or written, unless `keep_amounts` says the numbers are to
stay as they are in the new currency.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING

from bulkspot.config import RunConfig
from bulkspot.core.outcome import Status
from bulkspot.core.resources import EVENT, RESOURCES, importable_kinds, spec_for
from bulkspot.errors import ConfigError
from bulkspot.runner.catch_up import CatchUp, Target, catch_up, forget_catch_ups
from bulkspot.runner.checks import require_event_id
from bulkspot.runner.copy_source import SourceReads
from bulkspot.runner.copy_target import Events, TargetNames, TargetReads, target_currency
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
    checks: int = 0  # requests to B outside its imports: its event read, for the currency

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
        """Every request this run sent to B: its imports' and its event's read (the
        source's reads not among them)."""
        return self.checks + sum(run.requests for run in self.runs)

    @property
    def resume_hint(self) -> str:
        """What to do about the stop (the stopped import's words), "" when none."""
        return next((run.resume_hint for run in self.runs if run.stopped), "")

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
    names: TargetNames | None = None,
) -> CopySummary:
    """Copy the job's kinds from `source` (A's account) into B through `requester` (B's).
    `on_kind(kind, phase)`: told "export" and "import" as each starts. `reads`: the source's
    reads when they are shared with other copies (runner/copy_source.py). `names`: how a
    message names B and where its event id was given (default: --to-event)."""
    from bulkspot.runner.import_run import run_job

    kinds = job.ordered_kinds()
    if job.from_event == job.to_event and source_api == config.api.base_url:
        raise ConfigError("--from-event and --to-event are the same event: nothing to copy")
    reads = reads or SourceReads(source, source_api, on_progress)
    shared = TargetReads(requester)  # B's reads, shared by its kinds' imports
    sent = requester.requests
    events = Events(job.from_event, job.to_event, job.keep_amounts)
    named = names or TargetNames()
    currency = await target_currency(events, reads, shared, named, config.api.base_url)
    checked = requester.requests - sent  # B's event read, for its currency
    tell = on_kind or (lambda _kind, _phase: None)
    summary = CopySummary(job.work_folder, checks=checked)
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
        result = await run_job(
            imported, config, requester, handle_signals=handle_signals, shared=shared
        )
        summary.imports[kind] = result
        if catching_up and not result.stopped:
            tell(kind, "check")
            target = replace(job.target, currency=currency)
            caught = await catch_up(
                kind,
                target,
                reads=reads,
                config=config,
                shared=shared,
                handle_signals=handle_signals,
            )
            summary.caught_up[kind] = caught
        if result.stopped or (catching_up and summary.caught_up[kind].stopped):
            return replace(summary, not_started=kinds[number + 1 :])
    return summary
