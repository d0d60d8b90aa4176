"""The notes a sheet's rows get before any write, the one place they are gathered: a kind's
row notes (core/planners/row_notes.py), a shop export's own, an event's times
(core/moment_notes.py) and names that differ only by case (core/case_twins.py). Read when
the job begins, so a dry run, a real run and a resumed one say the same, and the results
file carries each on its row.

The kinds' notes are taken in one pass over the sheet, each row handed to every taker that
the sheet needs. A shop export's notes are its own pass: they read the export's rows as
written, before its translation makes them the rows the others see (a product's variants
become one item's rows), and only a shop export has them.
"""

from __future__ import annotations

from collections.abc import Iterable

from bulkspot.core.case_twins import CaseTwinNotes
from bulkspot.core.columnmap import ColumnMap
from bulkspot.core.constants import Constants
from bulkspot.core.moment_notes import MomentNotes
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
    export's own notes read them); `rows`: as the kind's mapping reads them (read once)."""
    notes: dict[int, str] = {}
    if shop is not None:
        notes.update(shop.row_notes(r for r in raw if shop.keeps(r.cells)))
    by_cells = [t for t in (MomentNotes.of(mapping), CaseTwinNotes.of(mapping)) if t]
    taker = note_taker(kind)
    if by_cells or taker is not None:
        for row in rows:
            cells = constants.fill(row.cells) if constants.fills else row.cells
            for seen in by_cells:
                seen.see(row.number, cells)
            if taker is not None:
                values, _ = mapping.read(cells)  # a cell that does not read is the planner's
                taker.see(row.number, values)
    warnings = [w for seen in by_cells for w in seen.warnings()]
    if taker is None:
        return notes, warnings
    for number, note in taker.row_notes().items():
        notes[number] = f"{notes[number]}; {note}" if number in notes else note
    return notes, warnings + taker.warnings()
