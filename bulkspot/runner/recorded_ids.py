"""The ids a journal recorded, checked before an undo, or an import's resume, sends anything.

A journal is a file: a colleague can open and edit it. The ids an undo sends come from it
(each resource's id, the event or item it sits under), as do those a resume builds on (the
item a later row's size goes under), so they are checked against the shapes of the API's
ids as a cell's are (core/idshape.py). Encoding already keeps an id like `../../lists`
inside its one path segment (a 404, not another resource); checked here, such a journal
sends nothing at all, and says which row holds what.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bulkspot.core.resources import id_kinds, id_problem
from bulkspot.errors import JournalError
from bulkspot.sinks.journal_record import JournalEntry

REMEMBERED = 1024  # ids that entries sit under, remembered good (memory stays bounded)


def check_recorded_ids(journal_path: Path, entries: Iterable[JournalEntry]) -> None:
    """JournalError naming the first entry whose id, or an id of what it sits under, is no
    id of its kind: the journal was changed since its run wrote it, or is damaged. A resume
    of 100,000 rows checks them all: each kind's ids are looked up once, and the ids rows
    sit under (most repeat their event) are remembered good, a bounded few."""
    kinds: dict[str, dict[str, str]] = {}
    good: set[tuple[str, str]] = set()  # (kind, id) of the ids entries sit under
    for entry in entries:
        holds = kinds.get(entry.kind)
        if holds is None:
            holds = kinds[entry.kind] = id_kinds(entry.kind)
        recorded = [(name, value) for name, value in entry.scope.items() if name in holds]
        if entry.resource_id:
            recorded.append(("id", entry.resource_id))
        for name, value in recorded:
            if (holds[name], value) in good:
                continue
            why = id_problem(holds[name], value)
            if why is not None:
                raise JournalError(
                    f"{journal_path} row {entry.key.row}: its {name} {why}; the journal was "
                    "changed since its run wrote it, or is damaged, so nothing was sent"
                )
            if name != "id" and len(good) < REMEMBERED:
                good.add((holds[name], value))
