"""Scenarios 1 and 2 and the margin: clients at a per-second limit, side by side.

Each client has a simulator of its own (a window per api key), so that every client of a
round runs at the same moment, under the same load; the rate-limited runs use little CPU.
bulkspot runs as a user runs it (the CLI in a subprocess, start-up and look-ups included).
"""

from __future__ import annotations

import asyncio
import itertools
import tempfile
import time
from collections.abc import Coroutine, Sequence
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from benchmarks.harness import (
    Server,
    code_names,
    median,
    request_starts,
    run_cli,
    served_many,
    write_sheet,
)
from benchmarks.peers import Peer, rate_peers
from benchmarks.results import Findings, Result

BULKSPOT = "bulkspot (CLI)"
_names = itertools.count()
T = TypeVar("T")


def at_once(main: Coroutine[Any, Any, T]) -> T:
    """`asyncio.run`, with a thread for every CLI run and blocking call at once: the default
    pool has cores + 4 threads, and a run beyond them would start only when one ends."""

    async def with_threads() -> T:
        asyncio.get_running_loop().set_default_executor(ThreadPoolExecutor(max_workers=64))
        return await main

    return asyncio.run(with_threads())


@dataclass
class Outcome:
    """One client's round: wall seconds, refusals, rows lost and doubled, request starts."""

    wall: float
    refused: int
    lost: int
    doubled: int
    starts: list[float]


def _tally(server: Server, event_id: str, names: Sequence[str]) -> tuple[int, int, int]:
    codes = server.codes(event_id)
    lost = sum(1 for name in names if not codes[name])
    doubled = sum(count - 1 for count in codes.values() if count > 1)
    return server.stats()["over_qps"], lost, doubled


def bulkspot_round(
    server: Server, folder: Path, rate: float, rows: int, prelude: str = ""
) -> Outcome:
    """The CLI at `--rate R` importing `rows` fresh promocodes into a fresh event."""
    tag = f"B{next(_names):03d}"
    names = code_names(rows, tag)
    sheet, log = folder / f"{tag}.csv", folder / f"{tag}.log"
    write_sheet(sheet, names)
    event_id = server.new_event(tag)
    server.reset()
    run = run_cli(
        ["import", "promocodes", str(sheet), "--event", event_id, "--rate", f"{rate:g}",
         "--results", str(folder / f"{tag}.results.csv"), "--journal",
         str(folder / f"{tag}.journal"), "--log", str(log), "-q"],
        server, prelude,
    )  # fmt: skip
    if run.status != 0:
        gone = server.gone()
        where = f"\n(the simulator at {server.url} {gone})" if gone else ""
        raise SystemExit(f"bulkspot exited {run.status}:\n{run.output}{where}")
    refused, lost, doubled = _tally(server, event_id, names)
    starts = [at for at, _ in request_starts(log, run.started)]
    return Outcome(run.wall, refused, lost, doubled, starts)


async def peer_round(server: Server, peer: Peer, rate: float, rows: int) -> Outcome:
    tag = f"P{next(_names):03d}"
    names = code_names(rows, tag)
    event_id = await asyncio.to_thread(server.new_event, tag)
    await asyncio.to_thread(server.reset)
    began = time.perf_counter()
    starts = await peer(server.base, event_id, names, rate)
    wall = time.perf_counter() - began
    refused, lost, doubled = await asyncio.to_thread(_tally, server, event_id, names)
    return Outcome(wall, refused, lost, doubled, [at for at, _ in starts])


async def _round(
    servers: dict[str, Server], peers: dict[str, Peer], folder: Path, rate: float, rows: int,
    delay: float = 0.0,
) -> dict[str, Outcome]:  # fmt: skip
    """Every client at once, each against its simulator, after `delay` seconds."""
    await asyncio.sleep(delay)
    jobs = {BULKSPOT: asyncio.to_thread(bulkspot_round, servers[BULKSPOT], folder, rate, rows)}
    for name, peer in peers.items():
        jobs[name] = peer_round(servers[name], peer, rate, rows)
    outcomes = await asyncio.gather(*jobs.values())
    return dict(zip(jobs, outcomes, strict=True))


STAGGER = 1.0  # seconds between two conditions' starts: no two CLI start-ups at once

