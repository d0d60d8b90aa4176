"""The records the store keeps: an event with its children and the indexes of their
natural keys, an item with its attributes, and what registrants have bought.

Registrants are read only through the API; what their orders hold (an item id and, as
`type`, an attribute name, as in the real registrant payload) counts as sold: it lowers what
is available and forbids renaming a sold attribute.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Body = dict[str, Any]


@dataclass(slots=True)
class Item:
    """An item and its attributes (by id), with the attribute names it holds."""

    data: Body  # id and the writable fields; default_quantity_total as last given
    attributes: dict[str, Body] = field(default_factory=dict)
    attribute_names: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Event:
    """An event, its children by id, the natural keys in use, and what was sold."""

    data: Body
    family: bytes
    fees: dict[str, Body] = field(default_factory=dict)
    fee_labels: dict[str, str] = field(default_factory=dict)
    items: dict[str, Item] = field(default_factory=dict)
    item_names: dict[str, str] = field(default_factory=dict)
    promocodes: dict[str, Body] = field(default_factory=dict)
    code_names: dict[str, str] = field(default_factory=dict)
    registrants: dict[str, Body] = field(default_factory=dict)
    sold: dict[tuple[str, str], int] = field(default_factory=dict)  # (item id, attribute name)
    sold_items: dict[str, int] = field(default_factory=dict)
    code_uses: dict[str, int] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return str(self.data["id"])


def count_sales(event: Event, registrant: Body) -> None:
    """Add what one registrant's order holds to the event's sold counts."""
    summary = registrant.get("payment_summary")
    summary = summary if isinstance(summary, dict) else {}
    order = summary.get("order")
    order = order if isinstance(order, dict) else {}
    for line in order.get("items") or ():
        if not isinstance(line, dict) or not isinstance(line.get("id"), str):
            continue
        quantity = line.get("quantity", 1)
        quantity = quantity if isinstance(quantity, int) and quantity > 0 else 1
        event.sold_items[line["id"]] = event.sold_items.get(line["id"], 0) + quantity
        if isinstance(line.get("type"), str):
            key = (line["id"], line["type"])
            event.sold[key] = event.sold.get(key, 0) + quantity
    promo = summary.get("promo_code")
    info = promo.get("promo_code_info") if isinstance(promo, dict) else None
    if isinstance(info, dict) and isinstance(info.get("code_name"), str):
        event.code_uses[info["code_name"]] = event.code_uses.get(info["code_name"], 0) + 1
