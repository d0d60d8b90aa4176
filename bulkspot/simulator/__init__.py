"""A local simulator of the Constant Contact v2 EventSpot API, on aiohttp.web.

It applies the API's rules as docs/api-rules.md writes them down (validation, 404s, 409s on
natural keys, attribute sums, publish/cancel), stands behind a gateway like the real one
(api key, a strict per-second limit, a daily quota to 00:00 UTC, the Bearer token), and can
inject faults (500s, ambiguous writes, dropped connections, latency) from a seed.

    from bulkspot.simulator import SimulatorConfig, Simulator, SimulatorThread

    async with Simulator(SimulatorConfig(rate=0), port=0) as sim:
        ...  # sim.url + "/v2/", sim.stats(), sim.store

    with SimulatorThread(SimulatorConfig()) as sim:
        ...

    # one simulator, three accounts: each key its own token, data, rate window and quota
    SimulatorConfig(accounts=(Account("key-2", "token-2"), Account("key-3", "token-3")))

It shares nothing with bulkspot's client side: a fake of someone else's server must not
share the client's assumptions.
"""

from bulkspot.simulator.app import create_app
from bulkspot.simulator.config import (
    DEFAULT_API_KEY,
    DEFAULT_TOKEN,
    Account,
    Clock,
    ConfigError,
    SimulatorConfig,
    SystemClock,
)
from bulkspot.simulator.persistence import StateError
from bulkspot.simulator.server import Simulator, SimulatorThread

__all__ = [
    "DEFAULT_API_KEY",
    "DEFAULT_TOKEN",
    "Account",
    "Clock",
    "ConfigError",
    "Simulator",
    "SimulatorConfig",
    "SimulatorThread",
    "StateError",
    "SystemClock",
    "create_app",
]
