"""The engine's guarantees against the simulator on a loopback port: faults, the rate
window, fatal stops and resuming, undo."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulkspot.api import import_sheet, open_client, undo_journal
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.operation import OnExisting
from bulkspot.core.outcome import Status
from bulkspot.runner.job import EXIT_OK, EXIT_STOPPED, ImportJob, RunSummary
from bulkspot.simulator import DEFAULT_API_KEY, DEFAULT_TOKEN, Simulator, SimulatorConfig
from tests.paths import SAMPLES
from tests.runner.sheets import (
    EVENT_BODY,
    SIZES,
    event_of,
    new_event,
    read_results,
    repeated,
    run_config,
    write_inventory,
    write_promocodes,
)


def job(kind: str, source: Path, event: str, **options: object) -> ImportJob:
    folder = source.parent
    return ImportJob(
        kind=kind,
        source=source,
        event_id=event,
        results_path=folder / f"{source.stem}.results.csv",
        journal_path=folder / f"{source.stem}.journal.sqlite",
        **options,  # type: ignore[arg-type]
    )


def statuses(summary: RunSummary) -> dict[str, int]:
    """What this run did."""
    return {status.value: n for status, n in summary.counts.items() if n}


def job_statuses(summary: RunSummary) -> dict[str, int]:
    """The job's totals, over every run of it."""
    return {status.value: n for status, n in summary.job_counts.items() if n}


@pytest.mark.slow
async def test_faults_end_with_exactly_one_resource_per_row(tmp_path: Path) -> None:
    """20% plain 500s and 10% writes made but answered with an error or a dropped
    connection: every row is created once, and its result names the server's resource."""
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=3)) as sim:
        base = f"{sim.url}/v2/"
        event = await new_event(base)
        sim.control(fail_rate=0.2, ambiguous_rate=0.1)
        codes = write_promocodes(tmp_path / "codes.csv", 2000)
        rows = write_inventory(tmp_path / "inventory.csv", 300)
        assert rows == 1200

        promos = await import_sheet(
            job("promocodes", tmp_path / "codes.csv", event), run_config(base)
        )
        items = await import_sheet(
            job("items", tmp_path / "inventory.csv", event), run_config(base)
        )

        stats = sim.stats()
        server = event_of(sim.dump(), event)
    assert stats["faults"]["fail"] > 0 and sum(stats["faults"].values()) > 500, stats["faults"]
    assert promos.reconciliations > 0 and items.reconciliations > 0

    assert statuses(promos) == {"created": 2000} and promos.exit_code == EXIT_OK
    on_server = {p["code_name"]: p["id"] for p in server["promocodes"]}
    assert repeated([p["code_name"] for p in server["promocodes"]]) == []
    assert sorted(on_server) == codes
    results = read_results(tmp_path / "codes.results.csv")
    assert [r["code_name"] for r in results] == codes
    assert all(r["id"] == on_server[r["code_name"]] for r in results)

    assert statuses(items) == {"created": 1200} and items.exit_code == EXIT_OK
    assert len(server["items"]) == 300 and repeated([i["name"] for i in server["items"]]) == []
    for found in server["items"]:
        assert sorted(a["name"] for a in found["attributes"]) == sorted(SIZES), found["name"]
        assert found["default_quantity_total"] == sum(10 + i for i in range(len(SIZES)))
    item_ids = {found["name"]: found["id"] for found in server["items"]}
    attribute_ids = {
        (found["name"], attribute["name"]): attribute["id"]
        for found in server["items"]
        for attribute in found["attributes"]
    }
    results, name = read_results(tmp_path / "inventory.results.csv"), ""
    assert len(results) == 1200
    for result in results:  # an item's later rows leave its cells blank
        name = result["name"] or name
        assert result["item_id"] == item_ids[name], result
        assert result["id"] == attribute_ids[name, result["attribute"]], result


@pytest.mark.slow
async def test_rate_window_is_never_exceeded(tmp_path: Path) -> None:
    """500 requests at 50/s: the simulator never sees more than 50 in any sliding second,
    from the very first request, and never answers over-limit. Its answers take 60 ms, so
    --concurrency auto must keep several requests in flight to use the rate."""
    config = SimulatorConfig(rate=50, daily_quota=0, latency_ms=60, seed=4)
    async with Simulator(config) as sim:
        base = f"{sim.url}/v2/"
        event = await new_event(base)
        write_promocodes(tmp_path / "codes.csv", 499)  # + its codes' GET (the event's check)
        sim.control(reset_stats=True)
        summary = await import_sheet(
            job("promocodes", tmp_path / "codes.csv", event),
            run_config(base, rate=50, concurrency=None),
        )
        stats = sim.stats()
    assert statuses(summary) == {"created": 499}
    assert stats["requests"] == summary.requests == 500
    assert stats["max_arrivals_in_window"] <= 50, stats
    assert stats["over_qps"] == 0
    assert summary.requests / summary.seconds > 40  # the rate is used, not wasted


