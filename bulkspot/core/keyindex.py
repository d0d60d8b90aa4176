"""Natural keys already used in a file, and the row that used each first, in little memory.

A million-row promocode sheet has a million code names. A `set[str]` of them costs about
80 bytes a key, a `set[bytes]` of 8-byte digests about 70; this keeps a key in 7 bytes plus
a little per bucket, so planning a million rows needs about 7.5 MiB more than planning a
thousand (measured: `benchmarks/bench_sheets.py`).

The key's 64-bit hash picks one of 16,384 buckets (14 bits) and gives a 40-bit tag. A bucket
is one `bytes` of 7-byte records in the order the keys came: the tag, then the row as the
difference from the bucket's previous row (2 bytes, little-endian; rows only grow, and with
16,384 buckets the gaps are near 16,384). A difference that does not fit (or a row that goes
back) is preceded by a mark record: the whole row in 5 bytes, then 0xFFFF. A row is found by
summing the differences since the bucket's latest mark before it, with C-speed slices.

Why `bytes`, rebuilt on each insert: a bucket holds ~60 records (~430 bytes) at a million
keys, so the copy is cheap, and an exact-size object of at most 512 bytes lives in Python's
small-object allocator, which reuses the freed size classes at once. Growing `bytearray`s
instead over-allocate and leave the C allocator fragmented: the same records took ~40% more
resident memory.

Why not less: n keys told apart by 54 hash bits need about 54 - log2(n) + 1.44 bits each
as a set, and remembering each one's row (the order they came in) adds about log2(n) - 1.44
bits more: ~54 bits, 6.75 bytes a key, whatever the layout. 7 bytes with byte-aligned tags
(so that a lookup is one C-speed `bytes.find`) is within 4% of that.

Two different keys are taken for the same only when their 54 hash bits agree: across a
million keys in one file the chance of that happening even once is about 1 in 36,000
(1 in 3.6 million for a hundred thousand keys). The hash is Python's own (SipHash,
randomised per process), a tenth of the cost of a BLAKE2b digest. Rows are below 2**40.
"""

from __future__ import annotations

from array import array
from collections.abc import Hashable

_BUCKET_BITS = 14
_BUCKETS = 1 << _BUCKET_BITS
_BUCKET_MASK = _BUCKETS - 1
_TAG = 5  # bytes of tag per record
_RECORD = _TAG + 2  # and 2 bytes of row difference
_TAG_MASK = (1 << 8 * _TAG) - 1
_MARK = 0xFFFF  # the difference field of a mark record (a whole row in the tag's place)
_MARK_BYTES = _MARK.to_bytes(2, "little")
_NO_GAP = b"\0\0"


class SeenKeys:
    """Which keys were seen, and on which row first."""

    __slots__ = ("_last", "_records")

    def __init__(self) -> None:
        self._records: list[bytes] = [b""] * _BUCKETS
        self._last = array("q", bytes(8 * _BUCKETS))  # each bucket's latest row

    def __len__(self) -> int:
        """How many keys are remembered (counted: rarely asked)."""
        return sum(
            1
            for records in self._records
            for at in range(_TAG, len(records), _RECORD)
            if records[at : at + 2] != _MARK_BYTES
        )

    def first_row(self, key: Hashable, row: int) -> int | None:
        """The row that used `key` before; None (and `row` remembered) if none did."""
        digest = hash(key)
        bucket = digest & _BUCKET_MASK
        tag_bits = digest >> _BUCKET_BITS & _TAG_MASK
        gap = row - self._last[bucket]
        if 0 <= gap < _MARK:
            record = (tag_bits | gap << 8 * _TAG).to_bytes(_RECORD, "little")
            tag = record[:_TAG]
        else:  # a mark record, then the key's with no difference
            tag = tag_bits.to_bytes(_TAG, "little")
            record = row.to_bytes(_TAG, "little") + _MARK_BYTES + tag + _NO_GAP
        records = self._records[bucket]
        if tag in records:
            at = records.find(tag)
            while at >= 0:
                if at % _RECORD == 0 and records[at + _TAG : at + _RECORD] != _MARK_BYTES:
                    return _row_at(records, at)
                at = records.find(tag, at + 1)
        self._records[bucket] = records + record
        self._last[bucket] = row
        return None


def _row_at(records: bytes, at: int) -> int:
    """The row of the record at `at`: the latest mark before it, plus the differences."""
    end = at + _RECORD
    row, first = 0, 0
    high = end
    while (mark := records.rfind(_MARK_BYTES, 0, high)) >= 0:
        if mark % _RECORD == _TAG:
            row, first = int.from_bytes(records[mark - _TAG : mark], "little"), mark + 2
            break
        high = mark + 1  # an unaligned match: look further back
    low_bytes = records[first + _TAG : end : _RECORD]
    high_bytes = records[first + _TAG + 1 : end : _RECORD]
    return row + sum(low_bytes) + (sum(high_bytes) << 8)
