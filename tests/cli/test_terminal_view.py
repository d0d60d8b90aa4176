"""What a person sees: the CLI in a pseudo-terminal against a simulator with latency, and
the demo as a subprocess."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.sandbox import Sandbox, start_sandbox
from tests.cli.terminal import run_in_terminal
from tests.paths import SAMPLES

BULKSPOT = str(Path(sys.executable).with_name("bulkspot"))


@pytest.fixture(scope="module")
def slow_sandbox() -> Iterator[Sandbox]:
    """Answers take 30 ms and at most 20 requests a second pass: the bar has time to show."""
    yield from start_sandbox(rate=20, latency_ms=30, seed=2)


def child_env(extra: dict[str, str]) -> dict[str, str]:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("CTCT_", "BULKSPOT_"))}
    for name in ("COLUMNS", "LINES", "NO_COLOR", "FORCE_COLOR", "TTY_COMPATIBLE", "CI"):
        keep.pop(name, None)
    return {**keep, "TERM": "xterm-256color", **extra}


@pytest.mark.slow
def test_the_progress_bar_in_a_terminal(slow_sandbox: Sandbox, tmp_path: Path) -> None:
    event = slow_sandbox.new_event()
    sheet = tmp_path / "lunches.csv"
    with sheet.open("w", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(["name", "price", "default_quantity_total", "per_registrant_limit",
                         "show_quantity_available"])  # fmt: skip
        writer.writerows([f"Lunch {n:02d}", "14.00", 100, 2, "yes"] for n in range(60))
    code, raw = run_in_terminal(
        [BULKSPOT, "import", "items", str(sheet), "--event", event, "--rate", "20"],
        env=child_env(slow_sandbox.env),
        cwd=str(tmp_path),
    )
    text = raw.decode()
    assert code == 0, text
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text)
    assert "Traceback" not in plain and "Error" not in plain
    # before the first request: what the job is and how long it takes at the rate
    assert "60 rows; at most 20 requests/s; at least 3 s" in plain
    # the bar, live: redrawn as rows finish, with the rate, the ETA and the retries
    frames = re.findall(r"(\d+)/60 rows · [\d.]+ rows/s · ETA [^·]+ · \d+ retr", plain)
    assert len({int(done) for done in frames}) >= 3, plain
    assert "60/60 rows" in plain and "20 req/s" in plain
    assert "━" in text  # rich's bar
    # a clean terminal: the cursor hidden while the bar ran, shown again before the summary
    hidden, shown = text.index("\x1b[?25l"), text.rindex("\x1b[?25h")
    assert hidden < shown < text.index("requests sent")
    assert "\x1b[?25l" not in text[shown:]  # no bar drawn after it stopped
    summary = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", text[shown:])
    for label in ("created", "requests sent", "retries", "reconciliations", "wall time",
                  "results", "journal"):  # fmt: skip
        assert re.search(rf"^\s*{label}\s+\S", summary, flags=re.MULTILINE), summary
    assert re.search(r"^\s*created\s+60\s*$", summary, flags=re.MULTILINE), summary
    pace = re.search(r"effective rate\s+([\d.]+) requests/s \(limit 20\)", summary)
    assert pace is not None and float(pace.group(1)) <= 20, summary
    assert text.endswith("\n")  # no dangling partial line


@pytest.mark.slow
def test_the_demo_runs_end_to_end(tmp_path: Path) -> None:
    out = tmp_path / "demo"
    done = subprocess.run(
        [BULKSPOT, "demo", "--out", str(out), "--rate", "200", "--latency-ms", "0"],
        env=child_env({}),
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=90,
    )
    text = done.stdout
    assert done.returncode == 0, done.stdout + done.stderr
    assert "\x1b" not in text  # not a terminal: plain lines
    names = sorted(p.name for p in out.iterdir())
    for step in ("01-events", "02-fees", "03-items", "04-promocodes", "05-promocodes"):
        assert f"{step}.results.csv" in names and f"{step}.journal.sqlite" in names
    assert any(n.startswith("promocodes-") and n.endswith(".csv") for n in names)
    generated = (out / "04-promocodes.results.csv").read_text(encoding="utf-8-sig")
    assert generated.count(",created,") == 200
    folders = (out / "08-folders.results.csv").read_text(encoding="utf-8-sig")
    assert folders.count(",created,") == 8  # the sample's tree, parents by path
    assert "requests sent" in text and "effective rate" in text
    assert f"results and journals in {out}" in text
    for title in ("1. events from events.csv", "2. fees from fees.csv",
                  "3. items from inventory.csv", "5. promocodes from promocodes.csv",
                  "6. dry run of items from inventory-with-errors.csv",
                  "7. events from events-published.csv: published by their status column",
                  "8. folders from folders.csv: a tree, parents by path"):  # fmt: skip
        assert text.count(title) == 1, title  # each step's heading once
    assert "  row 5: invalid: price: 'twelve' is not a number\n" in text
    assert not list(SAMPLES.glob("*.sqlite")) and not list(SAMPLES.glob("*.results.*"))
