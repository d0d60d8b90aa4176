"""Which text encoding a file is in, decided from its bytes before any row is read.

Spreadsheet programs save CSV as UTF-8 (with or without a byte-order mark), as UTF-16 with a
mark ("Unicode text" in Excel), or in the machine's legacy code page, which for the people
bulkspot serves is Windows-1252. The whole file is checked for UTF-8 first (in chunks, so
memory stays flat): a file that is not valid UTF-8 is read as Windows-1252, with a warning,
rather than failing half-way through.
"""

from __future__ import annotations

import codecs
from dataclasses import dataclass
from pathlib import Path

from bulkspot.errors import InputError

CHUNK = 1 << 20
_SAMPLE = 8192
_ZIP = b"PK\x03\x04"
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls, .doc
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1a")


@dataclass(frozen=True, slots=True)
class TextEncoding:
    """How to open a text file: the codec (BOM-aware), its error policy and any warning."""

    codec: str
    errors: str = "strict"
    warning: str | None = None


def detect_encoding(path: Path) -> TextEncoding:
    """The encoding of a text file, or InputError for an empty or binary one."""
    with path.open("rb") as raw:
        head = raw.read(_SAMPLE)
    if head.startswith(codecs.BOM_UTF8):
        found = TextEncoding("utf-8-sig")
        body = head[len(codecs.BOM_UTF8) :]
    elif head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        found = TextEncoding("utf-16")
        body = head[2:].replace(b"\x00", b"")  # only for the emptiness check below
    else:
        _refuse_binary(path, head)
        found = TextEncoding("utf-8") if _is_utf8(path) else _legacy(path)
        body = head
    if not body.strip():
        raise InputError(f"{path.name}: the file is empty (it has no header row)")
    return found


def _refuse_binary(path: Path, head: bytes) -> None:
    if head.startswith(_ZIP):
        raise InputError(
            f"{path.name}: this is a ZIP file (an XLSX workbook?), not text: "
            "name it .xlsx, or save the sheet as CSV"
        )
    if head.startswith(_OLE):
        raise InputError(
            f"{path.name}: this is an old binary Office file (.xls), not text: "
            "save it as .xlsx or CSV"
        )
    controls = sum(1 for byte in head if byte < 0x20 and byte not in _TEXT_CONTROLS)
    if b"\x00" in head or controls > len(head) // 20:
        raise InputError(
            f"{path.name}: this is a binary file, not text (CSV or JSON Lines); "
            "UTF-16 text needs its byte-order mark"
        )


def _is_utf8(path: Path) -> bool:
    """Whether the whole file decodes as UTF-8, read a chunk at a time."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    with path.open("rb") as raw:
        while chunk := raw.read(CHUNK):
            if chunk.isascii() and not decoder.getstate()[0]:
                continue  # the fast path: plain ASCII, nothing pending from the last chunk
            try:
                decoder.decode(chunk)
            except UnicodeDecodeError:
                return False
        try:
            decoder.decode(b"", final=True)
        except UnicodeDecodeError:
            return False
    return True


def _legacy(path: Path) -> TextEncoding:
    return TextEncoding(
        "cp1252",
        errors="replace",
        warning=(
            f"{path.name} is not UTF-8: read as Windows-1252; if accented letters look wrong, "
            "save the sheet as CSV UTF-8"
        ),
    )
