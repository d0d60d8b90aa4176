"""The natural-key indexes of the store (an item's name per event, a fee's label, a code's
code_name, an attribute's name per item): who holds a key, so that a second resource taking
it is a 409, as the API answers, and a rename moves the key.
"""

from __future__ import annotations

from bulkspot.simulator.problems import CONFLICT, ApiError, conflict

# The 409s whose words a page gives
ATTRIBUTE_IN_USE = "Attribute name already in use"  # the attribute POST page (seed-000)
PROMOCODE_IN_USE = "Promocode name already in use"  # the promocode POST page (notes 4.3)


def claim(
    index: dict[str, str], key: str, ident: str, field_name: str, where: str, stated: str = ""
) -> None:
    """Take a natural key for `ident`, or 409 when another resource holds it (in the
    page's words when `stated`)."""
    holder = index.get(key)
    if holder is not None and holder != ident:
        raise ApiError.one(409, CONFLICT, stated) if stated else conflict(field_name, key, where)
    index[key] = ident


def rekey(
    index: dict[str, str],
    old: str,
    new: str,
    ident: str,
    field_name: str,
    where: str,
    stated: str = "",
) -> None:
    """Move `ident`'s key from `old` to `new`, or 409 when another resource holds `new`."""
    claim(index, new, ident, field_name, where, stated)
    if old != new and index.get(old) == ident:
        del index[old]
