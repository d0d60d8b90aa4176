"""A sheet with one 50 MB cell (issue 11, case 6): read in under 200 MB of memory, measured in
a subprocess, and never echoed whole into the results file, in CSV, JSON Lines and XLSX."""

from __future__ import annotations

import csv
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.paths import REPO

BIG = 50 * 1024 * 1024
COLUMNS = ["name", "price", "default_quantity_total", "per_registrant_limit",
           "show_quantity_available", "description"]  # fmt: skip
MOST_MB = 200


def write_csv(path: Path) -> None:
    with path.open("w", encoding="utf-8") as out:
        out.write(",".join(COLUMNS) + "\n")
        out.write("Hat,5,10,1,yes," + "A" * BIG + "\nCap,6,10,1,yes,ok\n")


def write_jsonl(path: Path) -> None:
    fields = '"price": 5, "default_quantity_total": 10, "per_registrant_limit": 1, '
    fields += '"show_quantity_available": true'
    with path.open("w", encoding="utf-8") as out:
        out.write('{"name": "Hat", ' + fields + ', "description": "' + "A" * BIG + '"}\n')
        out.write('{"name": "Cap", ' + fields + "}\n")


def write_xlsx(path: Path) -> None:
    """A workbook a program (not Excel, which stops at 32,767 characters) wrote."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("Items")
    sheet.append(COLUMNS)
    sheet.append(["Hat", 5, 10, 1, "yes", "A" * 32_767])
    sheet.append(["Cap", 6, 10, 1, "yes", "ok"])
    small = path.with_name("small.xlsx")
    book.save(small)
    with zipfile.ZipFile(small) as source, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for name in source.namelist():
            data = source.read(name)
            if name.startswith("xl/worksheets/"):
                data = data.replace(b"A" * 32_767, b"A" * BIG)
            out.writestr(name, data)
    small.unlink()


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "write", "error"),
    [
        ("items.csv", write_csv,
         "description: is too long to read: row 2 is 52,428,816 characters long, over the "
         "4,194,304 a row may have (the cell starts 'AAAAAAAAAAAAAAAAAAAA…')"),
        ("items.jsonl", write_jsonl,
         "(line): line 1 is 52,428,937 characters long, over the 4,194,304 a line may have "
         "(starts '{\"name\": \"Hat\", \"pri…')"),
        ("items.xlsx", write_xlsx,
         "description: is 52,428,800 characters long, over the 2,048 allowed (starts "
         "'AAAAAAAAAAAAAAAAAAAA…')"),
    ],
)  # fmt: skip
def test_a_50_mb_cell_is_read_in_little_memory_and_not_echoed(
    tmp_path: Path, name: str, write: object, error: str
) -> None:
    source = tmp_path / name
    write(source)  # type: ignore[operator]
    done = subprocess.run(
        [sys.executable, "-m", "tests.runner.extreme_run", str(source)],
        cwd=REPO, capture_output=True, text=True, check=True,
    )  # fmt: skip
    size, peak_mb = map(int, done.stdout.split())
    assert peak_mb < MOST_MB
    assert size < 2_000  # two rows and their results, not the cell
    with (tmp_path / "results.csv").open(encoding="utf-8-sig", newline="") as lines:
        results = list(csv.DictReader(lines))
    assert [r["status"] for r in results] == ["invalid", "created"]
    assert results[0]["error"].startswith(error)
