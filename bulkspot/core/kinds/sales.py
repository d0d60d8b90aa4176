"""What an event sells (items with their attributes, promocodes) and who registered."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bulkspot.core.kinds.eventspot import EVENTSPOT_WRITE
from bulkspot.core.spec import (
    Field,
    FieldType,
    Problem,
    ResourceSpec,
    SheetSpec,
    Total,
    amount,
    choice,
    flag,
    read_only,
    text,
    whole,
)

CODE_TYPES = ("ACCESS", "DISCOUNT")
DISCOUNT_TYPES = ("PERCENT", "AMOUNT")
DISCOUNT_SCOPES = ("FEE_LIST", "ORDER_TOTAL")
NEEDS_DISCOUNT = "a DISCOUNT code needs a percent or an amount"
CODE_NAME = re.compile(r"[A-Za-z0-9_]{4,12}")
_ATTRIBUTE_NAMES = ("Size", "Colour", "Color", "Variant", "Option")


def _item_rules(body: Mapping[str, Any]) -> list[Problem]:
    limit, total = body.get("per_registrant_limit"), body.get("default_quantity_total")
    if isinstance(limit, int) and isinstance(total, int) and limit > total:
        # both numbers: either may come from --set, the sheet or a shop's stock
        why = f"{limit} must not be above default_quantity_total ({total})"
        return [Problem("per_registrant_limit", why)]
    return []


ITEM = ResourceSpec(
    kind="item",
    privileges=EVENTSPOT_WRITE,
    plural="items",
    collection_path="eventspot/events/{event_id}/items",
    item_path="eventspot/events/{event_id}/items/{id}",
    natural_key="name",
    parent="event",
    cross_rules=(_item_rules,),
    totals=(Total("default_quantity_total", "attribute", "quantity_total", "attributes"),),
    sheet=SheetSpec(
        planner="items:ItemPlanner",
        aliases={
            "id": ("Item ID",),
            "name": ("Item", "Item Name", "Product", "Product Name", "Title"),
            "description": ("Details",),
            "price": ("Cost", "Amount", "Unit Price", "Price ($)"),
            "default_quantity_total": ("Qty", "Quantity", "Stock", "Inventory", "Quantity Total"),
            "per_registrant_limit": (
                "Limit",
                "Per Registrant",
                "Max Per Registrant",
                "Per Person",
                "Max Per Order",
            ),
            "show_quantity_available": ("Show Quantity", "Show Qty", "Show Available"),
            "attribute": ("Attribute Name", *_ATTRIBUTE_NAMES),
            "attribute_quantity": (
                "Attribute Qty",
                "Attribute Quantity",
                *(f"{n} Qty" for n in _ATTRIBUTE_NAMES),
            ),
        },
        header_words={"default_quantity_total": ("On Hand",)},
        # Shopify's Cost per item, Square's Default Unit Cost: what the shop paid, neither
        # the price nor a quantity
        # a cost is what the shop paid, never the price nor a count; a stock amount (a
        # shop's `Low stock amount`, its warning threshold) is a count, never the price
        not_words={
            **dict.fromkeys(
                ("price", "default_quantity_total", "attribute", "attribute_quantity"), ("Cost",)
            ),
            "price": ("Cost", "Stock"),
        },
        docs={
            "description": "what registrants read about it",
            "price": "the price of one; 0 is free; e.g. 12.50",
            "default_quantity_total": "how many there are; blank on an item with "
            "attributes: the sum of theirs",
            "per_registrant_limit": "how many one registrant may buy",
            "show_quantity_available": "show registrants how many are left",
        },
        # one row per attribute: its name and quantity beside the item's cells
        exported={"attribute": "child.name", "attribute_quantity": "child.quantity_total"},
    ),
    fields=(
        read_only("id"),
        text("name", required=True, min_length=1, max_length=100, doc="unique per event"),
        text("description", max_length=2048),
        amount("price", required=True, doc="0 is free"),
        whole("default_quantity_total", required=True, doc="the sum of attributes when it has any"),
        whole("per_registrant_limit", required=True),
        flag("show_quantity_available", required=True),
        read_only("default_quantity_available", FieldType.INTEGER),
        Field("attributes", FieldType.OBJECT, read_only=True),
    ),
)

ATTRIBUTE = ResourceSpec(
    kind="attribute",
    privileges=EVENTSPOT_WRITE,
    plural="attributes",
    collection_path="eventspot/events/{event_id}/items/{item_id}/attributes",
    item_path="eventspot/events/{event_id}/items/{item_id}/attributes/{id}",
    natural_key="name",
    parent="item",
    sheet=SheetSpec(
        planner="attributes:AttributePlanner",
        aliases={
            "id": ("Attribute ID",),
            "name": ("Attribute", "Attribute Name", *_ATTRIBUTE_NAMES),
            "quantity_total": ("Qty", "Quantity", "Stock", "Inventory", "Total"),
            "item": ("Item Name", "Product"),
        },
        not_words={"quantity_total": ("Cost",)},  # a cost is never a quantity
        docs={
            "name": "e.g. Small; unique per item",
            "quantity_total": "how many of this attribute there are",
        },
        exported={"item": "parent.name"},  # the item, by name
    ),
    fields=(
        read_only("id"),
        text("name", required=True, min_length=1, max_length=100, doc="unique per item"),
        whole("quantity_total", required=True),
        read_only("quantity_available", FieldType.INTEGER),
    ),
)


def _promocode_rules(body: Mapping[str, Any]) -> list[Problem]:
    problems: list[Problem] = []
    fee_ids = body.get("fee_ids") or []
    percent, amount = body.get("discount_percent"), body.get("discount_amount")
    if body.get("code_type") == "ACCESS":
        if len(fee_ids) != 1:
            problems.append(Problem("fee_ids", "an ACCESS code needs exactly one fee"))
        for name in ("discount_percent", "discount_amount", "discount_type", "discount_scope"):
            if body.get(name) is not None:
                problems.append(Problem(name, "is not allowed on an ACCESS code"))
    elif body.get("code_type") == "DISCOUNT":
        scope = body.get("discount_scope")
        if scope is None:
            problems.append(Problem("discount_scope", "is required for a DISCOUNT code"))
        elif scope == "FEE_LIST" and not fee_ids:
            problems.append(Problem("fee_ids", "a FEE_LIST discount needs at least one fee"))
        if percent is None and amount is None:
            problems.append(Problem("discount_percent", NEEDS_DISCOUNT))
        elif percent is not None and amount is not None:
            problems.append(Problem("discount_amount", "give a percent or an amount, not both"))
        wanted = {"PERCENT": "discount_percent", "AMOUNT": "discount_amount"}.get(
            body.get("discount_type") or ""
        )
        if wanted and body.get(wanted) is None:
            problems.append(Problem("discount_type", f"{body['discount_type']} needs {wanted}"))
    return problems


PROMOCODE = ResourceSpec(
    kind="promocode",
    privileges=EVENTSPOT_WRITE,
    plural="promocodes",
    collection_path="eventspot/events/{event_id}/promocodes",
    item_path="eventspot/events/{event_id}/promocodes/{id}",
    natural_key="code_name",
    parent="event",
    references={"fee_ids": "fee"},
    cross_rules=(_promocode_rules,),
    sheet=SheetSpec(
        planner="promocodes:PromocodePlanner",
        held_twins_warned=True,  # SPRING in the event, spring in the sheet: two codes
        aliases={
            "id": ("Promocode ID", "Promo Code ID"),
            "code_name": ("Code", "Promo Code", "Promocode", "Coupon", "Coupon Code"),
            "code_type": ("Type",),
            "discount_percent": ("Percent", "Percent Off", "Percentage", "% Off"),
            "discount_amount": ("Amount", "Amount Off"),
            "discount_scope": ("Scope",),
            # `Applies To` names the tickets (fees) a code applies to, never FEE_LIST itself
            "fees": ("Fee", "Fee Labels", "Fee Names", "Tickets", "Applies To"),
            "quantity_total": ("Qty", "Quantity", "Uses", "Max Uses", "Limit"),
            "is_paused": ("Paused",),
        },
        docs={
            "code_name": "what registrants type; unique per event; e.g. SUMMER_10",
            "code_type": "ACCESS (opens one restricted fee) or DISCOUNT; blank means "
            "DISCOUNT when a discount is given",
            "discount_type": "blank: from the percent or amount given",
            "discount_percent": "a percent off, 1-100 (20 or 20%)",
            "discount_amount": "an amount off, e.g. 5.00",
            "discount_scope": "what the discount applies to; blank means FEE_LIST when "
            "fees are given, else ORDER_TOTAL",
            "fee_ids": "fee ids, ;-separated (or name them in fees)",
            "quantity_total": "how many uses; blank or unlimited means -1 (unlimited)",
            "is_paused": "paused codes cannot be used yet; blank means no",
        },
    ),
    fields=(
        read_only("id"),
        text(
            "code_name",
            required=True,
            min_length=4,
            max_length=12,
            pattern=CODE_NAME,
            pattern_hint="4-12 letters, digits or _",
            doc="unique per event",
        ),
        choice("code_type", CODE_TYPES, required=True),
        choice("discount_type", DISCOUNT_TYPES),
        whole("discount_percent", minimum=1, maximum=100),
        amount("discount_amount", minimum=0.01),
        choice("discount_scope", DISCOUNT_SCOPES),
        Field("fee_ids", FieldType.STRING_LIST, id_of="fee"),
        whole("quantity_total", unlimited=-1, doc="-1 is unlimited"),
        flag("is_paused"),
        Field("status", FieldType.ENUM, choices=("LIVE", "PAUSED", "DEPLETED"), read_only=True),
        read_only("quantity_used", FieldType.INTEGER),
        read_only("quantity_available", FieldType.INTEGER),
    ),
)

_REGISTRANT_TEXT = (
    "id", "email", "first_name", "last_name", "payment_status", "registration_status",
    "registration_date", "updated_date", "ticket_id",
)  # fmt: skip
REGISTRANT = ResourceSpec(
    kind="registrant",
    plural="registrants",
    collection_path="eventspot/events/{event_id}/registrants",
    item_path="eventspot/events/{event_id}/registrants/{id}",
    natural_key=None,
    parent="event",
    paged=True,
    can_delete=False,
    importable=False,
    fields=(
        *(read_only(name) for name in _REGISTRANT_TEXT),
        read_only("guest_count", FieldType.INTEGER),
    ),
)


SPECS = (ITEM, ATTRIBUTE, PROMOCODE, REGISTRANT)
REGISTRY_PLACE = 2
