"""Issue 22: the library writes each run to the `bulkspot.run` logger (a line a request,
retries, row outcomes, why a run stopped), with no observer to pass and no secret in a
line, and shows nothing until the program attaches a handler."""

from __future__ import annotations

import logging
import re
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

import bulkspot
from bulkspot.config import RetryPolicy
from bulkspot.simulator import Simulator, SimulatorConfig

KEY, TOKEN = "sandbox-key", "sandbox-token"
EVENT = {
    "name": "logged", "title": "Logged", "type": "OTHER", "time_zone_id": "US/Eastern",
    "start_date": "2027-07-17T14:00:00.000Z", "end_date": "2027-07-17T20:00:00.000Z",
}  # fmt: skip


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimulatorConfig(rate=0, seed=3)) as simulator:
        yield simulator


def config(sim: Simulator, token: str = TOKEN) -> bulkspot.RunConfig:
    settings = bulkspot.ApiSettings(KEY, token, f"{sim.url}/v2/")
    return bulkspot.RunConfig(settings, retry=RetryPolicy.no_wait(3))


def lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The records of bulkspot.run, their times taken out."""
    return [
        f"{r.levelname} {re.sub(r'in [0-9.]+ s', 'in T s', r.getMessage())}"
        for r in caplog.records
        if r.name == "bulkspot.run"
    ]


async def test_an_import_logs_its_requests_rows_and_end(
    sim: Simulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    async with bulkspot.open_client(config(sim)) as client:
        event = (await client.create("event", {}, EVENT))["id"]
    sheet = tmp_path / "fees.csv"
    sheet.write_text("label,fee\nAdult,25.00\n", encoding="utf-8")
    caplog.set_level(logging.DEBUG, logger="bulkspot")
    caplog.clear()
    summary = await bulkspot.import_sheet(sheet, config(sim), kind="fees", event_id=event)
    fee = summary.outcomes[0].id
    base = f"eventspot/events/{event}"
    assert lines(caplog) == [
        "INFO run started: 1 rows, 0 done by an earlier run, at most 4 requests/s",
        f"DEBUG request GET {base} sent",
        f"INFO request GET {base} -> 200 in T s",
        f"DEBUG request GET {base}/fees sent",
        f"INFO request GET {base}/fees -> 200 in T s",
        f"DEBUG request POST {base}/fees sent",
        f"INFO request POST {base}/fees -> 201 in T s",
        f"INFO row 2: created (id {fee}, HTTP 201, 1 attempt)",
        "INFO run finished: created 1; 3 requests, 0 retries, 0 reconciliations, "
        f"{summary.seconds:.1f} s",
    ]
    assert not any(KEY in line or TOKEN in line for line in lines(caplog))


async def test_a_stopped_run_says_why_and_a_secret_is_redacted(
    sim: Simulator, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    sheet = tmp_path / "events.csv"
    sheet.write_text("name,title,type,start_date,end_date,time_zone_id\n"
                     "x,X,OTHER,2027-07-17T14:00:00Z,2027-07-17T20:00:00Z,US/Eastern\n",
                     encoding="utf-8")  # fmt: skip
    caplog.set_level(logging.INFO, logger="bulkspot")
    summary = await bulkspot.import_sheet(sheet, config(sim, "wrong-token"), kind="events")
    assert summary.stopped == "the API refused the access token (401)"
    # in the caller's words: it said `--token` and "run the same command again" to a script
    assert summary.resume_hint == (
        "fix CTCT_ACCESS_TOKEN (or token=), then make the same call again"
    )
    stopped = [line for line in lines(caplog) if line.startswith("WARNING run stopped")]
    assert stopped == [f"WARNING run stopped: {summary.stopped}; {summary.resume_hint}"]
    caplog.clear()
    async with bulkspot.open_client(config(sim)):  # a secret that reaches a message anyway
        logging.getLogger("bulkspot.run").warning("sent with %s and %s", KEY, TOKEN)
    assert lines(caplog) == ["WARNING sent with [redacted] and [redacted]"]


def test_nothing_shows_until_the_program_attaches_a_handler(tmp_path: Path) -> None:
    """A script that set up no logging sees no line of a run on stderr."""
    script = (
        "import logging\n"
        "from bulkspot.runner.log import logged\n"
        "with logged([], ['k']) as observers:\n"
        "    logging.getLogger('bulkspot.run').warning('row 2: failed')\n"
        "print(len(observers))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True,
                          cwd=tmp_path, timeout=60, check=True)  # fmt: skip
    assert (done.stdout, done.stderr) == ("1\n", "")