@pytest.mark.slow
async def test_a_server_stricter_than_the_client_still_completes(tmp_path: Path) -> None:
    """Client 50/s, server 30/s: over-limit answers lower the rate and are retried."""
    async with Simulator(SimulatorConfig(rate=30, daily_quota=0, seed=5)) as sim:
        base = f"{sim.url}/v2/"
        event = await new_event(base)
        write_promocodes(tmp_path / "codes.csv", 150)
        summary = await import_sheet(
            job("promocodes", tmp_path / "codes.csv", event),
            run_config(base, rate=50, concurrency=None),
        )
        stats, server = sim.stats(), event_of(sim.dump(), event)
    assert statuses(summary) == {"created": 150}
    assert stats["over_qps"] > 0 and summary.retries >= stats["over_qps"]
    assert len(server["promocodes"]) == 150


async def test_a_401_stops_at_once_and_the_same_command_finishes_after_the_fix(
    tmp_path: Path,
) -> None:
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=6)) as sim:
        base = f"{sim.url}/v2/"
        event = await new_event(base)
        write_promocodes(tmp_path / "codes.csv", 300)
        sim.control(reset_stats=True)
        the_job = job("promocodes", tmp_path / "codes.csv", event)
        stopped = await import_sheet(the_job, run_config(base, token="expired", concurrency=8))
        refused = sim.stats()
        assert refused["requests"] <= 8, refused  # at most one request per worker
        assert stopped.exit_code == EXIT_STOPPED and stopped.stopped
        assert "token" in stopped.stopped.lower() or "401" in stopped.stopped
        assert statuses(stopped) == {"pending": 300}
        assert {r["status"] for r in read_results(tmp_path / "codes.results.csv")} == {"pending"}

        finished = await import_sheet(the_job, run_config(base, concurrency=8))
        server = event_of(sim.dump(), event)
    assert statuses(finished) == {"created": 300} and finished.exit_code == EXIT_OK
    assert len(server["promocodes"]) == 300


async def test_the_daily_quota_stops_the_run_and_the_rest_goes_after_the_reset(
    tmp_path: Path,
) -> None:
    async with Simulator(SimulatorConfig(rate=0, daily_quota=120, seed=7)) as sim:
        base = f"{sim.url}/v2/"
        event = await new_event(base)  # 1 of the 120
        write_promocodes(tmp_path / "codes.csv", 300)
        the_job = job("promocodes", tmp_path / "codes.csv", event)
        stopped = await import_sheet(the_job, run_config(base, concurrency=8))
        refused = sim.stats()
        assert refused["over_quota"] <= 8, refused  # at most one refused request per worker
        assert stopped.exit_code == EXIT_STOPPED and "quota" in (stopped.stopped or "")
        done = statuses(stopped)
        # of the 120: the event made above, one GET of the codes (its 404 the event's check:
        # percent codes need none of the event's fields)
        assert done["created"] == 118 and done["pending"] == 300 - 118
        assert "UTC" in stopped.resume_hint or "reset" in stopped.resume_hint

        sim.control(reset_quota=True, daily_quota=1000)  # a new day
        finished = await import_sheet(the_job, run_config(base, concurrency=8))
        server = event_of(sim.dump(), event)
    assert statuses(finished) == {"created": 300 - 118}  # this run's; the job's beside them
    assert job_statuses(finished) == {"created": 300} and finished.exit_code == EXIT_OK
    assert finished.requests <= 300 - 118 + 1  # the rest and one read of the codes
    assert len(server["promocodes"]) == 300


async def test_undo_removes_exactly_what_the_run_created(tmp_path: Path) -> None:
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=8)) as sim:
        base = f"{sim.url}/v2/"
        event = await new_event(base)
        write_inventory(tmp_path / "inventory.csv", 20)
        first = await import_sheet(
            job("items", tmp_path / "inventory.csv", event), run_config(base)
        )
        assert statuses(first) == {"created": 80}
        # A second sheet: its first 20 items exist already (theirs to keep), 5 are new.
        write_inventory(tmp_path / "more.csv", 25)
        second = await import_sheet(job("items", tmp_path / "more.csv", event), run_config(base))
        assert statuses(second) == {"exists": 80, "created": 20}
        before = {i["name"] for i in event_of(sim.dump(), event)["items"]}

        undone = await undo_journal(tmp_path / "more.journal.sqlite", config=run_config(base))
        after = event_of(sim.dump(), event)
    assert statuses(undone) == {"deleted": 20 + 5}  # 5 items and their 20 attributes
    assert before - {i["name"] for i in after["items"]} == {f"Item {n:04d}" for n in range(20, 25)}
    assert len(after["items"]) == 20
    assert all(len(i["attributes"]) == len(SIZES) for i in after["items"])


