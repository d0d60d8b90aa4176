"""The journal of an export's pages, so an export that stopped resumes where it was.

One JSON line per page read (the collection it belongs to, its resources, the next page's
link), after a first line that says which export it is. A page is journaled before the next
is asked for, so a rerun asks only for the pages it has not got: reading again from the
start would cost a paged collection (thousands of events or registrants at a standard key's
4 requests a second) every page twice, and the daily quota with it. A line cut short by a
kill is dropped on reading. The journal goes once the sheet is written.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

import orjson

from bulkspot.core.wording import option
from bulkspot.errors import JournalError
from bulkspot.sinks.storage import cannot_write

Resource = dict[str, Any]


@dataclass
class Step:
    """What the journal holds of one collection: its pages so far, and where to go on."""

    pages: int = 0
    next: str = ""
    done: bool = False
    resources: int = 0


@dataclass
class PageJournal:
    path: Path
    identity: Mapping[str, str]
    steps: dict[str, Step] = field(default_factory=dict)
    _handle: BinaryIO | None = None

    @classmethod
    def open(cls, path: Path, identity: Mapping[str, str], *, fresh: bool) -> PageJournal:
        """The journal at `path` (resumed), or a new one; JournalError when it is another
        export's."""
        journal = cls(path, dict(identity))
        if fresh:
            path.unlink(missing_ok=True)
        good = journal._read() if path.exists() else 0
        try:
            handle = path.open("r+b" if path.exists() else "wb")
            handle.truncate(good)
            handle.seek(good)
            if good == 0:
                handle.write(orjson.dumps({"export": dict(identity)}) + b"\n")
                handle.flush()
        except OSError as error:
            raise cannot_write("the export journal", path, error) from None
        journal._handle = handle
        return journal

    def _read(self) -> int:
        """Read what the journal holds; the length of its whole lines."""
        good = 0
        with self.path.open("rb") as handle:
            for number, line in enumerate(handle):
                try:
                    entry = orjson.loads(line)
                except orjson.JSONDecodeError:
                    break  # cut short by a kill: read again
                if number == 0 and entry.get("export") != self.identity:
                    raise JournalError(
                        f"{self.path} is the journal of another export "
                        f"({_describe(entry.get('export'))}): give {option('--fresh')} to start "
                        "over, or "
                        "export to another file"
                    )
                if number > 0:
                    step = self.steps.setdefault(entry["step"], Step())
                    step.pages += 1
                    step.resources += len(entry["resources"])
                    step.next, step.done = entry["next"], not entry["next"]
                good += len(line)
        return good

    def step(self, name: str) -> Step:
        return self.steps.setdefault(name, Step())

    def record(self, name: str, resources: list[Resource], next_link: str) -> None:
        """One page read: written and flushed before the next is asked for."""
        assert self._handle is not None
        line = {"step": name, "resources": resources, "next": next_link}
        try:
            self._handle.write(orjson.dumps(line) + b"\n")
            self._handle.flush()
        except OSError as error:
            raise cannot_write("the export journal", self.path, error) from None
        step = self.step(name)
        step.pages += 1
        step.resources += len(resources)
        step.next, step.done = next_link, not next_link

    def resources(self, name: str) -> Iterator[Resource]:
        """The resources of one collection, in the order they were read."""
        with self.path.open("rb") as handle:
            next(handle, None)
            for line in handle:
                try:
                    entry = orjson.loads(line)
                except orjson.JSONDecodeError:
                    return
                if entry["step"] == name:
                    yield from entry["resources"]

    def close(self, *, remove: bool = False) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None
        if remove:
            self.path.unlink(missing_ok=True)


def _describe(identity: Any) -> str:
    if not isinstance(identity, dict):
        return "not an export journal"
    return ", ".join(f"{k} {v}" for k, v in identity.items() if v and k != "api")
