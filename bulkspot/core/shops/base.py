"""What every shop format offers: recognise a header, translate a stream of rows."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol, Self, TypeVar

IGNORED = "-"  # a --map target: the column is not read, quietly
LISTED = 10  # rows named in a warning; the rest are counted


class SheetRow(Protocol):
    """A sheet's row as the sources give it: its number and its cells by header."""

    @property
    def number(self) -> int: ...

    @property
    def cells(self) -> dict[str, Any]: ...

    def _replace(self, *, cells: dict[str, Any]) -> Self: ...


R = TypeVar("R", bound=SheetRow)
Translate = Callable[[Iterable[Any]], Iterator[Any]]


@dataclass(frozen=True)
class ShopExport:
    """One sheet recognised as a shop's export: what to call it, the headers and `--map`
    the kind's mapping reads the translated rows with, and the translation itself (rows
    that hold nothing to import, such as Shopify's extra image rows, are left out:
    `keeps`). `notes`: the run's warnings about the export's rows; `row_notes`: the same
    said on each row (row number -> note), for the results file."""

    label: str  # "a Shopify products export"
    headers: tuple[str, ...]  # the export's, and any the translation adds
    column_map: Mapping[str, str]  # header -> the column it feeds, or "-"
    translate: Translate
    keeps: Callable[[Mapping[str, Any]], bool] = field(default=lambda cells: True)
    notes: Callable[[Iterable[Any]], list[str]] = field(default=lambda rows: [])
    row_notes: Callable[[Iterable[Any]], dict[int, str]] = field(default=lambda rows: {})

    def rows(self, rows: Iterable[R]) -> Iterator[R]:
        """The kind's rows of the export's rows, in order, each with its own number."""
        result: Iterator[R] = self.translate(r for r in rows if self.keeps(r.cells))
        return result


@dataclass(frozen=True)
class ShopFormat:
    """A shop's export of one kind: `recognise` gives the ShopExport of a header, or None;
    it is handed the time the run began (a discount code that has ended is paused)."""

    kind: str  # singular: "item"
    recognise: Callable[[Sequence[str], datetime], ShopExport | None]


def header_lookup(headers: Sequence[str]) -> Callable[..., str | None]:
    """A finder of headers by any of their names, ignoring case and spaces at the ends:
    exports rename columns between versions (`Variant Price`, later `Price`)."""
    by_name = {h.strip().casefold(): h for h in headers}

    def find(*names: str) -> str | None:
        for name in names:
            found = by_name.get(name.casefold())
            if found is not None:
                return found
        return None

    return find


def blank(cell: Any) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def text(cell: Any) -> str:
    """A cell as trimmed text ("" for a blank one)."""
    return "" if cell is None else str(cell).strip()


def ignoring_others(headers: Sequence[str], used: Mapping[str, str]) -> dict[str, str]:
    """The --map of an export: its used headers to their columns, every other one to "-"
    (a shop export has many columns no event has; naming each one would be noise)."""
    return {h: used.get(h, IGNORED) for h in headers}


def named_rows(found: Sequence[str]) -> str:
    """The first rows a warning names ("row 7 'Mug' (archived)"), and how many more."""
    more = len(found) - LISTED
    return ", ".join(found[:LISTED]) + (f" and {more:,} more" if more > 0 else "")


def not_on_sale_notes(
    shop: str, label: str, found: Callable[[Iterable[Any]], Iterator[tuple[int, str, str]]]
) -> tuple[Callable[[Iterable[Any]], list[str]], Callable[[Iterable[Any]], dict[int, str]]]:
    """The run's warning and the row notes for a shop's products it does not sell now
    (`found`: each one's row number, name and why), imported like the others: an item has
    no state that keeps it off sale, so the person is told, not overruled. `shop`: its name;
    `label`: what says so ("Status draft or archived")."""

    def notes(rows: Iterable[Any]) -> list[str]:
        listed = [f"row {n} {name!r} ({said})" for n, name, said in found(rows)]
        if not listed:
            return []
        return [
            f"products {shop} does not sell now ({label}) are items on sale like the "
            f"others: {named_rows(listed)}; leave their rows out to leave them out"
        ]

    def row_notes(rows: Iterable[Any]) -> dict[int, str]:
        return {n: f"{said} in {shop}, but an item on sale here" for n, _, said in found(rows)}

    return notes, row_notes
