"""The corpus files that are generated rather than committed: workbooks, binary files and a
1 MB cell. `build(folder)` writes them all; `corpus(folder)` also copies the committed ones,
so a folder holds every file that corpus/EXPECTED.json describes (the CLI's tests can run
the same corpus through the command line).
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

CORPUS = Path(__file__).parent / "corpus"
EXPECTED: dict[str, dict[str, Any]] = json.loads((CORPUS / "EXPECTED.json").read_text())
ITEM_HEADERS = [
    "name", "price", "default_quantity_total", "per_registrant_limit", "show_quantity_available",
]  # fmt: skip
HUGE = 1 << 20  # characters in the huge cell


def _workbook(path: Path, rows: list[list[Any]], title: str = "Sheet1") -> Path:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = title
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def _formulas(path: Path) -> None:
    """Two formulas: B2 with the value Excel saved with it (12), C3 with none (a file
    written by a program and never opened in Excel)."""
    rows = [ITEM_HEADERS, ["Mug", "=2*6", 10, 2, True], ["Cap", 7, "=5*2", 2, True]]
    _workbook(path, rows)
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode()
    assert "<f>2*6</f><v />" in xml, xml
    parts[sheet] = xml.replace("<f>2*6</f><v />", "<f>2*6</f><v>12</v>").encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def _huge_cell(path: Path) -> None:
    headers = [*ITEM_HEADERS, "description"]
    lines = [",".join(headers), "Mug,5,10,2,yes,a mug", f"Cap,7,10,2,yes,{'x' * HUGE}"]
    path.write_text("\n".join(lines) + "\n")


BUILDERS: dict[str, Callable[[Path], Any]] = {
    "binary.csv": lambda p: p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)),
    "workbook_named.csv": lambda p: _workbook(p, [["label", "fee"], ["VIP", 10]]),
    "huge_cell.csv": _huge_cell,
    "formulas.xlsx": _formulas,
    "excel_error.xlsx": lambda p: _workbook(
        p, [ITEM_HEADERS, ["Mug", 5, 10, 2, True], ["Cap", "#DIV/0!", 10, 2, True]]
    ),
    "date_as_price.xlsx": lambda p: _workbook(
        p, [["label", "fee"], ["VIP", dt.datetime(2026, 1, 1)]]
    ),
    "no_header.xlsx": lambda p: _workbook(p, [["Mug", 5, 10, 2, True], ["Cap", 7, 10, 2, True]]),
    "empty_sheet.xlsx": lambda p: _workbook(p, []),
    "text_named.xlsx": lambda p: p.write_text("label,fee\nVIP,10\n"),
    "missing_sheet.xlsx": lambda p: _workbook(p, [["label", "fee"], ["VIP", 10]], title="Fees"),
}


def build(folder: Path) -> list[Path]:
    """Write the generated corpus files into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    made = []
    for name, make in BUILDERS.items():
        make(folder / name)
        made.append(folder / name)
    return made


def corpus(folder: Path) -> Path:
    """Every corpus file in one folder: the committed ones copied, the others generated."""
    for path in CORPUS.iterdir():
        if path.name != "EXPECTED.json":
            shutil.copy(path, folder / path.name)
    build(folder)
    return folder
