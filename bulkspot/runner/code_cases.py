"""A promocode of the sheet whose name differs only by case from a code the event has: the
API keeps both, and a buyer typing either may get the one not meant. Read once before any
row is sent (one read of the event's codes) and said on the row and in the run's warnings;
not a refusal. Rows that differ by case from each other are core/planners/row_notes.py's."""

from __future__ import annotations

from bulkspot.core.planners.row_notes import listing
from bulkspot.core.resources import PROMOCODE
from bulkspot.errors import StopRun, TransferError
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.retry import Requester
from bulkspot.runner.sheet import SheetPlan


async def codes_by_case(sheet: SheetPlan, event_id: str | None, requester: Requester) -> list[str]:
    """Note each row whose code differs only by case from one of the event's (not a code
    the sheet itself names: that one is its own row's) in `sheet.row_notes`; the warning.
    A promocodes sheet into one event (`--event`) only."""
    if sheet.kind != PROMOCODE.kind or not event_id:
        return []
    header = sheet.mapping.header_of(PROMOCODE.natural_key or "")
    if header is None:
        return []
    index = KeyIndex(requester)
    scope = {"event_id": event_id}
    try:
        await index.find(PROMOCODE.kind, scope, "")  # one read of the event's codes
    except (TransferError, StopRun):
        return []  # the rows go on; each says what it meets
    existing = {name.casefold(): name for name in index.view(PROMOCODE.kind, scope)}
    if not existing:
        return []
    named: list[tuple[int, str]] = []  # rows whose code is an existing one in some case
    with sheet.rows() as rows:
        for number, cells in rows:
            name = str(cells.get(header) or "").strip()
            if name.casefold() in existing:
                named.append((number, name))
    own = {name for _, name in named}
    found = []
    for number, name in named:
        other = existing[name.casefold()]
        if other != name and other not in own:
            note = f"the code {name!r} differs only by case from the event's code {other!r}"
            said = sheet.row_notes.get(number)
            sheet.row_notes[number] = f"{said}; {note}" if said else note
            found.append(f"row {number} {name!r} (the event's {other!r})")
    if not found:
        return []
    return [f"codes that differ only by case from a code the event has: {listing(found)}"]
