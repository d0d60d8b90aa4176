"""Amounts, currencies and discounts in cells, read as the person meant them.

A currency sign or code says which money a cell is in, and it must be the sheet's (the
event's) currency: `€4` on a sheet of US dollars is refused, not sent as 4 dollars. bulkspot
cannot see an event's currency while it reads a sheet (reading is pure, before any request),
so the sheet's currency is `--currency` (default USD, as for an event without
currency_type); `$` stands for every dollar. A discount is a percent only when it says so
(`20%`, a percent-formatted XLSX cell, a discount_percent column) and an amount only when it
looks like money (`20.00`, `$20`): a bare `20` or `0.15` could be either and is refused.
"""

from __future__ import annotations

import re

from bulkspot.core.resources import CURRENCIES

DEFAULT_CURRENCY = "USD"
DOLLARS = ("USD", "CAD", "AUD", "NZD", "HKD", "SGD", "MXN", "TWD")
SIGNS: dict[str, tuple[str, ...]] = {
    "$": DOLLARS,
    "€": ("EUR",),
    "£": ("GBP",),
    "¥": ("JPY",),
}
_CODES = "|".join(CURRENCIES)
_MARKED = re.compile(
    rf"^\s*(?:(?P<sign>[$€£¥])|(?P<code>{_CODES})\s*)(?P<rest>.*?)\s*$"
    rf"|^\s*(?P<before>.*?)\s*(?:(?P<sign2>[$€£¥])|(?P<code2>{_CODES}))\s*$",
    re.IGNORECASE,
)
_AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})*\.\d{2}$|^\d+\.\d{2}$")


class MoneyError(ValueError):
    """A cell in another currency than the sheet's, or a discount that does not say what
    it is; the message says what to write."""


def split_currency(text: str) -> tuple[str, str | None]:
    """The number of a cell and the currency sign or code written with it, if any:
    "$1,250.00" -> ("1,250.00", "$"); "4 EUR" -> ("4", "EUR")."""
    found = _MARKED.match(text)
    if found is None:
        return text, None
    if found["rest"] is not None and (found["sign"] or found["code"]):
        return found["rest"], found["sign"] or found["code"].upper()
    return found["before"], found["sign2"] or found["code2"].upper()


def check_currency(written: str, marker: str | None, currency: str) -> None:
    """MoneyError when the cell's currency is not the sheet's."""
    if marker is None:
        return
    allowed = SIGNS.get(marker, (marker,))
    if currency not in allowed:
        named = f"{marker} ({', '.join(allowed)})" if marker in SIGNS else marker
        raise MoneyError(
            f"{written!r} is in {named}, but this sheet's amounts are {currency}: write the "
            f"amount in {currency}, or give --currency with the event's currency"
        )


def refuse_currency(written: str, what: str) -> None:
    """MoneyError when a cell that is no amount (a percent, a count) has a currency."""
    if split_currency(written)[1] is not None:
        raise MoneyError(f"{written!r} has a currency, but {what}")


def discount_kind(written: str) -> str:
    """Which discount a cell gives: "percent" (it ends in %), "amount" (it has a currency
    or two decimals, as money is written), else MoneyError asking which it is."""
    text = written.strip()
    if text.endswith("%"):
        refuse_currency(text[:-1], "a percent discount is not an amount: write 20%, or $20")
        return "percent"
    number, marker = split_currency(text)
    if marker is not None:
        return "amount"
    if _AMOUNT.match(number) and not number.startswith("0."):
        return "amount"
    if number.startswith("0.") or number.startswith("."):
        try:
            hundredfold = round(float(number) * 100, 6)
        except ValueError:
            hundredfold = None
        if hundredfold is not None:
            shown = f"{hundredfold:g}"
            raise MoneyError(
                f"{text!r} could be {shown}% or {number} off: write {shown}% for a percent, "
                f"or the amount with its currency sign (${number}) for an amount"
            )
    try:
        amount = f"{float(number.replace(',', '')):.2f}"
    except ValueError:
        raise MoneyError(
            f"{text!r} is not a discount: write 20% for a percent off, or 20.00 for an "
            "amount off"
        ) from None
    raise MoneyError(
        f"{text!r} does not say what it is: write {number}% for a percent off, or {amount} "
        "for an amount off"
    )
