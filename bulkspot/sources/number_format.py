"""A number as Excel shows it under its cell's number format, for the formats that change
what a person reads: percents (0.2 as 20%), leading zeros (a zip code 2110 formatted 00000
as 02110), fixed decimals (15 as 15.00), thousands (1250 as 1,250) and a currency sign
($15.00).

The shown text is used only when it holds the same number as the cell (15.5 in a format
of no decimals shows 16: that cell stays 15.5), so a number column reads the same value
either way and a text column reads what the person sees. Formats this does not know (dates
are read as dates by openpyxl; fractions, scientific, conditions) leave the number as it is.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

_PERCENT = re.compile(r"^0(?:\.(0+))?%$")
# an optional currency sign, digit placeholders with an optional thousands comma and
# decimals, and plain separators between digit groups (00000-0000, 000-00-0000)
_DIGITS = re.compile(
    r'^(?P<sign>\$|€|£|¥|"[$€£¥]"|\[\$[$€£¥][^\]]*\])?'
    r"(?P<body>[0#](?:[0#,]*[0#])?(?:\.0+)?(?:[- ][0#]+)*)$"
)


def shown_number(value: int | float, number_format: str) -> int | float | str:
    """The text Excel shows for `value` under `number_format`, when it holds the same
    number; else `value` itself."""
    if number_format in ("General", "@", "0"):
        return value
    section = number_format.split(";", 1)[0].replace("\\", "")
    percent = _PERCENT.match(section)
    if percent is not None:
        return _percent(value)
    found = _DIGITS.match(section)
    if found is None or value < 0:
        return value
    text = _digits(value, found["body"])
    if text is None:
        return value
    sign = (found["sign"] or "").strip('"')
    if sign.startswith("[$"):
        sign = sign[2]
    return sign + text


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
