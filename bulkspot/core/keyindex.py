"""Natural keys already used in a file, and the row that used each first: exact, and compact.

A million-row promocode sheet has a million code names. A dict of them costs several times
the keys' own size in objects and table slots; this keeps each key as its UTF-8 bytes plus a
few more (measured: benchmarks/bench_sheets.py), and never takes two different keys for the
same.

The keys are spread over buckets by Python's hash of the key. A bucket is one `bytes` of
records in the order the keys came:

    0xFF  [scope number in base-128 digits, 0xFD]  key in UTF-8  0xFE  row in base-128 digits

UTF-8 never holds the bytes 0xFD, 0xFE or 0xFF, and digits are below 0x80, so `bytes.find` of
0xFF + scope + key + 0xFE (at C speed) can only match a whole record's start, scope and key:
a match is the same key, and no match means a new key. The first scope of a file (usually
its only one: the event) is written as nothing. Lone surrogates (a JSON line can hold one)
are kept as they are ("surrogatepass").

Why `bytes`, rebuilt on each insert: an exact-size object wastes nothing but its header, and
growing `bytearray`s over-allocate. The number of buckets trades speed for memory: fewer,
larger buckets pay fewer headers but copy and search more bytes per row
(benchmarks/bench_sheets.py); this count keeps a row's look-up cheap.
"""

from __future__ import annotations

from collections.abc import Hashable

_BUCKETS = 1 << 15
_MASK = _BUCKETS - 1
_START, _SCOPE_END, _KEY_END = b"\xff", b"\xfd", b"\xfe"


class SeenKeys:
    """Which keys were seen in which scope (an event, an item), and on which row first."""

    __slots__ = ("_buckets", "_scopes")

    def __init__(self) -> None:
        self._buckets: list[bytes] = [b""] * _BUCKETS
        self._scopes: dict[Hashable, bytes] = {}  # scope -> how its records begin

    def __len__(self) -> int:
        """How many keys are remembered."""
        return sum(bucket.count(_START) for bucket in self._buckets)

    def first_row(self, scope: Hashable, key: str, row: int) -> int | None:
        """The row that used `key` in `scope` before; None (and `row` remembered) if none did."""
        start = self._scopes.get(scope)
        if start is None:
            number = len(self._scopes)
            mark = _digits(number) + _SCOPE_END if number else b""
            start = self._scopes[scope] = _START + mark
        needle = start + key.encode("utf-8", "surrogatepass") + _KEY_END
        at = hash(key) & _MASK
        bucket = self._buckets[at]
        found = bucket.find(needle)
        if found < 0:
            self._buckets[at] = bucket + needle + _digits(row)
            return None
        row_at = found + len(needle)
        end = bucket.find(_START, row_at)
        return _number(bucket[row_at : end if end >= 0 else len(bucket)])


def _digits(number: int) -> bytes:
    """A number >= 0 in base-128 digits, lowest first (bytes below 0x80; none for 0)."""
    if number < 1 << 28:  # every row of a sheet: the four digits spread apart at C speed
        spread = (number & 0x7F | (number & 0x3F80) << 1 | (number & 0x1FC000) << 2
                  | (number & 0xFE00000) << 3)  # fmt: skip
        return spread.to_bytes(4, "little").rstrip(b"\0")
    return bytes([number & 0x7F]) + _digits(number >> 7)


def _number(digits: bytes) -> int:
    return sum(digit << 7 * place for place, digit in enumerate(digits))
