"""A "send now" (a schedules row with a blank scheduled_date: the API's `{}` body) whose answer
is lost: nothing to look it up by, and a SENT campaign takes a new schedule, which sends it
again. The campaign must be scheduled or sent once, whatever is run after the loss (the same
command, --retry-failed, a rerun after a kill -9). What the server holds and how many schedule
POSTs it made are read over plain HTTP."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import threading
import urllib.request
from collections.abc import Iterator
from typing import Any

import pytest
from aiohttp import web

from bulkspot.api import Client
from bulkspot.errors import ConflictError
from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox, start_sandbox
from tests.cli.test_schedules_other_writers import http, new_campaign, results, schedules_of, sheet
from tests.hostile_proxy import HostileProxy, HostileProxyThread

FAST = ("--yes", "--rate", "1000", "--quiet")
RESULTS = "s.csv.schedules.results.csv"
SENT_SINCE = (
    "the campaign was sent at {}, after this row's send-now left (its answer was lost): "
    "whether by this run or by another writer cannot be told, so it is not sent again"
)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    yield from start_sandbox(rate=1000, latency_ms=0, seed=5)


def control(sandbox: Sandbox, **changes: Any) -> None:
    request = urllib.request.Request(
        f"{sandbox.url}/__simulator/control", json.dumps(changes).encode(),
        headers={"Content-Type": "application/json"}, method="POST",
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10):
        pass


def writes_made(sandbox: Sandbox) -> int:
    """Writes the simulator made: answered 201, or made with their answer lost."""
    stats = sandbox.stats()
    faults = stats["faults"]
    return (
        int(stats["requests_by_status"].get("201", 0))
        + faults["ambiguous_500"]
        + faults["ambiguous_drop"]
    )


def campaign_of(sandbox: Sandbox, campaign_id: str) -> dict[str, Any]:
    status, found = http(sandbox, "GET", f"emailmarketing/campaigns/{campaign_id}")
    assert status == 200, found
    return dict(found)


def test_a_lost_send_now_is_sent_once_whatever_runs_after_it(
    run_cli: Cli, sandbox: Sandbox
) -> None:
    control(sandbox, send_window_s=0.0)  # sent at once: a second schedule would send again
    campaign = new_campaign(sandbox, "Now")
    sheet(run_cli, "Now,\n")
    made_before = writes_made(sandbox)
    control(sandbox, ambiguous_rate=1.0)  # every write is made and its answer lost
    first = run_cli("import", "schedules", "s.csv", *FAST, env=sandbox.env)
    sent = campaign_of(sandbox, campaign)
    assert sent["status"] == "SENT"
    expected = [("exists", "", SENT_SINCE.format(sent["last_run_date"]))]
    assert results(run_cli, RESULTS) == expected, first.output
    assert first.exit_code == 0, first.output

    again = run_cli("import", "schedules", "s.csv", *FAST, env=sandbox.env)
    retried = run_cli("import", "schedules", "s.csv", "--retry-failed", *FAST, env=sandbox.env)
    assert (again.exit_code, retried.exit_code) == (0, 0), again.output + retried.output
    assert results(run_cli, RESULTS) == expected
    assert writes_made(sandbox) - made_before == 1  # one schedule POST made: sent once
    assert campaign_of(sandbox, campaign)["last_run_date"] == sent["last_run_date"]


def test_a_lost_send_now_still_queued_is_this_runs_and_undone(
    run_cli: Cli, sandbox: Sandbox
) -> None:
    control(sandbox, send_window_s=3600.0)  # queued until the next window
    campaign = new_campaign(sandbox, "Queued")
    sheet(run_cli, "Queued,\n")
    made_before = writes_made(sandbox)
    control(sandbox, ambiguous_rate=1.0)
    first = run_cli("import", "schedules", "s.csv", *FAST, env=sandbox.env)
    control(sandbox, ambiguous_rate=0.0)
    [mine] = schedules_of(sandbox, campaign)
    assert results(run_cli, RESULTS) == [("created", mine["id"], "")], first.output
    retried = run_cli("import", "schedules", "s.csv", "--retry-failed", *FAST, env=sandbox.env)
    assert retried.exit_code == 0, retried.output
    assert writes_made(sandbox) - made_before == 1
    assert campaign_of(sandbox, campaign)["status"] == "SCHEDULED"

    journal = "s.csv.schedules.journal.sqlite"
    undone = run_cli("undo", "--journal", journal, *FAST, env=sandbox.env)
    assert undone.exit_code == 0, undone.output
    assert schedules_of(sandbox, campaign) == []
    assert campaign_of(sandbox, campaign)["status"] == "DRAFT"


class AnswerNever(HostileProxy):
    """Passes the schedule POST on (the server makes it), then keeps its answer until
    `release` is set: the client is killed while it waits."""

    def __init__(self, upstream: str) -> None:
        super().__init__(upstream, [])
        self.landed = threading.Event()
        self.release = threading.Event()

    async def _forward(self, request: web.Request) -> web.Response:
        answer = await super()._forward(request)
        if request.method == "POST" and request.path.endswith("/schedules"):
            self.landed.set()
            await asyncio.get_running_loop().run_in_executor(None, self.release.wait, 30)
        return answer


def test_a_send_now_killed_before_its_answer_is_not_sent_again_by_the_rerun(
    run_cli: Cli, sandbox: Sandbox
) -> None:
    control(sandbox, send_window_s=0.0)
    campaign = new_campaign(sandbox, "Killed")
    sheet(run_cli, "Killed,\n")
    made_before = writes_made(sandbox)
    thread = HostileProxyThread(sandbox.url, [])
    thread.proxy = proxy = AnswerNever(sandbox.url)
    with thread:
        env = {**sandbox.env, "BULKSPOT_BASE_URL": f"{proxy.url}/v2/"}
        command = [sys.executable, "-m", "bulkspot", "import", "schedules", "s.csv", *FAST]
        quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.DEVNULL}
        process = subprocess.Popen(command, cwd=run_cli.cwd, env=env, **quiet)
        try:
            assert proxy.landed.wait(30), "the schedule POST never came"
        finally:
            process.kill()  # kill -9 between the POST and its answer
            process.wait(timeout=30)
            proxy.release.set()  # from now on every answer passes
        assert writes_made(sandbox) - made_before == 1
        rerun = run_cli("import", "schedules", "s.csv", *FAST, env=env)  # the same command
    sent = campaign_of(sandbox, campaign)
    assert results(run_cli, RESULTS) == [
        ("exists", "", SENT_SINCE.format(sent["last_run_date"]))
    ], rerun.output
    assert rerun.exit_code == 0, rerun.output
    assert writes_made(sandbox) - made_before == 1  # the rerun looked and sent nothing


HIDDEN = b'[{"error_key": "http.status.not_found", "error_message": "hidden by the proxy"}]'
COULD_NOT_LOOK = (
    "the answer to this send-now was lost, and the campaign could not be read to tell whether "
    "it went (http.status.not_found: hidden by the proxy): it was not sent again; run with "
    "--retry-failed to look again"
)


class Lossy(HostileProxy):
    """Cuts the connection of the next `drops` schedule POSTs without passing them on (the
    client cannot tell they never arrived); `hide`: after a schedule POST, answers the next
    read of its campaign with a 404 (the look that would tell whether it went fails)."""

    def __init__(self, upstream: str, drops: int = 0, hide: bool = False) -> None:
        super().__init__(upstream, [])
        self.drops, self.hide = drops, hide
        self.hiding: set[str] = set()

    async def _forward(self, request: web.Request) -> web.Response:
        path = request.path
        if request.method == "GET" and path in self.hiding:
            self.hiding.discard(path)
            return web.Response(status=404, body=HIDDEN, content_type="application/json")
        if request.method == "POST" and path.endswith("/schedules"):
            if self.hide:
                self.hiding.add(path.removesuffix("/schedules"))
            if self.drops:
                self.drops -= 1
                await request.read()
                assert request.transport is not None
                request.transport.abort()
                return web.Response(status=500)
        return await super()._forward(request)


def test_a_send_now_that_never_arrived_is_sent_once_by_the_in_run_retry(
    run_cli: Cli, sandbox: Sandbox
) -> None:
    control(sandbox, send_window_s=3600.0)
    campaign = new_campaign(sandbox, "Once")
    sheet(run_cli, "Once,\n")
    made_before = writes_made(sandbox)
    thread = HostileProxyThread(sandbox.url, [])
    thread.proxy = proxy = Lossy(sandbox.url, drops=1)
    with thread:
        env = {**sandbox.env, "BULKSPOT_BASE_URL": f"{proxy.url}/v2/"}
        done = run_cli("import", "schedules", "s.csv", *FAST, env=env)
    [mine] = schedules_of(sandbox, campaign)
    assert results(run_cli, RESULTS) == [("created", mine["id"], "")], done.output
    assert done.exit_code == 0, done.output
    assert writes_made(sandbox) - made_before == 1  # looked at the campaign, then sent once


@pytest.mark.parametrize("arrived", [True, False])
def test_a_send_now_that_cannot_be_told_fails_and_its_retry_looks_first(
    run_cli: Cli, sandbox: Sandbox, arrived: bool
) -> None:
    control(sandbox, send_window_s=0.0)
    campaign = new_campaign(sandbox, "Doubt")
    sheet(run_cli, "Doubt,\n")
    made_before = writes_made(sandbox)
    control(sandbox, ambiguous_rate=1.0 if arrived else 0.0)
    thread = HostileProxyThread(sandbox.url, [])
    thread.proxy = proxy = Lossy(sandbox.url, drops=0 if arrived else 1, hide=True)
    with thread:
        env = {**sandbox.env, "BULKSPOT_BASE_URL": f"{proxy.url}/v2/"}
        first = run_cli("import", "schedules", "s.csv", *FAST, env=env)
        assert results(run_cli, RESULTS) == [("failed", "", COULD_NOT_LOOK)], first.output
        assert first.exit_code == 1, first.output
        proxy.hide = False
        control(sandbox, ambiguous_rate=0.0)
        retried = run_cli("import", "schedules", "s.csv", "--retry-failed", *FAST, env=env)
    sent = campaign_of(sandbox, campaign)
    assert sent["status"] == "SENT"
    assert writes_made(sandbox) - made_before == 1  # sent once: by the first run, or the retry
    if arrived:  # the retry looked: sent since the row's witness, so not sent again
        expected = ("exists", "", SENT_SINCE.format(sent["last_run_date"]))
    else:  # the retry looked: nothing since, so it sent it (sent at once: gone from the list)
        expected = ("created", results(run_cli, RESULTS)[0][1], "")
        assert expected[1]
    assert results(run_cli, RESULTS) == [expected], retried.output
    assert retried.exit_code == 0, retried.output


def test_the_library_s_send_now_is_sent_once_after_a_lost_answer(sandbox: Sandbox) -> None:
    control(sandbox, send_window_s=3600.0)
    queued, sent = new_campaign(sandbox, "Lib queued"), new_campaign(sandbox, "Lib sent")
    made_before = writes_made(sandbox)
    control(sandbox, ambiguous_rate=1.0)

    async def send_now(client: Client, campaign: str) -> Any:
        return await client.create("schedule", {"campaign_id": campaign}, {})

    mine = sandbox.call(lambda client: send_now(client, queued))
    control(sandbox, send_window_s=0.0)
    with pytest.raises(ConflictError) as told:
        sandbox.call(lambda client: send_now(client, sent))
    control(sandbox, ambiguous_rate=0.0)
    assert schedules_of(sandbox, queued) == [mine]
    last_run = campaign_of(sandbox, sent)["last_run_date"]
    assert told.value.summary == "http.status.conflict: " + SENT_SINCE.format(last_run)
    assert writes_made(sandbox) - made_before == 2  # one each
