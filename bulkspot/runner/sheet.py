"""One job's sheet, read as often as the job needs it: to plan, and to write the results.

The sheet is fixed when the job starts: it is copied (`Snapshot`), and every pass reads the
copy, so the results file lines up with what was planned even if the file is edited or
saved while the run goes on; `changes` says so in the summary. The header is read and the
columns mapped once, at the start, so that a sheet that cannot work (a missing required
column, two headers for one field, an unknown `--map`) stops before a journal is opened or a
request is sent. Every later pass streams the copy: memory does not grow with the rows.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Iterable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bulkspot.core.coerce import CellReading
from bulkspot.core.columns import normalize
from bulkspot.core.constants import NO_CONSTANTS, Constants, check_constants, place_constants
from bulkspot.core.decimals import DecimalMarks
from bulkspot.core.mapping import (
    ColumnError,
    ColumnMap,
    header_namer,
    id_header,
    map_columns,
    money_headers,
    number_headers,
)
from bulkspot.core.money import AmountCells, SheetCurrency, sheet_currency
from bulkspot.core.plan import Planned, PlanSettings, plan_rows
from bulkspot.core.quoting import quote
from bulkspot.core.resources import spec_for
from bulkspot.core.shops import ShopExport, recognise
from bulkspot.core.wording import option
from bulkspot.errors import ConfigError
from bulkspot.runner.job import ImportJob
from bulkspot.runner.sheet_notes import sheet_notes
from bulkspot.sinks.seen_keys import SeenKeysOnDisk
from bulkspot.sources import HeaderChoice, Row, SheetReader, WholeKeys, no_whole_keys, open_sheet
from bulkspot.sources.shop_sheet import ShopSheet
from bulkspot.sources.snapshot import Snapshot

LONGEST_RESULT_CELL = 32_767  # the most a spreadsheet cell holds (Excel's limit)


@dataclass(frozen=True, slots=True)
class SheetPlan:
    """The sheet of one import job: its header, its column map and what identifies it.
    `path` is the run's copy of the sheet (see `Snapshot`)."""

    path: Path
    worksheet: str | None
    kind: str  # singular: "item"
    headers: tuple[str, ...]
    mapping: ColumnMap
    settings: PlanSettings
    fingerprint: str
    total_rows: int
    source_warnings: tuple[str, ...]
    snapshot: Snapshot
    header_row: int = 0  # the header's row; 0: the format has none (JSON Lines)
    constants: Constants = NO_CONSTANTS  # --set: the cells every row gets when blank
    shop: ShopExport | None = None  # the shop export the sheet is, read through its translation
    currency: SheetCurrency | None = None  # its amounts' currency; None: it has no amounts
    delimiter: str | None = None  # a CSV's own; its results and errors files are written with it
    row_notes: Mapping[int, str] = field(default_factory=dict)  # said on rows, not refused
    whole: WholeKeys = no_whole_keys  # JSON Lines: the keys of ids, whose object is one cell

    @classmethod
    def open(cls, job: ImportJob) -> SheetPlan:
        """Read the header and map the columns; InputError when the sheet cannot work."""
        kind = spec_for(job.kind).kind
        snapshot = Snapshot.take(job.source)
        header = HeaderChoice(row=job.header_row, names=header_namer(kind, job.column_map))
        whole = id_header(kind, job.column_map)
        try:
            with open_sheet(snapshot.path, sheet=job.sheet, header=header, whole=whole) as raw:
                shop = recognise(kind, raw.headers, datetime.now(UTC))
                reader = ShopSheet(raw, shop) if shop is not None else raw
                headers = tuple(reader.headers)
                warnings = tuple(reader.warnings)
                if shop is not None:
                    warnings += tuple(shop.notes(r for r in raw if shop.keeps(r.cells)))
                total = reader.count()
                header_row = reader.header_row
                delimiter = reader.delimiter
                column_map = with_shop(shop, job.column_map)
                constants = place_constants(kind, headers, column_map, job.constants)
                try:
                    mapping = map_columns(kind, (*headers, *constants.added), constants.column_map)
                except ColumnError as error:
                    raise _named_sheet(error, raw) from None
                reading, currency = _reading(reader, mapping, job)
                row_notes, noted = sheet_notes(
                    kind, raw, reader, mapping.read_with(reading), constants, shop
                )
                warnings += tuple(noted)
            check_constants(constants, mapping.read_with(reading))
            settings = PlanSettings(event_id=job.event_id, reading=reading, partial=job.partial)
            plan_rows(kind, (), mapping, settings)  # raises now, not mid-run, if no event
        except BaseException:
            snapshot.close()
            raise
        return cls(
            path=snapshot.path,
            worksheet=job.sheet,
            kind=kind,
            headers=headers,
            mapping=mapping,
            settings=settings,
            fingerprint=snapshot.fingerprint,
            total_rows=total,
            source_warnings=warnings,
            snapshot=snapshot,
            header_row=header_row,
            constants=constants,
            shop=shop,
            currency=currency,
            delimiter=delimiter,
            row_notes=row_notes,
            whole=whole,
        )

    @property
    def _header(self) -> HeaderChoice:
        """The header row found when the job began, for every later pass."""
        return HeaderChoice(row=self.header_row or None)

    @property
    def columns(self) -> dict[str, str]:
        """Header -> column: part of the journal's identity (another mapping, another job;
        another --set value, another job too)."""
        given = {f"--set {h}": v for h, v in self.constants.fills.items()}
        return {**self.mapping.columns, **given} if given else self.mapping.columns

    @property
    def warnings(self) -> tuple[str, ...]:
        return self.source_warnings + self.mapping.warnings

    def changes(self) -> list[str]:
        """A warning when the file changed since the job began (the results follow the copy)."""
        if not self.snapshot.changed():
            return []
        return [
            f"{self.snapshot.original.name} changed while the run was going: this run and its "
            "results follow the sheet as it was when the run began, and the journal belongs "
            f"to that version (to import the edited sheet, run again with a new "
            f"{option('--journal')}, or with {option('--fresh')})"
        ]

    def noted(self, notes: Mapping[int, str]) -> SheetPlan:
        """This sheet with more notes on its rows (beside those it has)."""
        if not notes:
            return self
        merged = dict(self.row_notes)
        for number, note in notes.items():
            merged[number] = f"{merged[number]}; {note}" if number in merged else note
        return dataclasses.replace(self, row_notes=merged)

    def close(self) -> None:
        """Remove the job's copy of the sheet."""
        self.snapshot.close()

    def _open(self, as_written: bool = False) -> SheetReader:
        """The sheet, read through its shop export's translation when it is one (its rows
        as written, for the results file: `as_written`)."""
        reader = open_sheet(self.path, sheet=self.worksheet, header=self._header, whole=self.whole)
        return reader if self.shop is None else ShopSheet(reader, self.shop, as_written)

    @contextmanager
    def plan(self) -> Iterator[Iterator[Planned]]:
        """The operations and row errors of the sheet, in row order, as it is read; the
        file's natural keys are remembered on disk, so memory does not grow with the rows."""
        with (
            self._open() as reader,
            tempfile.TemporaryDirectory(prefix="bulkspot-keys-") as folder,
            closing(SeenKeysOnDisk(Path(folder))) as seen,
        ):
            rows: Iterable[Row] = reader
            if self.constants.fills:
                rows = (row._replace(cells=self.constants.fill(row.cells)) for row in reader)
            yield plan_rows(self.kind, rows, self.mapping, self.settings, seen=seen)

    @contextmanager
    def rows(self) -> Iterator[Iterator[tuple[int, dict[str, object]]]]:
        """(row number, cells) of every data row: the input half of the results file. A cell
        longer than a spreadsheet cell may be is written as its start and its length."""
        with self._open(as_written=True) as reader:
            yield ((row.number, _shortened(row.cells)) for row in reader)


