"""The rows of a worksheet that are hidden: by hand, or by a filter that shows only some.

A person who hides rows, or filters a sheet down to what they mean to import, sees only the
rest; read like the others, a hidden row made resources nobody saw in the sheet. Whether it
is meant cannot be told from the sheet, so its row is refused, saying so (xlsx_source.py).
The sheet's XML is parsed for them only when it holds a `hidden` attribute at all (a byte
search at C speed first).
"""

from __future__ import annotations

import re
import zipfile

from openpyxl.xml.functions import iterparse  # the parser openpyxl reads the sheet with

from bulkspot.sources.xlsx_parts import local_name, part_holds

_HIDDEN = re.compile(rb"""\shidden=["'](?:1|true)["']""")


def hidden_rows(archive: zipfile.ZipFile, sheet_part: str) -> frozenset[int]:
    """The numbers of the sheet's hidden rows."""
    if not part_holds(archive, sheet_part, _HIDDEN):
        return frozenset()
    found: set[int] = set()
    row = 0
    with archive.open(sheet_part) as part:
        for _, element in iterparse(part, events=("start",)):
            if local_name(element) != "row":
                continue
            number = element.get("r")
            row = int(number) if number else row + 1
            if element.get("hidden") in ("1", "true"):
                found.add(row)
    return frozenset(found)
