"""JSON Lines sheets: one object per line, numbered by line; nested objects become dotted
columns (`{"address": {"city": "Boston"}}` is the column `address.city`).

There is no header row, so the columns are the keys of all the objects, in the order they
first appear: one quick pass over the file finds them before the rows are read.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from bulkspot.core.operation import CellProblem
from bulkspot.errors import InputError
from bulkspot.sources.encoding import detect_encoding
from bulkspot.sources.reader import SheetReader
from bulkspot.sources.row import Row


class JsonlSheet(SheetReader):
    def __init__(self, path: Path) -> None:
        super().__init__(path, path.name)
        self.encoding = detect_encoding(path)
        if self.encoding.warning:
            self.warnings.append(self.encoding.warning)
        keys: dict[str, None] = {}
        objects = 0
        for _number, value in self._values():
            if isinstance(value, dict):
                objects += 1
                keys.update(dict.fromkeys(flatten(value)))
        if not objects:
            raise InputError(
                f"{path.name}: no line holds a JSON object; JSON Lines means one object "
                'per line, such as {"name": "T-Shirt", "price": 12.5}'
            )
        self.headers = list(keys)

    def _values(self) -> Iterator[tuple[int, Any]]:
        """(line number, parsed value or the JSONDecodeError) of every non-blank line."""
        try:
            with self.path.open(encoding=self.encoding.codec, errors=self.encoding.errors) as text:
                for number, line in enumerate(text, 1):
                    if not line.strip():
                        continue
                    try:
                        yield number, json.loads(line)
                    except json.JSONDecodeError as error:
                        yield number, error
        except UnicodeDecodeError as error:
            raise InputError(
                f"{self.path.name}: the text is not readable: {error.reason}"
            ) from None

    def __iter__(self) -> Iterator[Row]:
        for number, value in self._values():
            if isinstance(value, dict):
                yield Row(self.name, number, flatten(value))
                continue
            if isinstance(value, json.JSONDecodeError):
                why = f"is not valid JSON ({value.msg} at character {value.pos + 1})"
            else:
                why = f"holds a JSON {type(value).__name__}, not an object"
            yield Row(self.name, number, {}, (CellProblem("(line)", f"line {number} {why}"),))

    def count(self) -> int:
        with self.path.open(encoding=self.encoding.codec, errors=self.encoding.errors) as text:
            return sum(1 for line in text if line.strip())


def flatten(value: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    """Nested objects as dotted keys; lists and scalars as they are."""
    flat: dict[str, Any] = {}
    for key, item in value.items():
        name = f"{prefix}{key}"
        if isinstance(item, dict) and item:
            flat.update(flatten(item, f"{name}."))
        else:
            flat[name] = item
    return flat
