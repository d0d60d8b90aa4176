"""The summary after a run: its table, its title (or none), and the rows not done."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from rich.console import Console

from bulkspot.cli.summary import NextSteps, print_summary
from bulkspot.core.outcome import Status
from bulkspot.runner.job import RunSummary


def summary_of(results: Path, counts: dict[Status, int]) -> RunSummary:
    return RunSummary(counts, 30, 2, 1, 3.0, results, results.with_suffix(".sqlite"))


def printed(
    summary: RunSummary,
    *,
    title: str,
    terminal: bool = False,
    steps: NextSteps | None = None,
    pace: float | None = None,
    limit: float = 0.0,
) -> str:
    out = io.StringIO()
    console = Console(file=out, force_terminal=terminal, width=120, color_system=None)
    print_summary(
        console,
        summary,
        title=title,
        wall_seconds=3.0,
        steps=steps or NextSteps(),
        pace=pace,
        limit=limit,
    )
    return out.getvalue()


@pytest.mark.parametrize("suffix", [".csv", ".jsonl"])
def test_the_first_rows_not_done_are_listed_with_why(tmp_path: Path, suffix: str) -> None:
    results = tmp_path / f"r{suffix}"
    rows = [{"name": f"Hat {n}", "row": n, "status": "created", "error": ""} for n in range(2, 22)]
    rows += [{"name": "", "row": n, "status": "invalid", "error": f"name: is required {n}"}
             for n in range(22, 37)]  # fmt: skip
    rows.append({"name": "Cap", "row": 37, "status": "blocked", "error": ""})
    if suffix == ".csv":
        lines = ["name,row,status,id,error"]
        lines += [f"{r['name']},{r['row']},{r['status']},,{r['error']}" for r in rows]
    else:
        lines = [json.dumps(r) for r in rows]
    results.write_text("\n".join(lines) + "\n", encoding="utf-8")
    counts = {Status.CREATED: 20, Status.INVALID: 15, Status.BLOCKED: 1}
    text = printed(
        summary_of(results, counts),
        title="import of items from hats.csv",
        steps=NextSteps(retry_failed="bulkspot import items hats.csv --retry-failed"),
    )
    listed = text.split(f"rows not done (all of them, and why, in {results}):\n", 1)[1]
    assert listed.splitlines() == [
        *(f"  row {n}: invalid: name: is required {n}" for n in range(22, 32)),
        "  ... and 6 more",
        "to send the failed rows again:  bulkspot import items hats.csv --retry-failed",
    ]


def test_a_summary_under_the_callers_own_heading_has_no_title(tmp_path: Path) -> None:
    summary = summary_of(tmp_path / "none.csv", {Status.CREATED: 3})
    for terminal in (False, True):
        assert "items from" in printed(summary, title="items from x.csv", terminal=terminal)
        text = printed(summary, title="", terminal=terminal)
        assert "items from" not in text
        assert text.lstrip().startswith("created")


def test_the_effective_rate_is_set_against_the_limit(tmp_path: Path) -> None:
    summary = summary_of(tmp_path / "none.csv", {Status.CREATED: 3})
    assert "effective rate   3.9 requests/s (limit 4)\n" in printed(
        summary, title="t", pace=3.94, limit=4.0
    )
    assert "effective rate" not in printed(summary, title="t")  # fewer than two requests
