"""The clients bulkspot is measured beside: the scripts a person would write instead, and Newman.

Each posts the same promocode bodies as bulkspot and never retries (a refused row is a row
lost, as in such a script); each returns the moment (seconds from its first) and status of
every request it started.
"""

from __future__ import annotations

import asyncio
import importlib.util
import json
import math
import shutil
import subprocess
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from pathlib import Path
from typing import Any

import aiohttp
from yarl import URL

from benchmarks.harness import KEY, PEER_BODY, TOKEN

Starts = list[tuple[float, int]]
Peer = Callable[[str, str, Sequence[str], float], Awaitable[Starts]]
HEADERS = {
    "Authorization": f"Bearer {TOKEN}",
    "Accept": "application/json",
    "Content-Type": "application/json",
}


def _session(limit: int = 100) -> aiohttp.ClientSession:
    return aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=limit), headers=HEADERS)


def _target(base: str, event_id: str) -> URL:
    return URL(f"{base}eventspot/events/{event_id}/promocodes?api_key={KEY}", encoded=True)


async def sequential(base: str, event_id: str, names: Sequence[str], rate: float) -> Starts:
    """`for row: post(row); sleep(1 / R)`: the first script anyone writes."""
    starts: Starts = []
    target, first = _target(base, event_id), time.perf_counter()
    async with _session() as client:
        for name in names:
            at = time.perf_counter() - first
            async with client.post(target, data=PEER_BODY % name.encode()) as answer:
                await answer.read()
                starts.append((at, answer.status))
            await asyncio.sleep(1 / rate)
    return starts


def limited(max_rate: float, period: float) -> Peer:
    """asyncio.gather of every row behind aiolimiter's AsyncLimiter(max_rate, period)."""

    async def run(base: str, event_id: str, names: Sequence[str], rate: float) -> Starts:
        from aiolimiter import AsyncLimiter

        limiter = AsyncLimiter(max_rate or rate, period or 1 / rate)
        starts: Starts = []
        target, first = _target(base, event_id), time.perf_counter()
        async with _session() as client:

            async def one(name: str) -> None:
                async with limiter:
                    at = time.perf_counter() - first
                    async with client.post(target, data=PEER_BODY % name.encode()) as answer:
                        await answer.read()
                        starts.append((at, answer.status))

            await asyncio.gather(*(one(name) for name in names))
        return sorted(starts)

    return run


async def bare_loop(base: str, event_id: str, names: Sequence[str], concurrency: int) -> int:
    """The ceiling of scenario 3: `concurrency` workers posting the bodies, nothing else.
    Returns the number of 201 answers."""
    created = 0
    target = _target(base, event_id)
    async with _session(concurrency) as client:
        rows = iter(names)

        async def worker() -> None:
            nonlocal created
            for name in rows:
                async with client.post(target, data=PEER_BODY % name.encode()) as answer:
                    await answer.read()
                    created += answer.status == 201

        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return created


def rate_peers(*, one_at_a_time: bool = True) -> tuple[dict[str, Peer], list[str]]:
    """The peers of the at-the-limit scenario that this machine has, and notes on the rest.
    `one_at_a_time` False: without the sequential loop and Newman, which send one request
    at a time (at 250 ms latency, 3,000 rows take them some 850 s)."""
    peers: dict[str, Peer] = {"sequential loop": sequential} if one_at_a_time else {}
    notes = [] if one_at_a_time else ["the sequential loop and Newman left out (--long)"]
    if importlib.util.find_spec("aiolimiter") is not None:
        peers["gather + AsyncLimiter(R, 1)"] = limited(0, 1.0)
        peers["gather + AsyncLimiter(1, 1/R)"] = limited(1, 0)
    else:
        notes.append("aiolimiter peers skipped: not installed (pip install -e '.[bench]')")
    if not one_at_a_time:
        pass
    elif newman_available():
        peers["Newman --delay-request"] = newman
    else:
        notes.append("Newman skipped: `npx newman` is not on this machine")
    return peers, notes


def newman_available() -> bool:
    """Whether `npx newman` runs here without installing anything."""
    if shutil.which("npx") is None:
        return False
    try:
        done = subprocess.run(
            ["npx", "--no-install", "newman", "--version"],
            capture_output=True, timeout=20, check=False,
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return False
    return done.returncode == 0


NEWMAN = ["npx", "--no-install", "newman"]


def collection(base: str, event_id: str) -> dict[str, Any]:
    """A Postman v2.1 collection of one POST: the peers' URL, headers and body, its code
    name taken from the data file's `code_name` column."""
    return {
        "info": {
            "name": "bulkspot benchmark peer",
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": [{
            "name": "create promocode",
            "request": {
                "method": "POST",
                "header": [{"key": key, "value": value} for key, value in HEADERS.items()],
                "body": {"mode": "raw", "raw": PEER_BODY.decode() % "{{code_name}}"},
                "url": str(_target(base, event_id)),
            },
        }],
    }  # fmt: skip


async def newman(base: str, event_id: str, names: Sequence[str], rate: float) -> Starts:
    """`npx newman run collection.json -d names.json --delay-request ceil(1000 / R)`: one
    request a data row, one after another, D ms before each; no retries.

    The wall time is the whole subprocess, Node's start-up included. Newman's JSON report
    gives each request's status and response time but not when it started, so the starts
    are derived from the report: request i starts after the response times of the ones
    before it plus i gaps, a gap being the delay plus Newman's own time between requests
    (the run's span less the response times and delays, spread evenly). They place the
    requests on the plot; refusals and rows lost are counted by the simulator.
    """
    delay = math.ceil(1000 / rate)
    with tempfile.TemporaryDirectory(prefix="bench-newman-") as scratch:
        folder = Path(scratch)
        (folder / "collection.json").write_text(json.dumps(collection(base, event_id)))
        (folder / "names.json").write_text(json.dumps([{"code_name": n} for n in names]))
        process = await asyncio.create_subprocess_exec(
            *NEWMAN, "run", "collection.json", "-d", "names.json", "--delay-request",
            str(delay), "--reporters", "json", "--reporter-json-export", "report.json",
            cwd=folder, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        output, _ = await process.communicate()
        report = folder / "report.json"
        if not report.exists():
            raise SystemExit(f"newman exited {process.returncode}:\n{output.decode()}")
        run = json.loads(report.read_text(encoding="utf-8"))["run"]
    return newman_starts(run, delay)


def newman_starts(run: dict[str, Any], delay: float) -> Starts:
    """(derived start in seconds from the first, status) of each request of a Newman JSON
    report's run; status 0 for a request that got no answer."""
    answers = [(e.get("response") or {}) for e in run["executions"]]
    took = [float(a.get("responseTime", 0)) for a in answers]
    span = run["timings"]["completed"] - run["timings"]["started"]
    gap = max(delay, (span - sum(took)) / max(1, len(took)))
    starts, at = [], 0.0
    for answer, ms in zip(answers, took, strict=True):
        starts.append((at / 1000, int(answer.get("code", 0))))
        at += ms + gap
    return starts
