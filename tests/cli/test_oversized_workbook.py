"""An inflating workbook is refused on the command line at once, nothing sent (issue 20)."""

from __future__ import annotations

import time
from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.sources.bombs import write_bomb
from tests.sources.files import write_xlsx


def test_an_inflating_workbook_is_refused_within_two_seconds_with_nothing_sent(
    sandbox: Sandbox, run_cli: Cli, tmp_path: Path
) -> None:
    base = write_xlsx(tmp_path / "base.xlsx", [["name", "price"], ["Hat", 5]])
    bomb = write_bomb(tmp_path / "items.xlsx", base, inflated_mb=300)
    event = sandbox.new_event()
    before = sandbox.stats()["requests"]
    started = time.monotonic()
    result = run_cli("import", "items", str(bomb), "--event", event, "--quiet", env=sandbox.env)
    assert time.monotonic() - started < 2
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "Error: items.xlsx: its parts would unpack to 300.0 MB, more than the 200.0 MB any "
        "inventory sheet needs, so it is not read (a zip bomb, or no spreadsheet); split the "
        "sheet, or save it as CSV"
    )
    assert sandbox.stats()["requests"] == before
