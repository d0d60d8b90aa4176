"""How fast the simulator answers, and how strictly it holds its per-second limit.

Both parts run `bulkspot serve` in a subprocess (its own CPU) and drive it from this process
with a plain aiohttp client:

1. sustained item creates with `--rate 0` and no latency: a bounded number of POSTs
   (default 20,000) at bounded concurrency; the median of a few runs, each in a new event.
   The same client against a bare aiohttp server (a fixed answer, no rules) runs between
   them, as the ceiling this machine and client allow at that moment; the servers' CPU
   time per request (Linux /proc) is shown too.
2. the strict window at `--rate 50`: a burst client (200 requests in flight for about 3 s);
   admitted answers, 403 over-qps answers, and the simulator's `max_requests_in_window`,
   which must not exceed 50.

    .venv/bin/python -m benchmarks.bench_simulator [--requests 20000] [--runs 3]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import textwrap
import time
from collections import Counter
from contextlib import AbstractContextManager
from typing import Any

import aiohttp
import orjson
from yarl import URL

from benchmarks.harness import EVENT, KEY, TOKEN, Server, cpu_seconds, served, spawned

HEADERS = {
    "Authorization": f"Bearer {TOKEN}",
    "Accept": "application/json",
    "Content-Type": "application/json",
}


BARE = textwrap.dedent(
    """
    import asyncio, signal
    from aiohttp import web
    BODY = (b'{"id":"9k7uXp6Hgyiq7BCC11zFc4PJUvBGM9P1V53KQcYO8Aw","name":"Item","price":12.5,'
            b'"attributes":[],"per_registrant_limit":2,"show_quantity_available":true,'
            b'"default_quantity_total":100,"default_quantity_available":100}')
    HEADERS = {"Content-Type": "application/json;charset=UTF-8"}
    async def handle(request):
        await request.read()
        return web.Response(body=BODY, status=201, headers=HEADERS)
    async def main():
        stop = asyncio.Event()
        asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, stop.set)
        runner = web.ServerRunner(web.Server(handle, access_log=None))
        await runner.setup()
        await web.TCPSite(runner, "127.0.0.1", 0).start()
        print(f"listening on http://127.0.0.1:{runner.addresses[0][1]}", flush=True)
        await stop.wait()
        await runner.cleanup()
    asyncio.run(main())
    """
)


def bare_server() -> AbstractContextManager[Server]:
    """The bare aiohttp server (a fixed answer, no rules) in a subprocess."""
    return spawned([sys.executable, "-c", BARE])


def session(limit: int) -> aiohttp.ClientSession:
    """A lean client: the load generator shares the machine, so its own cost must be small
    (no cookie jar, no per-request timers, no decompression, default headers once)."""
    return aiohttp.ClientSession(
        connector=aiohttp.TCPConnector(limit=limit),
        cookie_jar=aiohttp.DummyCookieJar(),
        auto_decompress=False,
        timeout=aiohttp.ClientTimeout(total=None),
        skip_auto_headers=("User-Agent", "Accept-Encoding"),
        headers=HEADERS,
    )


async def new_event(client: aiohttp.ClientSession, url: str, name: str) -> str:
    body = orjson.dumps({**EVENT, "name": name})
    async with client.post(f"{url}/v2/eventspot/events?api_key={KEY}", data=body) as response:
        assert response.status == 201, await response.text()
        return str(orjson.loads(await response.read())["id"])


async def create_items(
    url: str, count: int, concurrency: int, run: int
) -> tuple[float, Counter[int]]:
    """Seconds to create `count` items at `concurrency`, and the statuses seen."""
    statuses: Counter[int] = Counter()
    async with session(concurrency) as client:
        event_id = await new_event(client, url, f"bench-{run}")
        # A URL object, parsed once: yarl would parse a text on every request.
        target = URL(f"{url}/v2/eventspot/events/{event_id}/items?api_key={KEY}", encoded=True)
        numbers = iter(range(count))

        async def worker() -> None:
            for number in numbers:
                body = (
                    b'{"name":"Item %d","price":12.5,"default_quantity_total":100,'
                    b'"per_registrant_limit":2,"show_quantity_available":true}' % number
                )
                async with client.post(target, data=body) as response:
                    await response.read()
                    statuses[response.status] += 1

        started = time.perf_counter()
        await asyncio.gather(*(worker() for _ in range(concurrency)))
        return time.perf_counter() - started, statuses


async def burst(url: str, in_flight: int, seconds: float) -> tuple[Counter[int], dict[str, Any]]:
    """`in_flight` clients sending GETs back to back for `seconds`; statuses and stats."""
    statuses: Counter[int] = Counter()
    async with session(in_flight) as client:
        async with client.post(f"{url}/__simulator/control", json={"reset_stats": True}):
            pass
        target = URL(f"{url}/v2/eventspot/events?api_key={KEY}&limit=1", encoded=True)
        deadline = time.monotonic() + seconds

        async def worker() -> None:
            while time.monotonic() < deadline:
                async with client.get(target) as response:
                    await response.read()
                    statuses[response.status] += 1

        await asyncio.gather(*(worker() for _ in range(in_flight)))
        async with client.get(f"{url}/__simulator/stats") as response:
            stats = orjson.loads(await response.read())
    return statuses, stats


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=20_000)
    parser.add_argument("--concurrency", type=int, default=32)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--burst-seconds", type=float, default=3.0)
    args = parser.parse_args()

    rates: dict[str, list[float]] = {"simulator": [], "bare": []}
    cpu_per_request: dict[str, list[float]] = {"simulator": [], "bare": []}
    with (
        served("--rate", "0", "--daily-quota", "0") as simulator,
        bare_server() as bare,
    ):
        for run in range(args.runs):
            for name, server in (("simulator", simulator), ("bare", bare)):
                before = cpu_seconds(server.pid)
                seconds, statuses = asyncio.run(
                    create_items(server.url, args.requests, args.concurrency, run)
                )
                after = cpu_seconds(server.pid)
                assert statuses == {201: args.requests}, statuses
                rates[name].append(args.requests / seconds)
                cpu_per_request[name].append((after - before) / args.requests * 1e6)
    with served("--rate", "50", "--daily-quota", "0") as simulator:
        statuses, stats = asyncio.run(burst(simulator.url, 200, args.burst_seconds))

    cpu = os.cpu_count()
    print(f"bulkspot simulator benchmark ({cpu} CPUs, server in a subprocess)\n")
    print("| measure | value |")
    print("|---|---|")
    for name, label in (("simulator", "simulator item creates/s"), ("bare", "bare aiohttp/s")):
        runs = ", ".join(f"{r:,.0f}" for r in rates[name])
        cpu_note = f"; server CPU {statistics.median(cpu_per_request[name]):.0f} µs/request"
        print(
            f"| {label}, --rate 0, {args.requests:,} POSTs at concurrency {args.concurrency} "
            f"(median of {args.runs}) | {statistics.median(rates[name]):,.0f} "
            f"(runs: {runs}{cpu_note}) |"
        )
    answers = sum(statuses.values())
    print(
        f"| burst at --rate 50: 200 in flight for {args.burst_seconds:g} s, answers | {answers:,} |"
    )
    print(f"| admitted (200) | {statuses.get(200, 0):,} |")
    print(f"| refused 403 over-qps | {stats['over_qps']:,} |")
    print(f"| max_requests_in_window (limit 50) | {stats['max_requests_in_window']} |")
    print(f"| max_arrivals_in_window | {stats['max_arrivals_in_window']:,} |")
    other = {k: v for k, v in statuses.items() if k not in (200, 403)}
    if other:
        print(f"| other statuses | {dict(other)} |")
    if stats["max_requests_in_window"] > 50:
        raise SystemExit("the window was not held")


if __name__ == "__main__":
    main()
