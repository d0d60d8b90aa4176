"""`bulkspot export KIND`: what the API holds, as the sheet `bulkspot import KIND` reads.

The collections an export needs are read page by page through one `Client` (the requester's
rate and concurrency gates, its retries; runner/page_reader.py), each page journaled before
the next is asked for (runner/export_journal.py), so an export that stopped resumes where it
was. Then the sheet is written from the journal in one go (runner/export_file.py) and the
journal removed.

What is read, from the registry: the kinds an id-list field names (a promocode's fees, to
write their labels); the collection of the kind itself, or, for a kind its parent embeds (an
item's attributes), the parent's; and, for a kind whose collection lists summaries (events),
each resource whole.
"""

from __future__ import annotations

import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bulkspot.core.money import DEFAULT_CURRENCY
from bulkspot.core.resources import EVENT, ResourceSpec, spec_for
from bulkspot.core.wording import option_given
from bulkspot.errors import BulkspotError, ConfigError, NotFoundError
from bulkspot.runner.api_base import not_the_api
from bulkspot.runner.checks import base_url_hint, event_currency, missing_event, require_event_id
from bulkspot.runner.export_file import sheet_format, write_sheet
from bulkspot.runner.export_journal import PageJournal, Resource
from bulkspot.runner.export_rows import (
    PARENT,
    Row,
    SheetShape,
    rows_of,
    shape_of,
)
from bulkspot.runner.page_reader import OnProgress, PageReader, ReadCollections
from bulkspot.runner.pathargs import StrPath, make_paths
from bulkspot.runner.retry import Requester
from bulkspot.sinks.claims import RunFile, check_run_files, hold
from bulkspot.sinks.journal import EVENT_KEY
from bulkspot.sinks.lock import EXPORT, JournalLock
from bulkspot.sinks.made_folders import missing_folders, remove_made
from bulkspot.sinks.storage import check_writable

MAIN = "rows"


@dataclass(frozen=True, slots=True)
class ExportJob:
    """What to export, and where. `with_ids` False: a sheet that makes the resources anew
    (in another event, another account), as `bulkspot copy` writes. `page_size`: the page
    a paged collection (events, folders, ...) is asked for in (None: the longest the API
    gives, `ResourceSpec.largest_page`).
    `currency_marks`: the amounts of an event whose currency is not the default written with
    it (`45.00 EUR`), so the sheet imports into that event again (a copy, which checks the
    currencies itself, writes plain numbers)."""

    kind: str
    output: Path
    event_id: str | None = None
    with_ids: bool = True
    journal_path: Path | None = None  # default: <output>.export-journal.jsonl beside it
    fresh: bool = False
    page_size: int | None = None
    currency_marks: bool = True

    if TYPE_CHECKING:  # the paths taken as str or os.PathLike too (tests/runner/test_path_args.py)

        def __init__(
            self,
            kind: str,
            output: StrPath,
            event_id: str | None = None,
            with_ids: bool = True,
            journal_path: StrPath | None = None,
            fresh: bool = False,
            page_size: int | None = None,
            currency_marks: bool = True,
        ) -> None: ...

    def __post_init__(self) -> None:
        make_paths(self, "output", optional=("journal_path",))
        if self.event_id:
            require_event_id(self.event_id)


@dataclass(frozen=True, slots=True)
class ExportSummary:
    kind: str
    path: Path
    rows: int  # sheet rows (an item with attributes has one per attribute)
    resources: int
    pages: int
    resumed_pages: int  # pages an earlier, stopped run had read
    requests: int
    seconds: float


def journal_path_of(job: ExportJob) -> Path:
    return job.journal_path or job.output.with_name(f"{job.output.name}.export-journal.jsonl")


def check_job(job: ExportJob) -> ResourceSpec:
    """The kind's spec, once the job is known to make sense (ConfigError, before any request)."""
    try:
        spec = spec_for(job.kind)
    except KeyError as unknown:
        raise ConfigError(str(unknown.args[0])) from None
    sheet_format(job.output)
    if spec.parent is not None and not job.event_id:
        owner = (_embedding_parent(spec) or spec).parent  # an attribute's: its item's event
        raise ConfigError(
            f"exporting {spec.plural} needs {option_given('--event', 'ID')}: the {owner} they "
            "belong to"
        )
    check_run_files(_files(job))  # the sheet is no journal, of this export or another job
    check_writable(job.output, "the exported sheet")
    check_writable(journal_path_of(job), "the export journal", file_too=True)
    return spec


def _files(job: ExportJob) -> list[RunFile]:
    return [
        RunFile("", "export journal", journal_path_of(job), journal=True),
        RunFile("--output", "exported sheet", job.output),
    ]


