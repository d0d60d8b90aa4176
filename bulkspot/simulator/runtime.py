"""One simulated API's moving parts, wired together: settings, clock, store, gateway,
faults, stats and the state file's saver. The aiohttp app holds one `Runtime`.

Each account (see `SimulatorConfig.accounts`) has a store and stats of its own, by account
number (0: the first); the gateway keeps each one's rate window and quota."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from bulkspot.simulator.config import Clock, Settings, SimulatorConfig, SystemClock
from bulkspot.simulator.faults import Faults
from bulkspot.simulator.gateway import Gateway
from bulkspot.simulator.hold import Hold, Stall
from bulkspot.simulator.ids import IdMaker
from bulkspot.simulator.persistence import read_state_file, state_of
from bulkspot.simulator.state_saver import Saver
from bulkspot.simulator.stats import Stats
from bulkspot.simulator.store import Store


class Runtime:
    """Everything a request touches; built once per app."""

    def __init__(self, config: SimulatorConfig, clock: Clock | None = None) -> None:
        self.settings = Settings(config)
        self.clock: Clock = clock or SystemClock()
        self.stores = [
            Store(IdMaker(_seed_of(config.seed, number)), self.clock)
            for number in range(config.account_count)
        ]
        self.store = self.stores[0]
        self.gateway = Gateway(self.settings, self.clock)
        self.faults = Faults(self.settings, config.seed or 0)
        self.stats = Stats()
        self.account_stats = [Stats(self.stats) for _ in self.stores]
        self.hold = Hold()  # a barrier a test of writers at once arms
        self.stall = Stall()  # a test's chosen stopping point for a client it kills
        self.saver: Saver | None = None
        if config.state_path is not None:
            path = Path(config.state_path)
            read_state_file(self.store, path, config.guesses)  # StateError when it cannot
            self.saver = Saver(path, self.dump_bytes)
            self.store.on_change = self.saver.touch

    def account(self, api_key: str | None) -> int | None:
        """The number of the account `api_key` selects; None (every account) when None."""
        if api_key is None:
            return None
        number = self.settings.current.account_number(api_key)
        if number is None:
            raise UnknownAccount()
        return number

    def dump(self, account: int | None = None) -> dict[str, Any]:
        """One account's data (the first's when None), in the state file's format."""
        return state_of(self.stores[account or 0])

    def dump_bytes(self) -> bytes:
        return orjson.dumps(self.dump())

    def stats_snapshot(self, account: int | None = None) -> dict[str, Any]:
        """What `GET /__simulator/stats` answers: the whole simulator's, or one account's."""
        if account is None:
            snapshot = self.stats.snapshot()
            totals: dict[str, int] = {}
            for store in self.stores:
                for kind, count in store.totals().items():
                    totals[kind] = totals.get(kind, 0) + count
        else:
            snapshot = self.account_stats[account].snapshot()
            totals = self.stores[account].totals()
        snapshot["quota_used"] = self.gateway.quota_used(account)
        snapshot["resources"] = totals
        snapshot["settings"] = self.settings.current.public()
        snapshot["saves"] = self.saver.saves if self.saver is not None else 0
        snapshot["stalled"] = self.stall.stalled
        return snapshot

    def reset_stats(self, account: int | None = None) -> None:
        if account is None:
            self.stats.reset()
            for stats in self.account_stats:
                stats.reset()
        else:
            self.account_stats[account].reset()

    async def close(self) -> None:
        """Save the state (when there is a state file), whatever was pending."""
        if self.saver is not None:
            await self.saver.close()


class UnknownAccount(LookupError):
    """No account has the api key a `/__simulator/` request named."""


def _seed_of(seed: int | None, account: int) -> int | None:
    """Account `account`'s id seed: the seed itself for the first (ids as before accounts),
    one of its own for each other, so two accounts never hand out the same ids."""
    if seed is None or account == 0:
        return seed
    return seed + account * 1_000_003
