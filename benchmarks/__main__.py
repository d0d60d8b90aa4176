"""Every benchmark scenario, each client beside its peers: `python -m benchmarks [--quick]`.

Starts the simulators it needs (`bulkspot serve` subprocesses on free loopback ports), runs
the scenarios of issue 15 (medians of --rounds runs, clients side by side; the goals issue
24 retired are shown as figures without a verdict), prints a markdown table, writes
RESULTS.md (the sizes run, the machine, the table) and draws rate.png into --out (default:
this folder). Peers that are not installed (the `bench` extra: aiolimiter, matplotlib) are
skipped with a note.

    .venv/bin/python -m benchmarks            # the full run
    .venv/bin/python -m benchmarks --quick    # smaller sizes, about a minute
    .venv/bin/python -m benchmarks --only rate margin
    .venv/bin/python -m benchmarks --long --out /tmp/long   # scenario 1 at the issue's sizes

Requests per job (the daily quota as the budget) have a script of their own:
`python -m benchmarks.bench_requests`.
"""

from __future__ import annotations

import argparse
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import cli_scenarios, rate_scenarios
from benchmarks.harness import machine
from benchmarks.report import draw_rates, table, write_results
from benchmarks.results import Findings

SCENARIOS = ("rate", "unknown", "unthrottled", "faults", "sheets", "startup", "margin")


@dataclass(frozen=True)
class Sizes:
    rate_cases: tuple[tuple[float, int], ...]  # (limit per second, rows)
    conditions: tuple[tuple[float, float], ...]  # (latency ms, jitter ms)
    unknown_rows: int
    unthrottled_rows: int
    fault_rows: int
    sheet_rows: tuple[int, ...]
    startup_runs: int
    margins: tuple[float, ...]
    margin_rows: int

    def describe(self) -> str:
        """One line for RESULTS.md: what this run's figures are sized at."""
        cases = ", ".join(f"{rows} x {rate:g}/s" for rate, rows in self.rate_cases)
        conditions = ", ".join(f"{lat:g}/{jit:g}" for lat, jit in self.conditions)
        sheets = " and ".join(f"{rows:,}" for rows in self.sheet_rows)
        margins = ", ".join(f"{m:g}" for m in self.margins) or "none (`--only margin`)"
        parts = [f"at the limit {cases} at latency/jitter ms {conditions}"]
        if self.unknown_rows:  # --long sizes scenario 1 alone
            parts += [f"limit unknown {self.unknown_rows} rows",
                      f"unthrottled {self.unthrottled_rows:,} rows",
                      f"faults {self.fault_rows:,} rows", f"sheets {sheets} rows",
                      f"start-up medians of {self.startup_runs}", f"margins {margins}"]  # fmt: skip
        return "; ".join(parts)


# The full run, sized to fit 10 minutes: 240 rows at 30/s (the one-request-at-a-time peers
# take some 70 s a round at 250 ms latency), no margin sweep (`--only margin` runs it).
FULL = Sizes(((4, 40), (30, 240)), ((0, 0), (0, 20), (250, 0), (250, 20)), 300, 20_000, 2_000,
             (100_000, 1_000_000), 10, (), 300)  # fmt: skip
# --quick: the harder condition alone (jitter 20 ms), no margin sweep (`--only margin`
# runs it), sizes that fit about a minute on 2 cores.
QUICK = Sizes(((30, 60),), ((0, 20),), 120, 1_500, 200, (4_000, 12_000), 3, (), 60)
# --long: scenario 1 alone at the sizes (100 s ideal each), every case and condition
# at once, without the peers that send one request at a time; about 11 minutes.
LONG = Sizes(((4, 400), (30, 3_000)), FULL.conditions, 0, 0, 0, (), 0, (), 0)
TINY = Sizes(((30, 6),), ((0, 20),), 12, 60, 30, (200, 400), 1, (), 6)  # the smoke test


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes (about a minute)")
    parser.add_argument("--tiny", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--long",
        action="store_true",
        help="scenario 1 alone at 400 x 4/s and 3,000 x 30/s (about 11 minutes)",
    )
    parser.add_argument("--rounds", type=int, default=3, help="runs per figure (medians)")
    parser.add_argument("--only", nargs="+", choices=SCENARIOS, help="these scenarios alone")
    parser.add_argument("--margins", type=float, nargs="+", help="safety values to try")
    parser.add_argument("--out", type=Path, default=Path(__file__).parent,
                        help="where RESULTS.md and rate.png go")  # fmt: skip
    args = parser.parse_args(argv)
    sizes = LONG if args.long else TINY if args.tiny else QUICK if args.quick else FULL
    chosen = {"rate"} if args.long else set(args.only or SCENARIOS)
    rounds = args.rounds
    findings = Findings()
    started, host = time.perf_counter(), machine()
    if "rate" in chosen:
        rate_scenarios.at_the_limit(findings, sizes.rate_cases, sizes.conditions, rounds,
                                    one_at_a_time=not args.long)  # fmt: skip
    if "unknown" in chosen:
        rate_scenarios.limit_unknown(findings, sizes.unknown_rows, rounds)
    margins = tuple(args.margins or sizes.margins)
    if "margin" in chosen and margins:
        rate, _ = sizes.rate_cases[-1]
        rate_scenarios.margins(findings, margins, rate, sizes.margin_rows, 20, rounds)
    if "unthrottled" in chosen:
        cli_scenarios.unthrottled(findings, sizes.unthrottled_rows, rounds)
    if "faults" in chosen:
        cli_scenarios.faults(findings, sizes.fault_rows, rounds)
    if "sheets" in chosen:
        cli_scenarios.sheets(findings, list(sizes.sheet_rows), rounds)
    if "startup" in chosen:
        cli_scenarios.startup(findings, sizes.startup_runs)
    args.out.mkdir(parents=True, exist_ok=True)
    note = draw_rates(findings, args.out / "rate.png")
    if note:
        findings.notes.append(note)
    command = "python -m benchmarks " + " ".join(sys.argv[1:] if argv is None else argv)
    seconds = time.perf_counter() - started
    path = write_results(findings, host, command.strip(), seconds, args.out,
                         f"{sizes.describe()}; {rounds} rounds a figure")  # fmt: skip
    print(table(findings))
    for line in findings.notes:
        print(f"- {line}")
    print(f"\n{seconds:.0f} s; written: {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
