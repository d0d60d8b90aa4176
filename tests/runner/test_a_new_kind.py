"""A kind added as data: one spec in the registry, and it plans, imports, resumes, dry-runs,
undoes and exports like the built-in kinds, with no other module told about it: its header
aliases and its export columns are declared with it."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

import pytest

from bulkspot.api import export, import_sheet, undo_journal
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.columns import describe_columns
from bulkspot.core.outcome import Status
from bulkspot.core.resources import (
    Field,
    FieldType,
    ResourceSpec,
    SheetSpec,
    register,
    unregister,
)
from bulkspot.errors import AuthenticationError, ServerError
from bulkspot.runner.export import ExportJob
from bulkspot.runner.job import EXIT_STOPPED, ImportJob
from bulkspot.transport.fake import FakeSender

WIDGETS = "eventspot/events/E1/widgets"
WIDGET = ResourceSpec(
    kind="widget",
    plural="widgets",
    collection_path="eventspot/events/{event_id}/widgets",
    item_path="eventspot/events/{event_id}/widgets/{id}",
    natural_key="name",
    parent="event",
    fields=(
        Field("id", FieldType.STRING, read_only=True),
        Field("name", FieldType.STRING, required=True, min_length=1, max_length=20),
        Field("quantity", FieldType.INTEGER, required=True, minimum=0),
        Field("sold", FieldType.INTEGER, read_only=True),  # the API counts them
    ),
    sheet=SheetSpec(
        aliases={"quantity": ("Qty", "Stock")},
        docs={"quantity": "how many are in stock"},
        exported={"units_sold": "sold"},  # shown beside the sheet's columns, not read back
    ),
)
CONFIG = RunConfig(
    ApiSettings("key-secret", "token-secret", "http://127.0.0.1:9/v2/"),
    limits=Limits(rate=10_000, concurrency=1),  # one request at a time: faults land in order
    retry=RetryPolicy.no_wait(max_attempts=3),
    seed=3,
)


@pytest.fixture(autouse=True)
def widget_kind() -> Iterator[ResourceSpec]:
    register(WIDGET)
    yield WIDGET
    unregister(WIDGET.kind)


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "widgets.csv"
    path.write_text("name,quantity\nBolt,5\nNut,7\nGear,-1\nCog,2\n", encoding="utf-8")
    return path


def with_event() -> FakeSender:
    """A fake API whose account has the event E1 (checked before any row is sent)."""
    return FakeSender(collections={"eventspot/events": [{"id": "E1", "name": "Gala"}]})


def names(fake: FakeSender) -> list[str]:
    return sorted(str(w["name"]) for w in fake.collections.get(WIDGETS, []))


async def test_a_registered_kind_imports_resumes_and_undoes(sheet: Path) -> None:
    fake = with_event()
    job = ImportJob("widgets", sheet, event_id="E1")
    # the first create lands but its answer is a 500; the second is refused with a 401: the
    # run stops, the rest is pending
    fake.fail_next(1, lambda m, p: ServerError(500, method=m, path=p), commit=True)
    fake.fail_next(1, lambda m, p: AuthenticationError(401, method=m, path=p))
    first = await import_sheet(job, CONFIG, sender=fake)
    assert first.exit_code == EXIT_STOPPED
    assert first.counts[Status.CREATED] == 1 and first.counts[Status.INVALID] == 1
    assert first.reconciliations == 1  # the 500 had made it: found, not sent again

    again = await import_sheet(job, CONFIG, sender=fake)
    assert again.exit_code != EXIT_STOPPED
    assert names(fake) == ["Bolt", "Cog", "Nut"]  # each once; Gear's quantity is invalid
    assert dict(again.counts) == {Status.CREATED: 2, Status.INVALID: 1}  # Bolt was made before
    assert dict(again.job_counts) == {Status.CREATED: 3, Status.INVALID: 1}
    with (sheet.parent / "widgets.csv.widgets.E1.results.csv").open(encoding="utf-8-sig") as lines:
        rows = [(r["name"], r["status"], r["error"]) for r in csv.DictReader(lines)]
    assert rows == [
        ("Bolt", "created", ""),
        ("Nut", "created", ""),
        ("Gear", "invalid", "quantity: must be at least 0 (got -1)"),
        ("Cog", "created", ""),
    ]

    undone = await undo_journal(Path(str(again.journal_path)), config=CONFIG, sender=fake)
    assert undone.counts == {Status.DELETED: 3}
    assert names(fake) == []


async def test_a_registered_kind_dry_runs_with_reads_only(sheet: Path) -> None:
    fake = with_event()
    fake.collections[WIDGETS] = [{"id": "w1", "name": "Nut", "quantity": 7}]
    job = ImportJob("widgets", sheet, event_id="E1", dry_run=True)
    summary = await import_sheet(job, CONFIG, sender=fake)
    assert dict(summary.counts) == {Status.TO_CREATE: 2, Status.EXISTS: 1, Status.INVALID: 1}
    assert {method for method, _ in fake.requests} == {"GET"}


async def test_a_registered_kind_reads_its_aliases_and_exports_its_column(tmp_path: Path) -> None:
    fake = with_event()
    stock = tmp_path / "stock.csv"
    stock.write_text("Name,Qty\nBolt,5\nNut,7\n", encoding="utf-8")
    made = await import_sheet(ImportJob("widgets", stock, event_id="E1"), CONFIG, sender=fake)
    assert dict(made.counts) == {Status.CREATED: 2}
    held = {str(w["name"]): w for w in fake.collections[WIDGETS]}
    assert {name: w["quantity"] for name, w in held.items()} == {"Bolt": 5, "Nut": 7}
    held["Bolt"]["sold"], held["Nut"]["sold"] = 3, 0  # what registrants bought

    out = tmp_path / "widgets-export.csv"
    job = ExportJob("widgets", out, event_id="E1", with_ids=False)
    summary = await export(job, CONFIG, sender=fake)
    assert (summary.resources, summary.rows) == (2, 2)
    with out.open(encoding="utf-8-sig", newline="") as lines:
        assert list(csv.reader(lines)) == [
            ["name", "quantity", "units_sold"],
            ["Bolt", "5", "3"],
            ["Nut", "7", "0"],
        ]
    quantity = next(c for c in describe_columns("widgets") if c.name == "quantity")
    assert (quantity.aliases, quantity.doc) == (("Qty", "Stock"), "how many are in stock")


async def test_the_kind_is_gone_when_unregistered() -> None:
    unregister(WIDGET.kind)
    try:
        with pytest.raises(KeyError, match="unknown resource kind 'widgets'"):
            await import_sheet(ImportJob("widgets", Path("x.csv"), event_id="E1"), CONFIG)
    finally:
        register(WIDGET)
