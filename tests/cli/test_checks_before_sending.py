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


def kept_in(folder: Path) -> list[str]:
    """The results and journal in the test's folder, not beside the sample."""
    return ["--results", str(folder / "r.csv"), "--journal", str(folder / "j.sqlite")]


def writes(sandbox: Sandbox) -> int:
    by_method = sandbox.stats()["requests_by_method"]
    return sum(n for method, n in by_method.items() if method != "GET")


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry run"])
def test_a_wrong_event_is_refused_before_any_row(
    sandbox: Sandbox, run_cli: Cli, dry_run: bool, tmp_path: Path
) -> None:
    before = sandbox.stats()["requests"]
    written = writes(sandbox)
    args = ["import", "items", str(SAMPLES / "inventory.csv"), "--event", "NOPE123", "--quiet",
            *kept_in(tmp_path)]  # fmt: skip
    result = run_cli(*args, *(["--dry-run"] if dry_run else []), env=sandbox.env)
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == WRONG
    assert sandbox.stats()["requests"] - before == 1  # the one read of the event
    assert writes(sandbox) == written
    assert list(tmp_path.iterdir()) == []  # no journal left to refuse the right --event


def test_a_base_url_that_is_not_the_apis_gets_a_hint(
    sandbox: Sandbox, run_cli: Cli, tmp_path: Path
) -> None:
    env = {**sandbox.env, "BULKSPOT_BASE_URL": f"{sandbox.url}/"}
    result = run_cli("import", "items", str(SAMPLES / "inventory.csv"), "--event", "NOPE123",
                     "--quiet", *kept_in(tmp_path), env=env)  # fmt: skip
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
                     "--quiet", *kept_in(tmp_path), env=env)  # fmt: skip
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert (
        f"stopped: cannot reach 127.0.0.1:{port} (connection refused) for GET eventspot/events/E1"
    ) in lines
    assert "  pending          20" in lines  # the rows wait for the same command
    assert "ssl" not in result.output
