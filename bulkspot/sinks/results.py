"""The results file: one line per input row, in input order, that a spreadsheet can open.

It is written at the end of every run (also a stopped one) by walking the input and the
journal side by side, both in row order, so it costs no memory per row and always agrees
with the journal, whatever earlier runs did.
"""

from __future__ import annotations

import contextlib
import csv
import itertools
import os
import secrets
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any

import orjson

from bulkspot.core.formulas import FORMULA_START, QUOTE, escape_formula
from bulkspot.core.outcome import Status, worst
from bulkspot.sinks.journal import SENDING, JournalEntry
from bulkspot.sinks.storage import cannot_write

RESULT_COLUMNS = ("row", "status", "id", "http_status", "attempts", "error")
WOULD_SEND = "would_send"
_MAYBE_ESCAPED = (*FORMULA_START, QUOTE)


def result_columns(parent_kind: str | None = None) -> tuple[str, ...]:
    """The columns a results file adds to the input's. `parent_kind`: a sheet whose rows may
    make a resource and one of its children (an item and its attribute) also says which
    parent each row belongs to, in PARENT_id beside the row's own id."""
    if parent_kind is None:
        return RESULT_COLUMNS
    return (*RESULT_COLUMNS[:3], f"{parent_kind}_id", *RESULT_COLUMNS[3:])


def combine(
    row: int, entries: Sequence[JournalEntry], parent_kind: str | None = None
) -> dict[str, Any]:
    """The result columns of one row from the journal entries of its operations; its
    `status` a Status, which both files write as its value."""
    if not entries:
        return {"row": row, "status": Status.PENDING}
    statuses = [Status.PENDING if e.state == SENDING else Status(e.state) for e in entries]
    own = [e for e in entries if not e.key.for_the_row]  # not a folder made for its path
    if not own:
        statuses.append(Status.PENDING)  # what it needs was made; the row itself was not
    status = worst(statuses)
    # the row's own resource: an attribute rather than the item its row also defines
    main = next((e for e in own if e.kind != parent_kind), own[-1]) if own else None
    errors = [
        f"{e.key.part}: {e.error}" if e.key.part and len(entries) > 1 else e.error
        for e in entries
        if e.error
    ]
    result = {
        "row": row,
        "status": status,  # a Status: written as its value
        "id": (main.resource_id if main else None) or "",
        "http_status": next((e.http_status for e in reversed(entries) if e.http_status), ""),
        "attempts": sum(e.attempts for e in entries),
        "error": "; ".join(errors),
    }
    if parent_kind is not None:
        result[f"{parent_kind}_id"] = _parent_id(entries, parent_kind)
    return result


def results_by_row(
    rows: Iterable[tuple[int, Mapping[str, Any]]],
    entries: Iterable[JournalEntry],
    parent_kind: str | None = None,
    parent_name: Callable[[Mapping[str, Any]], Any] | None = None,
    *,
    bodies: bool = False,
    notes: Mapping[int, str] | None = None,
) -> Iterator[tuple[Mapping[str, Any], dict[str, Any]]]:
    """Merge the input's rows and the journal's entries, both in row order: for each input
    row, its cells and its result columns. `parent_name`: the parent's name a row's cells
    give (blank on the later rows of an item), so every row of a group gets its id.
    `bodies`: a dry run's `would_send` column, what each row would send. `notes`: what a
    row is told though it is written (row number -> note), in its `error` column after any
    error, as a write's own notes are."""
    pending = iter(entries)
    ahead = next(pending, None)
    group = _Group(parent_kind, parent_name)
    for number, cells in rows:
        mine: list[JournalEntry] = []
        while ahead is not None and ahead.key.row <= number:
            if ahead.key.row == number:
                mine.append(ahead)
            ahead = next(pending, None)
        result = combine(number, mine, parent_kind)
        group.fill(cells, mine, result)
        note = notes.get(number) if notes else None
        if note:
            result["error"] = f"{result['error']}; {note}" if result.get("error") else note
        if bodies:
            result[WOULD_SEND] = would_send(mine)
        yield cells, result


class _Group:
    """The parent a sheet's consecutive rows share (an item and the rows of its sizes): a
    row that makes or finds the parent starts a group; a later row whose parent cell is
    blank or names the same parent is in it, and gets its id even when its own operation
    was invalid, failed or not sent."""

    def __init__(
        self, parent_kind: str | None, name_of: Callable[[Mapping[str, Any]], Any] | None
    ) -> None:
        self.column = f"{parent_kind}_id" if parent_kind else None
        self.parent_kind = parent_kind
        self.name_of = name_of
        self.name: Any = None
        self.id = ""

    def fill(
        self, cells: Mapping[str, Any], entries: Sequence[JournalEntry], result: dict[str, Any]
    ) -> None:
        if self.column is None or self.name_of is None:
            return
        name = self.name_of(cells)
        made = any(e.kind == self.parent_kind and e.resource_id for e in entries)
        if made or name not in (None, "", self.name):
            self.name, self.id = name, str(result.get(self.column) or "")
        elif not result.get(self.column):
            result[self.column] = self.id


