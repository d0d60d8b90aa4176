"""Sheets have a size bound (issue 20): a workbook whose parts would inflate past what any
inventory sheet needs is refused from the zip's directory, before openpyxl reads a byte (a
1 MB file inflating to 1 GB of XML was read for 48 s or more before anything was said)."""

from __future__ import annotations

import time
import zipfile
from pathlib import Path

import openpyxl
import pytest

from bulkspot.errors import InputError
from bulkspot.sources import open_sheet
from tests.paths import SAMPLES
from tests.sources.bombs import SHEET, write_bomb
from tests.sources.files import write_xlsx


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    return write_xlsx(tmp_path / "base.xlsx", [["name", "price"], ["Hat", 5]])


@pytest.fixture
def openpyxl_never_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("openpyxl was asked to read the workbook")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


def refusal(path: Path) -> tuple[str, float]:
    started = time.monotonic()
    with pytest.raises(InputError) as refused:
        open_sheet(path)
    return str(refused.value), time.monotonic() - started


@pytest.mark.usefixtures("openpyxl_never_reads")
def test_a_workbook_inflating_past_200_mb_is_refused_unread(workbook: Path, tmp_path: Path) -> None:
    bomb = write_bomb(tmp_path / "items.xlsx", workbook, inflated_mb=300)
    assert bomb.stat().st_size < 1_000_000
    message, seconds = refusal(bomb)
    assert message == (
        "items.xlsx: its parts would unpack to 300.0 MB, more than the 200.0 MB any inventory "
        "sheet needs, so it is not read (a zip bomb, or no spreadsheet); split the sheet, or "
        "save it as CSV"
    )
    assert seconds < 2  # a bound only: openpyxl was never called at all


@pytest.mark.usefixtures("openpyxl_never_reads")
def test_a_part_packed_far_tighter_than_a_spreadsheet_is_refused_unread(
    workbook: Path, tmp_path: Path
) -> None:
    bomb = write_bomb(tmp_path / "items.xlsx", workbook, inflated_mb=80)
    message, _seconds = refusal(bomb)
    assert message == (
        "items.xlsx: its part xl/worksheets/sheet1.xml would unpack to 80.0 MB from 244 KB, "
        "336 times its packed size (a spreadsheet's packs less than 100:1), so it is not read "
        "(a zip bomb, or no spreadsheet); save the sheet again from Excel, or as CSV"
    )


def test_a_directory_that_understates_a_part_bounds_what_is_read(
    workbook: Path, tmp_path: Path
) -> None:
    """It says the sheet is 2,000 bytes while its data inflates to 300 MB: zipfile stops at
    the size said and refuses the part, so the lie costs nothing."""
    bomb = write_bomb(tmp_path / "items.xlsx", workbook, inflated_mb=300, declared=2000)
    message, seconds = refusal(bomb)
    assert message == (
        "items.xlsx: not a readable XLSX workbook (Bad CRC-32 for file "
        "'xl/worksheets/sheet1.xml'); save it again from Excel as .xlsx, or as CSV"
    )
    assert seconds < 2


def test_real_workbooks_and_a_small_tight_part_still_load(workbook: Path, tmp_path: Path) -> None:
    with open_sheet(SAMPLES / "inventory.xlsx") as sheet:
        assert sheet.count() == 20
    small = write_bomb(tmp_path / "items.xlsx", workbook, inflated_mb=3)  # 336:1, but 3 MB
    with open_sheet(small) as sheet:
        assert sheet.headers == ["Hat"]
        assert sheet.count() == 61_679


def test_a_sheet_whose_xml_does_not_parse_is_an_unreadable_sheet(
    workbook: Path, tmp_path: Path
) -> None:
    """It ended in a traceback (xml ParseError)."""
    damaged = tmp_path / "items.xlsx"
    with zipfile.ZipFile(workbook) as source, zipfile.ZipFile(damaged, "w") as target:
        for part in source.infolist():
            data = source.read(part.filename)
            target.writestr(part.filename, b"<row>junk</r" if part.filename == SHEET else data)
    message, _seconds = refusal(damaged)
    assert message == (
        "items.xlsx: not a readable XLSX workbook (unclosed token: line 1, column 9); save it "
        "again from Excel as .xlsx, or as CSV"
    )