def _named_sheet(error: ColumnError, reader: SheetReader) -> ColumnError:
    """A workbook's first sheet, taken as none was named, that lacks the kind's columns:
    the message says which sheet was read and names the others, since the sheet a person
    means may well be another (a "Read me" in front of the data)."""
    if not reader.other_sheets:
        return error
    others = ", ".join(quote(name) for name in reader.other_sheets)
    return ColumnError(
        f"{error}\nthat is the sheet {quote(reader.name)}, the first of {reader.path.name}; "
        f"its other sheets are {others}: name one with {option('--sheet')} NAME"
    )


def with_shop(shop: ShopExport | None, column_map: Mapping[str, str]) -> dict[str, str]:
    """The --map of a shop export with the person's own on top (theirs win, however they
    spell the header)."""
    if shop is None:
        return dict(column_map)
    theirs = {normalize(header) for header in column_map}
    kept = {h: f for h, f in shop.column_map.items() if normalize(h) not in theirs}
    return {**kept, **column_map}


def _reading(
    reader: SheetReader, mapping: ColumnMap, job: ImportJob
) -> tuple[CellReading, SheetCurrency | None]:
    """How to read the sheet's cells, and the currency of its amounts (None: it has none):
    read through its number columns until the decimal mark is known (see
    `bulkspot.core.decimals`) and, without --currency, a cell names its currency."""
    if job.decimal_comma and job.decimal_point:
        raise ConfigError("--decimal-comma and --decimal-point contradict each other: give one")
    numbers, amounts = number_headers(mapping), money_headers(mapping)
    marks, money = DecimalMarks(), AmountCells()
    telling = numbers if reader.delimiter == ";" else amounts  # the cells that say the mark
    told = job.decimal_comma or job.decimal_point
    wanted_marks = not told and (reader.delimiter == ";" or bool(amounts))
    if numbers and (wanted_marks or amounts):
        for row in reader:
            if wanted_marks:
                marks.see(row.number, (row.cells.get(header) for header in telling))
            known = money.settled or (job.currency is not None and money.any_amount)
            if not known:
                money.see(row.cells.get(header) for header in amounts)
            elif not wanted_marks or marks.decided(reader.delimiter):
                break
    comma = job.decimal_comma or (wanted_marks and marks.decimal_comma(reader.delimiter))
    point = job.decimal_point or (wanted_marks and not comma and marks.decimal_point())
    currency = sheet_currency(job.currency, money.marked)
    reading = CellReading(
        date_order=job.date_order,
        currency=currency.code,
        decimal_comma=comma,
        decimal_point=point,
        comma_may_be_decimal=reader.delimiter == ";",
    )
    return reading, currency if money.any_amount else None


def _shortened(cells: dict[str, object]) -> dict[str, object]:
    for value in cells.values():
        if type(value) is str and len(value) > LONGEST_RESULT_CELL:
            return {
                k: quote(v) if type(v) is str and len(v) > LONGEST_RESULT_CELL else v
                for k, v in cells.items()
            }
    return cells
