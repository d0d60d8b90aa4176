"""A size bound on XLSX workbooks, checked from the zip's central directory before openpyxl
reads a byte of them.

An XLSX is a zip of XML parts. A 1 MB file whose sheet inflates to 1 GB of XML kept a run
reading for a minute or more before anything was said. No inventory sheet comes near
`MAX_UNPACKED` in all, and a spreadsheet's XML packs some 5-30:1, so a large part packed far
tighter than `MAX_RATIO` is no spreadsheet's: both are refused at once, with the sizes.

The central directory can lie (say a part is small when its data inflates to much more), but
then it bounds what is read all the same: Python's zipfile stops a part at the size the
directory gives it and refuses the part (a bad CRC), which the reader reports as an
unreadable sheet.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

from bulkspot.errors import InputError

MB = 1 << 20
MAX_UNPACKED = 200 * MB  # all parts together, inflated
MAX_RATIO = 100  # inflated : packed, for a part over RATIO_FROM
RATIO_FROM = 64 * MB  # below it a part may pack tighter: a sheet of one 50 MB cell of one
# repeated letter is still a sheet (its row is refused for the cell, the others are read)


def check_unpacked_size(path: Path) -> None:
    """Refuse (InputError) a workbook whose parts would inflate past the bound; a file that
    is no zip at all is left for the reader to describe."""
    try:
        with zipfile.ZipFile(path) as book:
            parts = book.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return
    total = sum(part.file_size for part in parts)
    if total > MAX_UNPACKED:
        raise InputError(
            f"{path.name}: its parts would unpack to {_size(total)}, more than the "
            f"{_size(MAX_UNPACKED)} any inventory sheet needs, so it is not read (a zip bomb, "
            "or no spreadsheet); split the sheet, or save it as CSV"
        )
    for part in parts:
        ratio = part.file_size / max(part.compress_size, 1)
        if part.file_size > RATIO_FROM and ratio > MAX_RATIO:
            raise InputError(
                f"{path.name}: its part {part.filename} would unpack to {_size(part.file_size)} "
                f"from {_size(part.compress_size)}, {ratio:.0f} times its packed size (a "
                f"spreadsheet's packs less than {MAX_RATIO}:1), so it is not read (a zip "
                "bomb, or no spreadsheet); save the sheet again from Excel, or as CSV"
            )


def _size(size: int) -> str:
    return f"{size / MB:.1f} MB" if size >= MB else f"{size / 1024:.0f} KB"
