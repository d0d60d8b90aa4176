"""A --log on a disk that fills up ends the run with exit 2 and one message naming the log
and the way on; once there is room the same command finishes, every row once.

Seen before: every line after the disk filled printed "--- Logging error ---" and a
traceback on stderr, and the run ended 0 with its log cut short."""

from __future__ import annotations

from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.cli.test_storage_faults import RESUME
from tests.plain_http import get
from tests.sinks.filesystems import fill, tiny_filesystem

FEES = "label,fee\nAdult,35\nStudent,15\nChild,0\n"


def test_a_log_on_a_full_disk_says_so_once_and_the_same_command_finishes(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    (tmp_path / "fees.csv").write_text(FEES, encoding="utf-8")
    with tiny_filesystem(tmp_path / "disk") as disk:
        log = disk / "run.log"
        command = ("import", "fees", "fees.csv", "--event", event, "--log", str(log))
        filler = fill(disk, leave=4096)  # room for the log's lock file, none for its lines
        stopped = run_cli(*command, env=sandbox.env)
        assert stopped.exit_code == 2
        assert stopped.stderr == (
            f"Error: cannot write the log file {log}: the disk is full. {RESUME}\n"
        )
        filler.unlink()
        done = run_cli(*command, env=sandbox.env)
        assert done.exit_code == 0, done.output
        assert "run started: 3 rows, 3 done by an earlier run" in log.read_text(encoding="utf-8")
    fees = get(sandbox.base, f"eventspot/events/{event}/fees")
    assert sorted(fee["label"] for fee in fees) == ["Adult", "Child", "Student"]
