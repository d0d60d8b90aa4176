"""The jobs whose requests `bench_requests` counts (and tests/runner/test_request_counts.py
pins), each against one simulator: the CLI in-process (a kill in a process of its own), or
the library for `ensure`. The simulator counts what it saw by method (its stats, reset before
each job's counted part); each job also says its minimum and why.

The minimum of a job is its writes plus the collection reads nothing can avoid (issue 24):
a run must read each collection it writes into once (what is there already, so nothing is
made twice; that read's 404 also says the event is missing, so no separate event check);
a sheet of amounts reads its event too, for the currency its amounts must be in (issue 23:
compared before any write; sent beside the collection read, not before it);
the run's own creates answer with what they made (an item made with all its sizes needs no
re-read for its total); a row found unchanged in a collection read needs no GET of its own;
children collections are not paged (one GET each).
"""

from __future__ import annotations

import csv
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import anyio
from click.testing import CliRunner

from bulkspot.api import open_client
from bulkspot.cli import cli
from bulkspot.config import ApiSettings, Limits, RunConfig
from bulkspot.simulator import DEFAULT_API_KEY, DEFAULT_TOKEN, SimulatorConfig, SimulatorThread

SIZES = ("S", "M", "L", "XL")
CLIENT_RATE = "1000"  # the client's --rate: far above what the jobs need, so none waits
KILL_WAIT = 60.0  # seconds a killed run may take to reach its stall
EVENT = {
    "title": "Requests per job",
    "type": "OTHER",
    "start_date": "2027-07-17T14:00:00.000Z",
    "end_date": "2027-07-17T20:00:00.000Z",
    "time_zone_id": "US/Eastern",
}
FEE_HEADER = ("label", "fee", "fee_scope")
ITEM_HEADER = ("name", "price", "per_registrant_limit", "show_quantity_available", "attribute",
               "attribute_quantity")  # fmt: skip
CODE_HEADER = ("code_name", "code_type", "discount", "discount_scope", "fees", "quantity_total")


@dataclass(frozen=True)
class Sizes:
    """How large each job is (the issue's figures by default; the tests' are smaller)."""

    items: int = 100  # the fresh import's items, 4 sizes each
    killed_after: int = 250  # writes the killed run had answered
    copy_fees: int = 3
    copy_items: int = 20  # 3 sizes each
    copy_codes: int = 200
    reimported_codes: int = 75
    ensured: int = 20  # fees that exist, and as many new


@dataclass
class JobCount:
    """One job: the requests the simulator saw by method, and the least it could be."""

    job: str
    by_method: dict[str, int]
    minimum: int
    why: str  # how the minimum is made up
    event: str = ""  # the event the job wrote into or read, for a check of what it holds

    @property
    def total(self) -> int:
        return sum(self.by_method.values())


class Bench:
    """One simulator (seeded, no faults, no limits) and a folder for the jobs' files."""

    def __init__(self, sim: SimulatorThread, folder: Path) -> None:
        self.sim = sim
        self.folder = folder
        self.base = f"{sim.url}/v2/"
        self.env = {
            "CTCT_API_KEY": DEFAULT_API_KEY,
            "CTCT_ACCESS_TOKEN": DEFAULT_TOKEN,
            "BULKSPOT_BASE_URL": self.base,
        }
        self.runner = CliRunner()
        self.events = 0

    def cli(self, *args: str) -> int:
        """A bulkspot command in-process; its exit code (0: every row done)."""
        result = self.runner.invoke(cli, [*args, "--rate", CLIENT_RATE, "--quiet"], env=self.env)
        if result.exit_code != 0:
            raise RuntimeError(
                f"bulkspot {' '.join(args)} exited {result.exit_code}: {result.output}"
            )
        return result.exit_code

    def counted(
        self, job: str, minimum: int, why: str, action: Callable[[], Any], event: str
    ) -> JobCount:
        """`action`'s requests, as the simulator counted them."""
        self.sim.control(reset_stats=True)
        action()
        seen = self.sim.stats()
        by_method = dict(seen["requests_by_method"])
        if seen["over_qps"] or seen["faults"] != dict.fromkeys(seen["faults"], 0):
            raise RuntimeError(f"{job}: the simulator refused or failed requests: {seen}")
        return JobCount(job, by_method, minimum, why, event)

    def new_event(self) -> str:
        self.events += 1
        body = {**EVENT, "name": f"requests-{self.events}"}
        return str(self.library(lambda client: client.create("event", {}, body))["id"])

    def library(self, action: Callable[[Any], Any]) -> Any:
        settings = ApiSettings(DEFAULT_API_KEY, DEFAULT_TOKEN, self.base)

        async def go() -> Any:
            async with open_client(RunConfig(settings, Limits(rate=float(CLIENT_RATE)))) as client:
                return await action(client)

        return anyio.run(go)

    def path(self, name: str) -> Path:
        return self.folder / name

    def import_(self, kind: str, sheet: Path, event: str, *more: str) -> int:
        journal = sheet.with_suffix(".journal.sqlite")
        results = sheet.with_suffix(".results.csv")
        return self.cli("import", kind, str(sheet), "--event", event, "--journal", str(journal),
                        "--results", str(results), *more)  # fmt: skip


