"""Shopify's products export (Products > Export, "CSV for Excel, Numbers or other
spreadsheet programs"), as Shopify's help documents it ("Using CSV files to import and
export products"): one row per variant, the product's own cells (`Title`, `Body (HTML)`) on
its first row only, blank on its other variants' rows, which repeat the `Handle`; a variant
is named by up to three option values (`Option1 Value` ... `Option3 Value`), with its price
(`Variant Price`) and stock (`Variant Inventory Qty`, in a store with one location). A
product without variants has one row whose option is Shopify's placeholder `Title` /
`Default Title`. Rows that only add an image repeat the `Handle` and hold no variant. Newer
exports name some columns differently (`URL handle`, `Description`, `Option1 value`,
`Price`, `Inventory quantity`); both are read.

Each variant becomes an attribute of the item (its option values joined: "Large / Red")
with its own stock; the item's stock is then their sum. A product without variants is an
item without attributes. A product's rows are told apart by their `Handle`: a row of
another Handle with no `Title` is refused, not taken as a variant of the product above it,
and so is a product whose `Title` another product has (an item is named apart). A product
Shopify does not sell (`Status` draft or archived) is imported like the others, and the
run's warnings and its row say so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from bulkspot.core.column import Role
from bulkspot.core.operation import CellProblem
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

PLACEHOLDER = "Default Title"  # the option value of a product without variants
LABEL = "a Shopify products export"
NOT_ON_SALE = frozenset({"draft", "archived"})  # a product's Status when it is not for sale


def recognise(headers: Sequence[str], now: datetime) -> ShopExport | None:
    find = header_lookup(headers)
    handle = find("Handle", "URL handle")
    title = find("Title")
    options = [o for o in (find(f"Option{n} Value") for n in (1, 2, 3)) if o]
    price = find("Variant Price", "Price")
    if not (handle and title and options and price):
        return None
    body = find("Body (HTML)", "Description")
    quantity = find("Variant Inventory Qty", "Inventory quantity")
    used = {title: "name", price: "price", options[0]: Role.ATTRIBUTE}
    if body:
        used[body] = "description"
    if quantity:
        used[quantity] = "default_quantity_total"

    def variant(cells: dict[str, Any]) -> dict[str, Any]:
        values = [text(cells.get(o)) for o in options]
        size = " / ".join(v for v in values if v and v != PLACEHOLDER)
        out: dict[str, Any] = {price: cells.get(price), options[0]: size}
        if quantity:
            out[quantity] = cells.get(quantity)
        return out

    def translate(rows: Iterable[Any]) -> Iterator[Any]:
        product = ""  # the Handle of the product whose rows these are
        handles: dict[str, str] = {}  # Title -> the Handle of the first product it names
        for row in rows:
            cells = row.cells
            out = variant(cells)
            named = text(cells.get(handle))
            if not blank(cells.get(title)):  # a product's first row
                out[title] = cells.get(title)
                if body:
                    out[body] = plain_text(text(cells.get(body)))
                product = named
                first = handles.setdefault(text(cells.get(title)), named)
                if named and first and first != named:  # another product of the same Title
                    out[title] = f"{text(cells.get(title))} ({named})"  # not merged: refused
                    why = (
                        f"{text(cells.get(title))!r} is also the Title of {first!r}: an "
                        "event's items are told apart by name, so give one of them another Title"
                    )
                    row = row._replace(problems=(*row.problems, CellProblem(title, why)))
            elif named and named != product:  # not a variant of the product above it
                out[title] = named  # an item of its own, refused: never another's size
                why = (
                    f"is blank on the first row of {named!r}, whose variants would otherwise "
                    f"be taken as sizes of {product!r} above it: give the product its Title"
                    if product
                    else f"is blank on the first row of {named!r}: give the product its Title"
                )
                row = row._replace(problems=(*row.problems, CellProblem(title, why)))
                product = named
            yield row._replace(cells=out)

    def keeps(cells: Any) -> bool:
        """A product's or a variant's row; not a row that only adds an image."""
        wanted = (title, price, *options)
        return any(not blank(cells.get(h)) for h in wanted)

    status = find("Status")

    def not_on_sale(rows: Iterable[Any]) -> Iterator[tuple[int, str, str]]:
        """(row number, Title, Status) of each product that Shopify does not sell now."""
        for row in rows:
            said = text(row.cells.get(status)) if status else ""
            if said.casefold() in NOT_ON_SALE and not blank(row.cells.get(title)):
                yield row.number, text(row.cells.get(title)), said

    notes, row_notes = not_on_sale_notes("Shopify", "Status draft or archived", not_on_sale)

    return ShopExport(
        LABEL,
        tuple(headers),
        ignoring_others(headers, used),
        translate,
        keeps,
        notes=notes,
        row_notes=row_notes,
    )


SHOPIFY_PRODUCTS = ShopFormat(ITEM.kind, recognise)
