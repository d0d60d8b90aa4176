"""`python -m benchmarks.bench_copy_many` at tiny sizes: both runs end with every account
holding the template and no over-limit answer, and the table is printed."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.slow
def test_the_many_accounts_benchmark_at_tiny_sizes_prints_its_table() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "benchmarks.bench_copy_many", "--accounts", "2", "--scale",
         "0.05", "--rate", "20"],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout + done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == "2 accounts at 20/s each, template of 1 items and 10 promocodes"
    assert lines[1].startswith("| run | exit | writes (most, one account) |")
    rows = [line.split(" | ") for line in lines[3:]]
    assert [row[0] for row in rows] == ["| straight", "| killed at half, resumed (this run)"]
    assert [row[1] for row in rows] == ["0", "0"]  # exit codes
    assert [row[-1] for row in rows] == ["2 of 2 |", "2 of 2 |"]  # every account holds it
