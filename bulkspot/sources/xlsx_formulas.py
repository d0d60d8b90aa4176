"""The formula cells of a worksheet whose saved value is no value: never calculated.

A workbook saved by a spreadsheet program keeps each formula's last value beside it, and
that is what an import reads. One written by a program (openpyxl, a report generator) holds
the formula alone: read for its value it is a blank cell, so a price `=B2*1.1` became "price
is required" and a description `=A2&" (2027)"` was left out of what was sent. Some writers
(XlsxWriter) save 0 for every formula and mark the workbook to be recalculated on opening:
read for its value, that price is 0. Such cells are found here, from the sheet's XML, so
that their rows are refused with the formula named instead.

The sheet's XML is read a second time only when it holds a formula at all (a byte search
at C speed first), which a workbook written by a program rarely does.
"""

from __future__ import annotations

import re
import zipfile
from collections.abc import Iterator
from typing import IO
from xml.etree.ElementTree import Element

from openpyxl.utils.cell import coordinate_to_tuple
from openpyxl.xml.functions import iterparse  # the parser openpyxl reads the sheet with

from bulkspot.sources.xlsx_parts import local_name, part_holds

_FORMULA = re.compile(rb"<(?:\w+:)?f[\s>/]")
_RECALCULATE = re.compile(rb"fullCalcOnLoad=[\"'](?:1|true)[\"']")
_PLACEHOLDER = "0"  # what XlsxWriter saves as a formula's value unless told another

Uncalculated = dict[int, dict[int, str]]  # row -> 0-based column -> the formula ("" unknown)


def uncalculated_formulas(archive: zipfile.ZipFile, sheet_part: str) -> Uncalculated:
    """Each formula cell of the sheet whose saved value is missing, or is the placeholder 0
    of a workbook that asks to be recalculated when opened."""
    if not part_holds(archive, sheet_part, _FORMULA):
        return {}
    placeholder = _PLACEHOLDER if _asks_recalculation(archive) else None
    found: Uncalculated = {}
    with archive.open(sheet_part) as part:
        for row, column, formula in _formula_cells(part, placeholder):
            found.setdefault(row, {})[column] = formula
    return found


def _formula_cells(part: IO[bytes], placeholder: str | None) -> Iterator[tuple[int, int, str]]:
    row, column = 0, 0
    for event, element in iterparse(part, events=("start", "end")):
        tag = local_name(element)
        if event == "start":
            if tag == "row":
                number = element.get("r")
                row, column = (int(number) if number else row + 1), 0
            continue
        if tag == "c":
            where = element.get("r")
            row, column = coordinate_to_tuple(where) if where else (row, column + 1)
            if _uncalculated(element, placeholder):
                formula = next((f.text or "" for f in element if local_name(f) == "f"), "")
                yield row, column - 1, formula
            element.clear()
        elif tag == "row":
            element.clear()


def _uncalculated(cell: Element, placeholder: str | None) -> bool:
    """A formula cell without a saved value: none at all, an empty one where the type is
    not text (a text formula may well give ""), or the placeholder where one is written."""
    children = {local_name(child): child for child in cell}
    if "f" not in children:
        return False
    saved = children.get("v")
    if saved is None:
        return True
    number = cell.get("t", "n") == "n"
    return number and (not saved.text or saved.text == placeholder)


def _asks_recalculation(archive: zipfile.ZipFile) -> bool:
    parts = [n for n in archive.namelist() if n.lower().endswith("workbook.xml")]
    return any(part_holds(archive, name, _RECALCULATE) for name in parts)
