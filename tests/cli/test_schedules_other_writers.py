"""A campaign another writer scheduled, before or during a schedules import, and this run's
own schedule whose answer was lost: a campaign holds one schedule at most, and the API
refuses a second with a 400 (not a 409). The one there at the row's date is someone
else's (`exists`, left by undo) unless this run proves it made it; one at another date is
named, never moved, never doubled. What the server holds is read over plain HTTP."""

from __future__ import annotations

import csv
import json
import urllib.error
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bulkspot.api import Client
from bulkspot.errors import BadRequestError
from tests.cli.invoke import Cli
from tests.cli.sandbox import SANDBOX, Sandbox, start_sandbox
from tests.hostile_proxy import HostileProxy, HostileProxyThread

FAST = ("--yes", "--rate", "1000", "--quiet")
KEY = f"?api_key={SANDBOX['CTCT_API_KEY']}"
API_WORDS = (
    "http.status.bad_request: only DRAFT or SENT campaigns can be scheduled (this one is SCHEDULED)"
)


def http(sandbox: Sandbox, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    """One request straight to the simulator, as another writer (or a check) sends it."""
    request = urllib.request.Request(
        f"{sandbox.base}{path}{KEY}", method=method,
        data=json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {SANDBOX['CTCT_ACCESS_TOKEN']}",
                 "Content-Type": "application/json"},
    )  # fmt: skip
    try:
        with urllib.request.urlopen(request, timeout=10) as answer:
            return answer.status, json.load(answer)
    except urllib.error.HTTPError as refused:
        return refused.code, json.load(refused)


def new_campaign(sandbox: Sandbox, name: str) -> str:
    body = {"name": name, "subject": "Hello", "from_name": "Town Hall",
            "from_email": "news@example.com", "email_content": "<p>Hi</p>",
            "text_content": "Hi"}  # fmt: skip
    status, made = http(sandbox, "POST", "emailmarketing/campaigns", body)
    assert status == 201, made
    return str(made["id"])


def schedules_of(sandbox: Sandbox, campaign_id: str) -> list[dict[str, str]]:
    status, held = http(sandbox, "GET", f"emailmarketing/campaigns/{campaign_id}/schedules")
    assert status == 200, held
    return list(held)


def schedule_by_hand(sandbox: Sandbox, campaign_id: str, when: str) -> str:
    path = f"emailmarketing/campaigns/{campaign_id}/schedules"
    status, made = http(sandbox, "POST", path, {"scheduled_date": when})
    assert status == 201, made
    return str(made["id"])


def results(run_cli: Cli, name: str) -> list[tuple[str, str, str]]:
    with (run_cli.cwd / name).open(encoding="utf-8-sig") as lines:
        return [(r["status"], r["id"], r["error"]) for r in csv.DictReader(lines)]


def sheet(run_cli: Cli, *rows: str) -> None:
    (run_cli.cwd / "s.csv").write_text("campaign,scheduled_date\n" + "".join(rows))


def refusal(when: str, schedule_id: str) -> str:
    return (
        f"the campaign is already scheduled for {when} (schedule {schedule_id}), not by this "
        "run, and the API takes no second schedule: unschedule it first, or change the row's "
        f"scheduled_date to {when} to keep it ({API_WORDS})"
    )


class SecondWriter(HostileProxy):
    """Passes every request on; just before this run's POST of a schedule, schedules the
    campaign itself (`first`: path -> the other writer's body, once each); after a POST to
    a collection in `lag_after`, answers its next read with nothing (a read that does not
    show the schedule yet), once each."""

    def __init__(self, upstream: str) -> None:
        super().__init__(upstream, [])
        self.first: dict[str, dict[str, str]] = {}
        self.lag_after: set[str] = set()
        self.lagging: set[str] = set()

    async def _forward(self, request: web.Request) -> web.Response:
        path = request.path
        if request.method == "GET" and path in self.lagging:
            self.lagging.discard(path)
            return web.json_response([])
        other = self.first.pop(path, None) if request.method == "POST" else None
        if other is not None:
            async with aiohttp.ClientSession() as writer:
                url = f"{self.upstream}{path}{KEY}"
                auth = {"Authorization": f"Bearer {SANDBOX['CTCT_ACCESS_TOKEN']}"}
                async with writer.post(url, json=other, headers=auth) as made:
                    assert made.status == 201, await made.text()
        if request.method == "POST" and path in self.lag_after:
            self.lag_after.discard(path)
            self.lagging.add(path)
        return await super()._forward(request)


