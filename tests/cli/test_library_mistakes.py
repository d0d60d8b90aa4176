"""Issue 22: a script's mistakes are BulkspotErrors in the script's terms, caught before any
request: a misspelt id key names the ids the kind needs (not a bare KeyError from a URL
template), an unknown kind names the known ones and the closest."""

from __future__ import annotations

from typing import Any

import anyio
import pytest

import bulkspot
from bulkspot.config import RetryPolicy
from tests.cli.sandbox import Sandbox
from tests.plain_http import get

KINDS = "event, fee, item, attribute, promocode, registrant, folder, file, list, campaign, schedule"


def config_of(sandbox: Sandbox) -> bulkspot.RunConfig:
    settings = bulkspot.ApiSettings(
        sandbox.env["CTCT_API_KEY"], sandbox.env["CTCT_ACCESS_TOKEN"], sandbox.base
    )
    return bulkspot.RunConfig(settings, retry=RetryPolicy.no_wait(3))


def test_a_misspelt_id_key_names_the_ids_the_kind_needs(sandbox: Sandbox) -> None:
    event = sandbox.new_event()
    ids: Any = {"eventid": event}  # as a script without mypy may misspell it

    async def main() -> int:
        async with bulkspot.open_client(config_of(sandbox)) as client:
            with pytest.raises(bulkspot.UsageError) as raised:
                await client.create("fee", ids, {"label": "Adult", "fee": 10.0})
            assert str(raised.value) == "fee ids are event_id; given: eventid"
            with pytest.raises(bulkspot.UsageError) as raised:
                await client.list("attribute", {"event_id": event})  # type: ignore[call-overload]
            assert str(raised.value) == "attribute ids are event_id, item_id; given: event_id"
            return client.requests

    assert anyio.run(main) == 0  # caught before anything was sent
    assert get(sandbox.base, f"eventspot/events/{event}/fees") == []


def test_an_unknown_kind_is_a_bulkspot_error_with_the_closest_kind(sandbox: Sandbox) -> None:
    kind: Any = "fess"

    async def main() -> None:
        async with bulkspot.open_client(config_of(sandbox)) as client:
            with pytest.raises(bulkspot.UnknownKindError) as raised:
                await client.get(kind, {}, "1")
            assert str(raised.value) == (
                f"unknown resource kind 'fess' (did you mean 'fees'?); the kinds are {KINDS}"
            )

    anyio.run(main)
    with pytest.raises(bulkspot.BulkspotError) as raised:
        bulkspot.writable("widget", {})  # type: ignore[call-overload]
    assert str(raised.value) == f"unknown resource kind 'widget'; the kinds are {KINDS}"
    assert isinstance(raised.value, KeyError)  # as the old KeyError, for code that caught it


def test_ensure_without_a_natural_key_is_a_usage_error(sandbox: Sandbox) -> None:
    async def main() -> None:
        async with bulkspot.open_client(config_of(sandbox)) as client:
            with pytest.raises(bulkspot.UsageError) as raised:
                await client.ensure("file", {}, {"name": "x"})  # type: ignore[call-overload]
            assert str(raised.value) == "a file has no natural key to look it up by"

    anyio.run(main)
