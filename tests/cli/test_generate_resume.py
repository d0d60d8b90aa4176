"""`promocodes generate` resumes like an import: the same command finds its earlier CSV and
journal and finishes them; it never makes a second set of codes (issue 11, case 7)."""

from __future__ import annotations

import csv
import os
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox


def code_names(sandbox: Sandbox, event: str) -> list[str]:
    found = sandbox.call(lambda c: c.list("promocode", {"event_id": event}))
    return sorted(str(p["code_name"]) for p in found)


def generated_csvs(folder: Path) -> list[Path]:
    """The codes' CSVs in `folder` (not the results files beside them)."""
    return sorted(p for p in folder.glob("promocodes-*.csv") if not p.name.endswith(".results.csv"))


def wait_for(condition: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
    """Poll until `condition()` holds (no fixed sleep: as soon as it holds, on it goes)."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting for {what}"
        time.sleep(0.02)


@pytest.mark.slow
def test_ctrl_c_then_the_same_command_finishes_the_batch_with_exactly_count_codes(
    sandbox: Sandbox, run_cli: Cli, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    args = ["promocodes", "generate", "--event", event, "--count", "24", "--discount", "10%",
            "--rate", "20"]  # fmt: skip
    process = subprocess.Popen(
        [sys.executable, "-c", "from bulkspot.cli import main; main()", *args],
        cwd=tmp_path,
        env={**os.environ, **sandbox.env, "COLUMNS": "200"},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        wait_for(lambda: len(code_names(sandbox, event)) >= 4, "the first codes")
        process.send_signal(signal.SIGINT)
        stdout, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == 2, stdout + stderr
    made_before = code_names(sandbox, event)
    assert 4 <= len(made_before) < 24
    (csv_file,) = generated_csvs(tmp_path)
    written = csv_file.read_bytes()
    same_command = shlex.join(["bulkspot", *args])
    lines = stdout.splitlines()
    assert "stopped: interrupted (Ctrl-C)" in lines
    assert "  run the same command again to finish the rest (Ctrl-C again stops at once)" in lines
    assert f"to finish the rest:  {same_command}" in lines

    again = run_cli(*shlex.split(same_command)[1:], "--rate", "500", env=sandbox.env)

    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[0] == (
        f"{csv_file.name} holds this batch's 24 codes from an earlier run: importing them, "
        "no new codes made"
    )
    assert csv_file.read_bytes() == written
    assert generated_csvs(tmp_path) == [csv_file]
    codes = code_names(sandbox, event)
    assert len(codes) == 24 and set(made_before) <= set(codes)


def test_a_csv_written_first_is_the_batch_the_same_command_imports(
    sandbox: Sandbox, run_cli: Cli, tmp_path: Path
) -> None:
    """--only-csv to look first, then the same command imports those codes; a command whose
    options differ from the CSV's batch is refused and the CSV kept."""
    event = sandbox.new_event()
    args = ["promocodes", "generate", "--event", event, "--count", "5", "--prefix", "LOOK",
            "--discount", "15%", "--rate", "500"]  # fmt: skip
    looked = run_cli(*args, "--only-csv", env=sandbox.env)
    assert looked.exit_code == 0, looked.output
    (csv_file,) = generated_csvs(tmp_path)
    assert looked.stdout == f"wrote 5 codes to {csv_file.name}\n"
    written = csv_file.read_bytes()
    assert code_names(sandbox, event) == []

    again = run_cli(*args, "--only-csv", env=sandbox.env)
    assert again.exit_code == 0, again.output
    assert again.stdout == (
        f"{csv_file.name} holds this batch's 5 codes from an earlier run: nothing new written\n"
    )

    done = run_cli(*args, env=sandbox.env)
    assert done.exit_code == 0, done.output
    assert done.stdout.splitlines()[0] == (
        f"{csv_file.name} holds this batch's 5 codes from an earlier run: importing them, "
        "no new codes made"
    )
    with csv_file.open(encoding="utf-8", newline="") as rows:
        in_csv = sorted(row["code_name"] for row in csv.DictReader(rows))
    assert code_names(sandbox, event) == in_csv

    other = run_cli(*args[:-2], "--count", "6", "--output", csv_file.name, env=sandbox.env)
    assert other.exit_code == 2
    assert other.stderr.splitlines()[-1] == (
        f"Error: {csv_file.name} holds an earlier batch made with other options (5 codes, not "
        "--count 6): run the command that made it to finish it, or give another --output for "
        "a new batch"
    )
    assert csv_file.read_bytes() == written
    assert code_names(sandbox, event) == in_csv
