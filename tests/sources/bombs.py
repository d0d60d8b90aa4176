"""Zip bombs dressed as workbooks, built in milliseconds: a part's deflate data is one small
block of repeated rows, flushed so that it stands alone, written again and again (a real
deflater would spend seconds packing hundreds of megabytes)."""

from __future__ import annotations

import struct
import zipfile
import zlib
from pathlib import Path

ROW = b'<row><c t="inlineStr"><is><t>Hat</t></is></c></row>'
SHEET = "xl/worksheets/sheet1.xml"


HEAD = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n<worksheet xmlns='
    b'"http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
)
TAIL = b"</sheetData></worksheet>"


def _packed(pieces: list[tuple[bytes, int]]) -> tuple[bytes, int, int]:
    """Raw deflate data of each piece's bytes written its number of times, in order; the
    CRC and the size of it all inflated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed, crc, size = b"", 0, 0
    for chunk, times in pieces:
        block = packer.compress(chunk) + packer.flush(zlib.Z_FULL_FLUSH)  # stands alone
        packed += block * times
        for _ in range(times):
            crc = zlib.crc32(chunk, crc)
        size += len(chunk) * times
    return packed + packer.flush(), crc, size


def write_bomb(
    path: Path, workbook: Path, *, inflated_mb: int, declared: int | None = None
) -> Path:
    """`workbook`'s parts with its first sheet swapped for ~`inflated_mb` MB of rows;
    `declared`: the sheet's size as the central directory gives it (a lie), if not the
    truth."""
    with zipfile.ZipFile(workbook) as book:
        parts = [(i.filename, book.read(i.filename)) for i in book.infolist()]
    entries: list[tuple[str, bytes, int, int]] = []
    for name, data in parts:
        if name == SHEET:
            rows = ROW * ((1 << 20) // len(ROW))
            packed, crc, size = _packed([(HEAD, 1), (rows, inflated_mb), (TAIL, 1)])
            entries.append((name, packed, crc, size if declared is None else declared))
        else:
            entries.append((name, *_packed([(data, 1)])))
    with path.open("wb") as out:
        central = b""
        for name, packed, crc, size in entries:
            offset = out.tell()
            head = struct.pack("<HHHHHIIIHH", 20, 0, 8, 0, 0x21, crc, len(packed), size,
                               len(name), 0)  # fmt: skip
            out.write(b"PK\x03\x04" + head + name.encode() + packed)
            central += (b"PK\x01\x02" + struct.pack("<H", 20) + head
                        + struct.pack("<HHHII", 0, 0, 0, 0, offset) + name.encode())  # fmt: skip
        start = out.tell()
        out.write(central)
        out.write(b"PK\x05\x06" + struct.pack("<HHHHIIH", 0, 0, len(entries), len(entries),
                                               len(central), start, 0))  # fmt: skip
    return path
