"""One template, many accounts: a copy of one source event into many targets, in one process.

An agency rolls one template event out to its clients' accounts. Each target is a lone copy
(runner/copy.py: every kind an import with its own journal, resumable, undoable) in a folder
of its own, named by the account (`<folder>/accounts/<name>/`), so the same command finds
each one's journals again. The targets run side by side from the start, each through its
own key's rate gate (connection.py keeps one per key in a process: targets that share a key
share it). The source is read once for all of them (runner/copy_source.py: its event once,
each kind's collection once a run, into `<folder>/source/`).

One account's stop (a bad token, its quota, an event it lacks, a 401 or 403) is that
account's: it is recorded with its reason and the others go on. The summary says each
account's counts and state; the exit code is the worst of them.
"""

from __future__ import annotations

import re
import signal
import time
from collections.abc import Callable, Sequence
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass, fields
from pathlib import Path

import anyio

from bulkspot.config import RunConfig
from bulkspot.core.outcome import Status
from bulkspot.core.wording import interrupted_hint
from bulkspot.errors import BulkspotError, ConfigError, StopRun
from bulkspot.runner.checks import require_event_id
from bulkspot.runner.copy import CopyJob, CopySummary, copy_event
from bulkspot.runner.copy_source import SharedReads
from bulkspot.runner.copy_target import TargetNames
from bulkspot.runner.job import EXIT_OK, EXIT_SOME_ROWS_BAD, EXIT_STOPPED
from bulkspot.runner.pathargs import StrPath, as_path
from bulkspot.runner.retry import Requester
from bulkspot.runner.stop_signal import StopSignal

NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
Connect = Callable[[RunConfig], AbstractAsyncContextManager[Requester]]


@dataclass(frozen=True, slots=True)
class CopyTarget:
    """One account a template is copied into: its name (its folder's), the event there, and
    its API settings with the run's limits."""

    name: str
    to_event: str
    config: RunConfig
    given_in: str = ""  # where the target was given ("clients.csv line 3"), for messages

    def __post_init__(self) -> None:
        if not NAME.fullmatch(self.name):
            raise ConfigError(
                f"the account name {self.name!r} cannot name a folder: use letters, digits, "
                "'.', '-' and '_' (64 at most), beginning with a letter or digit"
            )
        require_event_id(self.to_event)

    @property
    def names(self) -> TargetNames:
        """The account, and where its event id was given, as its messages name them."""
        if not self.given_in:
            return TargetNames(f"the account {self.name}", "its to_event")
        return TargetNames(f"the account {self.name} ({self.given_in})", "its to_event cell")


@dataclass(frozen=True, slots=True)
class ManyCopyJob:
    """One source event copied into every target's event."""

    from_event: str
    targets: Sequence[CopyTarget]
    kinds: Sequence[str] = ()
    folder: Path | None = None  # default: bulkspot-copy-<A> in the working folder
    fresh: bool = False
    keep_amounts: bool = False

    def __init__(
        self,
        from_event: str,
        targets: Sequence[CopyTarget],
        kinds: Sequence[str] = (),
        folder: StrPath | None = None,
        fresh: bool = False,
        keep_amounts: bool = False,
    ) -> None:
        require_event_id(from_event)
        if not targets:
            raise ConfigError("no account to copy into: give at least one")
        seen: dict[str, CopyTarget] = {}
        for target in targets:
            first = seen.setdefault(target.name.lower(), target)  # one folder, case-blind
            if first is not target:
                raise ConfigError(_given_twice(first, target))
        specs = fields(self)  # in the order of the parameters; a path's error names its own
        path = None if folder is None else as_path(folder, specs[3].name)
        values = (from_event, tuple(targets), tuple(kinds), path, fresh, keep_amounts)
        for spec, value in zip(specs, values, strict=True):
            object.__setattr__(self, spec.name, value)

    @property
    def work_folder(self) -> Path:
        return self.folder or Path(f"bulkspot-copy-{self.from_event}")

    def job(self, target: CopyTarget) -> CopyJob:
        """The target's own copy, in its account's folder."""
        folder = self.work_folder / "accounts" / target.name
        return CopyJob(
            self.from_event, target.to_event, self.kinds, folder, self.fresh, self.keep_amounts
        )


def _given_twice(first: CopyTarget, again: CopyTarget) -> str:
    """Both places a name was given, so the person can tell which line to change."""
    said = f"the account name {again.name!r} is given twice"
    if first.given_in and again.given_in:
        return f"{said} ({first.given_in} and {again.given_in})"
    return said


