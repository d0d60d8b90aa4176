"""A journal in use is refused naming the run that holds it, as a target's refusal names
its run: pid, host, start, and what it is doing (an import of which sheet, an undo, an
export to which file). Before, it said pid, host and start only.

The first run is real, held at the simulator's barrier (`hold`) inside its first request,
after it took its journal's lock; the second is refused before it sends anything, and the
first then ends well.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import bulkspot
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.sinks.claims import is_journal
from bulkspot.sinks.lock import lock_path
from tests.cli.invoke import Cli
from tests.cli.sandbox import SANDBOX, Sandbox

WAIT_LIMIT = 30.0
LISTS = "name\nIn use A\nIn use B\n"


def config_of(sandbox: Sandbox) -> RunConfig:
    settings = ApiSettings(SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"], sandbox.base)
    return RunConfig(settings, Limits(rate=1000), RetryPolicy.no_wait())


def control(sandbox: Sandbox, changes: dict[str, Any]) -> None:
    request = urllib.request.Request(
        f"{sandbox.url}/__simulator/control", json.dumps(changes).encode(),
        headers={"Content-Type": "application/json"}, method="POST",
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10):
        pass


@contextmanager
def held(sandbox: Sandbox, journal: Path, run: Callable[[], object]) -> Iterator[str]:
    """`run` in a thread, its requests held at the barrier once it holds `journal`'s lock
    (and the journal is one, for an undo to open); yields the start its lock file
    gives, as a refusal shows it. The barrier is lifted when the block ends, and `run` must
    then end well."""
    failures: list[BaseException] = []

    def go() -> None:
        try:
            run()
        except BaseException as error:  # the test's to report
            failures.append(error)

    control(sandbox, {"hold": 1000})
    thread = threading.Thread(target=go)
    thread.start()
    try:
        deadline = time.monotonic() + WAIT_LIMIT
        while True:  # polled: the loop ends on the condition, not on a fixed wait
            try:
                owner = json.loads(lock_path(journal).read_text())
            except (OSError, ValueError):
                owner = {}
            if owner.get("pid") == os.getpid() and is_journal(journal):
                break
            assert thread.is_alive() and time.monotonic() < deadline, failures
            time.sleep(0.005)
        started = dt.datetime.fromisoformat(owner["started"])
        yield started.strftime("%Y-%m-%d %H:%M:%S %z")
    finally:
        control(sandbox, {"hold": 0})
        thread.join(WAIT_LIMIT)
    assert not thread.is_alive() and failures == []


def in_use(journal: str, started: str, job: str) -> str:
    return (
        f"Error: the journal {journal} is in use by another run (pid {os.getpid()} on "
        f"{socket.gethostname()}, started {started}, {job}); wait for it to end, or choose "
        "another --journal"
    )


def test_a_journal_an_import_holds_names_its_sheet(sandbox: Sandbox, run_cli: Cli) -> None:
    sheet = run_cli.cwd / "lists.csv"
    sheet.write_text(LISTS, encoding="utf-8")
    journal = run_cli.cwd / "j.sqlite"

    def run() -> object:
        return bulkspot.run_import("lists", sheet, config=config_of(sandbox), journal_path=journal)

    with held(sandbox, journal, run) as started:
        before = sandbox.stats()["requests"]
        again = run_cli("import", "lists", "lists.csv", "--journal", "j.sqlite", "--quiet",
                        env=sandbox.env)  # fmt: skip
        undo = run_cli("undo", "--journal", "j.sqlite", "--yes", env=sandbox.env)
        assert sandbox.stats()["requests"] == before
    job = f"an import of {sheet}"
    assert (again.exit_code, again.stderr.splitlines()[-1]) == (
        2, in_use("j.sqlite", started, job)
    )  # fmt: skip
    assert (undo.exit_code, undo.stderr.splitlines()[-1]) == (2, in_use("j.sqlite", started, job))


def test_a_journal_an_undo_holds_says_so(sandbox: Sandbox, run_cli: Cli) -> None:
    (run_cli.cwd / "lists.csv").write_text(LISTS.replace("In use", "Undone"), encoding="utf-8")
    journal = run_cli.cwd / "j.sqlite"
    made = run_cli("import", "lists", "lists.csv", "--journal", "j.sqlite", "--quiet",
                   env=sandbox.env)  # fmt: skip
    assert made.exit_code == 0, made.output

    def undo() -> object:
        return bulkspot.run_undo(journal, config=config_of(sandbox))

    with held(sandbox, journal, undo) as started:
        before = sandbox.stats()["requests"]
        again = run_cli("import", "lists", "lists.csv", "--journal", "j.sqlite", "--quiet",
                        env=sandbox.env)  # fmt: skip
        assert sandbox.stats()["requests"] == before
    assert (again.exit_code, again.stderr.splitlines()[-1]) == (
        2, in_use("j.sqlite", started, "an undo of this journal")
    )  # fmt: skip


def test_a_journal_an_export_holds_names_its_output(sandbox: Sandbox, run_cli: Cli) -> None:
    output = run_cli.cwd / "lists-out.csv"
    journal = run_cli.cwd / "lists-out.csv.export-journal.jsonl"

    def export() -> object:
        return bulkspot.run_export("lists", output, config=config_of(sandbox))

    with held(sandbox, journal, export) as started:
        before = sandbox.stats()["requests"]
        again = run_cli("export", "lists", "--output", "lists-out.csv", env=sandbox.env)
        assert sandbox.stats()["requests"] == before
    assert (again.exit_code, again.stderr.splitlines()[-1]) == (
        2, in_use(str(journal.relative_to(run_cli.cwd)), started, f"an export to {output}")
    )  # fmt: skip
