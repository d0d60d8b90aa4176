"""`--json`: the end of a run as one JSON object on stdout, for scripts and CI.

Its fields are documented in the README ("Scripts and CI"); a script can rely on them:
kind, input, dry_run, exit_code, rows, counts, requests, retries, reconciliations,
wall_seconds, results, journal, errors, warnings, stopped, resume_hint, limited,
resume_command, retry_failed_command, import_errors_command, estimate, resources; an undo's
also left_in_place (what it did not delete, and why).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import orjson

from bulkspot import Status
from bulkspot.api import RunSummary
from bulkspot.api_undo import UndoSummary
from bulkspot.cli.summary import NextSteps, real_run


def summary_object(
    summary: RunSummary,
    *,
    wall_seconds: float,
    steps: NextSteps,
    rate: float,
    about: Mapping[str, Any],
) -> dict[str, Any]:
    """The summary as plain JSON values; `about`: what the run was (kind, input, dry_run)."""
    found = real_run(summary, rate)
    counts = summary.job_counts  # the job's, as the table shows them
    unfinished = bool(summary.stopped or counts.get(Status.PENDING, 0))
    failed = bool(counts.get(Status.FAILED, 0) + counts.get(Status.BLOCKED, 0))
    return {
        **about,
        "exit_code": summary.exit_code,
        "rows": summary.rows,
        "counts": {str(status): count for status, count in counts.items() if count},
        "requests": summary.requests,
        "retries": summary.retries,
        "reconciliations": summary.reconciliations,
        "wall_seconds": round(wall_seconds, 3),
        "results": _path(summary.results_path),
        "journal": _path(summary.journal_path),
        "errors": _path(summary.errors_path),
        "warnings": list(summary.warnings),
        "stopped": summary.stopped,
        "resume_hint": summary.resume_hint or None,
        "limited": summary.limited,
        "resume_command": (steps.resume or None) if unfinished else None,
        "retry_failed_command": (steps.retry_failed or None) if failed else None,
        "import_errors_command": (steps.import_errors or None) if summary.errors_path else None,
        "estimate": None
        if found is None
        else {
            "requests": found.requests,
            "seconds": round(found.seconds, 1),
            "quota_share": round(found.quota_share, 4),
            "warning": found.warning,
        },
        "resources": [
            {"row": r.row, "id": r.id, "name": r.name, "status": str(r.status)}
            for r in summary.resources
        ],
        **(undo_object(summary) if isinstance(summary, UndoSummary) else {}),
    }


def undo_object(summary: UndoSummary) -> dict[str, Any]:
    """An undo's own fields: the resources it left in place, each with why."""
    return {
        "left_in_place": [
            {
                "kind": found.kind,
                "id": found.id,
                "name": found.name,
                "reason": found.reason,
                "holds": [{"kind": h.kind, "id": h.id, "name": h.name} for h in found.theirs],
                "holds_kept": [{"kind": h.kind, "id": h.id, "name": h.name} for h in found.kept],
            }
            for found in summary.left_in_place
        ],
    }


def summary_json(summary: RunSummary, **details: Any) -> str:
    """`summary_object` as one line of JSON."""
    return orjson.dumps(summary_object(summary, **details)).decode()


def _path(path: Path | None) -> str | None:
    return None if path is None else str(path)
