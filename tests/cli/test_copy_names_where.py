"""Issue 24, copy's loose ends: a message that asks to fix a value names where that value was
given (`--to-event`, an accounts file's line and cell, the variable its `token_env` or
`api_key_env` names), never the value of a secret; and an account's `requests` are every
request sent on its key for it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import anyio
import pytest

from bulkspot import api
from bulkspot.config import ApiSettings, Limits, RunConfig
from bulkspot.errors import ConfigError
from bulkspot.simulator import Account, SimulatorConfig, SimulatorThread
from tests.cli.invoke import Cli
from tests.cli.many_accounts import (
    SOURCE_KEY,
    SOURCE_TOKEN,
    accounts_file,
    holdings,
    key_of,
    make_template,
    new_event,
    secrets_env,
    token_of,
)
from tests.cli.sandbox import Sandbox

MISSING = "a07e0000000000000000"
HINT = "(an events import prints the id of each event it makes)"


def test_a_copy_into_a_missing_event_says_check_to_event(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    source = sandbox.new_event()
    before = sandbox.stats()["requests_by_method"].get("POST", 0)
    done = run_cli("copy", "--from-event", source, "--to-event", MISSING, "--rate", "500",
                   env=sandbox.env)  # fmt: skip
    assert done.exit_code == 2, done.output
    assert done.stderr == (
        f"Error: there is no event {MISSING} in this account: check --to-event {HINT}\n"
    )
    assert sandbox.stats()["requests_by_method"].get("POST", 0) == before  # nothing made
    folder = tmp_path / f"bulkspot-copy-{source}-to-{MISSING}"
    assert not list(folder.glob("*.journal.sqlite"))  # refused before any import began

    job = api.CopyJob(source, MISSING, folder=tmp_path / "by-library")
    config = RunConfig(ApiSettings("sandbox-key", "sandbox-token", sandbox.base), Limits(500))
    with pytest.raises(ConfigError) as refused:
        anyio.run(lambda: api.copy(job, config))
    assert str(refused.value) == (
        f"there is no event {MISSING} in this account: check to_event= {HINT}"
    )


@pytest.fixture
def sim() -> Iterator[SimulatorThread]:
    accounts = tuple(Account(key_of(n), token_of(n)) for n in range(1, 4))
    with SimulatorThread(SimulatorConfig(rate=50, seed=3, accounts=accounts)) as running:
        yield running


def test_each_stopped_account_is_told_to_fix_its_own_line(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path
) -> None:
    base = f"{sim.url}/v2/"
    template = make_template(base, tmp_path, items=1, sizes=1, codes=1)
    rows = [("north", new_event(base, key_of(1), token_of(1)), 1),
            ("south", new_event(base, key_of(2), token_of(2)), 2),
            ("east", MISSING, 3)]  # fmt: skip
    file = accounts_file(tmp_path / "clients.csv", rows)
    wrong_key, wrong_token = "key-nobody-has", "token-nobody-has"
    env = {**secrets_env(range(1, 4)), "BULKSPOT_BASE_URL": base, "KEY_1": wrong_key,
           "TOKEN_2": wrong_token}  # fmt: skip
    sim.control(reset_stats=True)
    done = run_cli("copy", "--from-event", template, "--accounts", str(file), "--rate", "50",
                   "--quiet", env=env)  # fmt: skip
    assert done.exit_code == 2, done.output
    assert done.stdout.splitlines() == [
        "account  state          counts",
        "north    stopped        no rows",
        "south    stopped        no rows",
        "east     stopped        no rows",
        "north stopped: the API does not know this api key, or it is inactive (403); fix KEY_1 "
        f"(the api_key_env of {file} line 2), then run the same command again",
        "south stopped: the API refused the access token (401); fix TOKEN_2 (the token_env of "
        f"{file} line 3), then run the same command again",
        f"east stopped: there is no event {MISSING} in the account east ({file} line 4): check "
        f"its to_event cell {HINT}",
        "0 of 3 accounts done; the template read with 1 request for them all",
        "run the same command again to finish the others",
        f"sheets, journals and results: bulkspot-copy-{template}/accounts/NAME",
    ]
    for secret in (wrong_key, wrong_token, token_of(3), key_of(3), SOURCE_TOKEN):
        assert secret not in done.output
    assert sim.stats(key_of(3))["requests_by_method"] == {"GET": 1}  # its event's read

    sim.control(reset_stats=True)
    again = run_cli("copy", "--from-event", template, "--accounts", str(file), "--rate", "50",
                    "--quiet", "--json", env={**env, **secrets_env(range(1, 3))})  # fmt: skip
    found = {a["name"]: a for a in json.loads(again.stdout)["accounts"]}
    assert [(a["state"], a["resume_hint"]) for a in found.values()] == [
        ("done", None), ("done", None), ("stopped", None)
    ]  # fmt: skip
    for name, n in (("north", 1), ("south", 2), ("east", 3)):  # what its key saw, to the one
        seen = sum(sim.stats(key_of(n))["requests_by_method"].values())
        assert found[name]["requests"] == seen, name
    expected = holdings(sim, SOURCE_KEY, template)
    assert holdings(sim, key_of(1), rows[0][1]) == holdings(sim, key_of(2), rows[1][1]) == expected


def test_a_refused_template_token_is_named_where_it_was_given(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path
) -> None:
    base = f"{sim.url}/v2/"
    template = make_template(base, tmp_path, items=1, sizes=1, codes=1)
    rows = [("north", new_event(base, key_of(1), token_of(1)), 1)]
    file = accounts_file(tmp_path / "clients.csv", rows)
    env = {**secrets_env(range(1, 2)), "BULKSPOT_BASE_URL": base,
           "CTCT_SOURCE_ACCESS_TOKEN": "token-nobody-has"}  # fmt: skip
    done = run_cli("copy", "--from-event", template, "--accounts", str(file), "--rate", "50",
                   "--quiet", env=env)  # fmt: skip
    assert done.exit_code == 2, done.output
    assert done.stdout.splitlines()[2] == (
        "north stopped: the API refused the access token (401); fix CTCT_SOURCE_ACCESS_TOKEN "
        "(or --source-token), then run the same command again"
    )
    assert "token-nobody-has" not in done.output


def test_an_export_or_a_copy_stopped_by_its_token_says_what_to_fix(
    run_cli: Cli, sandbox: Sandbox
) -> None:
    """An import's summary says which variable to fix; an export or a one-account copy that
    stopped on a refused token printed only 'Error: the API refused the access token (401)'."""
    source, target = sandbox.new_event(), sandbox.new_event()
    source_account = {
        "CTCT_SOURCE_API_KEY": "sandbox-key",
        "CTCT_SOURCE_ACCESS_TOKEN": "sandbox-token",
    }
    wrong = {**sandbox.env, **source_account, "CTCT_ACCESS_TOKEN": "token-nobody-has"}
    said = (
        "Error: the API refused the access token (401); fix CTCT_ACCESS_TOKEN (or --token), "
        "then run the same command again\n"
    )
    exported = run_cli("export", "fees", "--event", source, env=wrong)
    assert (exported.exit_code, exported.stderr) == (2, said)
    copied = run_cli("copy", "--from-event", source, "--to-event", target, "--quiet", env=wrong)
    assert (copied.exit_code, copied.stderr) == (2, said)
    assert "token-nobody-has" not in exported.output + copied.output
