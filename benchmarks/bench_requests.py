"""Requests per job: what each job sends, counted by the simulator, beside its minimum.

The daily quota is the budget (10,000 requests a day on a standard key, 42 minutes at 4/s):
a job larger than that is bound by it, so every request that is not a write is a write
lost. Each job runs through the CLI (the library for `ensure`) against one seeded simulator
without faults or limits; the minimum of each (writes plus the collection reads nothing can
avoid) and its reasoning are in benchmarks/request_jobs.py. Deterministic: the same source
prints the same table.

    .venv/bin/python -m benchmarks.bench_requests            # the issue's sizes
    .venv/bin/python -m benchmarks.bench_requests --small    # the tests' sizes
"""

from __future__ import annotations

import argparse
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from benchmarks.request_jobs import JobCount, Sizes, run_all

METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
SMALL = Sizes(
    items=5, killed_after=10, copy_fees=3, copy_items=4, copy_codes=10, reimported_codes=10,
    ensured=3,
)  # fmt: skip


def table(counts: Sequence[JobCount]) -> str:
    """The markdown table: requests by method, the total, the minimum and their ratio."""
    lines = [
        f"| job | {' | '.join(METHODS)} | requests | minimum | ratio |",
        "|---|" + "---:|" * (len(METHODS) + 3),
    ]
    for c in counts:
        methods = " | ".join(str(c.by_method.get(m, 0)) for m in METHODS)
        ratio = f"{c.total / c.minimum:.2f}x" if c.minimum else ("1.00x" if not c.total else "-")
        lines.append(f"| {c.job} | {methods} | {c.total} | {c.minimum} | {ratio} |")
    return "\n".join(lines)


def minimums(counts: Sequence[JobCount]) -> str:
    return "\n".join(f"- {c.job}: {c.minimum} = {c.why}" for c in counts)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--small", action="store_true", help="the tests' sizes (seconds)")
    args = parser.parse_args(argv)
    sizes = SMALL if args.small else Sizes()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-requests-") as folder:
        counts = run_all(Path(folder), sizes)
    print(table(counts))
    print()
    print("Minimums (writes + the collection reads nothing can avoid):")
    print(minimums(counts))
    print()
    print(f"{time.perf_counter() - started:.0f} s; simulator seed 24, no faults, no limits")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
