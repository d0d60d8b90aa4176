"""What a command imports before it does anything: `bulkspot --help` and the commands that
send nothing pay neither for aiohttp's server nor for the simulator (only `serve` and `demo`
run it). The figures are in benchmarks/bench_startup.py; these tests hold the behaviour."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import click
import pytest

from bulkspot.cli.app import COMMANDS, cli
from tests.cli.sandbox import Sandbox

HEAVY = ("aiohttp", "aiohttp.web", "bulkspot.simulator", "bulkspot.api", "rich")


def imported_after(
    *args: str,
    heavy: tuple[str, ...] = HEAVY,
    env: dict[str, str] | None = None,
    at_first_request: bool = False,
) -> set[str]:
    """The `heavy` modules a fresh interpreter holds after running `bulkspot ARGS`, or when
    it opens its first connection (`at_first_request`)."""
    script = f"""
import json, sys
held = []
def at_connect(event, args):
    if event == "socket.connect" and not held:
        held.append([name for name in {heavy!r} if name in sys.modules])
if {at_first_request!r}:
    sys.addaudithook(at_connect)
from bulkspot.cli import cli
try:
    cli({list(args)!r}, prog_name="bulkspot")
except SystemExit as stop:
    assert stop.code in (0, None), stop.code
held.append([name for name in {heavy!r} if name in sys.modules])
print(json.dumps(held[0]), file=sys.stderr)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60,
        env={**os.environ, **(env or {})},
    )  # fmt: skip
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_imports_click_and_nothing_heavy() -> None:
    assert imported_after("--help") == set()


@pytest.mark.parametrize("args", [("import", "--help"), ("columns", "items")])
def test_commands_that_send_nothing_import_no_server(args: tuple[str, ...]) -> None:
    loaded = imported_after(*args)
    assert "aiohttp.web" not in loaded and "bulkspot.simulator" not in loaded, loaded


# What an import of a CSV sheet on a pipe does without before its first request: the XLSX
# reader, rich's live bar and tables (a terminal's), the summary (printed after the run),
# and the other commands and jobs.
NOT_BEFORE_A_CSV_IMPORT_SENDS = (
    "openpyxl", "rich.progress", "rich.table", "bulkspot.cli.summary", "bulkspot.cli.undo_cmd",
    "bulkspot.runner.copy", "bulkspot.runner.export", "bulkspot.runner.generate",
    "bulkspot.runner.client", "bulkspot.runner.undo_plan",
)  # fmt: skip


def test_a_csv_import_loads_only_what_it_needs_before_it_sends(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    sheet = tmp_path / "codes.csv"
    sheet.write_text("code_name,code_type,discount,discount_scope,quantity_total\n"
                     "STARTUP1,DISCOUNT,20%,ORDER_TOTAL,unlimited\n")  # fmt: skip
    event = sandbox.new_event()
    args = ("import", "promocodes", str(sheet), "--event", event, "-q")
    loaded = imported_after(
        *args, heavy=NOT_BEFORE_A_CSV_IMPORT_SENDS, env=sandbox.env, at_first_request=True
    )
    assert loaded == set()
    made = sandbox.call(lambda client: client.list("promocode", {"event_id": event}))
    assert [code["code_name"] for code in made] == ["STARTUP1"]  # it ran to the end


def test_import_bulkspot_imports_none_of_the_library() -> None:
    script = (
        "import sys, bulkspot; "
        "print(sorted(m for m in sys.modules if m.startswith(('bulkspot.', 'click', 'aiohttp'))))"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    assert done.stdout == "[]\n"


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_the_listed_summary_is_the_command_s_own(name: str) -> None:
    """`bulkspot --help` shows the summaries kept in app.py without importing the commands."""
    command = COMMANDS[name].load()
    assert COMMANDS[name].summary == command.get_short_help_str(limit=1000)
    assert command.name == name


def test_help_lists_every_command_once() -> None:
    text = cli.get_help(click.Context(cli, info_name="bulkspot"))
    listed = text.split("\nCommands:\n", 1)[1].splitlines()
    assert [line.split()[0] for line in listed] == sorted(COMMANDS)
