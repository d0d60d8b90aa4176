"""Issue 16: a library run's summary counts what this run did, with the job's totals beside
them, and carries each row's outcome and id (against the simulator)."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import bulkspot
from bulkspot import Status
from tests.cli.sandbox import Sandbox
from tests.paths import SAMPLES


def config_for(sandbox: Sandbox) -> bulkspot.RunConfig:
    settings = bulkspot.ApiSettings(
        sandbox.env["CTCT_API_KEY"], sandbox.env["CTCT_ACCESS_TOKEN"], sandbox.base
    )
    return bulkspot.RunConfig(settings, limits=bulkspot.Limits(rate=1000))


def results_of(path: Path | None) -> list[tuple[int, str, str]]:
    assert path is not None
    with path.open(encoding="utf-8-sig", newline="") as lines:
        return [(int(r["row"]), r["status"], r["id"]) for r in csv.DictReader(lines)]


def test_a_rerun_that_sent_nothing_counts_nothing_and_keeps_the_jobs_totals(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event(title="Summary event")
    sheet = tmp_path / "inventory.csv"
    shutil.copy(SAMPLES / "inventory.csv", sheet)
    config = config_for(sandbox)

    first = bulkspot.run_import("items", sheet, event_id=event, config=config)
    again = bulkspot.run_import("items", sheet, event_id=event, config=config)

    assert dict(first.counts) == {Status.CREATED: 20} == dict(first.job_counts)
    assert dict(again.counts) == {} and again.requests == 0  # this run sent nothing
    assert dict(again.job_counts) == {Status.CREATED: 20} and again.rows == 20
    assert again.exit_code == 0 and again.ids == ()  # ids: an events import's
    rows = [(o.row, o.status.value, o.id) for o in first.outcomes]
    assert rows == results_of(first.results_path)  # each row's status and id, as the file
    assert len(rows) == 20 and all(status == "created" and row_id for _, status, row_id in rows)
    assert list(again.outcomes) == list(first.outcomes)  # the rerun reports the same rows


def test_an_events_import_gives_its_ids_in_input_order(sandbox: Sandbox, tmp_path: Path) -> None:
    sample = (SAMPLES / "events.csv").read_text(encoding="utf-8").splitlines()
    sheet = tmp_path / "events.csv"
    renamed = [line.replace("-2027", "-ids-2027", 1) for line in sample[1:]]
    sheet.write_text("\n".join([sample[0], *renamed]) + "\n", encoding="utf-8")
    config = config_for(sandbox)

    summary = bulkspot.run_import("events", sheet, config=config)
    again = bulkspot.run_import("events", sheet, config=config)

    names = [line.split(",", 1)[0] for line in renamed]
    by_name = {e["name"]: e["id"] for e in sandbox.call(lambda c: c.list("event", {}))}
    assert summary.ids == tuple(by_name[name] for name in names)
    assert [o.id for o in summary.outcomes] == list(summary.ids)
    assert dict(summary.counts) == {Status.CREATED: len(names)}
    assert again.ids == summary.ids and dict(again.counts) == {}
    assert dict(again.job_counts) == {Status.CREATED: len(names)}
