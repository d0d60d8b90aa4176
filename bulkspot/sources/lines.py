"""Lines of text read with a bound on their length, for the readers of CSV and JSON Lines.

A sheet can hold a cell of many megabytes (a pasted file, a runaway export). Read whole, one
such line costs many times its size in memory (Python's csv module holds a cell as four bytes
a character). No field takes more than a few thousand characters, so a line longer than
`LONGEST_LINE` is read through in bounded pieces instead, and its row is reported, by its
length and first characters, as invalid.
"""

from __future__ import annotations

from pathlib import Path
from typing import TextIO

LONGEST_LINE = 1 << 22  # characters; a field's longest is a few thousand
_CHUNK = 1 << 20
_NEWLINES = ("\n", "\r")


class LineTooLong(Exception):
    """A line over `LONGEST_LINE` characters: its length and its first characters."""

    def __init__(self, length: int, head: str) -> None:
        super().__init__(length, head)
        self.length = length
        self.head = head


class BoundedLines:
    """The lines of `text`, each at most `limit` characters long; a longer one is read
    through and raised as LineTooLong, after which iterating goes on with the next line
    (an iterator class, not a generator: a generator that raises is finished)."""

    def __init__(self, text: TextIO, limit: int = LONGEST_LINE) -> None:
        self._text = text
        self._limit = limit

    def __iter__(self) -> BoundedLines:
        return self

    def __next__(self) -> str:
        line = self._text.readline(self._limit)
        if not line:
            raise StopIteration
        if len(line) < self._limit or line.endswith(_NEWLINES):
            return line
        length = len(line)
        while more := self._text.readline(self._limit):
            length += len(more)
            if more.endswith(_NEWLINES):
                break
        if length == len(line):
            return line  # exactly `limit` characters, the last line of the file
        raise LineTooLong(length, line[:100])


def has_long_line(path: Path, limit: int = LONGEST_LINE) -> bool:
    """Whether some line of the file may be over `limit` characters: a stretch of more than
    `limit` bytes without a line feed. Read in chunks at C speed; `limit` is at least a
    chunk, so such a stretch always crosses a chunk's end."""
    run = 0
    with path.open("rb") as raw:
        while chunk := raw.read(_CHUNK):
            first = chunk.find(b"\n")
            if first < 0:
                run += len(chunk)
            else:
                if run + first > limit:
                    return True
                run = len(chunk) - chunk.rfind(b"\n") - 1
            if run > limit:
                return True
    return False


def holds_byte(path: Path, byte: bytes) -> bool:
    """Whether the file holds `byte` anywhere (a quote that may escape a formula-like cell:
    a sheet without one skips the per-row look). Chunks at C speed."""
    with path.open("rb") as raw:
        while chunk := raw.read(_CHUNK):
            if byte in chunk:
                return True
    return False
