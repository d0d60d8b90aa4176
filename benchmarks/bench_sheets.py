"""How fast, and in how much memory, a promocode sheet is read, validated and planned.

    .venv/bin/python benchmarks/bench_sheets.py [--rows 100000 1000000] [--keep DIR]

Generates promocode CSVs (into a temporary folder, removed afterwards) and runs each in fresh
subprocesses, so that the peak resident memory (ru_maxrss) of each run is its own:

- plan:     open_sheet -> map_columns -> plan_rows, consumed to the end (what an import does)
- no-dedupe: the same without the in-file duplicate-key index (SeenKeys), to show that all
            other memory is flat and what the index costs
- floor:    csv parse -> Row -> one Operation per row, nothing checked: the fastest a
            pure-Python pipeline producing these objects can go on this machine

Goals for `plan`: at least 100,000 rows/s, and the largest run's peak memory within 1.3x of
the smallest's.
"""

from __future__ import annotations

import argparse
import csv
import json
import subprocess
import sys
import tempfile
from pathlib import Path

HEADERS = ("code_name", "code_type", "discount", "discount_scope", "fees", "quantity_total",
           "is_paused")  # fmt: skip
MODES = ("plan", "no-dedupe", "floor")

CHILD = r"""
import csv, json, resource, sys, time
import bulkspot.core.plan as plan
from bulkspot.core.mapping import map_columns
from bulkspot.core.operation import RowError
from bulkspot.sources import open_sheet
from bulkspot.sources.row import new_row

path, mode = sys.argv[1], sys.argv[2]


class NoIndex:
    def first_row(self, key, row):
        return None


start = time.perf_counter()
ops = errors = 0
if mode == "floor":
    with open(path, newline="", encoding="utf-8") as text:
        records = csv.reader(text)
        headers = next(records)
        for number, record in enumerate(records, 2):
            row = new_row(path, number, dict(zip(headers, record)))
            fields = {h: c.strip() for h, c in row.cells.items() if c}
            plan.new_operation(plan.new_key(number, ""), "promocode", plan.CREATE, fields, {},
                               None, {}, True)
            ops += 1
else:
    if mode == "no-dedupe":
        plan.SeenKeys = NoIndex
    with open_sheet(path) as sheet:
        mapping = map_columns("promocodes", sheet.headers)
        settings = plan.PlanSettings(event_id="E1")
        for planned in plan.plan_rows("promocodes", sheet, mapping, settings):
            if isinstance(planned, RowError):
                errors += 1
            else:
                ops += 1
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"ops": ops, "errors": errors, "seconds": seconds, "peak_kib": peak}))
"""


def write_sheet(path: Path, rows: int) -> None:
    """A realistic sheet: percent and amount discounts, fee lists, access codes, and one
    invalid row in a thousand."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for n in range(rows):
            code = f"C{n:09d}"
            if n % 1000 == 999:
                writer.writerow([code, "DISCOUNT", "120%", "", "", "x", "maybe"])
            elif n % 3 == 0:
                writer.writerow([code, "DISCOUNT", "20%", "FEE_LIST", "VIP;General", "100", "no"])
            elif n % 3 == 1:
                writer.writerow([code, "", "15.00", "", "", "unlimited", ""])
            else:
                writer.writerow([code, "ACCESS", "", "", "VIP", "1", "yes"])


def measure(path: Path, mode: str) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path), mode], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="write the sheets here and keep them")
    parser.add_argument("--modes", nargs="+", choices=MODES, default=list(MODES))
    args = parser.parse_args()
    results: dict[str, list[tuple[int, dict[str, float]]]] = {m: [] for m in args.modes}
    with tempfile.TemporaryDirectory(prefix="bench-sheets-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        for rows in args.rows:
            path = folder / f"promocodes-{rows}.csv"
            if not path.exists():
                write_sheet(path, rows)
            for mode in args.modes:
                got = measure(path, mode)
                assert got["ops"] + got["errors"] == rows, got
                results[mode].append((rows, got))
    print(f"{'mode':>10} {'rows':>10} {'seconds':>8} {'rows/s':>9} {'peak MiB':>9}")
    for mode, runs in results.items():
        for rows, got in runs:
            rate = rows / got["seconds"]
            peak = got["peak_kib"] / 1024
            print(f"{mode:>10} {rows:>10,} {got['seconds']:>8.2f} {rate:>9,.0f} {peak:>9.1f}")
    verdict = 0
    for mode, runs in results.items():
        if len(runs) > 1:
            ratio = runs[-1][1]["peak_kib"] / runs[0][1]["peak_kib"]
            print(f"{mode}: memory ratio largest/smallest {ratio:.2f}")
            verdict |= mode == "plan" and ratio > 1.3
    if "plan" in results:
        slowest = min(rows / got["seconds"] for rows, got in results["plan"])
        print(f"plan: slowest {slowest:,.0f} rows/s (goal >= 100,000)")
        verdict |= slowest < 100_000
    return int(verdict)


if __name__ == "__main__":
    sys.exit(main())
