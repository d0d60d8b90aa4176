"""How many accounts at 4 requests a second one process holds, and what a request costs.

Each account is an api key of its own on a simulator (`bulkspot serve --accounts N`, in
subprocesses, so their CPU is theirs): one event each, one sheet of promocodes each, and
every account's import runs at once in this one process through the library
(`bulkspot.import_sheet`, a journal and a results file each), each at its key's 4/s. The
table says, for each number of accounts:

- requests: what the simulators counted (every account's, look-ups included);
- CPU ms/request: this process's CPU time (time.process_time) over the whole run, start-up
  of every job included, divided by the requests; `steady`: the same over the middle half of
  the run (the requests the simulators counted between two samples), the cost of a paced
  request once every job is under way;
- over-limit: the simulators' 403 over-qps answers (a loop that falls behind sends late
  requests in bursts);
- achieved rate per account: an account's writes a second from its first write to its last
  (the pace it kept; a loop that falls behind lowers it), the median and the slowest
  account, against 4/s (the gate's margin alone costs 2%: 4 starts every 1.02 s);
- to the first request: the median seconds from an account's start to its first request
  (every job starts at once: its imports, sheet, journal).

An account count "holds" when it drew no over-limit answer, no account stopped, and its
slowest account kept at least 95% of 4/s. The counts run in order; the first that does not
hold ends the ramp
(`--keep-going` runs the rest anyway).

    .venv/bin/python -m benchmarks.bench_accounts                        # 30 accounts, 20 s
    .venv/bin/python -m benchmarks.bench_accounts --accounts 30 100 250 500 --seconds 20
    .venv/bin/python -m benchmarks.bench_accounts --accounts 30 --profile /tmp/accounts.prof
"""

from __future__ import annotations

import argparse
import cProfile
import csv
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path

import anyio
import orjson

from benchmarks.harness import EVENT, PEER_BODY, SHEET_HEADER, Server, cpu_seconds, served_many

RATE = 4.0
HOLDS_AT = 0.95  # the slowest account's pace, as a share of 4/s, for a count to hold


@dataclass(frozen=True)
class Account:
    server: Server
    key: str
    token: str
    event_id: str = ""


@dataclass
class Round:
    """One account count's run."""

    accounts: int
    requests: int
    cpu: float  # client CPU seconds over the whole run
    steady_cpu: float  # over the middle half
    steady_requests: int
    over_limit: int
    rates: list[float]  # each account's requests a second, from its first to its last
    start_up: float  # median seconds from an account's start to its first request
    refused_at: list[float]  # seconds from their account's start to each over-limit answer
    wall: float
    server_cpu: float
    stopped: int  # accounts whose run stopped early

    @property
    def holds(self) -> bool:
        return self.over_limit == 0 and self.stopped == 0 and min(self.rates) >= HOLDS_AT * RATE


def _post(url: str, body: object, headers: dict[str, str] | None = None) -> object:
    request = urllib.request.Request(url, data=orjson.dumps(body), method="POST")
    for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
        request.add_header(name, value)
    with urllib.request.urlopen(request) as answer:
        return orjson.loads(answer.read())


def _stats(server: Server) -> dict[str, int]:
    with urllib.request.urlopen(f"{server.url}/__simulator/stats") as answer:
        found = orjson.loads(answer.read())
    return {"requests": int(found["requests"]), "over_qps": int(found["over_qps"])}