@pytest.fixture
def sandbox() -> Iterator[Sandbox]:
    yield from start_sandbox(rate=1000, latency_ms=0, seed=5)


def test_a_campaign_scheduled_before_the_import_is_kept_and_named(
    run_cli: Cli, sandbox: Sandbox
) -> None:
    names = ("Same", "Other", "Now", "Mine")
    same, other, now, mine = (new_campaign(sandbox, n) for n in names)
    theirs_same = schedule_by_hand(sandbox, same, "2031-06-01T10:00:00.000Z")
    theirs_other = schedule_by_hand(sandbox, other, "2031-06-02T10:00:00.000Z")
    theirs_now = schedule_by_hand(sandbox, now, "2031-06-05T10:00:00.000Z")
    sheet(run_cli, "Same,2031-06-01T10:00:00Z\n", "Other,2031-06-03T10:00:00Z\n", "Now,\n",
          "Mine,2031-06-04T10:00:00Z\n")  # fmt: skip
    looked = run_cli("import", "schedules", "s.csv", "--dry-run", *FAST, env=sandbox.env)
    assert results(run_cli, "s.csv.schedules.dry-run.results.csv") == [
        ("exists", theirs_same, ""),
        ("failed", "", refusal("2031-06-02T10:00:00.000Z", theirs_other).split(" (http")[0]),
        ("to create", "", ""),  # a send-now row is not looked up by its date
        ("to create", "", ""),
    ], looked.output
    done = run_cli("import", "schedules", "s.csv", *FAST, env=sandbox.env)
    assert done.exit_code == 1, done.output
    [kept, named, send_now, made] = results(run_cli, "s.csv.schedules.results.csv")
    assert kept == ("exists", theirs_same, "")
    assert named == ("failed", "", refusal("2031-06-02T10:00:00.000Z", theirs_other))
    assert send_now == (
        "failed", "",
        f"the campaign is already scheduled for 2031-06-05T10:00:00.000Z (schedule "
        f"{theirs_now}), not by this run, and the API takes no second schedule: unschedule it "
        f"first, or leave the row out ({API_WORDS})",
    )  # fmt: skip
    assert made[0] == "created"

    undone = run_cli("undo", "--journal", "s.csv.schedules.journal.sqlite", *FAST, env=sandbox.env)
    assert undone.exit_code == 0, undone.output
    assert schedules_of(sandbox, same) == [
        {"id": theirs_same, "scheduled_date": "2031-06-01T10:00:00.000Z"}
    ]
    assert schedules_of(sandbox, other) == [
        {"id": theirs_other, "scheduled_date": "2031-06-02T10:00:00.000Z"}
    ]
    assert schedules_of(sandbox, now) == [
        {"id": theirs_now, "scheduled_date": "2031-06-05T10:00:00.000Z"}
    ]
    assert schedules_of(sandbox, mine) == []  # this run's own: undone


