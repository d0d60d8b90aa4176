"""One simulator, many accounts: the api key selects the account, whose token, data, rate
window and daily quota are its own; stats, dump and control name one with `?api_key=`."""

from __future__ import annotations

import pytest

from bulkspot.simulator import Account, ConfigError, SimulatorConfig
from tests.simulator.api import KEY, TOKEN, StartSim
from tests.simulator.clock import ManualClock

EVENTS = "eventspot/events"
TWO = (Account("key-1", "token-1"), Account("key-2", "token-2"))


async def test_each_key_opens_its_own_account_with_its_own_token(start_sim: StartSim) -> None:
    _, api = await start_sim(accounts=TWO)
    assert (await api.get(EVENTS)).status == 200  # the first account, as before
    assert (await api.get(EVENTS, key="key-1", token="token-1")).status == 200
    assert (await api.get(EVENTS, key="key-2", token="token-2")).status == 200
    other = await api.get(EVENTS, key="key-1", token="token-2")  # another account's token
    assert other.status == 401 and other.keys == ["unauthorized"]
    assert (await api.get(EVENTS, key="key-1", token=TOKEN)).status == 401
    assert (await api.get(EVENTS, key="key-3", token="token-1")).status == 403


async def test_each_account_holds_its_own_data(start_sim: StartSim) -> None:
    sim, api = await start_sim(accounts=TWO, seed=7)
    mine = await api.event(name="Mine")
    theirs = await api.post(EVENTS, {**_event(), "name": "Theirs"}, key="key-2", token="token-2")
    assert theirs.status == 201 and theirs.body["id"] != mine["id"]
    listed = await api.get(EVENTS, key="key-2", token="token-2")
    assert [e["name"] for e in listed.body["results"]] == ["Theirs"]
    assert (await api.get(f"{EVENTS}/{mine['id']}", key="key-2", token="token-2")).status == 404
    assert (await api.get(EVENTS, key="key-1", token="token-1")).body["results"] == []
    assert [e["name"] for e in sim.dump()["events"]] == ["Mine"]
    assert [e["name"] for e in sim.dump("key-2")["events"]] == ["Theirs"]
    assert sim.dump("key-1")["events"] == []
    status, dumped = await api.simulator("GET", "dump?api_key=key-2")
    assert status == 200 and [e["name"] for e in dumped["events"]] == ["Theirs"]


async def test_each_key_has_its_own_rate_window_and_quota(start_sim: StartSim) -> None:
    clock = ManualClock()
    _, api = await start_sim(clock=clock, accounts=TWO, rate=1, daily_quota=2)
    assert (await api.get(EVENTS)).status == 200
    assert (await api.get(EVENTS, key="key-1", token="token-1")).status == 200  # same second
    over = await api.get(EVENTS, key="key-1", token="token-1")
    assert over.status == 403 and over.keys == ["mashery.not.authorized.over.qps"]
    clock.advance(1)
    assert (await api.get(EVENTS, key="key-1", token="token-1")).status == 200  # its 2nd of 2
    clock.advance(1)
    spent = await api.get(EVENTS, key="key-1", token="token-1")
    assert spent.status == 403 and spent.keys == ["mashery.not.authorized.over.ratelimit"]
    assert (await api.get(EVENTS, key="key-2", token="token-2")).status == 200
    assert (await api.get(EVENTS)).status == 200  # the first account's 2nd of 2


async def test_stats_are_the_totals_or_one_accounts(start_sim: StartSim) -> None:
    sim, api = await start_sim(accounts=TWO)
    await api.event()
    await api.get(EVENTS, key="key-2", token="token-2")
    await api.get(EVENTS, key="key-2", token="bad")
    await api.get(EVENTS, key="nobody", token="token-2")
    status, whole = await api.simulator("GET", "stats")
    assert status == 200
    assert whole["requests"] == 4 and whole["requests_by_method"] == {"GET": 3, "POST": 1}
    assert whole["requests_by_status"] == {"200": 1, "201": 1, "401": 1, "403": 1}
    assert whole["quota_used"] == 3 and whole["resources"]["events"] == 1
    assert whole["settings"]["accounts"] == 3
    status, second = await api.simulator("GET", "stats?api_key=key-2")
    assert status == 200
    assert second["requests"] == 2 and second["requests_by_method"] == {"GET": 2}
    assert second["requests_by_status"] == {"200": 1, "401": 1}
    assert second["refused"] == {"inactive_key": 0, "unauthorized": 1}
    assert second["quota_used"] == 2 and second["resources"]["events"] == 0
    first = sim.stats(KEY)
    assert first["requests_by_method"] == {"POST": 1} and first["resources"]["events"] == 1
    assert sim.stats("key-1")["requests"] == 0
    for secret in ("sandbox-key", "sandbox-token", "key-1", "token-1", "key-2", "token-2"):
        assert secret not in str(whole) and secret not in str(second)


async def test_a_key_of_no_account_is_a_404_on_the_simulators_paths(start_sim: StartSim) -> None:
    sim, api = await start_sim(accounts=TWO)
    for method, name in (("GET", "stats"), ("GET", "dump"), ("POST", "control")):
        status, answer = await api.simulator(method, f"{name}?api_key=key-9", {})
        assert status == 404
        assert answer == [
            {"error_key": "simulator.account.not_found",
             "error_message": "no account has that api_key"}
        ]  # fmt: skip
    with pytest.raises(KeyError):
        sim.stats("key-9")


async def test_control_of_one_account_changes_only_that_account(start_sim: StartSim) -> None:
    clock = ManualClock()
    sim, api = await start_sim(clock=clock, accounts=TWO, daily_quota=1)
    status, _ = await api.simulator("POST", "control?api_key=key-2", {"token": "new-2"})
    assert status == 200
    assert (await api.get(EVENTS, key="key-2", token="token-2")).status == 401  # quota 1 spent
    assert (await api.get(EVENTS, key="key-1", token="token-1")).status == 200
    assert (await api.get(EVENTS)).status == 200
    await api.simulator("POST", "control?api_key=key-2", {"reset_quota": True})
    assert (await api.get(EVENTS, key="key-2", token="new-2")).status == 200
    assert (await api.get(EVENTS, key="key-1", token="token-1")).status == 403  # still spent
    sim.control("key-1", reset_stats=True)
    assert sim.stats("key-1")["requests"] == 0 and sim.stats("key-2")["requests"] == 2
    assert sim.stats()["requests"] == 5  # the whole simulator's stay
    status, answer = await api.simulator("POST", "control?api_key=key-2", {"rate": 1})
    assert status == 400
    assert answer == [
        {"error_key": "simulator.control.invalid",
         "error_message": "rate is the simulator's, not one account's: change it without "
                          "?api_key="}
    ]  # fmt: skip
    assert sim.stats()["settings"]["rate"] == 0


def test_a_key_given_twice_and_a_state_file_with_accounts_are_refused() -> None:
    with pytest.raises(ConfigError) as twice:
        SimulatorConfig(accounts=(Account("k", "t"), Account(KEY, "t2")))
    assert str(twice.value) == "account 2 has the api key of account 0 (account 0: api_key's)"
    with pytest.raises(ConfigError) as state:
        SimulatorConfig(accounts=TWO, state_path="state.json")
    assert str(state.value) == (
        "state_path keeps one account's data: give it without further accounts"
    )
    with pytest.raises(ConfigError) as spaced:
        Account("k", "two words")
    assert str(spaced.value) == "token must not contain spaces"


def _event() -> dict[str, object]:
    from tests.simulator.payloads import EVENT

    return dict(EVENT)
