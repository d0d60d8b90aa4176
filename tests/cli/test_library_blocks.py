"""Issue 16: whole resources, idempotent building blocks, one session's gates, summaries a
script can use, and the sync facade refusing a running loop (against the simulator)."""

from __future__ import annotations

from pathlib import Path
from typing import get_args

import anyio
import pytest

import bulkspot
from bulkspot.core.resources import RESOURCES
from bulkspot.types import RESOURCE_TYPES, Kind
from tests.cli.sandbox import Sandbox


def test_kind_names_every_registered_kind() -> None:
    assert set(get_args(Kind)) == set(RESOURCES) == set(RESOURCE_TYPES)


def test_a_typed_package() -> None:
    assert (Path(bulkspot.__file__).parent / "py.typed").is_file()


def test_find_gives_the_whole_event_and_list_the_summary(sandbox: Sandbox) -> None:
    event_id = sandbox.new_event(title="Whole")

    async def look(client: bulkspot.Client) -> list[object]:
        whole = await client.get("event", {}, event_id)
        found = await client.find("event", {}, whole["name"])
        listed = [e for e in await client.list("event", {}) if e["id"] == event_id]
        return [whole, found, listed[0]]

    whole, found, summary = sandbox.call(look)
    assert found == whole  # find GETs the whole event, not the list's summary
    assert isinstance(summary, dict) and isinstance(whole, dict)
    assert "track_information" in whole and "track_information" not in summary


def test_ensure_makes_once_and_index_keeps_current(sandbox: Sandbox) -> None:
    event_id = sandbox.new_event(title="Ensure")
    ids = {"event_id": event_id}

    async def twice(client: bulkspot.Client) -> list[object]:
        first = await client.ensure("fee", ids, {"label": "Adult", "fee": 10})
        again = await client.ensure("fee", ids, {"label": "Adult", "fee": 12})
        updated = await client.ensure(
            "fee", ids, {"label": "Adult", "fee": 12}, on_existing=bulkspot.OnExisting.UPDATE
        )
        index = await client.index("fee", ids)
        before = dict(index)
        made = await client.create("fee", ids, {"label": "Child", "fee": 5})
        return [first, again, updated, before, made, dict(index)]  # the view kept current

    first, again, updated, before, made, after = sandbox.call(twice)
    assert first[1] is bulkspot.Status.CREATED and again[1] is bulkspot.Status.EXISTS
    assert again[0]["fee"] == 10 and updated[1] is bulkspot.Status.UPDATED
    assert updated[0]["fee"] == 12
    assert before == {"Adult": first[0]["id"]}
    assert after == {"Adult": first[0]["id"], "Child": made["id"]}


def test_writable_drops_read_only_fields() -> None:
    item = {"id": "x", "name": "Shirt", "price": 5, "attributes": [],
            "default_quantity_available": 3}  # fmt: skip
    assert bulkspot.writable("item", item) == {"name": "Shirt", "price": 5}


def test_run_import_inside_a_running_loop_says_to_await() -> None:
    config = bulkspot.RunConfig(bulkspot.ApiSettings("k", "t", "http://127.0.0.1:9/v2/"))

    async def inside() -> None:
        bulkspot.run_import("items", "x.csv", event_id="e", config=config)

    with pytest.raises(bulkspot.BulkspotError) as refused:
        anyio.run(inside)
    assert str(refused.value) == (
        "bulkspot.run_import blocks, so it cannot run inside a running event loop; "
        "there, use `await bulkspot.import_sheet(...)`"
    )
