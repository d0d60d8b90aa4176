"""The notes a sheet's rows get before any write (core/planners/row_notes.py, a shop
export's own): read in one pass when the job begins, so a dry run, a real run and a resumed
one say the same, and the results file carries each on its row."""

from __future__ import annotations

from collections.abc import Iterable

from bulkspot.core.columnmap import ColumnMap
from bulkspot.core.constants import Constants
from bulkspot.core.planners.row_notes import note_taker
from bulkspot.core.shops import ShopExport
from bulkspot.sources import Row


def sheet_notes(
    kind: str,
    raw: Iterable[Row],
    rows: Iterable[Row],
    mapping: ColumnMap,
    constants: Constants,
    shop: ShopExport | None,
) -> tuple[dict[int, str], list[str]]:
    """(row number -> its note, the run's warnings about them). `raw`: the rows as written
    (a shop export's own notes read them); `rows`: as the kind's mapping reads them."""
    notes: dict[int, str] = {}
    if shop is not None:
        notes.update(shop.row_notes(r for r in raw if shop.keeps(r.cells)))
    taker = note_taker(kind)
    if taker is None:
        return notes, []
    for row in rows:
        cells = constants.fill(row.cells) if constants.fills else row.cells
        values, _ = mapping.read(cells)  # a cell that does not read is the planner's to say
        taker.see(row.number, values)
    for number, note in taker.row_notes().items():
        notes[number] = f"{notes[number]}; {note}" if number in notes else note
    return notes, taker.warnings()
