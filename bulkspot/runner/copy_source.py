"""What a copy reads of its source: the source event, and each kind's collection as a sheet.

Its kinds' exports share the collections they read (runner/page_reader.py): the fees read
for the fees' sheet name the promocodes' fees by label, with no read of their own, so each
collection of the source is read once a run (issue 24).

`SourceReads` reads for one copy. `SharedReads` reads for many copies of one template in one
process (runner/copy_many.py): each target asks as a lone copy would, but the event is read
once and each kind's collection once a run, into the template's folder, and every target
gets its own copy of that sheet. So twenty targets cost the source's key the reads of one,
and no target waits behind the others' reads of the same thing.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Awaitable, Callable
from dataclasses import replace
from pathlib import Path
from typing import Any, Generic, TypeVar

import anyio

from bulkspot.core.resources import EVENT
from bulkspot.errors import NotFoundError, StopRun
from bulkspot.runner.export import ExportJob, ExportSummary, export_sheet
from bulkspot.runner.page_reader import OnProgress, ReadCollections
from bulkspot.runner.retry import Requester

T = TypeVar("T")


class SourceReads:
    """The reads of one copy's source account, each sent when asked for."""

    def __init__(
        self, requester: Requester, api: str, on_progress: OnProgress | None = None
    ) -> None:
        self.requester = requester
        self.api = api  # the source's base URL (a copy into the same event is refused)
        self.on_progress = on_progress
        self.collections = ReadCollections()  # read by this copy's exports, shared

    async def event(self, event_id: str) -> Any | None:
        """The event's body; None when the API has no such event."""
        try:
            reply = await self.requester.send("GET", EVENT.item_url({}, event_id))
        except NotFoundError:
            return None
        return reply.body

    async def sheet(self, job: ExportJob) -> ExportSummary:
        """The job's kind of the source event, written as the sheet `job.output`."""
        return await export_sheet(
            job, self.requester, api=self.api, on_progress=self.on_progress, known=self.collections
        )


class _Once(Generic[T]):
    """One awaited result for every caller: the first runs it, the others wait for it (an
    error is every caller's)."""

    def __init__(self) -> None:
        self._done = anyio.Event()
        self.started = False
        self._result: T | None = None
        self._error: BaseException | None = None

    async def get(self, make: Callable[[], Awaitable[T]]) -> T:
        if not self.started:
            self.started = True
            try:
                self._result = await make()
            except BaseException as error:  # the others are told the same
                cut = StopRun("the template's read was cut short: run the same command again")
                self._error = error if isinstance(error, Exception) else cut
                raise
            finally:
                self._done.set()
        await self._done.wait()
        if self._error is not None:
            raise self._error
        return self._result  # type: ignore[return-value]  # set when no error was


class SharedReads(SourceReads):
    """The reads of one source shared by many copies in this process: the event read once,
    each kind read once into `folder` and copied to each copy's sheet."""

    def __init__(
        self,
        requester: Requester,
        api: str,
        folder: Path,
        on_progress: OnProgress | None = None,
    ) -> None:
        super().__init__(requester, api, on_progress)
        self.folder = folder
        self._events: dict[str, _Once[Any | None]] = {}
        self._sheets: dict[tuple[str, str], _Once[ExportSummary]] = {}

    async def event(self, event_id: str) -> Any | None:
        once = self._events.setdefault(event_id, _Once())
        return await once.get(lambda: super(SharedReads, self).event(event_id))

    async def sheet(self, job: ExportJob) -> ExportSummary:
        if job.event_id is None:  # not a copy's read: nothing to share
            return await super().sheet(job)
        once = self._sheets.setdefault((job.kind, job.event_id), _Once())
        read = once.started  # another copy's read: this one costs nothing
        shared = await once.get(lambda: self._read(job))
        _copy_whole(shared.path, job.output)
        if read:
            return replace(shared, path=job.output, requests=0, seconds=0.0)
        return replace(shared, path=job.output)

    async def _read(self, job: ExportJob) -> ExportSummary:
        self.folder.mkdir(parents=True, exist_ok=True)
        into = self.folder / f"{job.kind}-{job.event_id}.csv"
        return await super().sheet(replace(job, output=into, journal_path=None, fresh=True))


def _copy_whole(source: Path, target: Path) -> None:
    """A copy's sheet is whole or absent (a sheet there means an earlier run read it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    shutil.copyfile(source, partial)
    os.replace(partial, target)
