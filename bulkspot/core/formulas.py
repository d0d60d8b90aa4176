"""Cells a spreadsheet would run as a formula, and the one escape that defuses them.

A text cell starting with `=`, `+`, `-`, `@`, a tab or a carriage return is run by Excel or
LibreOffice as a formula (`=HYPERLINK(...)`, `=cmd|' /C calc'!A0`). Written to a CSV (a
results file, an export) such text gets a leading quote, as spreadsheets themselves mark
text, and an import reads the quoted form back as the text it was (`unescape_formula`), so
an exported sheet imports as unchanged. The pair is exact: a text that already starts with
a quote before such a character gets one more, so no text is ever read back as another.
"""

from __future__ import annotations

from typing import Any

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
QUOTE = "'"


def needs_escape(text: str) -> bool:
    """Whether `text` is written quoted: it starts a formula, or is quoted text that does."""
    stripped = text.lstrip(QUOTE)
    return stripped.startswith(FORMULA_START)


def escape_formula(value: Any, *, numbers_too: bool = False) -> Any:
    """The value with a quote before text a spreadsheet would run; anything else as it is.

    Text that is a number ("-5", "+1") runs as nothing worse than that number, so it is left
    alone unless `numbers_too` (an export's text column, whose "-5" must stay text). A
    number itself (an int, a float) is never text: it stays a number.
    """
    if not isinstance(value, str) or not needs_escape(value):
        return value
    if not numbers_too:
        try:
            float(value)
            return value
        except ValueError:
            pass
    return QUOTE + value


def unescape_formula(text: str) -> str:
    """What `escape_formula(..., numbers_too=True)` was given, from what it wrote."""
    if text.startswith(QUOTE) and needs_escape(text[1:]):
        return text[1:]
    return text


def unescape_cells(cells: list[str]) -> list[str]:
    """A CSV record with each escaped cell read back as its text (most rows have none)."""
    if not any(cell.startswith(QUOTE) for cell in cells):
        return cells
    return [unescape_formula(cell) for cell in cells]
