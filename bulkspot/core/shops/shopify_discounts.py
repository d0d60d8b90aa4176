"""Shopify discount codes export: placeholder until written."""

from __future__ import annotations

from collections.abc import Sequence

from bulkspot.core.shops.base import ShopExport, ShopFormat


def recognise(headers: Sequence[str]) -> ShopExport | None:
    return None


SHOPIFY_DISCOUNTS = ShopFormat("promocode", recognise)
