"""Questions asked of a workbook's XML parts before openpyxl reads them, in chunks: a part
may unpack to many megabytes (sources/xlsx_bounds.py bounds how many), and most sheets
answer "no" without a single element being parsed."""

from __future__ import annotations

import re
import zipfile
from xml.etree.ElementTree import Element

_CHUNK = 1 << 20
_OVERLAP = 64  # longer than any pattern asked: a match across two chunks is still seen


def part_holds(archive: zipfile.ZipFile, name: str, pattern: re.Pattern[bytes]) -> bool:
    """Whether the part's bytes match `pattern` anywhere."""
    tail = b""
    with archive.open(name) as part:
        while chunk := part.read(_CHUNK):
            if pattern.search(tail + chunk):
                return True
            tail = chunk[-_OVERLAP:]
    return False


def local_name(element: Element) -> str:
    """An element's tag without its namespace."""
    return str(element.tag).rpartition("}")[2]