def would_send(entries: Sequence[JournalEntry]) -> str:
    """What a row would send, as JSON: its one body, or each part's ({"item": ..,
    "attribute": ..}) when the row holds two; "" when it would send nothing (it exists,
    is unchanged or invalid)."""
    sent = {e.key.part or e.kind: e.sent_json for e in entries if e.sent_json and _would(e.state)}
    if not sent:
        return ""
    if len(sent) == 1:  # the journal keeps a body as sorted-key JSON: shown as it is
        return next(iter(sent.values())) or ""
    parts = {part: orjson.Fragment(text) for part, text in sent.items()}
    return orjson.dumps(parts, option=orjson.OPT_SORT_KEYS).decode()


def _would(state: str) -> bool:
    """A dry run's outcome that sends something (not `exists`, `unchanged`, `invalid`)."""
    return state in _PLANNED_STATES


_PLANNED_STATES = frozenset(s.value for s in Status if s.is_planned)


def _parent_id(entries: Sequence[JournalEntry], parent_kind: str) -> str:
    """The id of the row's parent: the one it made, or the one its child was made under."""
    for entry in entries:
        if entry.kind == parent_kind and entry.resource_id:
            return entry.resource_id
        if entry.scope.get(f"{parent_kind}_id"):
            return entry.scope[f"{parent_kind}_id"]
    return ""


def result_rows(lines: IO[str]) -> Iterator[dict[str, object]]:
    """The rows of a CSV results file, whichever delimiter it was written with (its input
    sheet's: `,` or `;`): the one that makes `status` a column of its header."""
    header = lines.readline()
    delimiter = next(
        (d for d in ";," if "status" in next(csv.reader([header], delimiter=d), [])), ","
    )
    return csv.DictReader(itertools.chain([header], lines), delimiter=delimiter)


class ResultsWriter:
    """CSV by default; JSON Lines when the file name ends in .jsonl. `parent_kind`: see
    `result_columns`; `would_send`: a dry run's last column, each row's body as JSON;
    `delimiter`: the input sheet's, so a `;` sheet's results open in columns where it did.

    It writes a hidden temporary file beside the results and renames it at the end, so a
    reader never sees half a file; a failure (a full disk, a folder that cannot be written)
    is a StorageError naming the results file itself, never the temporary one, which is
    removed."""

    def __init__(
        self,
        path: Path,
        input_columns: Sequence[str],
        *,
        parent_kind: str | None = None,
        would_send: bool = False,
        delimiter: str = ",",
    ) -> None:
        self.path = path
        self._delimiter = delimiter  # the input sheet's (`;` in Europe), so it opens in columns
        self._jsonl = path.suffix.lower() in (".jsonl", ".ndjson")
        results = result_columns(parent_kind) + ((WOULD_SEND,) if would_send else ())
        clashing = set(results) & set(input_columns)
        self._renamed = {c: f"input_{c}" for c in clashing}
        self._columns = [self._renamed.get(c, c) for c in input_columns] + list(results)
        self._keep = frozenset(self._columns)
        self._tmp = path.with_name(f".{path.name}.tmp")  # made unique per writer on enter
        self._file: IO[str] | None = None
        self._csv: Any = None

    def __enter__(self) -> ResultsWriter:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # a name of its own: a dry run beside a real run must not share its file
            self._tmp = self.path.with_name(f".{self.path.name}.{secrets.token_hex(6)}.tmp")
            self._file = open(
                self._tmp, "x", encoding="utf-8-sig" if not self._jsonl else "utf-8", newline=""
            )
            if not self._jsonl:
                self._csv = csv.writer(self._file, delimiter=self._delimiter)
                self._csv.writerow(self._columns)
        except OSError as error:
            self._discard()
            raise cannot_write("the results file", self.path, error) from None
        return self

    def write(self, cells: Mapping[str, Any], result: Mapping[str, Any]) -> None:
        assert self._file is not None
        if self._renamed:
            cells = {self._renamed.get(k, k): v for k, v in cells.items()}
        row = {**cells, **result}
        try:
            if self._jsonl:
                row = {k: v for k, v in row.items() if k in self._keep}
                self._file.write(orjson.dumps(row, default=str).decode() + "\n")
            else:  # the columns in order, a blank for one the row lacks (one pass a row)
                self._csv.writerow([_csv_cell(row.get(c, "")) for c in self._columns])
        except OSError as error:
            raise cannot_write("the results file", self.path, error) from None

    def __exit__(self, exc_type: object, *_: object) -> None:
        if exc_type is not None:
            self._discard()
            return
        try:
            assert self._file is not None
            self._file.close()
            os.replace(self._tmp, self.path)  # a reader never sees half a file
        except OSError as error:
            self._discard()
            raise cannot_write("the results file", self.path, error) from None

    def _discard(self) -> None:
        """Close and remove the temporary file, whatever state it is in."""
        if self._file is not None:
            with contextlib.suppress(OSError):
                self._file.close()  # a full disk fails the flush again: nothing to keep
        with contextlib.suppress(OSError):
            self._tmp.unlink(missing_ok=True)


def _csv_cell(value: Any) -> Any:
    """`escape_formula(_cell(value))`, with the usual cell (text that starts no formula, a
    number) returned at once."""
    if type(value) is str:
        return value if not value.startswith(_MAYBE_ESCAPED) else escape_formula(value)
    if type(value) is int:
        return value
    return escape_formula(_cell(value))


def _cell(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, list | tuple):
        return ";".join(str(v) for v in value)
    if isinstance(value, dict):  # a JSON Lines object an id column kept whole: as written
        return orjson.dumps(value, default=str).decode()
    return value
