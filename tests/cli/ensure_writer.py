"""A migration script as people write them, run as a process of its own by the tests of two
writers at once: `ensure` each event, then `ensure` a fee in it; or `ensure` fees in a given
event, all at once. It prints one JSON line per resource: {"kind", "name", "id", "status"}.

    python ensure_writer.py BASE_URL events NAME...
    python ensure_writer.py BASE_URL fees EVENT_ID LABEL...
"""

from __future__ import annotations

import json
import sys
from typing import Any

import anyio

from bulkspot.api import open_client
from bulkspot.config import ApiSettings, Limits, RunConfig

EVENT = {
    "title": "Migration", "type": "OTHER", "start_date": "2027-07-17T14:00:00.000Z",
    "end_date": "2027-07-17T20:00:00.000Z", "time_zone_id": "US/Eastern",
}  # fmt: skip
FEE = {"fee": 10.0, "fee_scope": "BOTH"}


def said(kind: str, name: str, resource: Any, status: Any) -> None:
    line = {"kind": kind, "name": name, "id": resource["id"], "status": str(status)}
    print(json.dumps(line), flush=True)


async def main(base: str, what: str, names: list[str]) -> None:
    config = RunConfig(ApiSettings("sandbox-key", "sandbox-token", base), Limits(rate=1000))
    async with open_client(config) as client:
        if what == "events":
            for name in names:
                event, status = await client.ensure("event", {}, {**EVENT, "name": name})
                said("event", name, event, status)
                fee, status = await client.ensure(
                    "fee", {"event_id": event["id"]}, {**FEE, "label": "General"}
                )
                said("fee", "General", fee, status)
            return
        event_id, labels = names[0], names[1:]

        async def one(label: str) -> None:
            fee, status = await client.ensure("fee", {"event_id": event_id},
                                              {**FEE, "label": label})  # fmt: skip
            said("fee", label, fee, status)

        async with anyio.create_task_group() as group:
            for label in labels:
                group.start_soon(one, label)


if __name__ == "__main__":
    anyio.run(main, sys.argv[1], sys.argv[2], sys.argv[3:])
