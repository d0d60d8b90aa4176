"""Issue 24, one template into many accounts: `bulkspot copy --accounts FILE` copies one
event into every account of one simulator at once, each at its own key's rate, reads the
template once, and says each account's counts and state (and all of it with --json)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from bulkspot import Status
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
    numbers = range(1, count + 1)
    return [(f"client-{n}", new_event(base, key_of(n), token_of(n)), n) for n in numbers]


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
        # each kind's writes and one read of its collection: the target event is read once,
        # by the copy (its currency), and the codes' fees are the fees import's read
        runs = {"fees": (3, 4), "items": (6, 10), "promocodes": (6, 7)}
        return {
            "name": name,
            "to_event": event,
            "state": "done",
            "exit_code": 0,
            "stopped": None,
            "resume_hint": None,
            "counts": {"created": 15},
            "requests": 22,  # every request on the account's key: its kinds' and the event's
            "work_folder": str(home.relative_to(tmp_path)),
            "kinds": [
                {
                    "kind": kind,
                    "counts": {"created": rows_},
                    "requests": sent,
                    "stopped": None,
                    "catch_ups": [],
                }
                for kind, (rows_, sent) in runs.items()
            ],
            "not_started": [],
            "undo": [
                str(home.relative_to(tmp_path) / f"{kind}.journal.sqlite")
                for kind in reversed(runs)
            ],
        }

    assert found == {
        "kind": "copy",
        "from_event": template,
        "exit_code": 0,
        "work_folder": folder.name,
        "source_requests": 4,
        "accounts": [account(name, event) for name, event, _n in rows],
    }
    expected = holdings(sim, SOURCE_KEY, template)
    for _name, event, n in rows:
        assert holdings(sim, key_of(n), event) == expected
        seen = sim.stats(key_of(n))
        assert seen["over_qps"] == 0
        assert seen["requests_by_method"] == {"GET": 4, "POST": 18}  # the 22 it says it sent
    source = sim.stats(SOURCE_KEY)
    # read once for the three: the event, fees (their labels for the codes too), items, codes
    assert source["requests_by_method"] == {"GET": 4}
    assert source["over_qps"] == 0


def test_an_account_with_a_bad_token_stops_alone_the_table_says_so(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path
) -> None:
    base = f"{sim.url}/v2/"
    template = make_template(base, tmp_path, items=1, sizes=1, codes=2)
    rows = targets(sim, 3)
    file = accounts_file(tmp_path / "clients.csv", rows)
    env = {**secrets_env(range(1, 4)), "BULKSPOT_BASE_URL": base, "TOKEN_2": "not-the-token"}
    done = run_cli("copy", "--from-event", template, "--accounts", str(file), "--rate",
                   str(RATE), "--quiet", env=env)  # fmt: skip
    assert done.exit_code == 2, done.output
    assert done.stdout.splitlines() == [
        "account   state          counts",
        "client-1  done           6 created",
        "client-2  stopped        no rows",
        "client-3  done           6 created",
        "client-2 stopped: the API refused the access token (401); fix TOKEN_2 (the "
        f"token_env of {file} line 3), then run the same command again",
        "2 of 3 accounts done; the template read with 4 requests for them all",
        "run the same command again to finish the others",
        f"sheets, journals and results: bulkspot-copy-{template}/accounts/NAME",
    ]
    expected = holdings(sim, SOURCE_KEY, template)
    assert holdings(sim, key_of(1), rows[0][1]) == expected
    assert holdings(sim, key_of(3), rows[2][1]) == expected
    assert holdings(sim, key_of(2), rows[1][1]) == {"fees": [], "items": [], "promocodes": []}


def test_the_library_takes_a_list_two_targets_of_one_key_share_its_rate(
    sim: SimulatorThread, tmp_path: Path
) -> None:
    """Two events of one account as two targets: one rate gate for the key, so the pair
    keeps to the key's limit together (no over-limit answer, never more than RATE a second)."""
    import anyio

    from bulkspot import api
    from bulkspot.config import ApiSettings, Limits, RunConfig

    base = f"{sim.url}/v2/"
    template = make_template(base, tmp_path, items=2, sizes=2, codes=8)
    account = RunConfig(ApiSettings(key_of(1), token_of(1), base), Limits(rate=RATE))
    events = [new_event(base, key_of(1), token_of(1), f"event {n}") for n in (1, 2)]
    targets = [api.CopyTarget(f"one-{n}", event, account) for n, event in enumerate(events)]
    source = RunConfig(ApiSettings(SOURCE_KEY, "sandbox-token", base), Limits(rate=RATE))
    sim.control(reset_stats=True)
    job = api.ManyCopyJob(template, targets, folder=tmp_path / "many")
    summary = anyio.run(lambda: api.copy_many(job, source))
    assert [(a.name, a.state, a.counts) for a in summary.accounts] == [
        ("one-0", "done", {Status.CREATED: 15}),
        ("one-1", "done", {Status.CREATED: 15}),
    ]
    expected = holdings(sim, SOURCE_KEY, template)
    assert [holdings(sim, key_of(1), event) for event in events] == [expected, expected]
    shared = sim.stats(key_of(1))
    assert shared["over_qps"] == 0
    assert shared["max_requests_in_window"] == RATE  # the two together at the key's rate
    assert (tmp_path / "many" / "accounts" / "one-1" / "promocodes.journal.sqlite").is_file()


