"""An export's reads: collections page by page into the export's journal, each page recorded
before the next is asked for, so a stopped export resumes from the page it had reached; for a
kind whose list answers summaries, each resource read whole. Every page read is told to the
caller as an `ExportProgress`.

Exports of one job (a copy's kinds) may share a `ReadCollections`: a collection one of them
read whole names resources for the next without a read of its own (the fees a copy's fees
export read name the promocodes' fees by label), so each collection is read once a run.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

import anyio

from bulkspot.core.apipath import Address, NextLink, next_link
from bulkspot.core.resources import ResourceSpec, spec_for
from bulkspot.runner.export_journal import PageJournal, Resource
from bulkspot.runner.export_rows import paths_of
from bulkspot.runner.retry import Requester


@dataclass(frozen=True, slots=True)
class ExportProgress:
    """One page read: of which collection, and how many resources so far."""

    collection: str
    pages: int
    resources: int
    resumed: bool = False  # read by an earlier run, from the journal


OnProgress = Callable[[ExportProgress], None]
CollectionKey = tuple[str, tuple[tuple[str, str], ...]]


class ReadCollections:
    """The collections read whole by exports of one job in this process, by kind and path
    ids (a bare array, or the pages of one read from the first), each as it was read."""

    def __init__(self) -> None:
        self._found: dict[CollectionKey, list[Resource]] = {}

    @staticmethod
    def _key(kind: str, ids: Mapping[str, str]) -> CollectionKey:
        return spec_for(kind).kind, tuple(sorted(ids.items()))

    def get(self, kind: str, ids: Mapping[str, str]) -> list[Resource] | None:
        return self._found.get(self._key(kind, ids))

    def keep(self, kind: str, ids: Mapping[str, str], resources: list[Resource]) -> None:
        self._found[self._key(kind, ids)] = resources


class PageReader:
    """Reads collections page by page into the journal, from where a stopped run was."""

    def __init__(
        self,
        requester: Requester,
        journal: PageJournal,
        page_size: int | None,
        on_progress: OnProgress | None,
        known: ReadCollections | None = None,
    ) -> None:
        self.requester, self.journal, self.page_size = requester, journal, page_size
        self.on_progress = on_progress or (lambda _p: None)
        self.known = known

    async def names(self, kind: str, ids: Mapping[str, str]) -> dict[str, str]:
        """id -> natural key of a collection (fee ids -> labels)."""
        key = spec_for(kind).natural_key or "id"
        found = await self._collection(f"names:{kind}", kind, ids)
        return {str(r.get("id")): str(r.get(key)) for r in found}

    async def parent(self, spec: ResourceSpec, parent_id: str | None) -> Resource:
        """The parent a sheet names its rows' resources under (a schedule's campaign, by
        name), read whole: the export was given its id."""
        if spec.parent is None or not parent_id:
            return {}
        parent = spec_for(spec.parent)
        reply = await self.requester.send("GET", parent.item_url({}, parent_id))
        return reply.body if isinstance(reply.body, dict) else {}

    async def paths(self, kind: str, ids: Mapping[str, str]) -> dict[str, str]:
        """id -> path from the top of a collection that nests in itself (folders)."""
        return paths_of(spec_for(kind), await self._collection(f"paths:{kind}", kind, ids))

    async def _collection(self, step: str, kind: str, ids: Mapping[str, str]) -> Iterable[Resource]:
        """A collection another export of this job read whole, else read (journaled)."""
        known = self.known.get(kind, ids) if self.known is not None else None
        if known is not None and not self.journal.step(step).pages:
            return known
        await self.read(step, kind, ids)
        return self.journal.resources(step)

    async def read(
        self, step_name: str, kind: str, ids: Mapping[str, str], *, whole: bool = False
    ) -> None:
        step = self.journal.step(step_name)
        if step.pages:
            self.on_progress(ExportProgress(kind, step.pages, step.resources, resumed=True))
        read: list[Resource] | None = [] if not step.pages and not whole else None
        while not step.done:
            found, next_link = await self.page(kind, ids, step.next)
            if whole:
                found = await self._whole(kind, ids, found)
            self.journal.record(step_name, found, next_link)
            self.on_progress(ExportProgress(kind, step.pages, step.resources))
            if read is not None:
                read += found
        if read is not None and self.known is not None:  # read whole by this run: shared
            self.known.keep(kind, ids, read)

    async def page(
        self, kind: str, ids: Mapping[str, str], link: str
    ) -> tuple[list[Resource], str]:
        """One page (from `link`, a page's next link, else the first) and the next page's
        link, "" after the last; a bare array (fees, items, promocodes) is one page."""
        spec = spec_for(kind)
        collection = spec.collection_url(ids)
        path: Address = NextLink(link, collection.segments) if link else collection
        if not link and spec.paged:  # the page asked for, else the longest the API gives
            path = spec.collection_url(ids).with_query(limit=self.page_size or spec.largest_page)
        body = (await self.requester.send("GET", path)).body
        if isinstance(body, list):
            return [r for r in body if isinstance(r, dict)], ""
        body = body if isinstance(body, dict) else {}
        found = [r for r in body.get("results") or [] if isinstance(r, dict)]
        following = next_link(body, path)
        return found, following.text if following is not None else ""

    async def _whole(
        self, kind: str, ids: Mapping[str, str], found: list[Resource]
    ) -> list[Resource]:
        """Each resource of a page of summaries read whole, at the requester's concurrency."""
        whole: list[Resource] = [{} for _ in found]

        async def get(index: int, resource_id: str) -> None:
            reply = await self.requester.send("GET", spec_for(kind).item_url(ids, resource_id))
            whole[index] = reply.body if isinstance(reply.body, dict) else {}

        async with anyio.create_task_group() as group:
            for index, summary in enumerate(found):
                group.start_soon(get, index, str(summary.get("id", "")))
        return whole