async def export_sheet(
    job: ExportJob,
    requester: Requester,
    *,
    api: str,
    on_progress: OnProgress | None = None,
    known: ReadCollections | None = None,
) -> ExportSummary:
    """Read what the job names (resuming a stopped run's journal) and write its sheet.
    `api`: the base URL, so a journal is never resumed against another API. `known`: the
    collections other exports of this job have read (a copy's kinds), shared with them."""
    spec = check_job(job)
    started, sent = time.monotonic(), requester.requests
    path = journal_path_of(job)
    identity = {
        "kind": spec.kind,
        EVENT_KEY: job.event_id or "",
        "ids": "yes" if job.with_ids else "no",
        "api": api,
    }
    made = missing_folders([path])  # a refused export leaves no folder of its journal
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = JournalLock.acquire(path, about={"by": EXPORT, "output": str(job.output.absolute())})
    try:
        held = hold(_files(job)[1:], path)
    except BaseException:
        lock.release()
        remove_made(made)
        raise
    try:
        journal = PageJournal.open(path, identity, fresh=job.fresh)
        try:
            resumed = sum(step.pages for step in journal.steps.values())
            reader = PageReader(requester, journal, job.page_size, on_progress, known)
            source = _embedding_parent(spec)
            # the id given is the parent's of the collection read: an event's (fees; an
            # item's attributes, through its items), a campaign's (schedules)
            outer = (source or spec).path_ids[:1]
            ids = dict.fromkeys(outer, job.event_id) if job.event_id else {}
            names: dict[str, dict[str, str]] = {}
            for kind in dict.fromkeys(spec.references.values()):  # fees, for their labels
                names[kind] = await reader.names(kind, ids)
            shape = shape_of(spec.kind, with_ids=job.with_ids)
            for column, field in shape.paths.items():  # a folder's parent, by path
                names[column] = await reader.paths(spec.body_ids[field], ids)
            await reader.read(MAIN, (source or spec).kind, ids, whole=spec.summarised)
            named = source is None and any(s.startswith(PARENT) for s in shape.declared.values())
            parent = await reader.parent(spec, job.event_id) if named else None
            currency = await _marked_currency(job, shape, reader)
            rows = write_sheet(
                job.output,
                shape.columns,
                _rows(shape, journal, names, embedded_in=source, parent=parent, currency=currency),
            )
            step = journal.step(MAIN)
        except NotFoundError as missing:
            raise _not_found(missing, job, source or spec, api) from None
        except ConfigError:  # a sheet that cannot be written so: its reads are not resumed
            journal.close(remove=True)
            raise
        finally:
            journal.close()
        path.unlink(missing_ok=True)  # the sheet is whole: nothing left to resume
    finally:
        held.release()
        lock.release()
    return ExportSummary(
        kind=spec.kind,
        path=job.output,
        rows=rows,
        resources=step.resources,
        pages=sum(s.pages for s in journal.steps.values()),
        resumed_pages=resumed,
        requests=requester.requests - sent,
        seconds=time.monotonic() - started,
    )


async def _marked_currency(job: ExportJob, shape: SheetShape, reader: PageReader) -> str | None:
    """The currency the sheet's amounts are written with: its event's, when that is not the
    one an import takes by default; None (plain numbers) otherwise."""
    if not (shape.money and job.currency_marks and job.event_id):
        return None
    currency = event_currency(await reader.parent(shape.spec, job.event_id))
    return currency if currency not in (None, DEFAULT_CURRENCY) else None


def _not_found(
    missing: NotFoundError, job: ExportJob, read: ResourceSpec, api: str
) -> BulkspotError:
    """A 404 the export stops on: under an event given by id, that event is not there (said
    as an import says it); at a base URL without /v2/, the hint that it may be why."""
    if job.event_id and read.parent == EVENT.kind and not base_url_hint(api):
        return missing_event(job.event_id, api)
    return not_the_api(missing, api)


def _embedding_parent(spec: ResourceSpec) -> ResourceSpec | None:
    """The parent whose answers list this kind's resources (an item lists its attributes)."""
    if spec.parent is None:
        return None
    parent = spec_for(spec.parent)
    return parent if any(t.child == spec.kind for t in parent.totals) else None


def _rows(
    shape: SheetShape,
    journal: PageJournal,
    names: Mapping[str, Mapping[str, str]],
    *,
    embedded_in: ResourceSpec | None,
    parent: Resource | None,
    currency: str | None,
) -> Iterator[Row]:
    for resource in journal.resources(MAIN):
        if embedded_in is None:
            yield from rows_of(shape, resource, names, parent, currency)
            continue
        total = next(t for t in embedded_in.totals if t.child == shape.spec.kind)
        for child in resource.get(total.embedded) or ():
            if isinstance(child, dict):
                yield from rows_of(shape, child, names, resource)


def describe(summary: ExportSummary) -> str:
    """One line for a person: what was written where, and what it cost."""
    resumed = f", {summary.resumed_pages} read before it stopped" if summary.resumed_pages else ""
    return (
        f"exported {summary.resources} {spec_for(summary.kind).plural} as {summary.rows} rows "
        f"to {summary.path} ({summary.pages} pages{resumed}; {summary.requests} requests, "
        f"{summary.seconds:.1f}s)"
    )


def payload(summary: ExportSummary) -> dict[str, Any]:
    return {
        "kind": summary.kind,
        "path": str(summary.path),
        "rows": summary.rows,
        "resources": summary.resources,
        "pages": summary.pages,
        "resumed_pages": summary.resumed_pages,
        "requests": summary.requests,
    }
