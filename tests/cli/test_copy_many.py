"""Issue 24, one template into many accounts: `bulkspot copy --accounts FILE` copies one
event into every account of one simulator at once, each at its own key's rate, reads the
template once, and says each account's counts and state (and all of it with --json)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bulkspot.simulator import Account, SimulatorConfig, SimulatorThread
from tests.cli.invoke import Cli
from tests.cli.many_accounts import (
    SOURCE_KEY,
        accounts_file,
    holdings,
    key_of,
    make_template,
    new_event,
    secrets_env,
    token_of,
)

RATE = 20  # the simulator's per-second limit of every key, and the copies' rate


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    accounts = tuple(Account(key_of(n), token_of(n)) for n in range(1, 4))
    config = SimulatorConfig(rate=RATE, daily_quota=0, seed=11, accounts=accounts)
    with SimulatorThread(config) as running:
        yield running


def targets(sim: SimulatorThread, count: int) -> list[tuple[str, str, int]]:
    base = f"{sim.url}/v2/"
    return [(f"client-{n}", new_event(base, key_of(n), token_of(n)), n) for n in range(1, count + 1)]


def test_one_template_into_three_accounts_each_holds_it_no_refusal(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path
) -> None:
    base = f"{sim.url}/v2/"
    template = make_template(base, tmp_path)
    rows = targets(sim, 3)
    sim.control(reset_stats=True)
    file = accounts_file(tmp_path / "clients.csv", rows)
    env = {**secrets_env(range(1, 4)), "BULKSPOT_BASE_URL": base}
    done = run_cli("copy", "--from-event", template, "--accounts", str(file), "--rate",
                   str(RATE), "--quiet", "--json", env=env)  # fmt: skip
    assert done.exit_code == 0, done.output
    found = json.loads(done.stdout)
    assert found.pop("wall_seconds") > 0
    folder = tmp_path / f"bulkspot-copy-{template}"

    def account(name: str, event: str) -> dict[str, object]:
        home = folder / "accounts" / name
        runs = {"fees": (3, 5), "items": (6, 11), "promocodes": (6, 9)}
        return {
            "name": name,
            "to_event": event,
            "state": "done",
            "exit_code": 0,
            "stopped": None,
            "counts": {"created": 15},
            "requests": 25,
            "folder": str(home.relative_to(tmp_path)),
            "kinds": [
                {"kind": kind, "counts": {"created": rows_}, "requests": sent, "stopped": None,
                 "catch_ups": []}
                for kind, (rows_, sent) in runs.items()
            ],  # fmt: skip
            "not_started": [],
            "undo": [str(home.relative_to(tmp_path) / f"{kind}.journal.sqlite")
                     for kind in reversed(runs)],  # fmt: skip
        }

    assert found == {
        "kind": "copy",
        "from_event": template,
        "exit_code": 0,
        "folder": folder.name,
        "source_requests": 5,
        "accounts": [account(name, event) for name, event, _n in rows],
    }
    expected = holdings(sim, SOURCE_KEY, template)
    for _name, event, n in rows:
        assert holdings(sim, key_of(n), event) == expected
        assert sim.stats(key_of(n))["over_qps"] == 0
    source = sim.stats(SOURCE_KEY)
    assert source["requests_by_method"] == {"GET": 5}  # read once for the three
    assert source["over_qps"] == 0