def test_a_campaign_scheduled_by_hand_during_the_import_is_kept_never_doubled(
    run_cli: Cli, sandbox: Sandbox
) -> None:
    same, other = new_campaign(sandbox, "Same"), new_campaign(sandbox, "Other")
    sheet(run_cli, "Same,2031-06-01T10:00:00Z\n", "Other,2031-06-03T10:00:00Z\n")
    thread = HostileProxyThread(sandbox.url, [])
    thread.proxy = writer = SecondWriter(sandbox.url)
    writer.first = {
        f"/v2/emailmarketing/campaigns/{same}/schedules": {
            "scheduled_date": "2031-06-01T10:00:00.000Z"
        },
        f"/v2/emailmarketing/campaigns/{other}/schedules": {
            "scheduled_date": "2031-06-02T10:00:00.000Z"
        },
    }
    with thread:
        env = {**sandbox.env, "BULKSPOT_BASE_URL": f"{writer.url}/v2/"}
        done = run_cli("import", "schedules", "s.csv", *FAST, env=env)
    assert writer.first == {}  # both campaigns were scheduled by the other writer first
    assert done.exit_code == 1, done.output
    [theirs_same] = schedules_of(sandbox, same)
    [theirs_other] = schedules_of(sandbox, other)
    assert results(run_cli, "s.csv.schedules.results.csv") == [
        ("exists", theirs_same["id"], ""),
        ("failed", "", refusal("2031-06-02T10:00:00.000Z", theirs_other["id"])),
    ]

    undone = run_cli("undo", "--journal", "s.csv.schedules.journal.sqlite", *FAST, env=sandbox.env)
    assert undone.exit_code == 0, undone.output
    assert schedules_of(sandbox, same) == [theirs_same]
    assert schedules_of(sandbox, other) == [theirs_other]


def test_this_runs_lost_schedule_refused_on_its_retry_is_its_own(
    run_cli: Cli, sandbox: Sandbox
) -> None:
    campaign = new_campaign(sandbox, "Lost")
    sheet(run_cli, "Lost,2031-06-01T10:00:00Z\n")
    control = urllib.request.Request(
        f"{sandbox.url}/__simulator/control", json.dumps({"ambiguous_rate": 1.0}).encode(),
        headers={"Content-Type": "application/json"}, method="POST",
    )  # fmt: skip
    with urllib.request.urlopen(control, timeout=10):
        pass  # every write is made and its answer lost
    thread = HostileProxyThread(sandbox.url, [])
    thread.proxy = writer = SecondWriter(sandbox.url)
    path = f"/v2/emailmarketing/campaigns/{campaign}/schedules"
    with thread:
        env = {**sandbox.env, "BULKSPOT_BASE_URL": f"{writer.url}/v2/"}
        writer.lag_after = {path}  # the look-up after the lost answer does not see it yet
        done = run_cli("import", "schedules", "s.csv", "--yes", "--rate", "1000", env=env)
    assert done.exit_code == 0, done.output
    faults = sandbox.stats()["faults"]
    assert faults["ambiguous_500"] + faults["ambiguous_drop"] == 1, faults  # the one POST
    assert sandbox.stats()["requests_by_status"].get("400") == 1  # the retry, refused
    [mine] = schedules_of(sandbox, campaign)
    assert results(run_cli, "s.csv.schedules.results.csv") == [("created", mine["id"], "")]
    assert mine["scheduled_date"] == "2031-06-01T10:00:00.000Z"

    reset = urllib.request.Request(
        f"{sandbox.url}/__simulator/control", json.dumps({"ambiguous_rate": 0.0}).encode(),
        headers={"Content-Type": "application/json"}, method="POST",
    )  # fmt: skip
    with urllib.request.urlopen(reset, timeout=10):
        pass
    journal = str(Path("s.csv.schedules.journal.sqlite"))
    undone = run_cli("undo", "--journal", journal, *FAST, env=sandbox.env)
    assert undone.exit_code == 0, undone.output
    assert schedules_of(sandbox, campaign) == []  # its own: undone


def test_the_library_s_create_raises_the_schedule_it_met(sandbox: Sandbox) -> None:
    campaign = new_campaign(sandbox, "Library")
    theirs = schedule_by_hand(sandbox, campaign, "2031-06-02T10:00:00.000Z")

    async def schedule(client: Client) -> Any:
        return await client.create(
            "schedule", {"campaign_id": campaign}, {"scheduled_date": "2031-06-03T10:00:00.000Z"}
        )

    with pytest.raises(BadRequestError) as refused:
        sandbox.call(schedule)
    assert refused.value.summary == refusal("2031-06-02T10:00:00.000Z", theirs)
    assert schedules_of(sandbox, campaign) == [
        {"id": theirs, "scheduled_date": "2031-06-02T10:00:00.000Z"}
    ]