def _accounts(servers: Sequence[Server], count: int) -> list[Account]:
    """`count` accounts spread over the simulators, each with a fresh event (made with the
    limit lifted: it costs no slot), the simulators' counters reset after."""
    per_server = -(-count // len(servers))
    made: list[Account] = []
    for server in servers:
        server.control(rate=0)
        for n in range(1, per_server + 1):
            if len(made) == count:
                break
            key, token = f"sandbox-key-{n}", f"sandbox-token-{n}"
            event = _post(
                f"{server.base}eventspot/events?api_key={key}",
                {**EVENT, "name": f"accounts {len(made)}"},
                {"Authorization": f"Bearer {token}"},
            )
            assert isinstance(event, dict)
            made.append(Account(server, key, token, str(event["id"])))
        server.control(rate=RATE, reset_stats=True, reset_quota=True)
    return made


def _sheet(path: Path, rows: int, tag: str) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(SHEET_HEADER)
        for n in range(rows):
            writer.writerow((f"{tag}{n:05d}", "DISCOUNT", "20%", "ORDER_TOTAL", "unlimited"))


class Watch:
    """One account's run as its events tell it: when its requests left, which were refused."""

    def __init__(self) -> None:
        self.began = time.perf_counter()
        self.first = self.last = 0.0  # perf_counter of its first and last request
        self.first_write = 0.0
        self.writes = 0
        self.refused_at: list[float] = []  # seconds from its start
        self.stopped = True  # until its run ends without a stop

    def __call__(self, event: object) -> None:
        from bulkspot.events import RequestDone, RequestSent

        if isinstance(event, RequestSent):
            self.last = time.perf_counter()
            self.first = self.first or self.last
            if event.method == "POST":  # the writes: the look-ups before them wait on answers
                self.first_write = self.first_write or self.last
                self.writes += 1
        elif isinstance(event, RequestDone) and event.status == 403:
            self.refused_at.append(time.perf_counter() - self.began)

    @property
    def paced(self) -> float:
        """Its writes a second from its first to its last: the pace it kept."""
        span = self.last - self.first_write
        return (self.writes - 1) / span if self.writes > 1 and span > 0 else 0.0


async def _run_all(
    accounts: Sequence[Account], folder: Path, rows: int, profile: Profiled | None
) -> list[Watch]:
    """Every account's import at once; `profile`: a profiler on over the middle half."""
    import bulkspot
    from bulkspot.config import ApiSettings, Limits, RunConfig
    from bulkspot.runner.job import ImportJob

    watches = [Watch() for _ in accounts]

    async def one(index: int, account: Account) -> None:
        sheet = folder / f"a{index}.csv"
        _sheet(sheet, rows, f"A{index}x")
        config = RunConfig(
            ApiSettings(account.key, account.token, account.server.base), limits=Limits(rate=RATE)
        )
        job = ImportJob(
            kind="promocodes",
            source=sheet,
            event_id=account.event_id,
            journal_path=folder / f"a{index}.journal",
            results_path=folder / f"a{index}.results.csv",
        )
        watch = watches[index]
        summary = await bulkspot.import_sheet(job, config, [watch])
        watch.stopped = summary.stopped is not None

    async with anyio.create_task_group() as group:
        for index, account in enumerate(accounts):
            group.start_soon(one, index, account)
        if profile is not None:
            group.start_soon(profile.middle)
    return watches


async def _bare_all(accounts: Sequence[Account], rows: int) -> list[Watch]:
    """The floor: a bare aiohttp loop per account posting the same bodies at the same pace
    (4 starts every 1.02 s, as the gate's margin), one shared session, no journal, no gate."""
    import aiohttp

    watches = [Watch() for _ in accounts]

    async def one(index: int, account: Account, session: aiohttp.ClientSession) -> None:
        watch, began = watches[index], time.monotonic()
        url = f"{account.server.base}eventspot/events/{account.event_id}/promocodes"
        headers = {"Authorization": f"Bearer {account.token}", "Content-Type": "application/json"}
        for n in range(rows):
            await anyio.sleep(max(0.0, began + n * 1.02 / RATE - time.monotonic()))
            body = PEER_BODY % f"B{index}x{n:05d}".encode()
            watch.last = time.perf_counter()
            watch.first = watch.first_write = watch.first or watch.last
            watch.writes += 1
            async with session.post(
                url, params={"api_key": account.key}, data=body, headers=headers
            ) as answer:
                await answer.read()
                if answer.status == 403:
                    watch.refused_at.append(time.perf_counter() - watch.began)
        watch.stopped = False

    async with aiohttp.ClientSession() as session, anyio.create_task_group() as group:
        for index, account in enumerate(accounts):
            group.start_soon(one, index, account, session)
    return watches


@dataclass
class Profiled:
    """cProfile (CPU time) over the middle half of a run: enabled from the loop's own thread,
    the only one it profiles."""

    path: Path
    began: float
    seconds: float

    async def middle(self) -> None:
        profiler = cProfile.Profile(time.process_time)
        await anyio.sleep(max(0.0, self.began + self.seconds * 0.25 - time.perf_counter()))
        profiler.enable()
        await anyio.sleep(max(0.0, self.began + self.seconds * 0.75 - time.perf_counter()))
        profiler.disable()
        profiler.dump_stats(str(self.path))


def _sample(servers: Sequence[Server], at: float, into: list[tuple[float, int]]) -> None:
    """At `at` (perf_counter), this process's CPU and the simulators' request count."""
    time.sleep(max(0.0, at - time.perf_counter()))
    cpu = time.process_time()
    into.append((cpu, sum(_stats(s)["requests"] for s in servers)))


def one_round(
    servers: Sequence[Server], count: int, seconds: float, profile: Path | None, bare: bool
) -> Round:
    rows = int(RATE * seconds)
    accounts = _accounts(servers, count)
    server_cpu = sum(cpu_seconds(s.pid) for s in servers)
    samples: list[tuple[float, int]] = []
    with tempfile.TemporaryDirectory(prefix="bench-accounts-") as scratch:
        began = time.perf_counter()
        marks = [began + seconds * 0.25, began + seconds * 0.75]
        sampler = threading.Thread(
            target=lambda: [_sample(servers, at, samples) for at in marks], daemon=True
        )
        sampler.start()
        profiled = Profiled(profile, began, seconds) if profile is not None else None
        cpu = time.process_time()
        if bare:
            watches = anyio.run(_bare_all, accounts, rows)
        else:
            watches = anyio.run(_run_all, accounts, Path(scratch), rows, profiled)
        cpu = time.process_time() - cpu
        wall = time.perf_counter() - began
        sampler.join()
    stats = [_stats(s) for s in servers]
    server_cpu = sum(cpu_seconds(s.pid) for s in servers) - server_cpu
    (cpu_a, req_a), (cpu_b, req_b) = samples if len(samples) == 2 else ((0.0, 0), (0.0, 0))
    return Round(
        accounts=count,
        requests=sum(s["requests"] for s in stats),
        cpu=cpu,
        steady_cpu=cpu_b - cpu_a,
        steady_requests=req_b - req_a,
        over_limit=sum(s["over_qps"] for s in stats),
        rates=[watch.paced for watch in watches],
        start_up=statistics.median(watch.first - watch.began for watch in watches),
        refused_at=sorted(at for watch in watches for at in watch.refused_at),
        wall=wall,
        server_cpu=server_cpu,
        stopped=sum(1 for watch in watches if watch.stopped),
    )


def row(got: Round) -> str:
    steady = got.steady_cpu / got.steady_requests * 1e3 if got.steady_requests else float("nan")
    median, slowest = statistics.median(got.rates), min(got.rates)
    return (
        f"| {got.accounts} | {got.requests:,} | {got.cpu / got.requests * 1e3:.2f} | "
        f"{steady:.2f} | {got.over_limit} | {median:.2f}/s ({median / RATE:.2f}x), slowest "
        f"{slowest:.2f}/s ({slowest / RATE:.2f}x) | {got.start_up:.2f} s | {got.wall:.1f} s | "
        f"{'yes' if got.holds else '**no**'} |"
    )


HEADER = (
    "| accounts | requests | CPU ms/request | steady CPU ms/request | over-limit answers | "
    "achieved rate per account vs 4/s | to the first request | wall | holds |\n"
    "|---:|---:|---:|---:|---:|---|---:|---:|---|"
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--accounts",
        type=int,
        nargs="+",
        default=[30],
        help="account counts to run, in order (default: 30)",
    )
    parser.add_argument(
        "--seconds",
        type=float,
        default=20.0,
        help="each account's sheet: 4/s x this many seconds of creates",
    )
    parser.add_argument(
        "--latency-ms",
        type=float,
        default=250.0,
        help="the simulators' answer time (default 250, as the real API's)",
    )
    parser.add_argument("--jitter-ms", type=float, default=0.0)
    parser.add_argument(
        "--per-simulator",
        type=int,
        default=250,
        help="accounts a simulator process serves (more: more simulators)",
    )
    parser.add_argument(
        "--keep-going", action="store_true", help="run every count even after one does not hold"
    )
    parser.add_argument(
        "--profile",
        type=Path,
        help="cProfile the client over the middle half of the run into this file",
    )
    parser.add_argument(
        "--bare",
        action="store_true",
        help="a bare aiohttp loop instead of bulkspot: the floor of a paced request's CPU",
    )
    args = parser.parse_args(argv)
    simulators = max(1, -(-max(args.accounts) // args.per_simulator))
    per_simulator = -(-max(args.accounts) // simulators)
    options = [
        "--accounts",
        str(per_simulator),
        "--rate",
        f"{RATE:g}",
        "--daily-quota",
        "0",
        "--latency-ms",
        f"{args.latency_ms:g}",
        "--jitter-ms",
        f"{args.jitter_ms:g}",
    ]
    print(
        f"{args.seconds:g} s of creates an account ({int(RATE * args.seconds)} promocodes) at "
        f"{RATE:g}/s, latency {args.latency_ms:g} ms, jitter {args.jitter_ms:g} ms; "
        f"{simulators} simulator process(es); every account's "
        f"{'bare aiohttp loop' if args.bare else 'import'} in this one process\n"
    )
    print(HEADER, flush=True)
    rounds: list[Round] = []
    with ExitStack() as stack:
        servers = stack.enter_context(served_many(simulators, *options))
        for count in args.accounts:
            got = one_round(servers, count, args.seconds, args.profile, args.bare)
            rounds.append(got)
            print(row(got), flush=True)
            if got.refused_at:
                moments = ", ".join(f"{at:.1f}" for at in got.refused_at[:12])
                more = f" and {len(got.refused_at) - 12} more" if len(got.refused_at) > 12 else ""
                print(f"  (over-limit answers at {moments}{more} s from their account's start)")
            if not got.holds and not args.keep_going:
                break
    held = [r.accounts for r in rounds if r.holds]
    print(
        f"\nmost accounts held: {max(held) if held else 'none'}; simulators' CPU "
        f"{', '.join(f'{r.server_cpu / r.requests * 1e3:.2f}' for r in rounds)} ms/request"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
