"""Scripts and CI (issue 12): off a terminal a plain progress line every 10 s (driven by the
run's events, the time from a fake clock); `--json` prints the summary as one JSON object
and nothing else on stdout."""

from __future__ import annotations

import io
import json
import shutil
from pathlib import Path

from rich.console import Console

from bulkspot.cli.progress import ProgressView
from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.events import RequestSent, RowDone, RunFinished, RunStarted
from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.paths import SAMPLES


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_off_a_terminal_a_plain_status_line_comes_every_10_seconds() -> None:
    out = io.StringIO()
    clock = FakeClock()
    view = ProgressView(Console(file=out, force_terminal=False, width=200), rate=4.0, clock=clock)
    view(RunStarted(100, 0, 4.0))
    for row in range(2, 42):  # 40 rows, a request each, at 4 a second: 10 s
        clock.now += 0.25
        view(RequestSent("POST", "eventspot/events/E1/items"))
        view(RowDone(OpKey(row), Outcome(Status.CREATED)))
    clock.now += 5  # 15 s: no second line yet
    view(RowDone(OpKey(42), Outcome(Status.FAILED)))
    clock.now += 5  # 20 s
    view(RowDone(OpKey(43), Outcome(Status.CREATED)))
    view(RunFinished({Status.CREATED: 41, Status.FAILED: 1}, 40, 0, 0, 20.0))
    assert out.getvalue() == (
        "100 rows; at most 4 requests/s; at least 25 s\n"
        "39/100 rows · 3.9 rows/s · ETA 16 s · 0 retries · 4 req/s\n"  # at the 40th request
        "42/100 rows · 2.1 rows/s · ETA 28 s · 0 retries · 1 not done · 4 req/s\n"
    )


def test_quiet_and_terminals_get_no_plain_lines() -> None:
    for quiet, terminal in ((True, False), (False, True)):
        out = io.StringIO()
        clock = FakeClock()
        console = Console(file=out, force_terminal=terminal, width=200)
        view = ProgressView(console, quiet=quiet, rate=4.0, clock=clock)
        view(RunStarted(10, 0, 4.0))
        clock.now += 30
        view(RowDone(OpKey(2), Outcome(Status.CREATED)))
        view.close()
        assert "\n1/10 rows ·" not in out.getvalue()  # (a terminal's bar shows it, drawn)


def test_json_prints_the_summary_as_one_object_and_nothing_else(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    shutil.copy(SAMPLES / "inventory-with-errors.csv", tmp_path / "shop.csv")
    result = run_cli("import", "items", "shop.csv", "--event", event, "--rate", "500",
                     "--json", env=sandbox.env)  # fmt: skip
    assert result.exit_code == 1
    found = json.loads(result.stdout)  # the whole of stdout is the one object
    assert result.stdout.count("\n") == 1
    base = f"shop.csv.items.{event}"
    assert found == {
        "kind": "items",
        "input": "shop.csv",
        "dry_run": False,
        "exit_code": 1,
        "rows": 12,
        "counts": {"created": 1, "invalid": 11},
        "requests": found["requests"],
        "retries": 0,
        "reconciliations": 0,
        "wall_seconds": found["wall_seconds"],
        "results": f"{base}.results.csv",
        "journal": f"{base}.journal.sqlite",
        "errors": f"{base}.errors.csv",
        "warnings": [],
        "stopped": None,
        "resume_hint": None,
        "limited": False,
        "resume_command": None,
        "retry_failed_command": None,
        "import_errors_command": (
            f"bulkspot import items {base}.errors.csv --event {event} --rate 500"
        ),
        "estimate": None,
        "resources": [],
    }
    assert found["requests"] >= 2 and found["wall_seconds"] > 0
    assert result.stderr == "12 rows; at most 500 requests/s; under a second\n"


def test_json_of_an_events_import_lists_the_ids_instead_of_printing_them(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    shutil.copy(SAMPLES / "events.csv", tmp_path / "events.csv")
    result = run_cli("import", "events", "events.csv", "--rate", "500", "--json", "--quiet",
                     env=sandbox.env)  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    assert found["counts"] == {"created": found["rows"]}
    assert [r["row"] for r in found["resources"]] == list(range(2, found["rows"] + 2))
    assert all(r["id"] and r["status"] == "created" for r in found["resources"])
    assert result.stderr == ""


def test_json_of_a_dry_run_has_the_estimate(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    event = sandbox.new_event()
    shutil.copy(SAMPLES / "fees.csv", tmp_path / "fees.csv")
    result = run_cli("import", "fees", "fees.csv", "--event", event, "--dry-run", "--json",
                     env=sandbox.env)  # fmt: skip
    assert result.exit_code == 0, result.output
    found = json.loads(result.stdout)
    writes = found["rows"]  # one create a fee
    assert found["dry_run"] is True and found["journal"] is None and found["errors"] is None
    assert found["estimate"] == {
        "requests": found["requests"] + writes,
        "seconds": round((found["requests"] + writes) / 4, 1),
        "quota_share": round((found["requests"] + writes) / 10_000, 4),
        "warning": None,
    }
