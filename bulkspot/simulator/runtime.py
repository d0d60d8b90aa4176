"""One simulated API's moving parts, wired together: settings, clock, store, gateway,
faults, stats and the state file's saver. The aiohttp app holds one `Runtime`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson

from bulkspot.simulator.config import Clock, Settings, SimulatorConfig, SystemClock
from bulkspot.simulator.faults import Faults
from bulkspot.simulator.gateway import Gateway
from bulkspot.simulator.hold import Hold
from bulkspot.simulator.ids import IdMaker
from bulkspot.simulator.persistence import Saver, read_state_file, state_of
from bulkspot.simulator.stats import Stats
from bulkspot.simulator.store import Store


class Runtime:
    """Everything a request touches; built once per app."""

    def __init__(self, config: SimulatorConfig, clock: Clock | None = None) -> None:
        self.settings = Settings(config)
        self.clock: Clock = clock or SystemClock()
        self.store = Store(IdMaker(config.seed), self.clock)
        self.gateway = Gateway(self.settings, self.clock)
        self.faults = Faults(self.settings, config.seed or 0)
        self.stats = Stats()
        self.hold = Hold()  # a barrier a test of writers at once arms
        self.saver: Saver | None = None
        if config.state_path is not None:
            path = Path(config.state_path)
            read_state_file(self.store, path, config.guesses)  # StateError when it cannot
            self.saver = Saver(path, self.dump_bytes)
            self.store.on_change = self.saver.touch

    def dump(self) -> dict[str, Any]:
        return state_of(self.store)

    def dump_bytes(self) -> bytes:
        return orjson.dumps(self.dump())

    def stats_snapshot(self) -> dict[str, Any]:
        """What `GET /__simulator/stats` answers."""
        snapshot = self.stats.snapshot()
        snapshot["quota_used"] = self.gateway.quota_used
        snapshot["resources"] = self.store.totals()
        snapshot["settings"] = self.settings.current.public()
        snapshot["saves"] = self.saver.saves if self.saver is not None else 0
        return snapshot

    async def close(self) -> None:
        """Save the state (when there is a state file), whatever was pending."""
        if self.saver is not None:
            await self.saver.close()
