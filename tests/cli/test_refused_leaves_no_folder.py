"""A run refused before its first request leaves the disk as it found it: the folders it
would have made for its results, errors file, log or journal are not left behind, empty.

Before, the claim of a run's files made each file's folder before it tried the file's lock,
so `--results new/r.csv --log held.log`, with held.log another job's, left `new/`; and a run
refused for a target another run writes left the folders of its journal and files.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
from pathlib import Path

import pytest

from bulkspot.errors import JournalBusyError
from bulkspot.sinks.claims import RunFile, hold
from bulkspot.sinks.lock import IMPORT, lock_path
from bulkspot.sinks.target_lock import Target, TargetLocks, account_of
from tests.cli.invoke import Cli
from tests.cli.sandbox import SANDBOX, Sandbox

LISTS = "name\nFolder test A\nFolder test B\n"


def on_disk(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def shown(started: str) -> str:
    return dt.datetime.fromisoformat(started).strftime("%Y-%m-%d %H:%M:%S %z")


def test_a_file_another_job_holds_is_refused_before_any_folder_is_made(
    sandbox: Sandbox, run_cli: Cli
) -> None:
    (run_cli.cwd / "lists.csv").write_text(LISTS, encoding="utf-8")
    theirs = run_cli.cwd / "theirs.journal.sqlite"
    held = hold([RunFile("--log", "log file", run_cli.cwd / "held.log")], theirs)
    try:
        started = json.loads(lock_path(run_cli.cwd / "held.log").read_text())["started"]
        before, requests = on_disk(run_cli.cwd), sandbox.stats()["requests"]
        done = run_cli("import", "lists", "lists.csv", "--results", "new/deeper/r.csv",
                       "--log", "held.log", "--quiet", env=sandbox.env)  # fmt: skip
        assert on_disk(run_cli.cwd) == before  # no new/, no new/deeper/
        assert sandbox.stats()["requests"] == requests
    finally:
        held.release()
    assert done.exit_code == 2, done.output
    assert done.stderr.splitlines()[-1] == (
        f"Error: --log held.log is in use by another run (pid {os.getpid()} on "
        f"{socket.gethostname()}, started {shown(started)}, journal {theirs}); wait for it to "
        "end, or choose another log file (nothing was sent)"
    )


def test_a_target_another_run_writes_is_refused_leaving_no_folder(
    sandbox: Sandbox, run_cli: Cli, cache_folder: Path
) -> None:
    (run_cli.cwd / "lists.csv").write_text(LISTS, encoding="utf-8")
    theirs = run_cli.cwd / "theirs.journal.sqlite"
    account = account_of(sandbox.base, SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"])
    target = Target.of(account, "list", None)
    held = TargetLocks.try_take([target], IMPORT, theirs)
    assert isinstance(held, TargetLocks)
    try:
        started = json.loads(target.path(cache_folder / "locks").read_text())["started"]
        before, requests = on_disk(run_cli.cwd), sandbox.stats()["requests"]
        done = run_cli("import", "lists", "lists.csv", "--journal", "runs/2027/j.sqlite",
                       "--results", "out/r.csv", "--log", "logs/run.log", "--quiet",
                       env=sandbox.env)  # fmt: skip
        assert on_disk(run_cli.cwd) == before  # no runs/, out/ or logs/
        assert sandbox.stats()["requests"] == requests
    finally:
        held.release()
    assert done.exit_code == 2, done.output
    assert done.stderr.splitlines()[-1] == (
        "Error: another run on this machine is writing the lists of this account (pid "
        f"{os.getpid()} on {socket.gethostname()}, started {shown(started)}, an import with "
        f"the journal {theirs}); wait for it to end, then run the same command again"
    )
    again = run_cli("import", "lists", "lists.csv", "--journal", "runs/2027/j.sqlite",
                    "--results", "out/r.csv", "--log", "logs/run.log", "--quiet",
                    env=sandbox.env)  # fmt: skip
    assert again.exit_code == 0, again.output  # the folders are made when the run is not refused
    assert {"runs/2027/j.sqlite", "out/r.csv", "logs/run.log"} <= set(on_disk(run_cli.cwd))


def test_hold_tries_the_files_whose_folder_is_there_first(tmp_path: Path) -> None:
    """hold() alone (an undo's --log, a codes batch's): refused before it makes a folder,
    whatever order the files come in; a folder it made for a file is removed again."""
    theirs = tmp_path / "theirs.journal.sqlite"
    held = hold([RunFile("--log", "log file", tmp_path / "held.log")], theirs)
    try:
        started = json.loads(lock_path(tmp_path / "held.log").read_text())["started"]
        before = on_disk(tmp_path)
        files = [RunFile("--results", "results file", tmp_path / "new" / "r.csv"),
                 RunFile("--log", "log file", tmp_path / "held.log")]  # fmt: skip
        with pytest.raises(JournalBusyError) as refused:
            hold(files, tmp_path / "mine.journal.sqlite")
        assert on_disk(tmp_path) == before
    finally:
        held.release()
    assert str(refused.value) == (
        f"--log {tmp_path / 'held.log'} is in use by another run (pid {os.getpid()} on "
        f"{socket.gethostname()}, started {shown(started)}, journal {theirs}); wait for it to "
        "end, or choose another log file (nothing was sent)"
    )


def test_a_refused_export_leaves_no_folder_of_its_journal(sandbox: Sandbox, tmp_path: Path) -> None:
    """A library export whose journal goes into a new folder, and whose sheet another job
    writes (its results file): refused, without the new folder (a script is told of its
    `output`, not of an option)."""
    import anyio

    import bulkspot
    from bulkspot.config import ApiSettings, Limits, RunConfig

    theirs = tmp_path / "theirs.journal.sqlite"
    output = tmp_path / "lists.csv"
    held = hold([RunFile("--results", "results file", output)], theirs)
    settings = ApiSettings(SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"], sandbox.base)
    job = bulkspot.ExportJob("lists", output, journal_path=tmp_path / "runs" / "j.jsonl")
    try:
        started = json.loads(lock_path(output).read_text())["started"]
        before, requests = on_disk(tmp_path), sandbox.stats()["requests"]
        with pytest.raises(JournalBusyError) as refused:
            anyio.run(bulkspot.export, job, RunConfig(settings, Limits(rate=1000)))
        assert on_disk(tmp_path) == before  # no runs/
        assert sandbox.stats()["requests"] == requests
    finally:
        held.release()
    assert str(refused.value) == (
        f"output {output} is in use by another run (pid {os.getpid()} on "
        f"{socket.gethostname()}, started {shown(started)}, journal {theirs}); wait for it to "
        "end, or choose another exported sheet (nothing was sent)"
    )
