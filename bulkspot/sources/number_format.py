"""A number as Excel shows it under its cell's number format, for the formats that change
what a person reads: percents (0.2 as 20%), leading zeros (a zip code 2110 formatted 00000
as 02110), fixed decimals (15 as 15.00), thousands (1250 as 1,250) and a currency sign
($15.00).

The shown text is used only when it holds the same number as the cell (15.5 in a format
of no decimals shows 16: that cell stays 15.5), so a number column reads the same value
either way and a text column reads what the person sees. A money format is the exception:
its cell is an amount of its currency whatever it holds, so 19.999 formatted "$"#,##0.00
arrives as the $20.00 it shows, holding 19.999, for the amount to be refused with both.
Money formats are the currency ones ("$"#,##0.00, #,##0.00 [$€-407]) and Excel's
Accounting ones (_("$"* #,##0.00_), _-* #,##0.00 [$€-407]_-). The text arrives as a
`ShownNumber`, which keeps the number the cell holds. Formats this does not know (dates
are read as dates by openpyxl; fractions, scientific, conditions) leave the number as it is.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from functools import lru_cache

from bulkspot.core.money import SIGNS
from bulkspot.core.resources import CURRENCIES
from bulkspot.core.shown import ShownNumber

_PERCENT = re.compile(r"^0(?:\.(0+))?%$")
# an optional currency sign, digit placeholders with an optional thousands comma and
# decimals, and plain separators between digit groups (00000-0000, 000-00-0000)
_DIGITS = re.compile(
    r'^(?P<sign>\$|€|£|¥|"[$€£¥]"|\[\$[$€£¥][^\]]*\])?'
    r"(?P<body>[0#](?:[0#,]*[0#])?(?:\.0+)?(?:[- ][0#]+)*)$"
)


# the parts of a money format that only lay it out: padding (_x), fill (*x), parentheses
_LAYOUT = re.compile(r"_.|\*.|[()]")
_LOCALE_SIGN = re.compile(r"\[\$([^\]\-]*)(?:-[0-9A-Fa-f]+)?\]")  # [$€-407], [$CHF], [$-409]
_QUOTED = re.compile(r'"([^"]*)"')
_BODY = re.compile(r"^[0#](?:[0#,]*[0#])?(?:\.0+)?$")


def shown_number(value: int | float, number_format: str) -> int | float | str:
    """The text Excel shows for `value` under `number_format` (a `ShownNumber`), when it
    holds the same number or the format is money's; else `value` itself."""
    if number_format in ("General", "@", "0"):
        return value
    section = number_format.split(";", 1)[0].replace("\\", "")
    percent = _PERCENT.match(section)
    if percent is not None:
        return ShownNumber(_percent(value), value)
    money = _money_format(section)
    if money is not None:
        return _amount(value, *money)
    found = _DIGITS.match(section)
    if found is None or value < 0:
        return value
    text = _digits(value, found["body"])
    if text is None:
        return value
    sign = (found["sign"] or "").strip('"')
    if sign.startswith("[$"):
        sign = sign[2]
    return ShownNumber(sign + text, value)


@lru_cache(maxsize=256)  # a workbook has few formats and many cells
def _money_format(section: str) -> tuple[str, str] | None:
    """(the currency's sign or code, the digits' pattern) of a currency or Accounting
    format; None for another format, or a currency bulkspot does not know."""
    marks = [m.strip() for m in _LOCALE_SIGN.findall(section) + _QUOTED.findall(section)]
    rest = _QUOTED.sub("", _LOCALE_SIGN.sub("", _LAYOUT.sub("", section)))
    marks += [ch for ch in rest if ch in SIGNS]
    body = "".join(ch for ch in rest if ch not in SIGNS and not ch.isspace() and ch != "-")
    named = [m for m in marks if m]
    if len(named) != 1 or not _BODY.match(body):
        return None
    sign = named[0]
    if sign not in SIGNS and sign.upper() not in CURRENCIES:
        return None
    return sign if sign in SIGNS else sign.upper() + " ", body


def _amount(value: int | float, sign: str, body: str) -> int | float | str:
    """The money text Excel shows, rounded as it rounds (19.999 as $20.00), holding the
    cell's number; a negative amount stays a number (no price or fee is one)."""
    if value < 0:
        return value
    places = len(body.partition(".")[2])
    exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    rounded = exact.quantize(Decimal(1).scaleb(-places), ROUND_HALF_UP)
    text = _digits(float(rounded) if places else int(rounded), body)
    return value if text is None else ShownNumber(sign + text, value)


def _percent(value: int | float) -> str:
    hundredfold = round(value * 100, 9)
    return f"{int(hundredfold) if hundredfold == int(hundredfold) else hundredfold}%"


def _digits(value: int | float, body: str) -> str | None:
    """`value` in a pattern of digit placeholders, or None when that would change it."""
    try:
        exact = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    except InvalidOperation:  # pragma: no cover - a finite float is a decimal
        return None
    whole_part, _, decimals = body.partition(".")
    places = len(decimals)
    quantum = Decimal(1).scaleb(-places)
    if exact != exact.quantize(quantum):
        return None  # the format would round it: keep the number
    grouped = "," in whole_part
    pattern = whole_part.replace(",", "")
    if re.search(r"[- ]", pattern):  # 00000-0000: digits laid into groups
        if places or (not isinstance(value, int) and not float(value).is_integer()):
            return None
        digits = str(int(exact))
        width = sum(ch in "0#" for ch in pattern)
        if len(digits) > width:
            return None
        digits = digits.rjust(width, "0")
        laid, at = [], 0
        for ch in pattern:
            if ch in "0#":
                laid.append(digits[at])
                at += 1
            else:
                laid.append(ch)
        return "".join(laid)
    least = pattern.count("0")
    text = f"{exact:,.{places}f}" if grouped else f"{exact:.{places}f}"
    whole, dot, fraction = text.partition(".")
    bare = whole.replace(",", "")
    if len(bare) < least:
        whole = bare.rjust(least, "0")
    if whole == "0" and least == 0:
        whole = ""
    return whole + dot + fraction
