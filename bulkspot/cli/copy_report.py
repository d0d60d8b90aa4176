"""What `bulkspot copy` prints at its end: a line per kind for one account, a table across
accounts for many, and with `--json` one JSON object on stdout for scripts and CI.

The JSON fields (README, "Scripts and CI"): one copy's kind ("copy"), from_event, to_event,
exit_code, state, stopped, counts, requests, wall_seconds, work_folder, kinds (each: kind,
counts, requests, stopped, catch_ups), not_started, undo; many accounts' kind, from_event,
exit_code, wall_seconds, work_folder, source_requests and accounts (each: name, to_event,
state, exit_code, stopped, resume_hint, counts, requests (every request sent on its key
for it), work_folder, kinds, not_started, undo).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import orjson

if TYPE_CHECKING:
    from bulkspot.api import CopySummary, RunSummary
    from bulkspot.api_copy_many import AccountCopy, ManyCopySummary

STATE_WIDTH = 13


def _counts(counts: Any) -> dict[str, int]:
    return {str(status): int(count) for status, count in counts.items() if count}


def _run(result: RunSummary) -> dict[str, Any]:
    return {
        "counts": _counts(result.job_counts),
        "requests": result.requests,
        "stopped": result.stopped,
    }


def copy_fields(copy: CopySummary | None) -> dict[str, Any]:
    """A copy's kinds, what it did not start and the journals that undo it."""
    if copy is None:
        return {"kinds": [], "not_started": [], "undo": []}
    kinds = []
    for kind, result in copy.imports.items():
        caught = copy.caught_up.get(kind)
        catch_ups = [
            {"number": number, **_run(made)}
            for number, made in (caught.imports.items() if caught else ())
        ]
        kinds.append({"kind": kind, **_run(result), "catch_ups": catch_ups})
    return {
        "kinds": kinds,
        "not_started": list(copy.not_started),
        "undo": [str(journal) for journal in copy.journals],
    }


def single_object(
    copy: CopySummary, *, from_event: str, to_event: str, wall_seconds: float
) -> dict[str, Any]:
    """One copy's end as plain JSON values."""
    state = {0: "done", 1: "rows not done"}.get(copy.exit_code, "stopped")
    return {
        "kind": "copy",
        "from_event": from_event,
        "to_event": to_event,
        "exit_code": copy.exit_code,
        "state": state,
        "stopped": copy.stopped,
        "counts": _counts(copy.counts),
        "requests": copy.requests,
        "wall_seconds": round(wall_seconds, 3),
        "work_folder": str(copy.folder),
        **copy_fields(copy),
    }


def account_object(account: AccountCopy) -> dict[str, Any]:
    return {
        "name": account.name,
        "to_event": account.to_event,
        "state": account.state,
        "exit_code": account.exit_code,
        "stopped": account.stopped,
        "resume_hint": account.resume_hint or None,
        "counts": _counts(account.counts),
        "requests": account.requests,
        "work_folder": str(account.folder),
        **copy_fields(account.copy),
    }


def many_object(summary: ManyCopySummary) -> dict[str, Any]:
    """Every account's end, as plain JSON values."""
    return {
        "kind": "copy",
        "from_event": summary.from_event,
        "exit_code": summary.exit_code,
        "wall_seconds": round(summary.seconds, 3),
        "work_folder": str(summary.folder),
        "source_requests": summary.source_requests,
        "accounts": [account_object(account) for account in summary.accounts],
    }


def as_json(found: dict[str, Any]) -> str:
    return orjson.dumps(found).decode()


def many_lines(summary: ManyCopySummary) -> list[str]:
    """The table across accounts, a line each, then what to do about the ones not done."""
    width = max(len("account"), *(len(a.name) for a in summary.accounts))
    lines = [f"{'account':<{width}}  {'state':<{STATE_WIDTH}}  counts"]
    for account in summary.accounts:
        counts = ", ".join(f"{n} {status}" for status, n in account.counts.items())
        lines.append(
            f"{account.name:<{width}}  {account.state:<{STATE_WIDTH}}  {counts or 'no rows'}"
        )
    for account in summary.accounts:
        if account.stopped:
            hint = f"; {account.resume_hint}" if account.resume_hint else ""
            lines.append(f"{account.name} stopped: {account.stopped}{hint}")
    done = sum(1 for account in summary.accounts if account.exit_code == 0)
    lines.append(
        f"{done} of {len(summary.accounts)} accounts done; the template read with "
        f"{summary.source_requests} request{'' if summary.source_requests == 1 else 's'} "
        "for them all"
    )
    if done < len(summary.accounts):
        lines.append("run the same command again to finish the others")
    lines.append(f"sheets, journals and results: {summary.folder}/accounts/NAME")
    return lines
