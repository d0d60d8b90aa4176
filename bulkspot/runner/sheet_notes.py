"""The notes a sheet's rows get before any write, the one place they are gathered: a kind's
row notes (core/planners/row_notes.py), a shop export's own, an event's times
(core/moment_notes.py) and names that differ only by case (core/case_twins.py). Read when
the job begins, so a dry run, a real run and a resumed
one say the same, and the results file carries each on its row."""

from __future__ import annotations

from collections.abc import Iterable

from bulkspot.core.case_twins import case_twin_notes
from bulkspot.core.columnmap import ColumnMap
from bulkspot.core.constants import Constants
from bulkspot.core.moment_notes import moment_notes
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
    """(row number -> its note, the run's warnings). `raw`: the rows as written (a shop
    export's own notes read them); `rows`: as the kind's mapping reads them (read again for
    each kind of note the sheet needs)."""
    notes: dict[int, str] = {}
    warnings: list[str] = []
    if shop is not None:
        notes.update(shop.row_notes(r for r in raw if shop.keeps(r.cells)))
    if mapping.zoned_headers():
        warnings += moment_notes(mapping, (r._replace(cells=constants.fill(r.cells)) for r in rows))
    if mapping.spec.sheet.case_twins_warned:
        warnings += case_twin_notes(mapping, rows)
    taker = note_taker(kind)
    if taker is None:
        return notes, warnings
    for row in rows:
        cells = constants.fill(row.cells) if constants.fills else row.cells
        values, _ = mapping.read(cells)  # a cell that does not read is the planner's to say
        taker.see(row.number, values)
    for number, note in taker.row_notes().items():
        notes[number] = f"{notes[number]}; {note}" if number in notes else note
    return notes, warnings + taker.warnings()
