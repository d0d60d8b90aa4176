"""A script's `bulkspot.Session`: its calls are the facade's calls with the session's gates
(the facade functions live beside it in bulkspot/session.py, so neither imports the other's
module in a circle)."""

from __future__ import annotations

import shutil
from pathlib import Path

import anyio

import bulkspot
from tests.cli.sandbox import Sandbox
from tests.cli.test_library_summary import config_for
from tests.paths import SAMPLES


def test_a_session_imports_undoes_and_reads_through_one_set_of_gates(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event(title="Session event")
    sheet = tmp_path / "inventory.csv"
    shutil.copy(SAMPLES / "inventory.csv", sheet)
    session = bulkspot.Session(config_for(sandbox))

    summary = session.run_import("items", sheet, event_id=event)
    assert summary.exit_code == 0
    assert summary.counts == {bulkspot.Status.CREATED: 20}

    async def names() -> list[str]:
        async with session.open_client() as client:
            return sorted(
                str(item["name"]) for item in await client.list("item", {"event_id": event})
            )

    made = anyio.run(names)
    on_server = sandbox.call(lambda client: client.list("item", {"event_id": event}))
    assert made == sorted(str(item["name"]) for item in on_server) and len(made) == 10

    undone = session.run_undo(summary.journal_path)
    assert undone.exit_code == 0 and set(undone.counts) == {bulkspot.Status.DELETED}
    assert sandbox.call(lambda client: client.list("item", {"event_id": event})) == []