async def test_on_existing_update_changes_what_the_row_says_and_keeps_the_rest(
    tmp_path: Path,
) -> None:
    """PUT replaces the whole resource: what the row does not give must be read and sent
    back (an event's description, its notification options), or it would be lost."""
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=12)) as sim:
        base = f"{sim.url}/v2/"
        settings = ApiSettings(DEFAULT_API_KEY, DEFAULT_TOKEN, base)
        notify = [{"notification_type": "SO_REGISTRATION_NOTIFICATION", "is_opted_in": True}]
        async with open_client(RunConfig(settings, Limits(rate=1000))) as client:
            body = {**EVENT_BODY, "description": "Kept", "notification_options": notify}
            event = str((await client.create("event", {}, body))["id"])
        sheet = tmp_path / "events.csv"
        columns = ("name", "title", "type", "start_date", "end_date", "time_zone_id")
        row = {**EVENT_BODY, "title": "A new title"}
        sheet.write_text(",".join(columns) + "\n" + ",".join(str(row[c]) for c in columns) + "\n")
        update = RunConfig(
            settings, retry=RetryPolicy.no_wait(), on_existing=OnExisting.UPDATE, seed=1
        )
        the_job = job("events", sheet, "")
        first = await import_sheet(the_job, update)
        again = await import_sheet(ImportJob("events", sheet, fresh=True), update)
        async with open_client(RunConfig(settings, Limits(rate=1000))) as client:
            after = await client.get("event", {}, event)
    assert statuses(first) == {"updated": 1} and statuses(again) == {"unchanged": 1}
    assert after["title"] == "A new title" and after["description"] == "Kept"
    assert after["notification_options"] == notify


async def test_undo_cancels_the_events_a_run_created(tmp_path: Path) -> None:
    """The API cannot delete an event: undo cancels it, and says so."""
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=13)) as sim:
        base = f"{sim.url}/v2/"
        sheet = tmp_path / "events.csv"
        sheet.write_bytes((SAMPLES / "events.csv").read_bytes())
        created = await import_sheet(job("events", sheet, ""), run_config(base))
        undone = await undo_journal(tmp_path / "events.journal.sqlite", config=run_config(base))
        events = sim.dump()["events"]
    count = created.counts[Status.CREATED]
    assert count >= 2 and statuses(undone) == {"cancelled": count}
    assert [e["status"] for e in events] == ["CANCELLED"] * count


async def test_failed_rows_stay_failed_until_retry_failed_sends_them_again(
    tmp_path: Path,
) -> None:
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=14)) as sim:
        base = f"{sim.url}/v2/"
        event = await new_event(base)
        write_promocodes(tmp_path / "codes.csv", 40)
        sim.control(fail_rate=1.0)  # every request a plain 500
        the_job = job("promocodes", tmp_path / "codes.csv", event)
        failing = await import_sheet(the_job, run_config(base, attempts=2))
        assert statuses(failing) == {"failed": 40} and failing.exit_code == 1
        sim.control(fail_rate=0.0)
        again = await import_sheet(the_job, run_config(base))
        assert statuses(again) == {} and again.requests == 0  # final: not resent
        assert job_statuses(again) == {"failed": 40} and again.exit_code == 1  # the job's rows
        retried = await import_sheet(
            job("promocodes", tmp_path / "codes.csv", event, retry_failed=True), run_config(base)
        )
        server = event_of(sim.dump(), event)
    assert statuses(retried) == {"created": 40} and retried.exit_code == EXIT_OK
    assert len(server["promocodes"]) == 40


async def test_strict_sends_nothing_when_a_row_is_invalid(tmp_path: Path) -> None:
    async with Simulator(SimulatorConfig(rate=0, daily_quota=0, seed=15)) as sim:
        base = f"{sim.url}/v2/"
        event = await new_event(base)
        sheet = tmp_path / "inventory.csv"
        write_inventory(sheet, 5)
        lines = sheet.read_text().splitlines()
        lines[5] = lines[5].replace("6.50", "six fifty")  # the second item's price
        sheet.write_text("\n".join(lines) + "\n")
        sim.control(reset_stats=True)
        strict = await import_sheet(job("items", sheet, event, strict=True), run_config(base))
        sent = sim.stats()["requests"]
    assert sent == 0
    assert strict.counts[Status.INVALID] == 4  # the item's row, and its other rows with it
    assert strict.counts[Status.PENDING] == 16 and strict.exit_code == 1
    assert any("--strict" in warning for warning in strict.warnings)
