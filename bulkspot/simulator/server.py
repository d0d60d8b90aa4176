"""Running the simulator: on the current event loop (`Simulator`) or on a thread of its own
(`SimulatorThread`, for synchronous code, the demo and benchmarks).

    async with Simulator(SimulatorConfig(rate=0), port=0) as sim:
        sim.url        # "http://127.0.0.1:PORT"; the API is under sim.url + "/v2/"
        sim.stats()    # as GET /__simulator/stats
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import threading
from collections.abc import Callable
from types import TracebackType
from typing import Any, TypeVar

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from bulkspot.simulator.app import make_handler
from bulkspot.simulator.config import Clock, SimulatorConfig
from bulkspot.simulator.control import apply_control
from bulkspot.simulator.runtime import Runtime, UnknownAccount
from bulkspot.simulator.store import Store

T = TypeVar("T")
SHUTDOWN_TIMEOUT = 1.0  # seconds given to requests still in flight at shutdown


class _MalformedInOneLine(logging.Filter):
    """A malformed request (a header line too long, no HTTP at all) is the client's mistake,
    answered 400: said in one line, where aiohttp printed "Error handling request" and its
    own traceback on the simulator's stderr."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        if isinstance(error, HttpProcessingError):
            said = " ".join(str(error.message).split())
            record.msg, record.args = "refused a malformed request (%s): %s", (error.code, said)
            record.exc_info = record.exc_text = None
        return True


REQUEST_LOG = logging.getLogger("bulkspot.simulator.requests")
REQUEST_LOG.addFilter(_MalformedInOneLine())


def url_of(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}"


class Simulator:
    """The simulator served on the running event loop, on `host`:`port` (0: a free port)."""

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        clock: Clock | None = None,
    ) -> None:
        self.config = config or SimulatorConfig()
        self.host = host
        self.port = port
        self.clock = clock
        self._runner: web.BaseRunner | None = None
        self._runtime: Runtime | None = None

    async def start(self) -> None:
        """Load the state, bind and listen; `url` is valid afterwards."""
        runtime = Runtime(self.config, self.clock)  # StateError for a bad state file
        server = web.Server(make_handler(runtime), access_log=None, logger=REQUEST_LOG)
        runner = web.ServerRunner(server, shutdown_timeout=SHUTDOWN_TIMEOUT)
        await runner.setup()
        try:
            site = web.TCPSite(runner, self.host, self.port)
            await site.start()
        except BaseException:
            await runner.cleanup()
            raise
        self._runtime, self._runner = runtime, runner
        self.port = int(runner.addresses[0][1])

    async def close(self) -> None:
        """Stop listening, end open connections and save the state."""
        if self._runner is not None:
            runner, self._runner = self._runner, None
            try:
                await runner.cleanup()
            finally:
                await self.runtime.close()

    async def __aenter__(self) -> Simulator:
        await self.start()
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self.close()

    @property
    def runtime(self) -> Runtime:
        if self._runtime is None:
            raise RuntimeError("the simulator is not started")
        return self._runtime

    @property
    def url(self) -> str:
        return url_of(self.host, self.port)

    @property
    def store(self) -> Store:
        return self.runtime.store

    def stats(self, api_key: str | None = None) -> dict[str, Any]:
        """As GET /__simulator/stats: the whole simulator's, or the account of `api_key`'s."""
        return self.runtime.stats_snapshot(self._account(api_key))

    def dump(self, api_key: str | None = None) -> dict[str, Any]:
        """As GET /__simulator/dump: the first account's data, or the account of `api_key`'s."""
        return self.runtime.dump(self._account(api_key))

    def control(self, account: str | None = None, **changes: Any) -> dict[str, Any]:
        """As POST /__simulator/control: change settings, reset_quota, reset_stats; with
        `account` (an api key), that account's token or api key, or its resets."""
        return apply_control(self.runtime, changes, self._account(account))

    def _account(self, api_key: str | None) -> int | None:
        try:
            return self.runtime.account(api_key)
        except UnknownAccount:
            raise KeyError("no account has that api_key") from None


class SimulatorThread:
    """A `Simulator` on its own thread and event loop; a context manager for sync code.

    Read `store` only while no requests run, or through `call`, which runs a function on
    the simulator's loop (e.g. `sim.call(sim.store.add_registrant, event_id, registrant)`).
    """

    def __init__(
        self,
        config: SimulatorConfig | None = None,
        host: str = "127.0.0.1",
        port: int = 0,
        *,
        clock: Clock | None = None,
    ) -> None:
        self.simulator = Simulator(config, host, port, clock=clock)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._stop: asyncio.Event | None = None
        self._ready = concurrent.futures.Future[None]()

    def start(self) -> SimulatorThread:
        self._thread = threading.Thread(target=self._run, name="bulkspot-simulator", daemon=True)
        self._thread.start()
        self._ready.result()  # raises what start-up raised (a bad state file, a busy port)
        return self

    def _run(self) -> None:
        asyncio.run(self._main())

    async def _main(self) -> None:
        self._loop = asyncio.get_running_loop()
        self._stop = asyncio.Event()
        try:
            await self.simulator.start()
        except BaseException as exc:
            self._ready.set_exception(exc)
            return
        self._ready.set_result(None)
        try:
            await self._stop.wait()
        finally:
            await self.simulator.close()

    def stop(self) -> None:
        """Stop serving, save the state and end the thread."""
        if self._loop is not None and self._stop is not None and self._thread is not None:
            if self._thread.is_alive():
                self._loop.call_soon_threadsafe(self._stop.set)
            self._thread.join()
            self._thread = None

    def __enter__(self) -> SimulatorThread:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    def call(self, function: Callable[..., T], *args: Any) -> T:
        """Run `function(*args)` on the simulator's loop and return its result."""
        if self._loop is None:
            raise RuntimeError("the simulator is not started")

        async def run() -> T:
            return function(*args)

        return asyncio.run_coroutine_threadsafe(run(), self._loop).result()

    @property
    def url(self) -> str:
        return self.simulator.url

    @property
    def store(self) -> Store:
        return self.simulator.store

    def stats(self, api_key: str | None = None) -> dict[str, Any]:
        return self.call(self.simulator.stats, api_key)

    def dump(self, api_key: str | None = None) -> dict[str, Any]:
        return self.call(self.simulator.dump, api_key)

    def control(self, account: str | None = None, **changes: Any) -> dict[str, Any]:
        return self.call(lambda: self.simulator.control(account, **changes))
