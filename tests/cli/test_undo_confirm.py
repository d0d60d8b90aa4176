"""An undo of more than 10 resources is confirmed first: on a terminal it asks (no means
nothing is deleted), in a script it needs --yes; ten or fewer go ahead as before."""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import pytest

from bulkspot.cli import undo_cmd
from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.cli.terminal import run_in_terminal

BULKSPOT = str(Path(sys.executable).with_name("bulkspot"))


def codes_on(sandbox: Sandbox, event: str) -> int:
    return len(sandbox.call(lambda c: c.list("promocode", {"event_id": event})))


def made_codes(run_cli: Cli, sandbox: Sandbox, tmp_path: Path, count: int) -> tuple[str, Path]:
    """A run that created `count` promocodes, and its journal."""
    event = sandbox.new_event()
    journal = tmp_path / "codes.sqlite"
    made = run_cli(
        "promocodes", "generate", "--event", event, "--count", str(count), "--discount", "10%",
        "--output", str(tmp_path / "codes.csv"), "--journal", str(journal), "--rate", "500",
        env=sandbox.env,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    assert codes_on(sandbox, event) == count
    return event, journal


def test_a_script_must_say_yes_to_an_undo_of_more_than_ten(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event, journal = made_codes(run_cli, sandbox, tmp_path, 11)
    refused = run_cli("undo", "--journal", str(journal), "--rate", "500", env=sandbox.env)
    assert refused.exit_code == 2
    assert refused.stdout == ""
    assert refused.stderr == (
        f"Error: undo would delete 11 promocodes that the run of {journal} created; with no "
        "terminal to ask on, give --yes to go ahead (--dry-run lists them)\n"
    )
    assert codes_on(sandbox, event) == 11
    done = run_cli("undo", "--journal", str(journal), "--yes", "--rate", "500", env=sandbox.env)
    assert done.exit_code == 0, done.output
    assert "  deleted          11" in done.stdout.splitlines()
    assert codes_on(sandbox, event) == 0


def test_ten_or_fewer_go_ahead_without_asking(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event, journal = made_codes(run_cli, sandbox, tmp_path, 10)
    done = run_cli("undo", "--journal", str(journal), "--rate", "500", env=sandbox.env)
    assert done.exit_code == 0, done.output
    assert codes_on(sandbox, event) == 0


def test_no_at_the_question_deletes_nothing(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    event, journal = made_codes(run_cli, sandbox, tmp_path, 11)
    monkeypatch.setattr(undo_cmd, "can_ask", lambda: True)
    declined = run_cli.runner.invoke(
        undo_cmd.undo_command, ["--journal", str(journal), "--rate", "500"], input="n\n",
        env=sandbox.env, catch_exceptions=False, prog_name="bulkspot undo",
    )  # fmt: skip
    assert declined.exit_code == 2
    assert declined.stderr == (
        f"undo would delete 11 promocodes that the run of {journal} created; this cannot be "
        "taken back. Go on? [y/N]: n\n"
        "Error: not confirmed: nothing was deleted or cancelled\n"
    )
    assert codes_on(sandbox, event) == 11


def test_yes_at_the_question_on_a_real_terminal_deletes_them(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event, journal = made_codes(run_cli, sandbox, tmp_path, 12)
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("CTCT_", "BULKSPOT_"))}
    code, raw = run_in_terminal(
        [BULKSPOT, "undo", "--journal", str(journal), "--rate", "500"],
        env={**keep, "TERM": "xterm-256color", **sandbox.env},
        cwd=str(tmp_path),
        columns=300,
        typed=b"y\n",
    )
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", raw.decode())
    assert code == 0, plain
    assert (
        f"undo would delete 12 promocodes that the run of {journal} created; this cannot be "
        "taken back. Go on? [y/N]: " in plain
    )
    assert codes_on(sandbox, event) == 0
