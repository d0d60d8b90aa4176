"""What a command imports before it does anything: `bulkspot --help` and the commands that
send nothing pay neither for aiohttp's server nor for the simulator (only `serve` and `demo`
run it). The figures are in benchmarks/bench_startup.py; these tests hold the behaviour."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest

from bulkspot.cli.app import COMMANDS, cli

HEAVY = ("aiohttp", "aiohttp.web", "bulkspot.simulator", "bulkspot.api", "rich")


def imported_after(*args: str) -> set[str]:
    """The heavy modules a fresh interpreter holds after running `bulkspot ARGS`."""
    script = f"""
import json, sys
from bulkspot.cli import cli
try:
    cli({list(args)!r}, prog_name="bulkspot")
except SystemExit as stop:
    assert stop.code in (0, None), stop.code
print(json.dumps([name for name in {HEAVY!r} if name in sys.modules]), file=sys.stderr)
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=60
    )
    return set(json.loads(done.stderr.strip().splitlines()[-1]))


def test_help_imports_click_and_nothing_heavy() -> None:
    assert imported_after("--help") == set()


@pytest.mark.parametrize("args", [("import", "--help"), ("columns", "items")])
def test_commands_that_send_nothing_import_no_server(args: tuple[str, ...]) -> None:
    loaded = imported_after(*args)
    assert "aiohttp.web" not in loaded and "bulkspot.simulator" not in loaded, loaded


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
