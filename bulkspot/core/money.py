"""Amounts, currencies and discounts in cells, read as the person meant them.

A currency sign or code says which money a cell is in, and it must be the sheet's currency:
`€4` on a sheet of US dollars is refused, not sent as 4 dollars. The sheet's currency is
`--currency`, else the one its cells' signs name, else USD (as for an event without
currency_type); before any write the run compares it with the event's (runner/checks.py).
`$` stands for every dollar. An amount is exact to its currency's smallest unit (`MINOR_UNITS`:
cents, none for the yen): 19.999 dollars is refused with the two amounts it could mean. An
amount written with three digits after its only separator (`1.200`, `1,200`) could be
thousands or decimals, and is refused unless the sheet says which (`thousands_or_decimals`).
A discount is a percent only when it says so (`20%`, a percent-formatted XLSX cell, a
discount_percent column) and an amount only when it looks like money (`20.00`, `$20`): a
bare `20` or `0.15` could be either and is refused.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from bulkspot.core.quoting import quote
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
# digits after the decimal mark an amount may have: ISO 4217's minor unit (2 unless listed)
MINOR_UNITS: dict[str, int] = {code: 2 for code in CURRENCIES} | {"JPY": 0}
FREE_WORDS = frozenset({"free"})  # a price or fee of nothing
_THREE_AFTER_ONE = re.compile(r"^[+-]?\d{1,3}([.,])\d{3}$")  # 1.200, 1,200: which is it?
_WHOLE_DASH = re.compile(r"(?<=\d)[.,][-\u2013\u2014](?=\D*$)")  # 25.- / 25,-: whole
DECIMAL_OPTIONS = "say how this sheet writes decimals with --decimal-comma or --decimal-point"
_AMOUNT = re.compile(r"^\d{1,3}(?:,\d{3})*\.\d{2}$|^\d+\.\d{2}$")
_TO_COMMA = str.maketrans(".,", ",.")  # 1,234.50 as a sheet of decimal commas writes it


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


def discount_kind(
    written: str,
    as_written: str | None = None,
    *,
    currency: str = DEFAULT_CURRENCY,
    decimal_comma: bool = False,
) -> str:
    """Which discount a cell gives: "percent" (it ends in %), "amount" (it has a currency
    or two decimals, as money is written), else MoneyError asking which it is. `written`:
    the cell with a decimal point; `as_written`: the cell as the sheet has it (quoted by the
    message), and `decimal_comma` when the sheet writes decimals so, for the advice to be
    written as the sheet writes numbers (15,00), in `currency` (its sign)."""
    text = written.strip()
    said = repr(as_written.strip() if as_written is not None else text)
    if text.endswith("%"):
        sign = sign_of(currency)
        refuse_currency(text[:-1], f"a percent discount is not an amount: write 20%, or {sign}20")
        return "percent"
    number, marker = split_currency(text)
    if marker is not None:
        return "amount"
    if _AMOUNT.match(number) and not number.startswith("0."):
        return "amount"

    raise _which_discount(said, number, currency, decimal_comma)


def _which_discount(said: str, number: str, currency: str, decimal_comma: bool) -> MoneyError:
    """The refusal of a bare number as a discount, with what to write for a percent off (a
    whole one) and for an amount off, written as the sheet writes numbers."""

    def as_sheet(digits: str) -> str:
        return digits.translate(_TO_COMMA) if decimal_comma else digits

    if number.startswith("0.") or number.startswith("."):
        try:
            hundredfold = round(float(number) * 100, 6)
        except ValueError:
            hundredfold = None
        if hundredfold is not None:
            shown, amount = as_sheet(f"{hundredfold:g}"), as_sheet(number)
            return MoneyError(
                f"{said} could be {shown}% or {amount} off: write {shown}% for a percent, "
                f"or the amount with its currency sign ({sign_of(currency)}{amount}) for an "
                "amount"
            )
    try:
        value = float(number.replace(",", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        return MoneyError(
            f"{said} is not a discount: write 20% for a percent off, or {as_sheet('20.00')} "
            "for an amount off"
        )
    size = abs(value)  # a discount is what it takes off: -5 advised as 5
    unsigned = " (a discount is written without a minus)" if value < 0 else ""
    amount = as_sheet(f"{size:.2f}")
    if size > 100:  # no percent off
        return MoneyError(f"{said} does not say what it is: write {amount} for an amount off")
    if size != int(size):  # a percent off is whole
        return MoneyError(
            f"{said} does not say what it is: write {amount} for an amount off, or a whole "
            f"percent ({int(size)}% or {int(size) + 1}%) for a percent off{unsigned}"
        )
    return MoneyError(
        f"{said} does not say what it is: write {as_sheet(number.lstrip('-'))}% for a percent "
        f"off, or {amount} for an amount off{unsigned}"
    )


def sign_of(currency: str) -> str:
    """How an amount of `currency` is marked in a cell: its sign ($, €), else its code."""
    for sign, codes in SIGNS.items():
        if currency in codes:
            return sign
    return f"{currency} "


def minor_unit(currency: str) -> int:
    """The decimals an amount of `currency` may have (2 for cents, 0 for the yen)."""
    return MINOR_UNITS.get(currency, 2)


def whole_dash(text: str) -> str:
    """ "25.-" and "€25,-" (a whole amount, as Swiss and German price lists write it) as
    "25" and "€25"; any other text as it is."""
    return _WHOLE_DASH.sub("", text, count=1) if "-" in text or "\u2013" in text else text


def check_cents(value: Decimal, written: str, currency: str, decimal_comma: bool = False) -> None:
    """MoneyError when `value` is finer than `currency`'s smallest unit, naming the two
    amounts it could mean (with a decimal comma on a sheet that writes them so: the point
    would turn its commas away); `written`: the cell as the message shows it."""
    places = minor_unit(currency)
    quantum = Decimal(1).scaleb(-places)
    if value == value.quantize(quantum):
        return
    nearest = value.quantize(quantum, ROUND_HALF_UP)
    toward_zero = value.quantize(quantum, ROUND_DOWN)
    other = toward_zero if nearest != toward_zero else toward_zero + quantum.copy_sign(value)
    if places:
        said = f"has more decimals than {currency} has cents"
    else:
        said = f"has decimals, but {currency} amounts are whole"
    near, far = (str(n).translate(_TO_COMMA) if decimal_comma else str(n) for n in (nearest, other))
    raise MoneyError(f"{written} {said}: write {near} or {far}")


def thousands_or_decimals(
    number: str, written: str, currency: str, *, comma_may_be_decimal: bool = False
) -> None:
    """MoneyError when `number` (a cell's amount, signs and spaces taken off) has three
    digits after its only separator: 1.200 is 1200 where the point groups thousands and
    1.20 where it is the decimal mark, and the sheet has not said which. A comma is
    thousands unless `comma_may_be_decimal` (a `;` sheet: its commas may be decimal)."""
    found = _THREE_AFTER_ONE.match(number)
    if found is None or (found[1] == "," and not comma_may_be_decimal):
        return
    thousands = number.replace(found[1], "")
    decimals = Decimal(number.replace(",", "."))
    quantum = Decimal(1).scaleb(-minor_unit(currency))
    if decimals == decimals.quantize(quantum):
        decimals = decimals.quantize(quantum)
        readings, advice = f"{thousands} or {decimals}", f"{thousands} or {decimals}"
    else:  # 12.345 as decimals is finer than a cent
        try:
            check_cents(decimals, f"{decimals}, which", currency)
        except MoneyError as finer:
            readings, _, amounts = str(finer).partition(": write ")
            readings, advice = f"{thousands}, or {readings}", f"{thousands}, {amounts}"
    raise MoneyError(f"{quote(written)} could be {readings}: write {advice}, or {DECIMAL_OPTIONS}")


@dataclass(frozen=True, slots=True)
class SheetCurrency:
    """The currency a sheet's amounts are in, and what says so: `--currency`, the first
    cell that names one, or the default. `allowed`: the event currencies it can go to ($
    alone stands for every dollar)."""

    code: str
    allowed: tuple[str, ...]
    why: str  # "--currency EUR", "its cell '$99.00'", "the default"

    def refuse(self, event_id: str, event_currency: str | None) -> str | None:
        """Why the sheet cannot go to an event of `event_currency` (blank: USD), or None."""
        theirs = event_currency or DEFAULT_CURRENCY
        if theirs in self.allowed:
            return None
        return (
            f"event {event_id} is in {theirs}, but this sheet's amounts are {self.code} (by "
            f"{self.why}): nothing was sent. If the amounts are {theirs}, give --currency "
            f"{theirs}; if they are {self.code}, convert them to {theirs} first"
        )


def sheet_currency(given: str | None, marked: str | None = None) -> SheetCurrency:
    """The sheet's currency: `given` (--currency), else the one `marked` (the first cell
    with a sign or code) names, else the default."""
    if given is not None:
        return SheetCurrency(given, (given,), f"--currency {given}")
    if marked is not None:
        marker = split_currency(marked)[1]
        if marker is not None:
            allowed = SIGNS.get(marker, (marker,))
            return SheetCurrency(allowed[0], allowed, f"its cell {quote(marked)}")
    return SheetCurrency(
        DEFAULT_CURRENCY, (DEFAULT_CURRENCY,), "default, as no --currency was given"
    )


@dataclass
class AmountCells:
    """What a sheet's amount cells show of its money: the first that names a currency
    ("$99.00", "4 EUR") and whether any is an amount at all (a discount column of percents
    alone holds none, and goes to an event of any currency)."""

    marked: str | None = None
    any_amount: bool = False

    def see(self, cells: Iterable[object]) -> None:
        for cell in cells:
            if not isinstance(cell, str):
                self.any_amount = self.any_amount or cell is not None
                continue
            text = cell.strip()
            if not text or text[-1] == "%":
                continue  # blank, or a percent: no money
            self.any_amount = True
            # a sign or code is written before or after the number
            ends = text[0] + text[-1]
            if self.marked is None and not ends.isdigit() and split_currency(text)[1]:
                self.marked = text

    @property
    def settled(self) -> bool:
        """Nothing more to learn: a cell named the currency."""
        return self.marked is not None
