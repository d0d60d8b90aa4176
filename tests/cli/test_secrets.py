"""Secrets never appear in what a run leaves behind: output, results, journal, or the
messages of a refused token; through the CLI as a user runs it, against the simulator."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox, start_sandbox
from tests.paths import SAMPLES

KEY = "k3y-5ecret-9f8e7d6c5b4a"
TOKEN = "t0ken-5ecret-0123456789abcdef"


@pytest.fixture(scope="module")
def own_keys() -> Iterator[Sandbox]:
    for sandbox in start_sandbox(api_key=KEY, token=TOKEN, rate=1000, seed=3):
        sandbox.env = {"CTCT_API_KEY": KEY, "CTCT_ACCESS_TOKEN": TOKEN,
                       "BULKSPOT_BASE_URL": sandbox.env["BULKSPOT_BASE_URL"]}  # fmt: skip
        sandbox.counter = itertools.count()
        yield sandbox


def leaked(text: bytes) -> list[str]:
    return [s for s in (KEY, TOKEN) if s.encode() in text or s[:12].encode() in text]


def test_no_secret_in_output_results_or_journal(
    run_cli: Cli, own_keys: Sandbox, tmp_path: Path
) -> None:
    event = create_event(run_cli, own_keys, tmp_path)
    common = ["--event", event, "--rate", "500", "--results", str(tmp_path / "r.csv"),
              "--journal", str(tmp_path / "j.sqlite")]  # fmt: skip
    sheet = str(SAMPLES / "inventory-with-errors.csv")
    refused = run_cli("import", "items", sheet, *common,
                      env={**own_keys.env, "CTCT_ACCESS_TOKEN": TOKEN[::-1]})  # fmt: skip
    assert refused.exit_code == 2 and "401" in refused.output
    done = run_cli("import", "items", sheet, *common, env=own_keys.env)
    assert done.exit_code == 1  # the sheet's bad rows
    undone = run_cli("undo", "--journal", str(tmp_path / "j.sqlite"), env=own_keys.env)
    assert undone.exit_code == 0, undone.output
    for result in (refused, done, undone):
        assert leaked(result.output.encode()) == [], result.output
        assert leaked(TOKEN[::-1].encode()) == [] and TOKEN[::-1] not in result.output
    for path in tmp_path.iterdir():
        assert leaked(path.read_bytes()) == [], path.name


def create_event(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> str:
    events = tmp_path / "events.csv"
    events.write_bytes((SAMPLES / "events.csv").read_bytes())
    made = run_cli("import", "events", str(events), "--rate", "500", env=sandbox.env)
    assert made.exit_code == 0, made.output
    return made.output.split("event ids (for --event):\n")[1].split()[0]