@contextmanager
def bench(folder: Path) -> Iterator[Bench]:
    with SimulatorThread(SimulatorConfig(rate=0, daily_quota=0, seed=24)) as sim:
        yield Bench(sim, folder)


def write_rows(path: Path, header: Sequence[str], rows: Sequence[Sequence[object]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as out:
        sheet = csv.writer(out)
        sheet.writerow(header)
        sheet.writerows(rows)
    return path


def inventory(path: Path, items: int, sizes: Sequence[str]) -> Path:
    """`items` items, one row per size, the item's cells on its first row."""
    rows = []
    for n in range(items):
        for i, size in enumerate(sizes):
            head: list[object] = (
                [f"Item {n:04d}", f"{n % 40 + 5}.50", 2, "yes"] if i == 0 else ["", "", "", ""]
            )
            rows.append([*head, size, 10 + i])
    return write_rows(path, ITEM_HEADER, rows)


def fees(path: Path, count: int) -> Path:
    return write_rows(
        path, FEE_HEADER, [[f"Fee {n}", f"{10 + n}.00", "BOTH"] for n in range(count)]
    )


def codes(path: Path, count: int, fee_count: int) -> Path:
    """Discount codes; every third names a fee by label (so fees must be found by label)."""
    rows = []
    for n in range(count):
        scope, named = ("FEE_LIST", f"Fee {n % fee_count}") if n % 3 == 0 else ("ORDER_TOTAL", "")
        rows.append([f"CODE{n:05d}", "DISCOUNT", f"{n % 50 + 1}%", scope, named, "unlimited"])
    return write_rows(path, CODE_HEADER, rows)


def fresh_import_and_rerun(b: Bench, sizes: Sizes) -> list[JobCount]:
    n = sizes.items
    event = b.new_event()
    sheet = inventory(b.path("inventory.csv"), n, SIZES)
    writes = n * (1 + len(SIZES))
    fresh = b.counted(
        f"fresh import: {n} items x {len(SIZES)} sizes", writes + 2,
        f"{n} item POSTs + {n * len(SIZES)} attribute POSTs + 1 items read (the event check in "
        "its 404; the attributes come with their items) + 1 event read (the prices' currency)",
        lambda: b.import_("items", sheet, event), event,
    )  # fmt: skip
    rerun = b.counted(
        "rerun of it (the journal says done)", 0,
        "0: the journal proves every row made; nothing is left to learn or write",
        lambda: b.import_("items", sheet, event), event,
    )  # fmt: skip
    return [fresh, rerun]


def resume_after_kill(b: Bench, sizes: Sizes) -> JobCount:
    """The import killed with its (killed_after + 1)-th write sent but never made (the
    simulator's stall), then run again: the count of the run again."""
    n, done = sizes.items, sizes.killed_after
    event = b.new_event()
    sheet = inventory(b.path("killed.csv"), n, SIZES)
    journal, results = sheet.with_suffix(".journal.sqlite"), sheet.with_suffix(".results.csv")
    command = [sys.executable, "-m", "bulkspot", "import", "items", str(sheet), "--event", event,
               "--journal", str(journal), "--results", str(results), "--rate", CLIENT_RATE,
               "--concurrency", "1", "--quiet"]  # fmt: skip
    b.sim.control(stall_after_writes=done)
    process = subprocess.Popen(command, env={**os.environ, **b.env},
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)  # fmt: skip
    try:
        deadline = time.monotonic() + KILL_WAIT
        while b.sim.stats()["stalled"] < 1:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("the killed run ended before its stall: make it larger")
            time.sleep(0.02)  # polling the simulator's counter; the stall holds the run
        process.send_signal(signal.SIGKILL)
        process.wait(timeout=KILL_WAIT)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
        b.sim.control(stall_after_writes=None)  # lifted: the stalled write is dropped
    left = n * (1 + len(SIZES)) - done
    return b.counted(
        f"resume after a kill ({done} of {n * (1 + len(SIZES))} writes made)", left + 2,
        f"{left} writes left + 1 items read (finds whether the cut-off create was made) + 1 "
        "event read (the prices' currency)",
        lambda: b.import_("items", sheet, event), event,
    )  # fmt: skip


def export_items(b: Bench, sizes: Sizes) -> JobCount:
    event = b.new_event()
    b.import_("items", inventory(b.path("exported.csv"), sizes.items, SIZES), event)
    out = b.path("items-export.csv")
    return b.counted(
        f"export of {sizes.items} items", 2, "1 items read (attributes come with their items) "
        "+ 1 event read (its currency, which a sheet of amounts says)",
        lambda: b.cli("export", "items", "--event", event, "--output", str(out)), event,
    )  # fmt: skip


def copy_event(b: Bench, sizes: Sizes) -> JobCount:
    source, target = b.new_event(), b.new_event()
    b.import_("fees", fees(b.path("copy-fees.csv"), sizes.copy_fees), source)
    b.import_("items", inventory(b.path("copy-items.csv"), sizes.copy_items, SIZES[:3]), source)
    sheet = codes(b.path("copy-codes.csv"), sizes.copy_codes, sizes.copy_fees)
    b.import_("promocodes", sheet, source)
    writes = sizes.copy_fees + sizes.copy_items * 4 + sizes.copy_codes
    folder = b.path("copy")
    return b.counted(
        f"copy of an event: {sizes.copy_fees} fees, {sizes.copy_items} items x 3 sizes, "
        f"{sizes.copy_codes} promocodes", writes + 8,
        f"{writes} POSTs + 3 source reads (fees, items, promocodes) + 3 target reads (the "
        "same; the fees read also names the fees for the codes) + 2 event reads (both "
        "currencies)",
        lambda: b.cli("copy", "--from-event", source, "--to-event", target,
                      "--folder", str(folder)), target,
    )  # fmt: skip


def unchanged_reimport(b: Bench, sizes: Sizes) -> JobCount:
    event = b.new_event()
    fee_count = 3
    b.import_("fees", fees(b.path("re-fees.csv"), fee_count), event)
    b.import_("promocodes", codes(b.path("re-codes.csv"), sizes.reimported_codes, fee_count), event)
    exported = b.path("codes-export.csv")
    b.cli("export", "promocodes", "--event", event, "--output", str(exported))
    return b.counted(
        f"unchanged re-import of {sizes.reimported_codes} exported promocodes", 2,
        "1 promocodes read (each row found unchanged in it) + 1 fees read (the codes name "
        "fees by label)",
        lambda: b.import_("promocodes", exported, event), event,
    )  # fmt: skip


def ensure_fees(b: Bench, sizes: Sizes) -> JobCount:
    count = sizes.ensured
    event = b.new_event()
    b.import_("fees", fees(b.path("ensure-fees.csv"), count), event)
    bodies = [{"label": f"Fee {n}", "fee": 10.0 + n, "fee_scope": "BOTH"} for n in range(2 * count)]

    async def ensure_all(client: Any) -> None:
        for body in bodies:
            await client.ensure("fee", {"event_id": event}, body)

    return b.counted(
        f"Client.ensure of {count} existing and {count} new fees", count + 1,
        f"{count} POSTs + 1 fees read (the existing ones found in it)",
        lambda: b.library(ensure_all), event,
    )  # fmt: skip


def run_all(folder: Path, sizes: Sizes) -> list[JobCount]:
    with bench(folder) as b:
        return [
            *fresh_import_and_rerun(b, sizes),
            resume_after_kill(b, sizes),
            export_items(b, sizes),
            copy_event(b, sizes),
            unchanged_reimport(b, sizes),
            ensure_fees(b, sizes),
        ]
