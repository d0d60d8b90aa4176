"""The journal's record that its run was undone: what keeps undone undone.

An undo marks the journal's meta (`undo`: STARTED before its first delete, DONE once it has
gone through). The same job run again from that journal (an import from a shell's history,
a cron job's `promocodes generate`) would make again everything the undo removed, so it is
refused, saying how to go on: finish an interrupted undo, or start over with --fresh. A meta
row, not a schema change: a journal from before simply has none.
"""

from __future__ import annotations

from pathlib import Path

from bulkspot.core.wording import option
from bulkspot.errors import JobUndoneError
from bulkspot.sinks.journal_file import recorded_meta

UNDO_MARK, UNDO_STARTED, UNDO_DONE = "undo", "started", "done"


def undo_mark(path: Path) -> str | None:
    """The journal's undo mark (UNDO_STARTED, UNDO_DONE, or None), read without opening it:
    for a dry run, which opens no journal, and for a check made before a run starts."""
    return recorded_meta(path, UNDO_MARK)


def refuse_undone(path: Path, mark: str | None) -> None:
    """JobUndoneError when an undo has removed (or begun to remove) what the journal's run
    made: the same job run again would make it all again, unseen."""
    if mark == UNDO_DONE:
        raise JobUndoneError(
            f"the run of the journal {path} was undone (`bulkspot undo`), so nothing was "
            "sent: running it again would make again what the undo removed. To make its rows "
            f"again, run with {option('--fresh')} (which replaces the journal)."
        )
    if mark is not None:
        raise JobUndoneError(
            f"an undo of the run of the journal {path} did not finish, so nothing was sent. "
            f"To finish the undo, run `bulkspot undo --journal {path}` again; to make the "
            f"rows again instead, run with {option('--fresh')} (which replaces the journal)."
        )
