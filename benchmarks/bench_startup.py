"""Start-up cost: what a person waits for before bulkspot does anything.

Each command runs as a fresh subprocess (`python -m bulkspot ...`) --runs times, after one
unmeasured run; the table shows the median and the least wall time, and the median peak
resident memory (ru_maxrss). `--pythonpath DIR` measures another checkout of the source (a
`git worktree` of an older commit), to compare before and after; give it with `--python`
an interpreter that has bulkspot's dependencies but not its editable install (whose import
hook would win over PYTHONPATH), e.g. a venv whose one .pth file names .venv's site-packages.

    .venv/bin/python benchmarks/bench_startup.py
    .venv/bin/python benchmarks/bench_startup.py --python /tmp/basevenv/bin/python \
        --pythonpath /tmp/base
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence

COMMANDS: dict[str, list[str]] = {
    "bulkspot --help": ["-m", "bulkspot", "--help"],
    "bulkspot import --help": ["-m", "bulkspot", "import", "--help"],
    "bulkspot columns items": ["-m", "bulkspot", "columns", "items"],
    'python -c "import bulkspot"': ["-c", "import bulkspot"],
    'python -c "pass" (the floor)': ["-c", "pass"],
}


def run_once(argv: Sequence[str], env: dict[str, str], cwd: str) -> tuple[float, float]:
    """(wall seconds, peak RSS in MiB) of one subprocess, its rusage read by wait4."""
    start = time.perf_counter()
    process = subprocess.Popen(
        argv, env=env, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE
    )
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    errors = process.stderr.read() if process.stderr else b""
    if process.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} exited {process.returncode}: {errors.decode()}")
    peak_kib = usage.ru_maxrss if sys.platform != "darwin" else usage.ru_maxrss / 1024
    return wall, peak_kib / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=20, help="runs per command (default 20)")
    parser.add_argument("--python", default=sys.executable, help="the interpreter to run")
    parser.add_argument("--pythonpath", help="import bulkspot from this source tree instead")
    args = parser.parse_args()
    env = {**os.environ, "COLUMNS": "100"}
    if args.pythonpath:
        env["PYTHONPATH"] = args.pythonpath
    source = args.pythonpath or "the installed package"
    print(f"median of {args.runs} runs each, {args.python}, bulkspot from {source}")
    print(f"{'command':<32}{'median ms':>10}{'min ms':>9}{'peak RSS MiB':>14}")
    # An empty working folder: `-m` and `-c` put it first on sys.path, so a source tree in
    # the current folder must not shadow the one measured.
    with tempfile.TemporaryDirectory() as cwd:
        for name, tail in COMMANDS.items():
            _measure(name, [args.python, *tail], env, cwd, args.runs)


def _measure(name: str, argv: list[str], env: dict[str, str], cwd: str, runs: int) -> None:
    run_once(argv, env, cwd)  # warm the file cache and the .pyc files
    results = [run_once(argv, env, cwd) for _ in range(runs)]
    walls = [wall for wall, _ in results]
    peak = statistics.median(rss for _, rss in results)
    print(
        f"{name:<32}{statistics.median(walls) * 1000:>10.0f}{min(walls) * 1000:>9.0f}{peak:>14.1f}"
    )


if __name__ == "__main__":
    main()
