"""At a client rate equal to the gateway's, no command is ever refused over the limit: every
request of one api key in a process passes one rate gate (the event check, generate's read
of the codes, the import's look-ups and creates, undo's look-ups and deletes)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox, start_served_sandbox

RATE = "4"


@pytest.fixture(scope="module")
def strict() -> Iterator[Sandbox]:
    """A gateway that refuses the fifth request in any sliding second."""
    yield from start_served_sandbox("--rate", "4", "--seed", "2")


@pytest.mark.slow
def test_generate_then_undo_at_the_gateways_rate_are_never_refused(
    strict: Sandbox, run_cli: Cli, tmp_path: Path
) -> None:
    event = strict.new_event()  # a request of the same key, just before
    made = run_cli("promocodes", "generate", "--event", event, "--count", "6", "--rate", RATE,
                   "--discount", "20%",
                   "--quiet", "--output", str(tmp_path / "codes.csv"), env=strict.env)  # fmt: skip
    assert made.exit_code == 0, made.output
    journals = sorted(tmp_path.glob("*.journal.sqlite"))
    assert len(journals) == 1, journals
    undone = run_cli("undo", "--journal", str(journals[0]), "--rate", RATE, "--quiet", "--yes",
                     env=strict.env)  # fmt: skip
    assert undone.exit_code == 0, undone.output
    stats = strict.stats()
    assert stats["over_qps"] == 0, stats
    assert stats["max_arrivals_in_window"] <= 4, stats


@pytest.mark.slow
def test_back_to_back_library_imports_at_the_gateways_rate_are_never_refused(
    tmp_path: Path,
) -> None:
    """Two run_import calls one after the other: each used to start a gate of its own with a
    burst (11 requests in one second at 10/s, two refused). Every request here, the event's
    creation too, is the library's at the gateway's rate."""
    import anyio

    import bulkspot
    from tests.cli.sandbox import EVENT_BODY

    for sandbox in start_served_sandbox("--rate", "4", "--seed", "3"):
        settings = bulkspot.ApiSettings("sandbox-key", "sandbox-token", sandbox.base)
        config = bulkspot.RunConfig(settings, limits=bulkspot.Limits(rate=4))

        async def new_event(config: bulkspot.RunConfig) -> str:
            async with bulkspot.open_client(config) as client:
                return str((await client.create("event", {}, EVENT_BODY))["id"])

        event = anyio.run(new_event, config)
        for batch in ("a", "b"):
            sheet = tmp_path / f"fees-{batch}.csv"
            sheet.write_text("label,fee\n" + "".join(f"{batch}{n},{n}\n" for n in range(5)))
            summary = bulkspot.run_import("fees", sheet, event_id=event, config=config)
            assert summary.exit_code == 0
        stats = sandbox.stats()
        assert stats["over_qps"] == 0, stats
        assert stats["max_arrivals_in_window"] <= 4, stats
