"""How a message quotes what a person wrote: whole when short, by its length and first
characters when long. A sheet can hold a cell of many megabytes; quoted whole it would travel
into the error column, the journal, a log line and the terminal, once per message.

Every message that quotes a cell (or a header) goes through `quote`; `capped` is the backstop
for a message built elsewhere from a cell, applied where cell errors become row problems.
"""

from __future__ import annotations

import reprlib
from typing import Any

LONGEST_QUOTE = 60  # characters of text quoted whole
HEAD = 20  # characters shown of a longer text
LONGEST_MESSAGE = 2000  # characters of a message kept whole (an enum lists its choices)

_SHORT = reprlib.Repr()
_SHORT.maxlevel = 3  # a deeply nested JSON value is never walked to the bottom
_SHORT.maxstring = _SHORT.maxother = _SHORT.maxlong = LONGEST_QUOTE
_SHORT.maxlist = _SHORT.maxtuple = _SHORT.maxdict = 6


def quote(value: Any) -> str:
    """`value` for a message: repr() when short; else its first characters and its length,
    "'AAAAAAAAAAAAAAAAAAAA…' (52,428,800 characters)"."""
    if isinstance(value, str):
        if len(value) <= LONGEST_QUOTE:
            return repr(value)
        return f"{start(value)} ({len(value):,} characters)"
    return _SHORT.repr(value)


def start(text: str) -> str:
    """The first characters of `text`, quoted, with an ellipsis when there is more."""
    if len(text) <= HEAD:
        return repr(text)
    shown = repr(text[:HEAD])
    return f"{shown[:-1]}…{shown[-1]}"


def capped(message: str) -> str:
    """`message` itself, or its beginning and its length when it is too long to repeat."""
    if len(message) <= LONGEST_MESSAGE:
        return message
    return f"{message[:LONGEST_MESSAGE]}… (a message of {len(message):,} characters, cut)"
