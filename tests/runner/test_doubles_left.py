"""When the API will not remove a run's double (here a token that may create events but
not change their status), two live events share a name: the row of the run that made the
younger one fails, naming both ids and the command that cancels the double, so the run's
exit code says so. Never two live events in silence."""

from __future__ import annotations

import csv
import json
import urllib.request
from collections import defaultdict
from pathlib import Path
from typing import Any

import anyio

from bulkspot.api import import_sheet
from bulkspot.cli.summary import problem_lines
from bulkspot.config import ApiSettings, Limits, RunConfig
from bulkspot.core.apipath import Address
from bulkspot.core.outcome import Status
from bulkspot.errors import ErrorDetail, ForbiddenError
from bulkspot.runner.job import ImportJob, RunSummary
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from bulkspot.transport.aiohttp_sender import AiohttpSender
from bulkspot.transport.base import Reply

KEY, TOKEN = "sandbox-key", "sandbox-token"
NAMES = [f"refused-{n}" for n in range(5)]
REFUSAL = "This access token lacks the campaign:write privilege this request needs."


class RefusingStatusChanges:
    """The real sender, but every PATCH is refused as a token without the privilege is."""

    def __init__(self, config: RunConfig) -> None:
        self.inner = AiohttpSender(config.api)

    async def send(self, method: str, path: Address, body: Any = None) -> Reply:
        if method == "PATCH":
            detail = ErrorDetail("http.status.forbidden", REFUSAL)
            raise ForbiddenError(403, [detail], method=method, path=str(path))
        return await self.inner.send(method, path, body)

    async def aclose(self) -> None:
        await self.inner.aclose()


def write_sheet(path: Path) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        sheet = csv.writer(out)
        sheet.writerow(["name", "title", "type", "start_date", "end_date", "time_zone_id"])
        for name in NAMES:
            sheet.writerow([name, name.title(), "OTHER", "2027-07-17T14:00:00Z",
                            "2027-07-17T20:00:00Z", "US/Eastern"])  # fmt: skip
    return path


def http(url: str, body: Any = None) -> Any:
    request = urllib.request.Request(
        url, json.dumps(body).encode() if body is not None else None,
        headers={"Authorization": f"Bearer {TOKEN}"}, method="POST" if body else "GET",
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def test_a_double_the_api_will_not_cancel_fails_its_row_naming_both(tmp_path: Path) -> None:
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0, seed=5)) as sim:
        http(f"{sim.url}/__simulator/control", {"hold": 2})  # both look at one account
        summaries: list[RunSummary] = []
        # two machines: one reaches the simulator as 127.0.0.1, the other as localhost, so
        # their target locks (keyed by the API's address) do not see each other, as two
        # laptops' do not
        port = sim.url.rsplit(":", 1)[1]

        async def one(folder: Path, host: str) -> None:
            config = RunConfig(ApiSettings(KEY, TOKEN, f"http://{host}:{port}/v2/"),
                               Limits(rate=1000))  # fmt: skip
            folder.mkdir()
            job = ImportJob("events", write_sheet(folder / "events.csv"),
                            results_path=folder / "results.csv")  # fmt: skip
            sender = RefusingStatusChanges(config)
            try:
                summaries.append(await import_sheet(job, config, sender=sender))
            finally:
                await sender.aclose()

        async def both() -> None:
            async with anyio.create_task_group() as group:
                group.start_soon(one, tmp_path / "a", "127.0.0.1")
                group.start_soon(one, tmp_path / "b", "localhost")

        anyio.run(both)
        events = http(f"{sim.url}/v2/eventspot/events?limit=50&api_key={KEY}")["results"]

    live: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for event in events:
        assert event["status"] == "DRAFT"  # nothing could be cancelled
        live[event["name"]].append(event)
    doubled = {name for name, found in live.items() if len(found) == 2}
    assert doubled  # both read the account at once: the first name at least was made twice
    assert all(len(live[name]) in (1, 2) for name in NAMES)
    expected: dict[str, str] = {}  # the younger event's id -> its row's whole error
    for name in doubled:
        elder, younger = sorted(live[name], key=lambda e: (e["created_date"], e["id"]))
        expected[younger["id"]] = (
            f"two live events named {name!r}: {elder['id']} (another writer's, the elder) and "
            f"{younger['id']} (this run's, which could not be removed: the access token lacks "
            f"the campaign:write privilege that PATCH eventspot/events/{younger['id']} needs: "
            f"grant it to the app, then run again (http.status.forbidden: {REFUSAL})); cancel "
            f"it with: bulkspot events cancel {younger['id']}"
        )
    failed_rows: dict[str, str] = {}
    for summary in summaries:
        assert summary.results_path is not None
        with summary.results_path.open(encoding="utf-8-sig", newline="") as handle:
            rows = list(csv.DictReader(handle))
        mine = {r["id"]: r for r in rows if r["status"] == "failed"}
        failed_rows.update({ident: row["error"] for ident, row in mine.items()})
        assert summary.job_counts.get(Status.FAILED, 0) == len(mine)  # exit code 1
        shown = problem_lines(summary)[1:]  # the summary names each double too
        assert shown == [f"  row {row['row']}: failed: {row['error']}" for row in mine.values()]
    assert failed_rows == expected