Network = tuple[float, float]  # latency ms, jitter ms


async def _every_condition(
    servers: dict[Network, dict[str, Server]], peers: dict[str, Peer], folder: Path,
    rate: float, rows: int,
) -> list[dict[str, Outcome]]:  # fmt: skip
    """One round of every condition at once (in the order of `servers`)."""
    return await asyncio.gather(*(
        _round(by_client, peers, folder, rate, rows, i * STAGGER)
        for i, by_client in enumerate(servers.values())
    ))  # fmt: skip


def at_the_limit(
    findings: Findings,
    cases: Sequence[tuple[float, int]],
    conditions: Sequence[Network],
    rounds: int,
    *,
    one_at_a_time: bool = True,
) -> None:
    """Scenario 1: every client imports N rows at R/s; the ideal is N/R seconds. A case's
    conditions run at once, each client against a simulator of its own (a run at the limit
    uses little CPU), their starts `STAGGER` apart; rounds and cases follow one another
    (every case at once drew refusals from the load alone). `one_at_a_time` False: without
    the peers that send one request at a time."""
    peers, notes = rate_peers(one_at_a_time=one_at_a_time)
    findings.notes.extend(notes)
    clients = [BULKSPOT, *peers]
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="bench-rate-") as scratch:
        started = iter(stack.enter_context(served_many(len(conditions) * len(clients),
                                                       "--daily-quota", "0")))  # fmt: skip
        servers = {network: {c: next(started) for c in clients} for network in conditions}
        for rate, rows in cases:
            for (latency, jitter), by_client in servers.items():
                for server in by_client.values():
                    server.control(rate=rate, latency_ms=latency, jitter_ms=jitter)
            runs = {(network, c): list[Outcome]() for network in conditions for c in clients}
            for turn in range(rounds):
                every = _every_condition(servers, peers, Path(scratch), rate, rows)
                for network, got in zip(conditions, at_once(every), strict=True):
                    for client, outcome in got.items():
                        runs[network, client].append(outcome)
                    if turn == 0 and ((rate, rows), network) == (cases[-1], conditions[-1]):
                        findings.starts = {c: o.starts for c, o in got.items()}
                        findings.limit = rate
                        findings.title = (
                            f"{rows} creates at {rate:g}/s, latency {network[0]:g} ms, "
                            f"jitter {network[1]:g} ms"
                        )
            for network in conditions:
                outcomes = {c: runs[network, c] for c in clients}
                _report(findings, rate, rows, network, outcomes)


def _report(
    findings: Findings, rate: float, rows: int, condition: tuple[float, float],
    runs: dict[str, list[Outcome]],
) -> None:  # fmt: skip
    latency, jitter = condition
    ideal = rows / rate
    label = f"1. at the limit: {rows} x {rate:g}/s, {latency:g} ms, jitter {jitter:g} ms"
    for client, outcomes in runs.items():
        wall = median([o.wall for o in outcomes])
        refused = sum(o.refused for o in outcomes)
        lost = sum(o.lost for o in outcomes)
        doubled = sum(o.doubled for o in outcomes)
        clean = refused == lost == doubled == 0
        ratio = wall / ideal
        measured = (
            f"{ratio:.3f}x N/R ({wall:.2f} s); over {len(outcomes)} runs: "
            f"{refused} refused, {lost} lost, {doubled} doubled"
        )
        spent = _time_spent(outcomes)
        if client == BULKSPOT:
            findings.add(Result(label, client, measured,
                                "<= 1.03x N/R, 0 refused/lost/doubled",
                                clean and ratio <= 1.03, spent))  # fmt: skip
        else:
            findings.add(Result(label, client, measured, limited_by=spent))


def _time_spent(outcomes: Sequence[Outcome]) -> str:
    """Where a client's wall time went (medians): before its first request (start-up and
    set-up), between its first and last (the pace), after its last (the last answer).
    A peer's clock starts at its first request, so its 'before' is 0."""
    before = median([o.starts[0] if o.starts else 0.0 for o in outcomes])
    pace = median([o.starts[-1] - o.starts[0] if o.starts else 0.0 for o in outcomes])
    after = median([o.wall - o.starts[-1] if o.starts else o.wall for o in outcomes])
    return f"{before:.2f} s before the first request, {pace:.2f} s of starts, {after:.2f} s after"