@dataclass(frozen=True, slots=True)
class AccountCopy:
    """One account's end: its copy's summary (None: refused before its first import, as
    `error` says)."""

    name: str
    to_event: str
    folder: Path
    copy: CopySummary | None = None
    error: str | None = None  # why it stopped before or outside its imports
    error_hint: str = ""  # what to do about that stop
    requests: int = 0  # every request sent on the account's key for it in this run

    @property
    def exit_code(self) -> int:
        return EXIT_STOPPED if self.copy is None else self.copy.exit_code

    @property
    def stopped(self) -> str | None:
        """Why the account stopped early (None: it ran to the end)."""
        return self.error if self.copy is None else self.copy.stopped

    @property
    def state(self) -> str:
        """done, rows not done (some failed, invalid or blocked) or stopped."""
        if self.exit_code == EXIT_OK:
            return "done"
        if self.exit_code == EXIT_SOME_ROWS_BAD:
            return "rows not done"
        return "stopped"

    @property
    def counts(self) -> dict[Status, int]:
        return {} if self.copy is None else self.copy.counts

    @property
    def resume_hint(self) -> str:
        """What to do about its stop ("" when it ran to the end, or none is known)."""
        return self.error_hint if self.copy is None else self.copy.resume_hint


@dataclass(frozen=True, slots=True)
class ManyCopySummary:
    """Every account's end, in the order the targets were given."""

    folder: Path
    from_event: str
    accounts: tuple[AccountCopy, ...]
    source_requests: int = 0  # the template's reads, shared by every account
    seconds: float = 0.0

    @property
    def exit_code(self) -> int:
        return max((account.exit_code for account in self.accounts), default=EXIT_OK)


async def copy_to_accounts(
    job: ManyCopyJob,
    *,
    source: Requester,
    source_api: str,
    connect: Connect,
    handle_signals: bool = False,
    on_kind: Callable[[str, str, str], None] | None = None,
) -> ManyCopySummary:
    """Copy `job`'s source into every target at once; `connect(config)`: a target's
    requester. `on_kind(account, kind, phase)`: told as each account's kinds start.
    `handle_signals`: the first Ctrl-C or SIGTERM stops every account cleanly, a second
    at once."""
    started = time.monotonic()
    reads = SharedReads(source, source_api, job.work_folder / "source")
    ends: dict[str, AccountCopy] = {}
    stops = [source.stop]
    tell = on_kind or (lambda _account, _kind, _phase: None)

    async def one(target: CopyTarget) -> None:
        single = job.job(target)
        sent: list[Requester] = []  # the account's requester, once connected

        def end(copied: CopySummary | None, error: str | None = None, hint: str = "") -> None:
            requests = sent[0].requests if sent else 0  # its key's, the event read's included
            ends[target.name] = AccountCopy(
                target.name, target.to_event, single.work_folder, copied, error, hint, requests
            )

        try:
            async with connect(target.config) as requester:
                sent.append(requester)
                stops.append(requester.stop)
                copied = await copy_event(
                    single,
                    source=source,
                    source_api=source_api,
                    config=target.config,
                    requester=requester,
                    on_kind=lambda kind, phase: tell(target.name, kind, phase),
                    reads=reads,
                    names=target.names,
                )
        except StopRun as stopped:  # this account's alone: the others go on
            end(None, stopped.reason, stopped.resume_hint)
            return
        except BulkspotError as error:
            end(None, str(error))
            return
        end(copied)

    async with anyio.create_task_group() as group:
        if handle_signals:
            group.start_soon(_watch_signals, stops, group.cancel_scope)
        async with anyio.create_task_group() as accounts:
            for target in job.targets:
                accounts.start_soon(one, target)
        group.cancel_scope.cancel()
    cut = "interrupted at once (a second Ctrl-C or SIGTERM); run the same command again"
    return ManyCopySummary(
        job.work_folder,
        job.from_event,
        tuple(
            ends.get(t.name) or AccountCopy(t.name, t.to_event, job.job(t).work_folder, None, cut)
            for t in job.targets
        ),
        source.requests,
        time.monotonic() - started,
    )


async def _watch_signals(stops: list[StopSignal], scope: anyio.CancelScope) -> None:
    """One watcher for every account (a signal has one handler in a process): the first
    Ctrl-C or SIGTERM stops each account cleanly, the second at once."""
    with anyio.open_signal_receiver(signal.SIGINT, signal.SIGTERM) as signals:
        heard = False
        async for signum in signals:
            if heard:
                scope.cancel()
                return
            heard = True
            name = "Ctrl-C" if signum == signal.SIGINT else "SIGTERM"
            for stop in stops:
                stop.set(f"interrupted ({name})", interrupted_hint())
