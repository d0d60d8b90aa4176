"""--log FILE and -v: a line per request (method, path, status, latency), retries and row
outcomes, with no secret in any line; an observer that raises is logged, not dropped in
silence."""

from __future__ import annotations

import io
import logging
import re
from pathlib import Path

import pytest

from bulkspot.cli.logging_observer import LogTarget, run_log
from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.events import (
    Broadcast,
    RequestDone,
    Retrying,
    RowDone,
    RunEvent,
    RunStarted,
    RunStopped,
)
from bulkspot.runner.log import RedactingFormatter, RunLog
from tests.cli.invoke import Cli
from tests.cli.sandbox import SANDBOX, Sandbox
from tests.paths import SAMPLES

KEY, TOKEN = SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"]
REQUEST_LINE = re.compile(
    r"^\S+ \S+ INFO    request (GET|POST|PUT|DELETE) (\S+) -> (\d{3}) in (\d+\.\d{3}) s$"
)


def test_the_log_of_an_import_has_a_line_per_request_and_no_secret(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    log = tmp_path / "logs" / "run.log"
    before = sandbox.stats()["requests"]
    result = run_cli(
        "import", "items", str(SAMPLES / "inventory.csv"), "--event", event, "--rate", "500",
        "--results", str(tmp_path / "r.csv"), "--journal", str(tmp_path / "j.sqlite"),
        "--log", str(log), env=sandbox.env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    sent = sandbox.stats()["requests"] - before
    text = log.read_text(encoding="utf-8")
    requests = [m for m in map(REQUEST_LINE.match, text.splitlines()) if m]
    assert len(requests) == sent > 0
    for _method, path, status, seconds in (m.groups() for m in requests):
        assert path.startswith("eventspot/events/") and "?" not in path
        assert status in ("200", "201") and float(seconds) < 60
    assert {m.group(1) for m in requests} >= {"GET", "POST"}
    rows = re.findall(r" INFO    row (\d+)(?:/\w+)?: created \(id \S+, HTTP 201, 1 attempt\)$",
                      text, re.M)  # fmt: skip
    assert {int(row) for row in rows} == set(range(2, 22))  # each of the 20 rows, created
    assert "INFO    run finished: created 20; " in text
    for secret in (KEY, TOKEN):
        assert secret not in text
    assert "request " not in result.output  # the log goes to the file only


def test_verbose_writes_the_log_to_stderr(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    event = sandbox.new_event()
    result = run_cli(
        "import", "fees", str(SAMPLES / "fees.csv"), "--event", event, "--rate", "500",
        "--results", str(tmp_path / "r.csv"), "--journal", str(tmp_path / "j.sqlite"), "-v",
        env=sandbox.env,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert sum(1 for line in lines if REQUEST_LINE.match(line)) >= 5  # a POST per fee
    assert "request " not in result.stdout
    assert KEY not in result.stderr and TOKEN not in result.stderr
    assert not logging.getLogger("bulkspot").handlers  # taken off when the command ends


def test_undo_and_generate_take_the_log_options(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    log = tmp_path / "codes.log"
    made = run_cli(
        "promocodes", "generate", "--event", event, "--count", "3", "--discount", "10%",
        "--seed", "1", "--output", str(tmp_path / "codes.csv"), "--rate", "500",
        "--journal", str(tmp_path / "codes.sqlite"), "--log", str(log), env=sandbox.env,
    )  # fmt: skip
    assert made.exit_code == 0, made.output
    text = log.read_text(encoding="utf-8")
    paths = [m.group(1, 2) for m in map(REQUEST_LINE.match, text.splitlines()) if m]
    assert paths[0] == ("GET", f"eventspot/events/{event}/promocodes")  # the existing codes
    assert paths.count(("POST", f"eventspot/events/{event}/promocodes")) == 3
    undone = run_cli("undo", "--journal", str(tmp_path / "codes.sqlite"), "--rate", "500",
                     "--log", str(log), env=sandbox.env)  # fmt: skip
    assert undone.exit_code == 0, undone.output
    deletes = [line for line in log.read_text().splitlines() if "request DELETE" in line]
    assert len(deletes) == 3
    assert KEY not in log.read_text() and TOKEN not in log.read_text()


def lines_of(*events: RunEvent) -> list[str]:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(logging.Formatter("%(levelname)s %(message)s"))
    logger = logging.getLogger("tests.runlog")
    logger.handlers, logger.propagate = [handler], False
    logger.setLevel(logging.DEBUG)
    observer = RunLog(logger)
    for event in events:
        observer(event)
    return out.getvalue().splitlines()


def test_run_log_lines_say_what_happened_and_never_the_query() -> None:
    failed = Outcome(Status.FAILED, http_status=400, attempts=1, error="price: too big")
    assert lines_of(
        RunStarted(60, 5, 4.0),
        RequestDone("POST", "eventspot/events/E1/items?api_key=abc", 503, 0.25, "busy"),
        RequestDone("GET", "eventspot/events/E1/items", None, 10.0, "timeout"),
        Retrying(OpKey(7, "item"), 2, "503 busy", 0.5),
        RowDone(OpKey(8), failed),
        RowDone(OpKey(9), Outcome(Status.EXISTS, "I9", 409, 2), resumed=True),
        RunStopped("the daily quota is used up", "run again after 00:00 UTC"),
    ) == [
        "INFO run started: 60 rows, 5 done by an earlier run, at most 4 requests/s",
        "INFO request POST eventspot/events/E1/items -> 503 in 0.250 s: busy",
        "INFO request GET eventspot/events/E1/items -> no answer in 10.000 s: timeout",
        "INFO row 7/item: attempt 2 failed (503 busy); next attempt in 0.50 s",
        "WARNING row 8: failed (HTTP 400, 1 attempt): price: too big",
        "INFO row 9: exists (id I9, HTTP 409, 2 attempts, done by an earlier run)",
        "WARNING run stopped: the daily quota is used up; run again after 00:00 UTC",
    ]


def test_every_formatted_line_is_redacted_tracebacks_included() -> None:
    out = io.StringIO()
    handler = logging.StreamHandler(out)
    handler.setFormatter(RedactingFormatter([KEY, TOKEN, ""], "%(message)s"))
    logger = logging.getLogger("tests.redact")
    logger.handlers, logger.propagate = [handler], False
    logger.warning("sent %s with %s", KEY, TOKEN)
    try:
        raise ValueError(f"bad token {TOKEN}")
    except ValueError:
        logger.exception("failed")
    text = out.getvalue()
    assert KEY not in text and TOKEN not in text
    assert text.startswith("sent [redacted] with [redacted]\nfailed\nTraceback")
    assert "ValueError: bad token [redacted]" in text


def test_an_observer_that_raises_is_logged_and_dropped(
    caplog: pytest.LogCaptureFixture,
) -> None:
    seen: list[RunEvent] = []

    def broken(event: RunEvent) -> None:
        raise RuntimeError("the bar broke")

    notify = Broadcast([broken, seen.append])
    started = RunStarted(3, 0, 4.0)
    with caplog.at_level(logging.ERROR, logger="bulkspot"):
        notify(started)
        notify(started)
    assert seen == [started, started]  # the run and the other observers go on
    [record] = caplog.records  # logged once: then it gets no more events
    assert record.name == "bulkspot" and record.levelno == logging.ERROR
    assert record.getMessage() == (
        f"observer {broken!r} raised on RunStarted and gets no more events of this run"
    )
    assert record.exc_info is not None and str(record.exc_info[1]) == "the bar broke"


def test_the_command_line_log_records_an_observer_that_raised(tmp_path: Path) -> None:
    def broken(event: RunEvent) -> None:
        raise RuntimeError(f"bar broke near {TOKEN}")

    log = tmp_path / "run.log"
    with run_log(LogTarget(path=log), secrets=[KEY, TOKEN]) as loggers:
        Broadcast([broken, *loggers])(RunStarted(1, 0, 4.0))
    text = log.read_text(encoding="utf-8")
    assert " ERROR   observer " in text and "raised on RunStarted" in text
    assert "RuntimeError: bar broke near [redacted]" in text and TOKEN not in text
    assert "INFO    run started: 1 rows" in text
