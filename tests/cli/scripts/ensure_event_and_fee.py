"""A migration script's first steps, run twice at once by tests/cli/test_ensure_twice.py:
ensure an event by name, then a fee in it. It says it is ready, waits for the test's "go"
file (so both processes ensure at the same moment), and prints what it ended with."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import anyio

import bulkspot

EVENT = {
    "title": "Ensured twice",
    "type": "OTHER",
    "start_date": "2027-07-17T14:00:00.000Z",
    "end_date": "2027-07-17T20:00:00.000Z",
    "time_zone_id": "US/Eastern",
}


async def main(name: str, ready: Path, go: Path) -> None:
    config = bulkspot.RunConfig(bulkspot.settings_from_env(), limits=bulkspot.Limits(rate=100))
    async with bulkspot.open_client(config) as client:
        ready.touch()
        while not go.exists():
            await anyio.sleep(0.002)  # waiting for the other process, not for time to pass
        event, made_event = await client.ensure("event", {}, {**EVENT, "name": name})
        fee, made_fee = await client.ensure(
            "fee", {"event_id": event["id"]}, {"label": "Adult", "fee": 10}
        )
    print(json.dumps([event["id"], made_event.value, fee["id"], made_fee.value]))


if __name__ == "__main__":
    anyio.run(main, sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
