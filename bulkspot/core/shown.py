"""A spreadsheet number as its cell shows it, with the number itself kept beside.

An XLSX number under a format arrives as the text Excel shows ("20%", "02110", "$1,250.00"),
so that a text column reads what the person sees. The text alone would lose what the cell
holds: 19.999 formatted "$"#,##0.00 shows $20.00, and "1,250" is no typed text whose commas
might be decimals. `ShownNumber` is that text (a `str`, so every text reader takes it as it
is) that also carries `value`, the number the cell holds, for an amount to be read exactly.
"""

from __future__ import annotations


class ShownNumber(str):
    """The text a number cell shows; `value` is the number it holds."""

    value: int | float

    def __new__(cls, text: str, value: int | float) -> ShownNumber:
        shown = super().__new__(cls, text)
        shown.value = value
        return shown