def test_an_account_without_its_event_stops_alone(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path
) -> None:
    base = f"{sim.url}/v2/"
    template = make_template(base, tmp_path, items=1, sizes=1, codes=1)
    rows = targets(sim, 2)
    missing = "a07e0000000000000000"
    rows[0] = ("client-1", missing, 1)
    file = accounts_file(tmp_path / "clients.csv", rows)
    env = {**secrets_env(range(1, 3)), "BULKSPOT_BASE_URL": base}
    done = run_cli("copy", "--from-event", template, "--accounts", str(file), "--rate",
                   str(RATE), "--quiet", "--json", env=env)  # fmt: skip
    assert done.exit_code == 2, done.output
    found = json.loads(done.stdout)
    assert [(a["name"], a["state"], a["stopped"]) for a in found["accounts"]] == [
        ("client-1", "stopped", f"there is no event {missing} in the account client-1 ({file} "
         "line 2): check its to_event cell (an events import prints the id of each event it "
         "makes)"),
        ("client-2", "done", None),
    ]  # fmt: skip
    assert holdings(sim, key_of(2), rows[1][1]) == holdings(sim, SOURCE_KEY, template)


def test_copy_needs_one_target_and_a_readable_accounts_file(run_cli: Cli) -> None:
    env = {"CTCT_API_KEY": SOURCE_KEY, "CTCT_ACCESS_TOKEN": "sandbox-token"}
    template, target = "a07efa26i73ecbc4d32", "a07ejk4wwwi04c6fc73"
    neither = run_cli("copy", "--from-event", template, env=env)
    both = run_cli("copy", "--from-event", template, "--to-event", target, "--accounts",
                   "clients.csv", env=env)  # fmt: skip
    for done in (neither, both):
        assert done.exit_code == 2
        assert done.stderr.splitlines()[-1] == (
            "Error: give --to-event ID or --accounts FILE (one of them)"
        )
    missing = run_cli("copy", "--from-event", template, "--accounts", "clients.csv", env=env)
    assert missing.exit_code == 2
    assert missing.stderr == (
        "Error: cannot read the accounts file clients.csv: No such file or directory\n"
    )


def test_an_account_named_twice_is_refused_naming_both_lines(run_cli: Cli, tmp_path: Path) -> None:
    template = "a07efa26i73ecbc4d32"
    rows = [("north", "a07ejk4wwwi04c6fc73", 1), ("South", "a07ejk4wwwi04c6fc74", 2),
            ("south", "a07ejk4wwwi04c6fc75", 3)]  # fmt: skip
    file = accounts_file(tmp_path / "clients.csv", rows)
    env = {**secrets_env(range(1, 4)), "BULKSPOT_BASE_URL": "http://127.0.0.1:9/v2/"}
    done = run_cli("copy", "--from-event", template, "--accounts", str(file), env=env)
    assert done.exit_code == 2
    assert done.stderr == (
        f"Error: the account name 'south' is given twice ({file} line 3 and {file} line 4)\n"
    )
