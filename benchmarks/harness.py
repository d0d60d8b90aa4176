"""What every scenario needs: simulators in subprocesses, the CLI run as a user runs it, the
simulator's counters and store, and the machine the figures come from."""

from __future__ import annotations

import csv
import os
import platform
import re
import signal
import statistics
import subprocess
import sys
import time
import urllib.request
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import orjson

KEY, TOKEN = "sandbox-key", "sandbox-token"
EVENT = {
    "name": "bench",
    "title": "Benchmark",
    "type": "OTHER",
    "start_date": "2030-01-01T10:00:00.000Z",
    "end_date": "2030-01-01T18:00:00.000Z",
    "time_zone_id": "US/Eastern",
}
SHEET_HEADER = ("code_name", "code_type", "discount", "discount_scope", "quantity_total")
# What bulkspot sends for one of the sheet's rows: the peers post the same bodies.
PEER_BODY = b'{"code_name":"%s","code_type":"DISCOUNT","discount_percent":20,' \
    b'"discount_scope":"ORDER_TOTAL","quantity_total":-1}'  # fmt: skip


@dataclass
class Server:
    """A `bulkspot serve` subprocess."""

    url: str
    pid: int
    process: subprocess.Popen[str] | None = None

    def gone(self) -> str | None:
        """Why the server is no longer there (it exited, or a signal ended it), or None."""
        code = self.process.poll() if self.process is not None else None
        if code is None:
            return None
        return f"killed by signal {-code}" if code < 0 else f"exited with status {code}"

    @property
    def base(self) -> str:
        return f"{self.url}/v2/"

    def control(self, **settings: Any) -> None:
        _post(f"{self.url}/__simulator/control", settings)

    def stats(self) -> dict[str, Any]:
        return _get(f"{self.url}/__simulator/stats")  # type: ignore[no-any-return]

    def reset(self) -> None:
        self.control(reset_stats=True, reset_quota=True)

    def new_event(self, name: str) -> str:
        """A fresh event, made with the limit and the faults lifted: it costs no window slot,
        and a lost answer cannot make it twice or stop the benchmark."""
        settings = self.stats()["settings"]
        self.control(rate=0, fail_rate=0, ambiguous_rate=0)
        try:
            request = urllib.request.Request(
                f"{self.base}eventspot/events?api_key={KEY}",
                data=orjson.dumps({**EVENT, "name": name[:80]}),
                headers={"Authorization": f"Bearer {TOKEN}", "Content-Type": "application/json"},
            )
            with urllib.request.urlopen(request) as answer:
                return str(orjson.loads(answer.read())["id"])
        finally:
            self.control(**{k: settings[k] for k in ("rate", "fail_rate", "ambiguous_rate")})

    def codes(self, event_id: str) -> Counter[str]:
        """How many promocodes of each name the event holds (lost: 0, doubled: 2+)."""
        store = _get(f"{self.url}/__simulator/dump")
        for event in store["events"]:
            if event["id"] == event_id:
                return Counter(code["code_name"] for code in event.get("promocodes", []))
        return Counter()


def _get(url: str) -> Any:
    with urllib.request.urlopen(url) as answer:
        return orjson.loads(answer.read())


def _post(url: str, body: dict[str, Any]) -> None:
    request = urllib.request.Request(url, data=orjson.dumps(body), method="POST")
    with urllib.request.urlopen(request) as answer:
        answer.read()


@contextmanager
def served(*options: str) -> Iterator[Server]:
    """`bulkspot serve --port 0 OPTIONS` in a subprocess (its CPU is its own)."""
    with served_many(1, *options) as (server,):
        yield server


@contextmanager
def served_many(count: int, *options: str) -> Iterator[list[Server]]:
    """`count` simulators, started at once (each takes a few hundred ms to import)."""
    with spawned_many([[sys.executable, "-m", "bulkspot", "serve", "--port", "0", *options]]
                      * count) as servers:  # fmt: skip
        yield servers


@contextmanager
def spawned(command: Sequence[str]) -> Iterator[Server]:
    """A server subprocess that prints `listening on URL` once it listens; SIGTERM ends it."""
    with spawned_many([command]) as (server,):
        yield server


@contextmanager
def spawned_many(commands: Sequence[Sequence[str]]) -> Iterator[list[Server]]:
    """`spawned`, for several servers started at once."""
    processes: list[subprocess.Popen[str]] = []
    try:
        for command in commands:
            # a session of its own: a signal to the benchmark's process group (a terminal's
            # Ctrl-C, a `timeout` around another run) does not end a server under a round
            processes.append(
                subprocess.Popen(command, stdout=subprocess.PIPE, text=True, start_new_session=True)
            )
        servers = []
        for process in processes:
            assert process.stdout is not None
            line = process.stdout.readline().strip()
            if not line.startswith("listening on "):
                raise SystemExit(f"the server did not start: {line!r}")
            servers.append(Server(line.removeprefix("listening on "), process.pid, process))
        yield servers
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=30)


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a running process (Linux /proc)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def code_names(count: int, prefix: str) -> list[str]:
    return [f"{prefix}{n:07d}"[-12:] for n in range(count)]


def write_sheet(path: Path, names: Sequence[str]) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(SHEET_HEADER)
        for name in names:
            writer.writerow((name, "DISCOUNT", "20%", "ORDER_TOTAL", "unlimited"))


@dataclass
class CliRun:
    """One `bulkspot` subprocess: wall and CPU seconds, peak memory, exit status, output."""

    wall: float
    cpu: float
    peak_mib: float
    status: int
    output: str
    started: float  # time.time() at spawn, to place its log lines


def run_cli(
    args: Sequence[str], server: Server | None, prelude: str = "",
    extra_env: dict[str, str] | None = None,
) -> CliRun:  # fmt: skip
    """`python -m bulkspot ARGS` as a user runs it (a `prelude` runs first, to try a change)."""
    env = {**os.environ, "COLUMNS": "100", "CTCT_API_KEY": KEY, "CTCT_ACCESS_TOKEN": TOKEN}
    env.update(extra_env or {})
    if server is not None:
        env["BULKSPOT_BASE_URL"] = server.base
    command = [sys.executable, "-m", "bulkspot", *args]
    if prelude:
        command = [sys.executable, "-c", f"{prelude}\nfrom bulkspot.cli import main\nmain()", *args]
    started, wall = time.time(), time.perf_counter()
    process = subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    assert process.stdout is not None
    output = process.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - wall
    process.returncode = os.waitstatus_to_exitcode(status)
    return CliRun(
        wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
        process.returncode, output, started,
    )  # fmt: skip


_REQUEST_LINE = re.compile(
    r"^(\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}) \w+ +request \w+ \S+ -> (\S+) in ([\d.]+) s"
)


def request_starts(log: Path, since: float) -> list[tuple[float, str]]:
    """(seconds after `since`, status) of each request in a `--log` file, by its start."""
    starts = []
    for line in log.read_text(encoding="utf-8").splitlines():
        match = _REQUEST_LINE.match(line)
        if match:
            stamp = datetime.strptime(match[1], "%Y-%m-%d %H:%M:%S,%f").timestamp()
            starts.append((stamp - float(match[3]) - since, match[2]))
    return sorted(starts)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")


def machine() -> dict[str, str]:
    """What the figures were measured on, and how busy it was."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return {
        "cpu": model,
        "cores": str(os.cpu_count()),
        "python": platform.python_version(),
        "system": platform.platform(),
        "date": datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z"),
        "load": load,
    }
