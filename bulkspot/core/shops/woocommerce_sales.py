"""WooCommerce's `Sale price`: the price customers pay while the sale is on.

WooCommerce charges a product's `Sale price` instead of its `Regular price` from `Date sale
price starts` (the start of that day; blank: already) to `Date sale price ends` (its end;
blank: no end). An item here has one price, so it gets the price customers pay on the day
of the run: the sale price while the sale is on, else the regular price. Either way the row
says so when it has a sale price (the sale's end does not end it here, and a sale not yet
begun does not begin), and the run's warnings name the items imported at a sale price.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from bulkspot.core.shops.base import blank, named_rows, text


@dataclass(frozen=True)
class Sales:
    """A WooCommerce export's sale columns (None: the export has none), and the day run."""

    regular: str
    sale: str | None
    starts: str | None
    ends: str | None
    today: date

    def on_sale(self, cells: dict[str, Any]) -> bool:
        """Whether the row has a sale price that customers pay today."""
        if self.sale is None or blank(cells.get(self.sale)):
            return False
        start, end = self.day(cells, self.starts), self.day(cells, self.ends)
        return (start is None or start <= self.today) and (end is None or self.today <= end)

    def price(self, cells: dict[str, Any]) -> Any:
        """The price customers pay today: the sale price while the sale is on."""
        return cells.get(self.sale or "") if self.on_sale(cells) else cells.get(self.regular)

    def note(self, cells: dict[str, Any]) -> str | None:
        """What the row says of its sale price, or None when it has none."""
        if self.sale is None or blank(cells.get(self.sale)):
            return None
        sale, regular = text(cells.get(self.sale)), text(cells.get(self.regular))
        if self.on_sale(cells):
            end = text(cells.get(self.ends)) if self.ends else ""
            until = f"; its sale ends {end} in WooCommerce, not here" if end else ""
            return (
                f"the Sale price {sale} customers pay now, not the Regular price {regular}{until}"
            )
        start = self.day(cells, self.starts)
        when = f"begins {start}" if start is not None and start > self.today else "has ended"
        return f"the Regular price {regular}: the sale at {sale} {when}"

    def row_notes(self, rows: Iterable[Any]) -> dict[int, str]:
        found = ((row.number, self.note(row.cells)) for row in rows)
        return {number: note for number, note in found if note}

    def notes(self, rows: Iterable[Any], name: str) -> list[str]:
        """The run's warning naming the rows imported at their sale price."""
        sale = self.sale or ""
        listed = [
            f"row {row.number} {text(row.cells.get(name))!r} ({text(row.cells.get(sale))})"
            for row in rows
            if self.on_sale(row.cells)
        ]
        if not listed:
            return []
        return [
            "products on sale in WooCommerce are items at their Sale price, which stays when "
            f"the sale ends: {named_rows(listed)}"
        ]

    @staticmethod
    def day(cells: dict[str, Any], header: str | None) -> date | None:
        """A sale's date (WooCommerce writes `2027-06-07`, some exports a time after it);
        None when blank or not a date."""
        if header is None:
            return None
        cell = cells.get(header)
        if isinstance(cell, datetime):  # an XLSX cell
            return cell.date()
        if isinstance(cell, date):
            return cell
        try:
            return date.fromisoformat(text(cell)[:10])
        except ValueError:
            return None
