"""The progress view on its own: what it prints for a run's events, on a terminal and off."""

from __future__ import annotations

import io
from types import SimpleNamespace

import pytest
from rich.console import Console

from bulkspot.cli import progress
from bulkspot.cli.progress import ProgressView, duration, estimate
from bulkspot.core.operation import OpKey
from bulkspot.core.outcome import Outcome, Status
from bulkspot.events import (
    RateChanged,
    RequestSent,
    Retrying,
    RowDone,
    RunEvent,
    RunFinished,
    RunStarted,
)


def test_durations_read_like_a_person_says_them() -> None:
    assert duration(2.2) == "3 s"
    assert duration(200) == "3 min 20 s"
    assert duration(7500) == "2 h 5 min"
    assert duration(3 * 86400) == "3 days"


def test_estimate_follows_the_rate_and_names_the_assumed_quota_when_it_matters() -> None:
    assert estimate(60, 20.0, None) == ("at least 3 s", None)
    assert estimate(600, 4.0, 5000) == ("at least 2 min 30 s", None)
    assert estimate(15, 20.0, None) == ("under a second", None)
    text, warning = estimate(6000, 4.0, None)  # most of a standard day: say what is assumed
    assert text == (
        "at least 25 min (at least 6,000 of the 10,000 requests a standard key has a day)"
    )
    assert warning is None


def test_a_job_larger_than_the_quota_says_so_before_it_starts() -> None:
    text, warning = estimate(500, 4.0, 120)
    assert text.startswith("at least 2 days")
    assert warning and "more than the 120 left in today's quota" in warning
    text, warning = estimate(25_000, 4.0, None)
    assert text.startswith("at least 3 days")
    assert warning and "a standard key's 10,000 a day (assumed" in warning
    assert "after 00:00 UTC" in warning


def run_events(rows: int = 20) -> list[RunEvent]:
    events: list[RunEvent] = [RunStarted(total_rows=rows, already_done=2, rate=20.0)]
    for row in range(2, rows + 2):
        events.append(RequestSent("POST", "eventspot/events/E1/items"))
        if row == 5:
            events.append(Retrying(OpKey(row), 1, "HTTP 503", 0.0))
            events.append(RateChanged(20.0, 10.0, "over limit"))
        status = Status.FAILED if row == 7 else Status.CREATED
        events.append(RowDone(OpKey(row), Outcome(status, "id"), resumed=row < 4))
    events.append(RunFinished({Status.CREATED: rows - 1, Status.FAILED: 1}, rows, 1, 0, 1.0))
    return events


def test_on_a_terminal_the_bar_shows_and_the_cursor_comes_back() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=True, width=120, color_system=None)
    with ProgressView(console, rate=20.0) as view:
        for event in run_events():
            view(event)
        line = view.status_line()
    text = out.getvalue()
    assert "20 rows (2 done earlier); at most 20 requests/s; under a second" in text
    assert "rate lowered to 10 requests/s (over limit)" in text
    assert "\x1b[?25l" in text and text.rstrip("\n").endswith("\x1b[?25h")
    assert "20/20 rows" in line and "1 retry ·" in line and "1 not done" in line
    assert "10 req/s (over limit)" in line


def test_off_a_terminal_plain_lines_without_control_characters() -> None:
    out = io.StringIO()
    console = Console(file=out, force_terminal=False, width=100)
    with ProgressView(console, rate=20.0) as view:
        for event in run_events():
            view(event)
    text = out.getvalue()
    assert "\x1b" not in text and "\r" not in text
    assert text.splitlines() == [
        "20 rows (2 done earlier); at most 20 requests/s; under a second",
        "rate lowered to 10 requests/s (over limit)",
    ]


def test_quiet_prints_nothing_but_the_quota_warning(capsys: pytest.CaptureFixture[str]) -> None:
    out = io.StringIO()
    with ProgressView(Console(file=out, force_terminal=True), quiet=True) as view:
        view(RunStarted(total_rows=50, already_done=0, rate=4.0, quota_left=10))
        for event in run_events()[1:]:
            view(event)
    assert out.getvalue() == ""
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "more than the 10 left in today's quota" in captured.err


def test_the_eta_knows_the_rate_before_anything_is_done() -> None:
    view = ProgressView(Console(file=io.StringIO()), quiet=True)
    view(RunStarted(total_rows=400, already_done=0, rate=4.0))
    assert view.eta(0.0) == "1 min 40 s"
    view(RunStarted(total_rows=20_000, already_done=0, rate=4.0))
    assert view.eta(0.0) == "after today's quota (run again after 00:00 UTC)"


def test_a_run_done_by_an_earlier_one_says_nothing_is_left_to_send() -> None:
    out = io.StringIO()
    with ProgressView(Console(file=out, force_terminal=False, width=100)) as view:
        view(RunStarted(total_rows=5, already_done=5, rate=4.0))
    assert out.getvalue() == "5 rows, all done by an earlier run: nothing to send\n"


def test_the_effective_rate_is_the_pace_from_the_first_request_to_the_last(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = [100.0]
    monkeypatch.setattr(progress, "time", SimpleNamespace(monotonic=lambda: now[0]))
    view = ProgressView(Console(file=io.StringIO()), quiet=True)
    view(RunStarted(total_rows=4, already_done=0, rate=4.0))
    assert view.pace() is None
    for moment in (100.0, 100.25, 100.5, 100.75):  # 4 requests as a 4/s gate spaces them
        now[0] = moment
        view(RequestSent("POST", "eventspot/events/E1/fees"))
    now[0] = 100.9  # the last answer; over the wall time it would seem 4.4/s
    assert view.pace() == pytest.approx(4.0)


def test_a_dry_run_has_no_estimate_and_no_quota_warning(
    capsys: pytest.CaptureFixture[str],
) -> None:
    out = io.StringIO()
    with ProgressView(Console(file=out, force_terminal=False), dry_run=True) as view:
        view(RunStarted(total_rows=20_000, already_done=0, rate=4.0))
        assert view.eta(0.0) is None
    assert out.getvalue() == "20,000 rows; a dry run: nothing is created or changed\n"
    assert capsys.readouterr().err == ""
