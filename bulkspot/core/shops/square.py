"""Square's item library export (Items > Actions > Export library, Excel or CSV), as Square's
help describes it ("Import and export your item library"): one row per item variation,
each repeating its item's `Item Name` and `Description`, with the variation's `Variation
Name` and `Price`, and its stock at each location in a column of its own (`Current Quantity
Main Street`; older files wrote `Current Quantity [Main Street]`). An item without
variations has one variation, which Square names `Regular`.

Each variation becomes an attribute of the item with its stock summed over the locations
where it is sold (in an added column, `Current Quantity (all locations)`; a location whose
`Enabled <Location>` is N does not sell it, so its stock there is not counted); the item's
stock is their sum.
An item with only its `Regular` variation is an item without attributes. An archived item
(`Archived` Y) is imported like the others, and the run's warnings and its row say so.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import datetime
from decimal import Decimal, InvalidOperation
from typing import Any

from bulkspot.core.column import Role
from bulkspot.core.resources import ITEM
from bulkspot.core.shops.base import (
    ShopExport,
    ShopFormat,
    blank,
    header_lookup,
    ignoring_others,
    not_on_sale_notes,
    text,
)
from bulkspot.core.shops.html_text import plain_text

PLACEHOLDER = "Regular"  # the one variation of an item without variations
LABEL = "a Square item library export"
TOTAL = "Current Quantity (all locations)"
_QUANTITY = "current quantity"
_YES = frozenset({"y", "yes", "true", "1"})
_NO = frozenset({"n", "no", "false", "0"})


def recognise(headers: Sequence[str], now: datetime) -> ShopExport | None:
    find = header_lookup(headers)
    name, variation, price = find("Item Name"), find("Variation Name"), find("Price")
    if not (name and variation and price):
        return None
    description = find("Description")
    stock = [h for h in headers if h.strip().casefold().startswith(_QUANTITY)]
    enabled = {h: enabled_header(find, h) for h in stock}
    used = {name: "name", variation: Role.ATTRIBUTE, price: "price"}
    if description:
        used[description] = "description"
    if stock:
        used[TOTAL] = "default_quantity_total"
    all_headers = (*headers, TOTAL) if stock else tuple(headers)

    def translate(rows: Iterable[Any]) -> Iterator[Any]:
        for row in rows:
            cells = row.cells
            size = text(cells.get(variation))
            out: dict[str, Any] = {
                name: cells.get(name),
                price: cells.get(price),
                variation: "" if size == PLACEHOLDER else size,
            }
            if description:
                out[description] = plain_text(text(cells.get(description)))
            if stock:
                out[TOTAL] = total_stock(
                    0 if disabled(cells.get(enabled[h])) else cells.get(h) for h in stock
                )
            yield row._replace(cells=out)

    archived = find("Archived")

    def not_on_sale(rows: Iterable[Any]) -> Iterator[tuple[int, str, str]]:
        """(row number, Item Name, "archived") of each archived item, on its first row."""
        last = None
        for row in rows:
            item = text(row.cells.get(name))
            if item != last and archived and text(row.cells.get(archived)).casefold() in _YES:
                yield row.number, item, "archived"
            last = item

    notes, row_notes = not_on_sale_notes("Square", "Archived Y", not_on_sale)
    return ShopExport(
        LABEL,
        all_headers,
        ignoring_others(all_headers, used),
        translate,
        notes=notes,
        row_notes=row_notes,
    )


def enabled_header(find: Callable[..., str | None], quantity: str) -> str:
    """The `Enabled <Location>` header of a `Current Quantity <Location>` one ("" if none)."""
    location = quantity.strip()[len(_QUANTITY) :].strip()
    bare = location.removeprefix("[").removesuffix("]")
    return find(f"Enabled {location}", f"Enabled {bare}", f"Enabled [{bare}]") or ""


def disabled(cell: Any) -> bool:
    """An `Enabled <Location>` of N: the variation is not sold there, so its stock there
    is none of the item's (a blank or missing column: enabled, as Square reads it)."""
    return text(cell).casefold() in _NO


def total_stock(cells: Iterable[Any]) -> Any:
    """The sum of a variation's stock at every location (blank where none is written); a
    cell that is no number is handed on as written, for its column to refuse."""
    total = Decimal(0)
    seen = False
    for cell in cells:
        if blank(cell):
            continue
        try:
            total += Decimal(text(cell).replace(",", ""))
        except InvalidOperation:
            return cell
        seen = True
    if not seen:
        return None
    return int(total) if total == total.to_integral_value() else str(total)


SQUARE_ITEMS = ShopFormat(ITEM.kind, recognise)
