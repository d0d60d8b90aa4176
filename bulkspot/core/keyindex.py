"""Natural keys already used in a file, and the row that used each first, in little memory.

A million-row promocode sheet has a million code names. A `set[str]` of them costs about
80 bytes a key, a `set[bytes]` of 8-byte digests about 70; this keeps a key in about 7.5
bytes, so planning a million rows needs only ~8 MiB more than planning a thousand.

The key's 64-bit hash picks one of 8,192 buckets (13 bits) and gives a 40-bit tag. A bucket
is one bytearray of 7-byte records in the order the keys came: the tag, then the row as the
difference from the bucket's previous row (2 bytes; rows only grow, and with 8,192 buckets
the gaps are near 8,192). Before every 32nd key a checkpoint record holds a whole row (its
5 bytes, then the marker 0xFFFE), so finding a row sums at most 32 differences. A lookup is
one C-speed `bytearray.find`.

Two different keys are taken for the same only when their 53 hash bits agree: across a
million keys in one file the chance of that happening even once is about 1 in 18,000
(1 in 1.8 million for a hundred thousand keys). The hash is Python's own (SipHash,
randomised per process), a tenth of the cost of a BLAKE2b digest.
"""

from __future__ import annotations

import struct
from collections.abc import Hashable

_BUCKET_BITS = 13
_BUCKETS = 1 << _BUCKET_BITS
_TAG = 5  # bytes of tag per record
_RECORD = _TAG + 2  # and 2 bytes of row difference
_EVERY = 32  # keys between checkpoints
_BLOCK = (_EVERY + 1) * _RECORD  # a checkpoint and the keys after it
_CHECKPOINT = b"\xfe\xff"  # the difference field of a checkpoint record
_FAR = 0xFFFF  # a difference too large (or negative): the row is kept in `_far`
_TAG_MASK = (1 << 8 * _TAG) - 1
_U16 = struct.Struct("<H").pack


class SeenKeys:
    """Which keys were seen, and on which row first."""

    __slots__ = ("_far", "_last", "_records")

    def __init__(self) -> None:
        self._records: list[bytearray | None] = [None] * _BUCKETS
        self._last = [0] * _BUCKETS  # each bucket's latest row
        self._far: dict[tuple[int, int], int] = {}  # (bucket, offset) -> row, for big gaps

    def __len__(self) -> int:
        """How many keys are remembered (counted: rarely asked)."""
        counts = (len(r) // _RECORD for r in self._records if r is not None)
        return sum(n - (n + _EVERY) // (_EVERY + 1) for n in counts)  # less the checkpoints

    def first_row(self, key: Hashable, row: int) -> int | None:
        """The row that used `key` before; None (and `row` remembered) if none did."""
        digest = hash(key)
        bucket = digest & (_BUCKETS - 1)
        tag = (digest >> _BUCKET_BITS & _TAG_MASK).to_bytes(_TAG, "little")
        records = self._records[bucket]
        if records is None:
            records = self._records[bucket] = bytearray()
        elif tag in records:
            at = records.find(tag)
            while at >= 0:
                if at % _RECORD == 0 and records[at + _TAG : at + _RECORD] != _CHECKPOINT:
                    return self._row_at(bucket, records, at)
                at = records.find(tag, at + 1)
        if len(records) % _BLOCK == 0:  # every 33rd record is a checkpoint
            records += row.to_bytes(_TAG, "little") + _CHECKPOINT
            gap = 0
        else:
            gap = row - self._last[bucket]
            if gap >= _FAR - 1 or gap < 0:
                self._far[bucket, len(records)] = row
                gap = _FAR
        records += tag + _U16(gap)
        self._last[bucket] = row
        return None

    def _row_at(self, bucket: int, records: bytearray, at: int) -> int:
        """The row of the key recorded at `at`: the checkpoint before it, plus the gaps."""
        start = at - at % _BLOCK
        row = int.from_bytes(records[start : start + _TAG], "little")
        for offset in range(start + _RECORD, at + 1, _RECORD):
            gap = records[offset + _TAG] | records[offset + _TAG + 1] << 8
            row = self._far[bucket, offset] if gap == _FAR else row + gap
        return row
