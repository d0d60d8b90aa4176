"""JSON Lines sheets: one object per line, numbered by line; nested objects become dotted
columns (`{"address": {"city": "Boston"}}` is the column `address.city`), but under a key that
names a column of ids (`WholeKeys`): there an object is the one cell it is, which the id
check refuses on its row, not `event_id.a`, a column nobody reads beside a row sent elsewhere.

There is no header row, so the columns are the keys of all the objects, in the order they
first appear: one quick pass over the file finds them before the rows are read.

A line that cannot be a row is an invalid row with the reason, never the end of the file: not
JSON, not an object, nested deeper than `DEEPEST` levels (no field nests so deep, and a deeper
value would exhaust Python's stack), or longer than a line may be (see lines.py).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bulkspot.core.operation import CellProblem
from bulkspot.core.quoting import quote, start
from bulkspot.errors import InputError
from bulkspot.sources.encoding import detect_encoding
from bulkspot.sources.lines import LONGEST_LINE, BoundedLines, LineTooLong
from bulkspot.sources.reader import SheetReader, WholeKeys, no_whole_keys
from bulkspot.sources.row import Row

DEEPEST = 32  # levels of nesting a line may have


class TooDeep(Exception):
    """A line nested deeper than DEEPEST levels."""


class NamedTwice(Exception):
    """An object of the line names a key twice: JSON keeps the last one without a word, so
    `{"label": "A", "label": "B"}` was made as B; which one is meant cannot be told."""

    def __init__(self, key: str, first: Any, second: Any) -> None:
        super().__init__(key, first, second)
        self.key, self.first, self.second = key, first, second


def _once_each(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    found = dict(pairs)
    if len(found) != len(pairs):
        seen: dict[str, Any] = {}
        for key, value in pairs:
            if key in seen:
                raise NamedTwice(key, seen[key], value)
            seen[key] = value
    return found


class JsonlSheet(SheetReader):
    def __init__(self, path: Path, whole: WholeKeys = no_whole_keys) -> None:
        super().__init__(path, path.name)
        self.whole = whole
        self.encoding = detect_encoding(path)
        if self.encoding.warning:
            self.warnings.append(self.encoding.warning)
        keys: dict[str, None] = {}
        objects = 0
        for _number, value in self._values():
            if isinstance(value, dict):
                objects += 1
                keys.update(dict.fromkeys(flatten(value, whole)))
        if not objects:
            raise InputError(
                f"{path.name}: no line holds a JSON object; JSON Lines means one object "
                'per line, such as {"name": "T-Shirt", "price": 12.5}'
            )
        self.headers = list(keys)

    def _values(self) -> Iterator[tuple[int, Any]]:
        """(line number, parsed value or why it is not one) of every non-blank line."""
        try:
            with self.path.open(encoding=self.encoding.codec, errors=self.encoding.errors) as text:
                lines = BoundedLines(text)
                number = 0
                while True:
                    number += 1
                    try:
                        line = next(lines)
                    except StopIteration:
                        return
                    except LineTooLong as long:
                        yield number, long
                        continue
                    if line.strip():
                        yield number, _parse(line)
        except UnicodeDecodeError as error:
            raise InputError(
                f"{self.path.name}: the text is not readable: {error.reason}"
            ) from None

    def __iter__(self) -> Iterator[Row]:
        for number, value in self._values():
            if isinstance(value, dict):
                yield Row(self.name, number, flatten(value, self.whole))
                continue
            if isinstance(value, json.JSONDecodeError):
                why = f"is not valid JSON ({value.msg} at character {value.pos + 1})"
            elif isinstance(value, NamedTwice):
                why = (
                    f"names {quote(value.key)} twice ({quote(value.first)}, then "
                    f"{quote(value.second)}): which one is meant cannot be told"
                )
            elif isinstance(value, TooDeep):
                why = f"is nested more than {DEEPEST} levels deep; no column takes such a value"
            elif isinstance(value, LineTooLong):
                why = (
                    f"is {value.length:,} characters long, over the {LONGEST_LINE:,} a line may "
                    f"have (starts {start(value.head)})"
                )
            else:
                why = f"holds a JSON {type(value).__name__}, not an object"
            yield Row(self.name, number, {}, (CellProblem("(line)", f"line {number} {why}"),))

    def count(self) -> int:
        with self.path.open(encoding=self.encoding.codec, errors=self.encoding.errors) as text:
            lines = BoundedLines(text)
            found = 0
            while True:
                try:
                    found += bool(next(lines).strip())
                except StopIteration:
                    return found
                except LineTooLong:
                    found += 1


def _parse(line: str) -> Any:
    """The line's value; the JSONDecodeError, or TooDeep, when it cannot be a row's."""
    if line.count("{") + line.count("[") > DEEPEST and _depth(line) > DEEPEST:
        return TooDeep()
    try:
        return json.loads(line, object_pairs_hook=_once_each)
    except (json.JSONDecodeError, NamedTwice) as error:
        return error


def _depth(line: str) -> int:
    """How deep the line's brackets nest, outside strings (a malformed line is judged by
    json.loads afterwards)."""
    deepest = depth = 0
    quoted = escaped = False
    for char in line:
        if quoted:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                quoted = False
        elif char == '"':
            quoted = True
        elif char in "{[":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "}]":
            depth -= 1
    return deepest


def flatten(
    value: dict[str, Any], whole: WholeKeys = no_whole_keys, prefix: str = ""
) -> dict[str, Any]:
    """Nested objects as dotted keys (but under a `whole` key); lists and scalars as they
    are. Walked with a stack, not recursion (a line's nesting is bounded by DEEPEST, but a
    caller's may not be)."""
    flat: dict[str, Any] = {}
    pending: list[tuple[str, Any]] = [(prefix, iter(value.items()))]
    while pending:
        here, items = pending[-1]
        for key, item in items:
            name = f"{here}{key}"
            if isinstance(item, dict) and item and not whole(name):
                pending.append((f"{name}.", iter(item.items())))
                break
            flat[name] = item
        else:
            pending.pop()
    return flat
