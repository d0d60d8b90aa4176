"""Shopify's discount codes export (Discounts > Export): `Name, Value, Value Type, Type,
Applies To, Usage Limit, Times Used, Starts, Ends, Status`. Shopify writes a discount as a
negative number (`-20.0` off) whose `Value Type` says what it is (`percentage`,
`fixed_amount`); `Applies To` names what it applies to (here: the fees, by label, or the
entire order); `Usage Limit` is blank for no limit.

Each code becomes a promocode with its percent or amount off, its fees, its limit (the
number of a `percentage` row is read as a percent off, in an added column `Value (percent
off)`, and of a `fixed_amount` row as an amount off, in `Value (amount off)`: each as its
kind of number, in the sheet's decimal mark, however many decimals Shopify wrote); a code
that has ended (`Status: Expired`, or `Ends` before the run) or not yet begun (`Status:
Scheduled`, or `Starts` after it) is made paused: the run's warnings name its row, and its
row in the results file says so.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from datetime import UTC, datetime
from typing import Any

from bulkspot.core.column import Role
from bulkspot.core.operation import CellProblem
from bulkspot.core.resources import PROMOCODE
from bulkspot.core.shops.base import (
    ShopExport,
    ShopFormat,
    blank,
    header_lookup,
    ignoring_others,
    named_rows,
    text,
)

LABEL = "a Shopify discount codes export"
WHOLE_ORDER = frozenset({"entire order", "all products", "order", "all", "everything"})
_OFFSET_SPACE = re.compile(r"\s+(?=[+-]\d{2}:?\d{2}$)")
PERCENT_OFF, AMOUNT_OFF = "Value (percent off)", "Value (amount off)"  # added columns
# Shopify discount types an event has nothing to give for: left out, said on their rows
_SHIPPING = "a free shipping code has no counterpart in an event (no shipping to take off)"
_BUY_X_GET_Y = "a buy X get Y code has no counterpart in an event"
_NO_COUNTERPART = {"shipping": _SHIPPING, "buy x get y": _BUY_X_GET_Y, "bxgy": _BUY_X_GET_Y}


def recognise(headers: Sequence[str], now: datetime) -> ShopExport | None:
    find = header_lookup(headers)
    name, value, value_type = find("Name"), find("Value"), find("Value Type")
    if not (name and value and value_type and find("Times Used")):
        return None
    applies, limit, kind = find("Applies To"), find("Usage Limit"), find("Type")
    status, starts, ends = find("Status"), find("Starts"), find("Ends")
    used = {
        name: "code_name",
        value: "discount",
        PERCENT_OFF: "discount_percent",
        AMOUNT_OFF: "discount_amount",
    }
    all_headers = (*headers, PERCENT_OFF, AMOUNT_OFF)
    if applies:
        used[applies] = Role.FEES
    if limit:
        used[limit] = "quantity_total"
    if status:
        used[status] = "is_paused"
    if kind:  # Shopify's code type: left blank (the discount says DISCOUNT), or refused
        used[kind] = "code_type"

    def paused_why(cells: dict[str, Any]) -> str:
        """Why a code is not live now ("" when it is)."""
        said = text(cells.get(status)).casefold() if status else ""
        start = moment(cells.get(starts)) if starts else None
        end = moment(cells.get(ends)) if ends else None
        if said == "expired" or (end is not None and end <= now):
            return f"ended {text(cells.get(ends or ''))}" if end else "expired"
        if said == "scheduled" or (start is not None and start > now):
            return f"starts {text(cells.get(starts or ''))}" if start else "scheduled"
        return ""

    def translate(rows: Iterable[Any]) -> Iterator[Any]:
        for row in rows:
            cells = row.cells
            off, number = discount(cells.get(value), text(cells.get(value_type)))
            out: dict[str, Any] = {name: cells.get(name), value: None, off or value: number}
            if applies:
                out[applies] = fee_labels(cells.get(applies))
            if limit:
                out[limit] = cells.get(limit)
            if status:
                out[status] = "yes" if paused_why(cells) else "no"
            why = no_counterpart(cells.get(kind)) if kind else None
            if why is None or kind is None:
                yield row._replace(cells=out)
            else:
                yield row._replace(cells=out, problems=(*row.problems, CellProblem(kind, why)))

    def paused_rows(rows: Iterable[Any]) -> Iterator[tuple[int, str, str]]:
        """(row number, code, why) of each code made paused."""
        for row in rows:
            why = paused_why(row.cells)
            if why:
                yield row.number, text(row.cells.get(name)), why

    def row_notes(rows: Iterable[Any]) -> dict[int, str]:
        return {
            number: f"made paused, as it is not live in Shopify now ({why})"
            for number, _, why in paused_rows(rows)
        }

    def notes(rows: Iterable[Any]) -> list[str]:
        paused = [f"row {number} {code!r} ({why})" for number, code, why in paused_rows(rows)]
        if not paused:
            return []
        return [f"codes made paused, as they are not live in Shopify now: {named_rows(paused)}"]

    return ShopExport(
        LABEL,
        all_headers,
        ignoring_others(all_headers, used),
        translate,
        notes=notes,
        row_notes=row_notes,
    )


def discount(cell: Any, kind: str) -> tuple[str, Any]:
    """The added column a discount goes to, and its number: Shopify's -20.0 `percentage`
    is 20.0 percent off, its -150.00 `fixed_amount` 150.00 off; a cell of another `Value
    Type` is handed on as written ("" for its column: the discount column reads it)."""
    written = text(cell)
    number = written[1:] if written.startswith("-") else written
    match kind.casefold():
        case "percentage" | "percent":
            return PERCENT_OFF, number
        case "fixed_amount" | "amount":
            return AMOUNT_OFF, number
    return "", cell


def no_counterpart(cell: Any) -> str | None:
    """Why a code of this Shopify `Type` cannot be made (free shipping, buy X get Y), or None."""
    said = " ".join(text(cell).casefold().replace("_", " ").split())
    for words, why in _NO_COUNTERPART.items():
        if words in said:
            return f"{why}: leave its row out"
    return None


def fee_labels(cell: Any) -> str:
    """`Applies To` as fee labels, `;`-separated; blank for the entire order."""
    written = text(cell)
    if written.casefold() in WHOLE_ORDER:
        return ""
    parts = written.split(";") if ";" in written else written.split(",")
    return ";".join(p.strip() for p in parts if p.strip())


def moment(cell: Any) -> datetime | None:
    """A Shopify date and time ("2026-06-01 00:00:00 -0400"); None when blank or unread.
    A date without an offset is taken as UTC."""
    if isinstance(cell, datetime):
        found = cell
    elif blank(cell):
        return None
    else:
        written = _OFFSET_SPACE.sub("", text(cell))
        try:
            found = datetime.fromisoformat(written)
        except ValueError:
            return None
    return found if found.tzinfo else found.replace(tzinfo=UTC)


SHOPIFY_DISCOUNTS = ShopFormat(PROMOCODE.kind, recognise)
