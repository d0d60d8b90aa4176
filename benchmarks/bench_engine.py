"""What the engine costs per request, side by side with a bare aiohttp client.

A trivial aiohttp.web server runs in another process (so the client's CPU is measured
alone, and no simulator rule costs either client anything); both clients send the same
number of POSTs with no rate limit. The table shows requests per second (wall) and client
CPU microseconds per request (process time), the median of a few runs, and the engine's
cost relative to the bare client.

    .venv/bin/python -m benchmarks.bench_engine [--requests 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import aiohttp

from benchmarks.harness import spawned
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.connection import connect
from bulkspot.core.operation import Action, Operation, OpKey
from bulkspot.runner.engine import execute_plan
from bulkspot.sinks.journal import Journal

SERVER = textwrap.dedent(
    """
    import itertools, sys
    from aiohttp import web
    ids = itertools.count()
    async def create(request):
        await request.read()
        return web.json_response({"id": str(next(ids))}, status=201)
    async def collection(request):
        return web.json_response([])
    app = web.Application()
    app.router.add_post("/v2/{tail:.*}", create)
    app.router.add_get("/v2/{tail:.*}", collection)
    port = int(sys.argv[1])
    ready = lambda *_: print(f"listening on http://127.0.0.1:{port}", flush=True)
    web.run_app(app, host="127.0.0.1", port=port, print=ready)
    """
)
CONCURRENCY = 32


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


async def bare(url: str, count: int) -> None:
    async with aiohttp.ClientSession() as session:
        queue = iter(range(count))

        async def worker() -> None:
            for n in queue:
                async with session.post(
                    f"{url}eventspot/events/E/promocodes?api_key=k",
                    json={"code_name": f"C{n:07d}"},
                    headers={"Authorization": "Bearer t"},
                ) as response:
                    await response.read()

        await asyncio.gather(*(worker() for _ in range(CONCURRENCY)))


async def engine(url: str, count: int, journal: Journal | None) -> None:
    plan = (
        Operation(OpKey(n + 2), "promocode", Action.CREATE, {"code_name": f"C{n:07d}"},
                  {"event_id": "E"})
        for n in range(count)
    )  # fmt: skip
    config = RunConfig(
        ApiSettings("k", "t", url),
        limits=Limits(rate=1_000_000, concurrency=CONCURRENCY),
        retry=RetryPolicy.no_wait(),
    )
    async with connect(config) as requester:
        await execute_plan(
            plan, kind="promocodes", config=config, requester=requester, journal=journal
        )


def measure(run: object, count: int) -> tuple[float, float]:
    wall, cpu = time.perf_counter(), time.process_time()
    asyncio.run(run)  # type: ignore[arg-type]
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    return count / wall, cpu / count * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--requests", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    results: dict[str, list[tuple[float, float]]] = {}
    with spawned([sys.executable, "-c", SERVER, str(free_port())]) as server, \
            tempfile.TemporaryDirectory() as folder:  # fmt: skip
        url = f"{server.url}/v2/"
        for run in range(args.runs):
            n = args.requests
            results.setdefault("bare aiohttp", []).append(measure(bare(url, n), n))
            results.setdefault("engine, no journal", []).append(measure(engine(url, n, None), n))
            journal = Journal.open(Path(folder) / f"j{run}.sqlite", {"kind": "promocodes"})
            results.setdefault("engine + journal", []).append(measure(engine(url, n, journal), n))
            journal.close()
    base_cpu = statistics.median(c for _, c in results["bare aiohttp"])
    print(f"{args.requests} POSTs x {args.runs} runs, concurrency {CONCURRENCY}, medians")
    print(f"{'client':<22}{'requests/s':>12}{'CPU us/request':>16}{'CPU vs bare':>13}")
    for label, samples in results.items():
        rate = statistics.median(r for r, _ in samples)
        cpu = statistics.median(c for _, c in samples)
        print(f"{label:<22}{rate:>12,.0f}{cpu:>16,.0f}{cpu / base_cpu:>12.2f}x")


if __name__ == "__main__":
    main()