def _unknown_run(server: Server, folder: Path, rows: int) -> tuple[float, float]:
    """One CLI run told 30/s against a gateway allowing 15/s: (share of 15/s admitted after
    the first 5 s, share of requests refused)."""
    tag = f"U{next(_names):03d}"
    names = code_names(rows, tag)
    sheet, log = folder / f"{tag}.csv", folder / f"{tag}.log"
    write_sheet(sheet, names)
    event_id = server.new_event(tag)
    server.reset()
    run = run_cli(
        ["import", "promocodes", str(sheet), "--event", event_id, "--rate", "30",
         "--journal", str(folder / f"{tag}.journal"), "--results",
         str(folder / f"{tag}.results.csv"), "--log", str(log), "-q"],
        server,
    )  # fmt: skip
    if run.status != 0:
        raise SystemExit(f"bulkspot exited {run.status}:\n{run.output}")
    stats = server.stats()
    starts = request_starts(log, run.started)
    after = [at for at, status in starts if at >= 5.0 and status.startswith("2")]
    if len(after) < 2:  # a run shorter than 5 s: the whole run
        after = [at for at, status in starts if status.startswith("2")]
    span = after[-1] - after[0] if len(after) > 1 else float("nan")
    share = (len(after) - 1) / span / 15 if span else float("nan")
    return share, stats["over_qps"] / max(1, stats["requests"])


def limit_unknown(findings: Findings, rows: int, rounds: int) -> None:
    """Scenario 2: told 30/s, the gateway allows 15/s. The rounds run at the same moment,
    each against a simulator of its own (a run at 15/s uses little CPU)."""
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="bench-unknown-") as scratch:
        servers = stack.enter_context(served_many(rounds, "--rate", "15", "--daily-quota", "0"))

        async def all_rounds() -> list[tuple[float, float]]:
            return await asyncio.gather(*(
                asyncio.to_thread(_unknown_run, server, Path(scratch), rows) for server in servers
            ))  # fmt: skip

        got = at_once(all_rounds())
    share, refused = median([s for s, _ in got]), median([r for _, r in got])
    findings.add(Result(
        f"2. limit unknown: told 30/s, allowed 15/s, {rows} creates",
        BULKSPOT,
        f"{share:.0%} of 15/s after the first 5 s; {refused:.1%} of requests refused "
        f"(medians of {rounds} runs at once)",
        ">= 90% of 15/s, < 2% refused",
        share >= 0.9 and refused < 0.02,
    ))  # fmt: skip


def margins(
    findings: Findings, safeties: Sequence[float], rate: float, rows: int, jitter: float,
    rounds: int,
) -> None:  # fmt: skip
    """The rate gate's margin against arrival jitter: refusals for each safety value."""
    with ExitStack() as stack, tempfile.TemporaryDirectory(prefix="bench-margin-") as scratch:
        started = stack.enter_context(served_many(len(safeties), "--daily-quota", "0"))
        servers = dict(zip(safeties, started, strict=True))
        for server in servers.values():
            server.control(rate=rate, jitter_ms=jitter)
        runs: dict[float, list[Outcome]] = {s: [] for s in safeties}

        async def one_round() -> None:
            prelude = "from bulkspot.runner.gates import RateGate\n" \
                "RateGate.__init__.__kwdefaults__['safety'] = {}"  # fmt: skip
            got = await asyncio.gather(*(
                asyncio.to_thread(bulkspot_round, servers[s], Path(scratch), rate, rows,
                                  prelude.format(s))
                for s in safeties
            ))  # fmt: skip
            for safety, outcome in zip(safeties, got, strict=True):
                runs[safety].append(outcome)

        for _ in range(rounds):
            at_once(one_round())
    for safety in safeties:
        outcomes = runs[safety]
        refused = [o.refused for o in outcomes]
        wall = median([o.wall for o in outcomes])
        findings.add(Result(
            f"margin: {rows} x {rate:g}/s at jitter {jitter:g} ms",
            f"bulkspot, safety {safety:g}",
            f"refused per run {refused}; {wall / (rows / rate):.3f}x N/R",
        ))  # fmt: skip
