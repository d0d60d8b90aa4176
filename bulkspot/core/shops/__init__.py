"""Shop systems' exports read as they come: a Shopify, WooCommerce or Square products export
as an items sheet, Shopify's discount codes export as a promocodes sheet.

Each shop has one small module with a `ShopFormat`: whether a header is its export
(`recognises`), and how its rows become rows of the kind's sheet (`translate`). A translated
row keeps its number and uses the export's own column names where it has one (`Variant
Price` feeds price), so every message names a column the person can see; the rest of the
run (planner, checks, journal, results) is the one every sheet goes through.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bulkspot.core.shops.base import SheetRow, ShopExport, ShopFormat
from bulkspot.core.shops.shopify import SHOPIFY_PRODUCTS
from bulkspot.core.shops.shopify_discounts import SHOPIFY_DISCOUNTS
from bulkspot.core.shops.square import SQUARE_ITEMS
from bulkspot.core.shops.woocommerce import WOOCOMMERCE_PRODUCTS

__all__ = ["FORMATS", "SheetRow", "ShopExport", "ShopFormat", "recognise"]

FORMATS: tuple[ShopFormat, ...] = (
    SHOPIFY_PRODUCTS,
    WOOCOMMERCE_PRODUCTS,
    SQUARE_ITEMS,
    SHOPIFY_DISCOUNTS,
)


def recognise(kind: str, headers: Sequence[str], now: datetime) -> ShopExport | None:
    """The shop export a sheet of `kind` with these headers is, if any (`now`: when the
    run began)."""
    for shop in FORMATS:
        if shop.kind == kind:
            export = shop.recognise(headers, now)
            if export is not None:
                return export
    return None
