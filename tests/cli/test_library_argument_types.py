"""A script that passes the wrong type (no mypy to tell it) gets a bulkspot.UsageError naming
the parameter, before anything is read or sent, never an AttributeError or TypeError from
deep inside a run; a secret given in the wrong place is never echoed.

Seen before: `run_import(..., config=None)` raised "AttributeError: 'NoneType' object has no
attribute 'api'" from the rate gate, `Limits(rate="4")` a TypeError from a comparison, and
`column_map="Price=price"` "ValueError: dictionary update sequence element #0 has length 1;
2 is required"."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import anyio
import pytest

import bulkspot
from tests.cli.sandbox import Sandbox

CONFIG = (
    "config must be a bulkspot.RunConfig, such as bulkspot.RunConfig(bulkspot.settings_from_env())"
)


def _settings(sandbox: Sandbox) -> bulkspot.ApiSettings:
    return bulkspot.ApiSettings(
        sandbox.env["CTCT_API_KEY"], sandbox.env["CTCT_ACCESS_TOKEN"], sandbox.base
    )


async def _client(config: Any) -> None:
    async with bulkspot.open_client(config):
        pass


def test_wrong_types_are_usage_errors_naming_the_parameter_and_nothing_is_sent(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    sheet = tmp_path / "fees.csv"
    sheet.write_text("label,fee\nAdult,35\n", encoding="utf-8")
    config = bulkspot.RunConfig(_settings(sandbox))
    wrong: Any = None
    calls: list[tuple[Callable[[], object], str]] = [
        (lambda: bulkspot.run_import("fees", sheet, event_id=event, config=wrong),
         f"{CONFIG}, not None"),
        (lambda: bulkspot.run_import("fees", sheet, event_id=event, config="sandbox-key"),
         f"{CONFIG}, not a str"),
        (lambda: bulkspot.run_export("fees", tmp_path / "out.csv", event_id=event,
                                     config=_settings(sandbox)),
         f"{CONFIG}, not an ApiSettings"),
        (lambda: bulkspot.run_undo(tmp_path / "none.sqlite", config=wrong),
         f"{CONFIG}, not None"),
        (lambda: anyio.run(_client, "sandbox-token"), f"{CONFIG}, not a str"),
        (lambda: bulkspot.Session(wrong), f"{CONFIG}, not None"),
        (lambda: bulkspot.run_copy(event, event, config=config, source=wrong or "x"),
         "source must be a bulkspot.RunConfig, such as "
         "bulkspot.RunConfig(bulkspot.settings_from_env()), not a str"),
        (lambda: bulkspot.run_import("fees", sheet, event_id=event, config=config,
                                     column_map="Price=price"),  # type: ignore[arg-type]
         "column_map must be a mapping of str to str, such as {'Price ($)': 'price'}, "
         "not a str"),
        (lambda: bulkspot.run_import("fees", sheet, event_id=event, config=config,
                                     constants={"per_registrant_limit": 4}),  # type: ignore[dict-item]
         "each value of constants must be a str, not an int"),
        (lambda: bulkspot.Limits(rate=wrong or "4"),
         "rate must be a number of requests per second, not a str"),
        (lambda: bulkspot.Limits(concurrency=wrong or 2.5),
         "concurrency must be an int or None (auto), not a float"),
        (lambda: bulkspot.RunConfig(config.api, limits=wrong or 4),
         "limits must be a bulkspot.Limits, not an int"),
        (lambda: bulkspot.ApiSettings(wrong or 123456789, "sandbox-token"),
         "api_key must be a str, not an int"),  # its type only: it may be the key itself
    ]  # fmt: skip
    before = sandbox.stats()["requests"]
    for call, message in calls:
        with pytest.raises(bulkspot.UsageError) as raised:
            call()
        assert str(raised.value) == message
    assert sandbox.stats()["requests"] == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["fees.csv"]
