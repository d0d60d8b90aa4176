"""How fast, and in how much memory, a promocode sheet is read, validated and planned.

    .venv/bin/python benchmarks/bench_sheets.py [--rows 100000 1000000] [--keep DIR]

Generates promocode CSVs (into a temporary folder, removed afterwards) and, for each, runs
open_sheet -> map_columns -> plan_rows to the end in a fresh subprocess, so that the peak
resident memory (ru_maxrss) of each run is its own. Goals: at least 100,000 rows/s, and the
largest run's peak memory within 1.3x of the smallest's (memory must not grow with the rows;
what does grow is the duplicate-code index, about 10 bytes a row).
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

CHILD = r"""
import json, resource, sys, time
from bulkspot.core.mapping import map_columns
from bulkspot.core.operation import RowError
from bulkspot.core.plan import PlanSettings, plan_rows
from bulkspot.sources import open_sheet

path = sys.argv[1]
start = time.perf_counter()
ops = errors = 0
with open_sheet(path) as sheet:
    mapping = map_columns("promocodes", sheet.headers)
    for planned in plan_rows("promocodes", sheet, mapping, PlanSettings(event_id="E1")):
        if isinstance(planned, RowError):
            errors += 1
        else:
            ops += 1
seconds = time.perf_counter() - start
peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"ops": ops, "errors": errors, "seconds": seconds, "peak_kib": peak}))
"""


def write_sheet(path: Path, rows: int) -> None:
    """A realistic sheet: percent and amount discounts, fee lists, some invalid rows."""
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.writer(out)
        writer.writerow(HEADERS)
        for n in range(rows):
            code = f"C{n:09d}"
            if n % 1000 == 999:
                writer.writerow([code, "DISCOUNT", "120%", "", "", "x", "maybe"])  # invalid
            elif n % 3 == 0:
                writer.writerow([code, "DISCOUNT", "20%", "FEE_LIST", "VIP;General", "100", "no"])
            elif n % 3 == 1:
                writer.writerow([code, "", "15.00", "", "", "unlimited", ""])
            else:
                writer.writerow([code, "ACCESS", "", "", "VIP", "1", "yes"])


def measure(path: Path) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, "-c", CHILD, str(path)], check=True, capture_output=True, text=True
    )
    result: dict[str, float] = json.loads(done.stdout)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--keep", type=Path, help="write the sheets here and keep them")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-sheets-") as scratch:
        folder = args.keep or Path(scratch)
        folder.mkdir(parents=True, exist_ok=True)
        results = []
        for rows in args.rows:
            path = folder / f"promocodes-{rows}.csv"
            write_sheet(path, rows)
            got = measure(path)
            assert got["ops"] + got["errors"] == rows, got
            results.append((rows, path.stat().st_size, got))
    print(f"{'rows':>10} {'file MB':>8} {'seconds':>8} {'rows/s':>9} {'peak MiB':>9}")
    for rows, size, got in results:
        rate = rows / got["seconds"]
        print(
            f"{rows:>10,} {size / 2**20:>8.1f} {got['seconds']:>8.2f} {rate:>9,.0f} "
            f"{got['peak_kib'] / 1024:>9.1f}"
        )
    smallest, largest = results[0][2]["peak_kib"], results[-1][2]["peak_kib"]
    slowest = min(rows / got["seconds"] for rows, _, got in results)
    ratio = largest / smallest
    print(f"memory ratio largest/smallest: {ratio:.2f} (goal <= 1.30)")
    print(f"slowest rate: {slowest:,.0f} rows/s (goal >= 100,000)")
    return 0 if ratio <= 1.3 and slowest >= 100_000 else 1


if __name__ == "__main__":
    sys.exit(main())
