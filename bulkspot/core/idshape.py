"""The shapes of the API's ids, so that an id read from a cell or an option is known to be
one before it becomes a path segment or a body field.

Encoding keeps a bad id from reaching another resource (core/apipath.py); the shape check
says so on its row, before anything is sent: `../`, `?`, `#`, `%2F`, a space or a URL is
no id of this API. The shapes are as wide as the ids the API hands out (the fixtures:
`a07e1iw4r2m67314717`, `kpBUYrcxLws4iVGJ-cSivYPJUvBGM9P1V53KQcYO8Aw`, registrants'
`001-nu-...Y0m9rjqW2_TrTw=`; folders `-26`, lists `1857833708`) and no wider. Each kind
declares its shape in the registry (`ResourceSpec.id_shape`); each field that holds an id
names the kind it holds one of (`Field.id_of`).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass

from bulkspot.core.quoting import HEAD, LONGEST_QUOTE, quote


@dataclass(frozen=True, slots=True)
class IdShape:
    """What the ids of a kind look like, in a pattern and in words."""

    pattern: re.Pattern[str]
    words: str  # "letters, digits, - and _"
    example: str

    def problem(self, value: object, kind: str) -> str | None:
        """Why `value` is no id of `kind` (the whole message), or None when it is one."""
        if isinstance(value, str) and self.pattern.fullmatch(value):
            return None
        article = "an" if kind[:1] in "aeiou" else "a"
        return f"{held(value)} is not {article} {kind} id ({self.words}, such as {self.example})"


def held(value: object) -> str:
    """What a cell held, for a message: text quoted; a JSON object, list or yes/no value (a
    JSON Lines cell, an XLSX TRUE) said as what it is, for no reading makes an id of one."""
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, bool):
        return f"the yes/no value {json.dumps(value)}"
    if isinstance(value, dict | list | tuple):
        what = "an object" if isinstance(value, dict) else "a list"
        return f"{what} {_json(value)}"
    return quote(str(value))


def _json(value: object) -> str:
    """`value` as JSON, whole when short, else its start and its length (as quote does)."""
    text = json.dumps(value, ensure_ascii=False, default=str)
    return text if len(text) <= LONGEST_QUOTE else f"{text[:HEAD]}… ({len(text):,} characters)"


# EventSpot's ids: base-36 (events), URL-safe base64 (fees, items, ...), base64 with its
# padding (registrants); numbers too, as older accounts and the SDKs' fixtures show. Base64
# may begin with any of its 64 characters (`--w6oB...`, `_x...`): one letter or digit is
# asked for somewhere, so that `-` or `__` alone is not taken for an id
TOKEN_ID = IdShape(
    re.compile(r"(?=[_-]*[A-Za-z0-9])[A-Za-z0-9_-]{1,100}={0,2}"),
    "letters and digits",  # and the - and _ of base64: said short, as the ids look
    "a07e1iw4r2m67314717",
)
# MyLibrary, contact lists, campaigns, schedules: whole numbers (a system folder's is < 0)
NUMBER_ID = IdShape(re.compile(r"-?[0-9]{1,19}"), "a whole number", "1857833708")
