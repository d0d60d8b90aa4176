"""A job that cannot work stops before any row is sent: a wrong --event is read once and
refused (it used to send every row to a 404, a dry run a GET per row); an unreachable host
stops within seconds, named as HOST:PORT (it took 10-32 s and named `ssl:default`)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import SANDBOX, Sandbox
from tests.paths import SAMPLES

WRONG = (
    "Error: there is no event NOPE123 in this account: check --event (an events import "
    "prints the id of each event it makes)"
)


def writes(sandbox: Sandbox) -> int:
    by_method = sandbox.stats()["requests_by_method"]
    return sum(n for method, n in by_method.items() if method != "GET")


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry run"])
def test_a_wrong_event_is_refused_before_any_row(
    sandbox: Sandbox, run_cli: Cli, dry_run: bool
) -> None:
    before = sandbox.stats()["requests"]
    written = writes(sandbox)
    args = ["import", "items", str(SAMPLES / "inventory.csv"), "--event", "NOPE123", "--quiet"]
    result = run_cli(*args, *(["--dry-run"] if dry_run else []), env=sandbox.env)
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == WRONG
    assert sandbox.stats()["requests"] - before == 1  # the one read of the event
    assert writes(sandbox) == written


def test_a_base_url_that_is_not_the_apis_gets_a_hint(sandbox: Sandbox, run_cli: Cli) -> None:
    env = {**sandbox.env, "BULKSPOT_BASE_URL": f"{sandbox.url}/"}
    result = run_cli("import", "items", str(SAMPLES / "inventory.csv"), "--event", "NOPE123",
                     "--quiet", env=env)  # fmt: skip
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        f"Error: there is no event NOPE123 in this account (is {sandbox.url}/ the API? its base "
        "URL ends in /v2/): check --event (an events import prints the id of each event it "
        "makes)"
    )


@pytest.mark.slow
def test_an_unreachable_host_stops_within_seconds_named_as_host_and_port(
    run_cli: Cli, tmp_path: Path
) -> None:
    with socket.socket() as probe:  # a free port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**SANDBOX, "BULKSPOT_BASE_URL": f"http://127.0.0.1:{port}/v2/"}
    result = run_cli("import", "items", str(SAMPLES / "inventory.csv"), "--event", "E1",
                     "--quiet", env=env)  # fmt: skip
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        f"Error: cannot reach 127.0.0.1:{port} (connection refused) for GET eventspot/events/E1"
    )
    assert "ssl" not in result.output
