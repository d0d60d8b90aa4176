"""The command boundary with the engine replaced: exit codes, the summary, the commands that
resume or retry (never with a secret in them), and errors from the library as messages."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from bulkspot import api
from bulkspot.config import RunConfig
from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.errors import InputError, JournalError
from bulkspot.events import Observer, RequestSent, RowDone, RunFinished, RunStarted
from tests.cli.invoke import Cli

ENV = {
    "CTCT_API_KEY": "key-secret-1",
    "CTCT_ACCESS_TOKEN": "token-secret-2",
    "BULKSPOT_BASE_URL": "http://127.0.0.1:9/v2/",
}


def fake_engine(
    monkeypatch: pytest.MonkeyPatch,
    counts: dict[Status, int],
    *,
    stopped: str | None = None,
    raises: Exception | None = None,
) -> list[tuple[api.ImportJob, RunConfig]]:
    seen: list[tuple[api.ImportJob, RunConfig]] = []

    async def import_sheet(
        job: api.ImportJob,
        config: RunConfig,
        observers: Sequence[Observer] = (),
        *,
        handle_signals: bool = False,
    ) -> api.RunSummary:
        seen.append((job, config))
        if raises is not None:
            raise raises
        rows = sum(counts.values())
        for observer in observers:
            observer(RunStarted(rows, 0, config.limits.rate))
            for row, status in enumerate(s for s, n in counts.items() for _ in range(n)):
                observer(RequestSent("POST", "eventspot/events/E1/items"))
                observer(RowDone(OpKey(row + 2), Outcome(status)))
            observer(RunFinished(dict(counts), rows, 3, 1, 0.5))
        results = job.results_path or Path("items.csv.items.E1.results.csv")
        with results.open("w", newline="", encoding="utf-8-sig") as out:
            out.write("name,row,status,id,error\n")
            for row, status in enumerate(s for s, n in counts.items() for _ in range(n)):
                why = f"why {row + 2}" if status in (Status.FAILED, Status.INVALID) else ""
                out.write(f"Hat,{row + 2},{status},,{why}\n")
        return api.RunSummary(
            counts=counts,
            requests=rows,
            retries=3,
            reconciliations=1,
            seconds=0.5,
            results_path=results,
            journal_path=Path("items.csv.items.E1.journal.sqlite"),
            stopped=stopped,
            resume_hint="run the same command again after 00:00 UTC" if stopped else "",
        )

    monkeypatch.setattr(api, "import_sheet", import_sheet)
    return seen


@pytest.fixture
def sheet(tmp_path: Path) -> Path:
    path = tmp_path / "items.csv"
    path.write_text("name,price\nHat,5\n")
    return path


def test_every_row_done_exits_0_with_the_summary(
    run_cli: Cli, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen = fake_engine(monkeypatch, {Status.CREATED: 4, Status.EXISTS: 1})
    result = run_cli(
        "import", "items", str(sheet), "--event", "E1", "--rate", "2.5", "--concurrency", "3",
        "--map", "Product=name", "--on-existing", "update", "--results", "out.jsonl", env=ENV,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    job, config = seen[0]
    assert (job.kind, job.event_id, dict(job.column_map)) == ("items", "E1", {"Product": "name"})
    assert job.results_path == Path("out.jsonl")
    assert (config.limits.rate, config.limits.concurrency) == (2.5, 3)
    assert config.on_existing.value == "update"
    assert config.api.base_url == "http://127.0.0.1:9/v2/"
    out = result.stdout
    for expected in ("created", "exists", "requests sent", "retries", "reconciliations",
                     "wall time", "effective rate", "out.jsonl", "journal"):  # fmt: skip
        assert expected in out
    assert "\x1b" not in out  # not a terminal: no control characters
    assert "to finish the rest" not in out and "--retry-failed" not in out


def test_failed_rows_exit_1_and_say_how_to_retry_them(
    run_cli: Cli, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(monkeypatch, {Status.CREATED: 3, Status.FAILED: 1, Status.INVALID: 1})
    result = run_cli(
        "import", "items", str(sheet), "--event", "E1", "--fresh",
        "--api-key", "typed-key-3", "--token=typed-token-4", env=ENV,
    )  # fmt: skip
    assert result.exit_code == 1
    assert (
        f"to send the failed rows again:  bulkspot import items {sheet} --event E1 --retry-failed"
        in result.stdout
    )
    listed = "rows not done (all of them, and why, in items.csv.items.E1.results.csv):\n"
    assert listed in result.stdout
    assert "  row 5: failed: why 5\n  row 6: invalid: why 6\n" in result.stdout
    for secret in ("typed-key-3", "typed-token-4", "key-secret-1", "token-secret-2"):
        assert secret not in result.output


def test_a_stopped_run_exits_2_and_prints_the_command_that_resumes(
    run_cli: Cli, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(
        monkeypatch,
        {Status.CREATED: 2, Status.PENDING: 3},
        stopped="the daily quota is used up",
    )
    result = run_cli(
        "import", "items", str(sheet), "--event", "E1", "--fresh", "--token", "typed-5", env=ENV
    )
    assert result.exit_code == 2
    assert "stopped: the daily quota is used up" in result.stdout
    assert "run the same command again after 00:00 UTC" in result.stdout
    assert f"to finish the rest:  bulkspot import items {sheet} --event E1\n" in result.stdout
    assert "typed-5" not in result.output


@pytest.mark.parametrize(
    ("error", "message"),
    [
        (InputError("items.csv has no header row"), "Error: items.csv has no header row"),
        (JournalError("the journal belongs to another input"), "belongs to another input"),
        (PermissionError(13, "Permission denied", "out.csv"), "Permission denied: out.csv"),
    ],
)
def test_library_errors_are_one_clean_line(
    run_cli: Cli, sheet: Path, monkeypatch: pytest.MonkeyPatch, error: Exception, message: str
) -> None:
    fake_engine(monkeypatch, {}, raises=error)
    result = run_cli("import", "items", str(sheet), "--event", "E1", env=ENV)
    assert result.exit_code == 2
    assert message in result.stderr
    assert "Traceback" not in result.output


def test_a_bug_is_reported_without_a_traceback_unless_debugging(
    run_cli: Cli, sheet: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_engine(monkeypatch, {}, raises=ZeroDivisionError("oops"))
    result = run_cli("import", "items", str(sheet), "--event", "E1", env=ENV)
    assert result.exit_code == 2
    assert "unexpected ZeroDivisionError: oops" in result.stderr
    assert "BULKSPOT_DEBUG=1" in result.stderr
    with pytest.raises(ZeroDivisionError):
        run_cli("import", "items", str(sheet), "--event", "E1", env={**ENV, "BULKSPOT_DEBUG": "1"})
