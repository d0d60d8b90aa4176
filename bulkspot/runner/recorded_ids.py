"""The ids a journal recorded, checked before an undo sends anything.

A journal is a file: a colleague can open and edit it. The ids an undo sends come from it
(each resource's id, the event or item it sits under), so they are checked against the
shapes of the API's ids as a cell's are (core/idshape.py). Encoding already keeps an id
like `../../lists` inside its one path segment (a 404, not another resource); checked here,
such a journal sends nothing at all, and says which row holds what.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from bulkspot.core.resources import id_kinds, id_problem
from bulkspot.errors import JournalError
from bulkspot.sinks.journal_record import JournalEntry


def check_recorded_ids(journal_path: Path, entries: Iterable[JournalEntry]) -> None:
    """JournalError naming the first entry whose id, or an id of what it sits under, is no
    id of its kind: the journal was changed since its run wrote it, or is damaged."""
    for entry in entries:
        holds = id_kinds(entry.kind)
        recorded = [(name, value) for name, value in entry.scope.items() if name in holds]
        if entry.resource_id:
            recorded.append(("id", entry.resource_id))
        for name, value in recorded:
            why = id_problem(holds[name], value)
            if why is not None:
                raise JournalError(
                    f"{journal_path} row {entry.key.row}: its {name} {why}; the journal was "
                    "changed since its run wrote it, or is damaged, so nothing was sent"
                )
