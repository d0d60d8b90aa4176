"""WooCommerce's products export (Products > Export), in the columns of WooCommerce's
"Product CSV Importer & Exporter" schema: one row per product (`Type` simple, variable, ...)
and, after a `variable` product, one row per variation (`Type` variation) naming it in
`Parent` (`id:123` for its ID, or its SKU). A variation names its options in `Attribute 1
value(s)` (and `Attribute 2 ...`), with its own `Regular price` and `Stock`; its `Name` is
the product's with the options added, so it is not read. The variable product's own price
is mostly blank: the item's price is then its variations'.

A variable product becomes an item with an attribute per variation (its options joined:
"Large / Red"), its stock their sum. A variation's blank `Stock` under a product's own means
WooCommerce keeps one stock on the product, shared by its variations; an item here holds the
sum of its sizes' stocks, none shared, so such a variation is refused with what to write.
The price is the one customers pay on the day of the run (`Sale price` while the sale is on:
woocommerce_sales.py). A variation that does not follow its product is
refused on its row: an item's rows are read together. A product not published (`Published`
-1, a draft, or 0, private) is imported like the others, and the run's warnings and its row
say so.

WooCommerce writes a description's newlines as the two characters `\\n` (and a `\\n` the
text had as `\\\\n`), keeping each product on one line; they are read back as line breaks,
which is what WooCommerce shows for them.
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
from bulkspot.core.shops.woocommerce_sales import Sales

LABEL = "a WooCommerce products export"
_MOST_ATTRIBUTES = 10
_UNPUBLISHED = {"-1": "draft", "0": "private"}  # the Published of a product not for sale
_NEWLINE, _WRITTEN_NEWLINE = "\\n", "\\\\n"  # as WooCommerce's exporter writes them


def recognise(headers: Sequence[str], now: datetime) -> ShopExport | None:
    find = header_lookup(headers)
    kind, name, price, parent = find("Type"), find("Name"), find("Regular price"), find("Parent")
    if not (kind and name and price and parent):
        return None
    sales = Sales(
        price,
        find("Sale price"),
        find("Date sale price starts"),
        find("Date sale price ends"),
        now.date(),
    )
    ident, sku = find("ID"), find("SKU")
    description = find("Description") or find("Short description")
    stock = find("Stock")
    options = [
        o for o in (find(f"Attribute {n} value(s)") for n in range(1, _MOST_ATTRIBUTES)) if o
    ]
    size = options[0] if options else None
    used = {name: "name", price: "price"}
    if description:
        used[description] = "description"
    if stock:
        used[stock] = "default_quantity_total"
    if size:
        used[size] = Role.ATTRIBUTE

    def is_variation(cells: dict[str, Any]) -> bool:
        return "variation" in text(cells.get(kind)).casefold().split(",")[0].split()

    def product(cells: dict[str, Any], price_of: Any) -> dict[str, Any]:
        out: dict[str, Any] = {name: cells.get(name), price: price_of}
        if description:
            out[description] = description_text(text(cells.get(description)))
        if stock:
            out[stock] = cells.get(stock)
        return out

    def variation(cells: dict[str, Any], price_of: Any) -> dict[str, Any]:
        values = [text(cells.get(o)) for o in options]
        out: dict[str, Any] = {price: price_of}
        if size:
            out[size] = " / ".join(v for v in values if v)
        if stock:
            out[stock] = cells.get(stock)
        return out

    def references(cells: dict[str, Any]) -> set[str]:
        """How a variation may name this product in its Parent cell."""
        named = {f"id:{text(cells.get(ident))}"} if ident and text(cells.get(ident)) else set()
        if sku and text(cells.get(sku)):
            named.add(text(cells.get(sku)))
        return named

    def flush(head: Any, variations: list[Any]) -> Iterator[Any]:
        own = sales.price(head.cells)
        first = sales.price(variations[0].cells) if variations else None
        shared = own if not blank(own) else first
        cells = product(head.cells, shared)
        pool = cells.get(stock) if variations and stock else None
        if variations and stock:
            cells[stock] = None  # the sum of its variations'
        yield head._replace(cells=cells)
        for row in variations:
            given = sales.price(row.cells)
            out = variation(row.cells, shared if blank(given) else given)
            if stock and blank(row.cells.get(stock)) and not blank(pool):
                why = shared_stock(text(head.cells.get(name)), text(pool))
                yield row._replace(cells=out, problems=(*row.problems, CellProblem(stock, why)))
            else:
                yield row._replace(cells=out)

    def translate(rows: Iterable[Any]) -> Iterator[Any]:
        head: Any = None
        named: set[str] = set()
        variations: list[Any] = []
        for row in rows:
            cells = row.cells
            if is_variation(cells) and head is not None and text(cells.get(parent)) in named:
                variations.append(row)
                continue
            if head is not None:
                yield from flush(head, variations)
                head, variations = None, []
            if is_variation(cells):
                why = (
                    f"a variation of {text(cells.get(parent))!r}, which is not the product "
                    "above it: list each product's variations right after it"
                )
                problems = (*row.problems, CellProblem(parent, why))
                yield row._replace(cells=product(cells, cells.get(price)), problems=problems)
                continue
            head, named = row, references(cells)
        if head is not None:
            yield from flush(head, variations)

    published = find("Published")

    def not_on_sale(rows: Iterable[Any]) -> Iterator[tuple[int, str, str]]:
        """(row number, Name, draft or private) of each product WooCommerce does not sell."""
        for row in rows:
            said = _UNPUBLISHED.get(text(row.cells.get(published))) if published else None
            if said and not is_variation(row.cells):
                yield row.number, text(row.cells.get(name)), said

    unpublished, unpublished_rows = not_on_sale_notes(
        "WooCommerce", "Published -1 or 0", not_on_sale
    )

    def notes(rows: Iterable[Any]) -> list[str]:
        listed = list(rows)
        return [*unpublished(listed), *sales.notes(listed, name)]

    def row_notes(rows: Iterable[Any]) -> dict[int, str]:
        listed = list(rows)
        found = unpublished_rows(listed)
        for number, note in sales.row_notes(listed).items():
            found[number] = f"{found[number]}; {note}" if number in found else note
        return found

    return ShopExport(
        LABEL,
        tuple(headers),
        ignoring_others(headers, used),
        translate,
        notes=notes,
        row_notes=row_notes,
    )


def shared_stock(product: str, pool: str) -> str:
    """Why a variation whose Stock WooCommerce keeps on its product cannot be read: the
    product's one stock is shared by its variations, and an item here holds the sum of its
    sizes' stocks, none shared (giving each size the whole would sell it several times)."""
    return (
        f"blank: WooCommerce keeps the stock of {product!r} on the product ({pool}), shared "
        "by its variations, and an item's stock here is the sum of its sizes' own: write "
        f"each variation's own Stock (together at most {pool})"
    )


def description_text(written: str) -> str:
    """A description as WooCommerce's exporter wrote it, as plain text: its `\\n` are line
    breaks (WooCommerce shows each as one, HTML or not), its `\\\\n` a written `\\n`."""
    parts = (part.replace(_NEWLINE, "<br>") for part in written.split(_WRITTEN_NEWLINE))
    return plain_text(_NEWLINE.join(parts))


WOOCOMMERCE_PRODUCTS = ShopFormat(ITEM.kind, recognise)
