"""Two machines writing into one account at once: two imports of one events sheet from two
folders (two journals), and two migration scripts calling `Client.ensure`. The API keeps no
event name unique, so both creates of a name succeed; the seen case made 60 events of 30
rows, both results saying `created`, both exit 0. Each process gets its own cache folders
(two machines, not two runs on one), and the simulator holds their first requests until
both have arrived (`hold`), so they look the names up in one and the same account."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
import urllib.request
from collections import Counter, defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.sandbox import SANDBOX, Sandbox, start_sandbox

ROWS = 30
WAIT_LIMIT = 120.0
ENSURE_SCRIPT = Path(__file__).with_name("ensure_writer.py")


@pytest.fixture
def sim() -> Iterator[Sandbox]:
    """A simulator of its own: the hold is the whole simulator's."""
    yield from start_sandbox(rate=1000, latency_ms=10, seed=21)


def control(sim: Sandbox, **changes: Any) -> None:
    request = urllib.request.Request(
        f"{sim.url}/__simulator/control", json.dumps(changes).encode(), method="POST"
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        assert answer.status == 200


def events_on_server(sim: Sandbox) -> list[dict[str, Any]]:
    """Every event the account holds, read over plain HTTP, page by page."""
    found: list[dict[str, Any]] = []
    path = "/v2/eventspot/events?limit=50"
    while path:
        separator = "&" if "?" in path else "?"
        request = urllib.request.Request(
            f"{sim.url}{path}{separator}api_key={SANDBOX['CTCT_API_KEY']}",
            headers={"Authorization": f"Bearer {SANDBOX['CTCT_ACCESS_TOKEN']}"},
        )
        with urllib.request.urlopen(request, timeout=10) as answer:
            body = json.load(answer)
        found += body["results"]
        path = body["meta"]["pagination"].get("next_link", "")
    return found


def fees_on_server(sim: Sandbox, event_id: str) -> list[dict[str, Any]]:
    request = urllib.request.Request(
        f"{sim.url}/v2/eventspot/events/{event_id}/fees?api_key={SANDBOX['CTCT_API_KEY']}",
        headers={"Authorization": f"Bearer {SANDBOX['CTCT_ACCESS_TOKEN']}"},
    )
    with urllib.request.urlopen(request, timeout=10) as answer:
        found: list[dict[str, Any]] = json.load(answer)
    return found


def live_by_name(events: list[dict[str, Any]]) -> dict[str, list[str]]:
    live: dict[str, list[str]] = defaultdict(list)
    for event in events:
        if event["status"] != "CANCELLED":
            live[event["name"]].append(event["id"])
    return live


def machine(sim: Sandbox, home: Path) -> dict[str, str]:
    """The environment of one machine: its own cache folders, the simulator's address."""
    cache = home / "cache"
    return {**os.environ, **sim.env, "XDG_CACHE_HOME": str(cache),
            "BULKSPOT_CACHE_DIR": str(cache / "bulkspot")}  # fmt: skip


def started_together(sim: Sandbox, commands: list[tuple[list[str], Path]]) -> list[Any]:
    """Start the processes with their first requests held until every one has arrived;
    (returncode, stdout, stderr) of each once all have ended."""
    control(sim, hold=len(commands))
    processes = [
        subprocess.Popen(
            command,
            cwd=home,
            env=machine(sim, home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for command, home in commands
    ]
    try:
        outputs = [p.communicate(timeout=WAIT_LIMIT) for p in processes]
        return [(p.returncode, *output) for p, output in zip(processes, outputs, strict=True)]
    finally:
        for process in processes:
            if process.poll() is None:
                process.kill()
                process.wait()


def write_events(path: Path, prefix: str) -> list[str]:
    names = [f"{prefix}-{n:02d}" for n in range(ROWS)]
    with path.open("w", newline="", encoding="utf-8") as out:
        sheet = csv.writer(out)
        sheet.writerow(["name", "title", "type", "start_date", "end_date", "time_zone_id"])
        for name in names:
            sheet.writerow([name, f"Event {name}", "OTHER", "2027-07-17T14:00:00Z",
                            "2027-07-17T20:00:00Z", "US/Eastern"])  # fmt: skip
    return names


def results_of(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
def test_two_machines_importing_one_events_sheet_end_with_one_live_event_per_name(
    sim: Sandbox, tmp_path: Path
) -> None:
    laptops = [tmp_path / "laptop-a", tmp_path / "laptop-b"]
    names: list[str] = []
    for laptop in laptops:
        laptop.mkdir()
        names = write_events(laptop / "events.csv", "gala")  # one sheet, copied to both
    command = [sys.executable, "-m", "bulkspot", "import", "events", "events.csv",
               "--results", "results.csv", "--rate", "100", "--quiet"]  # fmt: skip
    ended = started_together(sim, [(command, laptop) for laptop in laptops])

    events = events_on_server(sim)
    live = live_by_name(events)
    assert {name: len(live[name]) for name in names} == dict.fromkeys(names, 1)
    assert set(live) == set(names)
    status = {event["id"]: event["status"] for event in events}
    removed: list[str] = []
    for (code, out, err), laptop in zip(ended, laptops, strict=True):
        assert code == 0, out + err
        rows = results_of(laptop / "results.csv")
        # both results name the one live event of each row's name
        assert [(r["name"], r["id"]) for r in rows] == [(n, live[n][0]) for n in names]
        doubles = []
        for row in rows:
            if row["status"] == "exists" and row["error"]:
                double = row["error"].rsplit(" ", 2)[1]
                assert row["error"] == (
                    f"another writer made this event at the same moment ({row['id']}, the "
                    f"elder): taken, and this run's double {double} cancelled"
                )
                assert status[double] == "CANCELLED"
                doubles.append((row["name"], row["id"], double))
            else:
                assert (row["status"], row["error"]) in (("created", ""), ("exists", ""))
        removed += [double for _, _, double in doubles]
        if doubles:  # the summary says so too
            listed = "; ".join(f"event {n!r}: kept {k}, cancelled {d}" for n, k, d in
                               sorted(doubles)[:10])  # fmt: skip
            more = f"; and {len(doubles) - 10} more" if len(doubles) > 10 else ""
            assert (
                f"warning: another writer made {len(doubles)} of these at the same moment: this "
                f"run took the elder of each and removed its own double ({listed}{more})"
            ) in out.splitlines()
    # the two read one empty account at once: some names were made twice, and every double
    # is cancelled by the run that made it
    assert removed
    assert sorted(removed) == sorted(e["id"] for e in events if e["status"] == "CANCELLED")


@pytest.mark.slow
def test_two_scripts_ensuring_the_same_events_end_with_one_event_and_one_fee_each(
    sim: Sandbox, tmp_path: Path
) -> None:
    names = [f"migrated-{n}" for n in range(3)]
    command = [sys.executable, str(ENSURE_SCRIPT), sim.base, "events", *names]
    homes = [tmp_path / "a", tmp_path / "b"]
    for home in homes:
        home.mkdir()
    ended = started_together(sim, [(command, home) for home in homes])
    said = []
    for code, out, err in ended:
        assert code == 0, out + err
        said.append([json.loads(line) for line in out.splitlines()])

    live = live_by_name(events_on_server(sim))
    assert {name: len(live[name]) for name in names} == dict.fromkeys(names, 1)
    for name in names:  # both scripts were handed the one live event, and copied into it
        ids = {line["id"] for lines in said for line in lines if line["name"] == name}
        assert ids == set(live[name])
        fees = fees_on_server(sim, live[name][0])
        assert [fee["label"] for fee in fees] == ["General"]
    first = [lines[0] for lines in said]  # the first name: both read the account at once
    assert sorted(line["status"] for line in first) == ["created", "exists"]
    cancelled = [e for e in events_on_server(sim) if e["status"] == "CANCELLED"]
    for event in cancelled:  # a double is cancelled before anything is copied into it
        assert fees_on_server(sim, event["id"]) == []


@pytest.mark.slow
def test_two_scripts_ensuring_the_same_fees_share_each_one_through_the_409(
    sim: Sandbox, tmp_path: Path
) -> None:
    event_id = sim.new_event()
    labels = [f"Fee {n}" for n in range(5)]
    command = [sys.executable, str(ENSURE_SCRIPT), sim.base, "fees", event_id, *labels]
    homes = [tmp_path / "a", tmp_path / "b"]
    for home in homes:
        home.mkdir()
    conflicts_before = sim.stats()["requests_by_status"].get("409", 0)
    ended = started_together(sim, [(command, home) for home in homes])
    said: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for code, out, err in ended:
        assert code == 0, out + err
        for line in out.splitlines():
            found = json.loads(line)
            said[found["name"]].append((found["id"], found["status"]))

    fees = fees_on_server(sim, event_id)
    assert Counter(fee["label"] for fee in fees) == Counter(labels)
    by_label = {fee["label"]: fee["id"] for fee in fees}
    for label in labels:  # one made it, the other was answered 409 and was handed it
        assert sorted(said[label]) == [(by_label[label], "created"), (by_label[label], "exists")]
    assert sim.stats()["requests_by_status"].get("409", 0) - conflicts_before == len(labels)
