"""The simulator's guesses (rules no document states): one registry, listed in
docs/api-rules.md both ways, and each one turned off by `guesses=False` (`--no-guesses`):
what it refused is then taken. One probe per guess, over plain HTTP."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from bulkspot.simulator import StateError
from bulkspot.simulator.guesses import REGISTRY
from tests.paths import REPO
from tests.simulator.api import Api, Reply, StartSim
from tests.simulator.guess_probes import CAMPAIGN, PROBES, Start, event_path, state_with_a_file
from tests.simulator.payloads import ITEM

SWITCHABLE = sorted(key for key, guess in REGISTRY.items() if guess.switchable)
GUESS_HEADER = "X-Simulator-Guess"


class Recording(Api):
    """The simulator's client, keeping every answer (to read their headers)."""

    def __init__(self, api: Api, replies: list[Reply]) -> None:
        super().__init__(api.session, api.url)
        self.replies = replies

    async def call(self, method: str, path: str, body: Any = None, **kw: Any) -> Reply:
        reply = await super().call(method, path, body, **kw)
        self.replies.append(reply)
        return reply


def test_every_switchable_guess_has_a_probe() -> None:
    assert sorted(PROBES) == SWITCHABLE


@pytest.mark.parametrize("key", SWITCHABLE)
async def test_each_guess_acts_with_guesses_on_and_not_with_them_off(
    start_sim: StartSim, tmp_path: Path, key: str
) -> None:
    replies: dict[bool, list[Reply]] = {True: [], False: []}

    def starter(guesses: bool) -> Start:
        async def start(file_state: bool = False, **config: Any) -> Api:
            if file_state:
                folder = tmp_path / ("on" if guesses else "off")
                folder.mkdir(exist_ok=True)
                config["state_path"] = state_with_a_file(folder)
            return Recording((await start_sim(guesses=guesses, **config))[1], replies[guesses])

        return start

    assert await PROBES[key](starter(True)) is True, f"{key}: no refusal with guesses on"
    assert await PROBES[key](starter(False)) is False, f"{key}: still acts with guesses off"
    # each refusal, and a success a guess shaped (file.put_clears), says which guess made it
    named = [
        r.headers.get(GUESS_HEADER)
        for r in replies[True]
        if r.status >= 400 or GUESS_HEADER in r.headers
    ]
    assert named and all(n == key for n in named), (key, named)
    assert all(GUESS_HEADER not in r.headers for r in replies[False])


def test_the_registry_and_docs_api_rules_list_the_same_guesses() -> None:
    page = (REPO / "docs" / "api-rules.md").read_text(encoding="utf-8")
    marked = set(re.findall(r"\*\*guess `([a-z_.]+)`\*\*", page))
    assert marked == set(REGISTRY)
    listed = set(re.findall(r"^\| `([a-z_.]+)` \|", page, flags=re.MULTILINE))
    assert listed == set(REGISTRY)  # the table of what --no-guesses does


async def test_guesses_are_set_by_control_and_shown_in_stats(start_sim: StartSim) -> None:
    _, api = await start_sim()
    long = {**CAMPAIGN, "name": "n" * 81}
    assert (await api.post("emailmarketing/campaigns", long)).status == 400
    status, settings = await api.simulator("POST", "control", {"guesses": False})
    assert (status, settings["guesses"]) == (200, False)
    assert (await api.post("emailmarketing/campaigns", long)).status == 201
    status, answer = await api.simulator("POST", "control", {"guesses": "no"})
    assert (status, answer[0]["error_message"]) == (400, "guesses must be true or false (got 'no')")


@pytest.mark.parametrize("guesses", [True, False])
async def test_a_documented_rule_refuses_either_way_and_names_no_guess(
    start_sim: StartSim, guesses: bool
) -> None:
    _, api = await start_sim(guesses=guesses)
    reply = await api.post("emailmarketing/campaigns", {**CAMPAIGN, "subject": None})
    assert (reply.status, reply.messages) == (400, ["#/subject: is required"])
    assert GUESS_HEADER not in reply.headers  # a documented rule
    item = await api.post(f"{await event_path(api)}/items", {**ITEM, "name": "n" * 101})
    assert (item.status, item.messages) == (
        400, ["#/name: must be 1 to 100 characters long (got 101)"]
    )  # fmt: skip
    assert GUESS_HEADER not in item.headers


async def test_a_state_file_is_read_with_the_rules_the_simulator_serves(
    start_sim: StartSim, tmp_path: Path
) -> None:
    state = tmp_path / "state.json"
    saved = {**CAMPAIGN, "id": "7", "name": "n" * 81}
    state.write_text(json.dumps({"campaigns": [saved]}), encoding="utf-8")
    _, api = await start_sim(state_path=state, guesses=False)
    assert (await api.get("emailmarketing/campaigns/7")).body["name"] == "n" * 81
    with pytest.raises(StateError) as refused:
        await start_sim(state_path=state)
    assert str(refused.value) == (
        f"{state}: campaigns[0]: #/name: must be 1 to 80 characters long (got 81)"
    )
