"""A formula cell whose value was never worked out (a workbook written by a program, not saved
by a spreadsheet program) is refused on its row, naming the formula; a formula with its saved
value is read as that value.

Seen before: such a cell read as blank, so a description `="Big "&"mug"` was left out of the
item made, and a price XlsxWriter saved as its placeholder 0 made a free item (exit 0 for
both rows)."""

from __future__ import annotations

import csv
import zipfile
from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.plain_http import get
from tests.sources.files import write_xlsx

HEADERS = ["name", "description", "price", "default_quantity_total", "per_registrant_limit"]
NEVER_WORKED_OUT = (
    "whose value was never worked out: the workbook was written by a program and not saved "
    "since by a spreadsheet program; open and save it in Excel or LibreOffice, or type the value"
)


def _program_written_workbook(path: Path) -> None:
    """What openpyxl writes (a formula, an empty value, `fullCalcOnLoad`), with the value of
    C4 saved as XlsxWriter saves it (0) and that of C5 as a spreadsheet program would (3)."""
    write_xlsx(
        path,
        [
            HEADERS,
            ["Mug", '="Big "&"mug"', 8, 10, 2],
            ["Cap", "a cap", "=5+2", 10, 2],
            ["Hat", "a hat", "=4+3", 10, 2],
            ["Pen", "a pen", "=1+2", 10, 2],
            ["Pin", '=IF(TRUE,"","x")', 1, 10, 2],
        ],
    )
    with zipfile.ZipFile(path) as source:
        parts = {name: source.read(name) for name in source.namelist()}
    sheet = "xl/worksheets/sheet1.xml"
    xml = parts[sheet].decode()
    assert 'fullCalcOnLoad="1"' in parts["xl/workbook.xml"].decode()
    for formula, saved in [("4+3", "<v>0</v>"), ("1+2", "<v>3</v>")]:
        assert f"<f>{formula}</f><v />" in xml, xml
        xml = xml.replace(f"<f>{formula}</f><v />", f"<f>{formula}</f>{saved}")
    text_formula = '<c r="B6"><f>IF(TRUE,"","x")</f><v />'
    assert text_formula in xml, xml
    xml = xml.replace(text_formula, '<c r="B6" t="str"><f>IF(TRUE,"","x")</f><v></v>')
    parts[sheet] = xml.encode()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for name, data in parts.items():
            target.writestr(name, data)


def test_a_formula_never_worked_out_is_refused_on_its_row_and_not_sent(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    book = tmp_path / "inventory.xlsx"
    _program_written_workbook(book)
    result = run_cli(
        "import", "items", str(book), "--event", event,
        "--set", "show_quantity_available=yes", env=sandbox.env,
    )  # fmt: skip
    assert result.exit_code == 1, result.output
    with (tmp_path / f"inventory.xlsx.items.{event}.results.csv").open(encoding="utf-8-sig") as f:
        rows = {row["name"]: (row["status"], row["error"]) for row in csv.DictReader(f)}
    assert rows == {
        "Mug": (
            "invalid",
            f"""description: holds the formula '="Big "&"mug"', {NEVER_WORKED_OUT}""",
        ),
        "Cap": ("invalid", f"price: holds the formula '=5+2', {NEVER_WORKED_OUT}"),
        "Hat": ("invalid", f"price: holds the formula '=4+3', {NEVER_WORKED_OUT}"),
        "Pen": ("created", ""),
        "Pin": ("created", ""),  # a text formula that worked out to "": a blank cell
    }
    items = get(sandbox.base, f"eventspot/events/{event}/items")
    assert sorted((item["name"], item["price"], item.get("description")) for item in items) == [
        ("Pen", 3.0, "a pen"),
        ("Pin", 1.0, None),
    ]
