"""The files a run writes belong to that run (issue 20): results, errors file, log, journal
and an export's sheet are refused before the first request when one is the input sheet,
another of the run's files, or another job's (its journal, known by content; a file a
running job holds). Seen: `--results fees.csv` replaced the input fees.csv, `--log fees.csv`
appended to it, `--results` over another job's journal destroyed that journal."""

from __future__ import annotations

import csv
import datetime as dt
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from bulkspot import api
from bulkspot.config import ApiSettings, Limits, RunConfig
from bulkspot.errors import ConfigError
from tests.cli.invoke import Cli
from tests.cli.sandbox import SANDBOX, Sandbox
from tests.cli.test_journal_lock import WAIT_LIMIT, owner_of, write_events
from tests.paths import SAMPLES


@pytest.fixture
def fees(tmp_path: Path) -> Path:
    return Path(shutil.copy(SAMPLES / "fees.csv", tmp_path / "fees.csv"))


def refused(run_cli: Cli, sandbox: Sandbox, *args: str) -> str:
    """Run `import fees fees.csv ARGS`: exit 2, no request sent; the last line said."""
    event = sandbox.new_event()
    before = sandbox.stats()["requests"]
    result = run_cli("import", "fees", "fees.csv", "--event", event, "--quiet", *args,
                     env=sandbox.env)  # fmt: skip
    assert result.exit_code == 2, result.output
    assert sandbox.stats()["requests"] == before  # the event check included: nothing
    return str(result.output.strip().splitlines()[-1])


def test_results_or_log_naming_the_input_is_refused_and_the_input_kept(
    run_cli: Cli, sandbox: Sandbox, fees: Path
) -> None:
    sheet = fees.read_bytes()
    assert refused(run_cli, sandbox, "--results", "fees.csv") == (
        "Error: --results fees.csv is the input sheet; choose another results file (nothing "
        "was sent)"
    )
    assert refused(run_cli, sandbox, "--log", "fees.csv") == (
        "Error: --log fees.csv is the input sheet; choose another log file (nothing was sent)"
    )
    around = f"../{fees.parent.name}/fees.csv"  # ./fees.csv is fees.csv to pathlib
    assert refused(run_cli, sandbox, "--journal", around) == (
        f"Error: --journal {around} is the input sheet fees.csv; choose another journal "
        "(nothing was sent)"
    )
    assert fees.read_bytes() == sheet


def test_the_input_by_a_symlink_or_a_hard_link_is_the_input(
    run_cli: Cli, sandbox: Sandbox, fees: Path, tmp_path: Path
) -> None:
    os.symlink(fees, tmp_path / "soft.csv")
    os.link(fees, tmp_path / "hard.csv")
    sheet = fees.read_bytes()
    assert refused(run_cli, sandbox, "--results", "soft.csv") == (
        "Error: --results soft.csv is the input sheet fees.csv; choose another results file "
        "(nothing was sent)"
    )
    assert refused(run_cli, sandbox, "--results", "hard.csv") == (
        "Error: --results hard.csv is the input sheet fees.csv; choose another results file "
        "(nothing was sent)"
    )
    assert fees.read_bytes() == sheet


def test_two_of_the_runs_own_files_in_one_are_refused(
    run_cli: Cli, sandbox: Sandbox, fees: Path
) -> None:
    assert refused(run_cli, sandbox, "--results", "j.sqlite", "--journal", "j.sqlite") == (
        "Error: --results j.sqlite is also this run's journal; choose another results file "
        "(nothing was sent)"
    )
    assert refused(run_cli, sandbox, "--results", "r.csv", "--log", "r.errors.csv") == (
        "Error: --log r.errors.csv is also this run's errors file; choose another log file "
        "(nothing was sent)"
    )
    (Path("in.errors.csv")).write_bytes(fees.read_bytes())  # importing an errors file
    event = sandbox.new_event()
    result = run_cli("import", "fees", "in.errors.csv", "--event", event, "--results", "in.csv",
                     env=sandbox.env)  # fmt: skip
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "Error: the errors file in.errors.csv is the input sheet; choose another results file "
        "(the errors file is named after it) (nothing was sent)"
    )


def test_another_jobs_journal_is_refused_whatever_its_name(
    run_cli: Cli, sandbox: Sandbox, fees: Path
) -> None:
    event = sandbox.new_event()
    first = run_cli("import", "fees", "fees.csv", "--event", event, "--quiet",
                    "--journal", "kept.csv", env=sandbox.env)  # fmt: skip
    assert first.exit_code == 0, first.output
    journal = Path("kept.csv").read_bytes()
    assert refused(run_cli, sandbox, "--results", "kept.csv") == (
        "Error: --results kept.csv is the journal of another job; choose another results file "
        "(nothing was sent)"
    )
    assert refused(run_cli, sandbox, "--log", "kept.csv") == (
        "Error: --log kept.csv is the journal of another job; choose another log file "
        "(nothing was sent)"
    )
    assert Path("kept.csv").read_bytes() == journal
    again = run_cli("import", "fees", "fees.csv", "--event", event, "--quiet",
                    "--journal", "kept.csv", env=sandbox.env)  # fmt: skip
    assert again.exit_code == 0  # that job still resumes from it: nothing left to send
    with sqlite3.connect("kept.csv") as db:
        assert db.execute("SELECT count(*) FROM meta").fetchone()[0] > 0


def test_an_export_over_another_jobs_journal_is_refused(
    run_cli: Cli, sandbox: Sandbox, fees: Path
) -> None:
    event = sandbox.new_event()
    assert run_cli("import", "fees", "fees.csv", "--event", event, "--quiet", "--journal",
                   "j.csv", env=sandbox.env).exit_code == 0  # fmt: skip
    before = sandbox.stats()["requests"]
    result = run_cli("export", "fees", "--event", event, "--output", "j.csv", env=sandbox.env)
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "Error: --output j.csv is the journal of another job; choose another exported sheet "
        "(nothing was sent)"
    )
    assert sandbox.stats()["requests"] == before


def test_the_library_refuses_in_its_own_words(sandbox: Sandbox, fees: Path) -> None:
    settings = ApiSettings(SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"], sandbox.base)
    event = sandbox.new_event()
    before = sandbox.stats()["requests"]
    with pytest.raises(ConfigError) as refusal:
        api.run_import("fees", fees, config=RunConfig(settings, Limits(rate=100)),
                       event_id=event, results_path=fees)  # fmt: skip
    assert str(refusal.value) == (
        f"results_path {fees} is the input sheet; choose another results file (nothing was sent)"
    )
    assert sandbox.stats()["requests"] == before


@pytest.mark.slow
def test_a_second_job_writing_a_running_jobs_results_is_refused_naming_it(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    """Two jobs at once with one --results both ended well and the file held one job's rows:
    the second is refused, naming the first (pid, start, journal), and the first's rows
    stay its own."""
    names = write_events(tmp_path / "a.csv", f"shared-{next(sandbox.counter)}")
    write_events(tmp_path / "b.csv", f"other-{next(sandbox.counter)}")
    command = [sys.executable, "-m", "bulkspot", "import", "events", "a.csv",
               "--results", "r.csv", "--rate", "5", "--quiet"]  # fmt: skip
    first = subprocess.Popen(command, cwd=tmp_path, env={**os.environ, **sandbox.env},
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        owner = owner_of(tmp_path / "r.csv.lock", first)
        second = run_cli("import", "events", "b.csv", "--results", "r.csv", "--quiet",
                         env=sandbox.env)  # fmt: skip
        assert first.poll() is None, "the second run must be refused while the first runs"
        out, err = first.communicate(timeout=WAIT_LIMIT)
    finally:
        first.kill()
        first.wait()
    assert second.exit_code == 2
    journal = tmp_path / "a.csv.events.journal.sqlite"
    assert owner["journal"] == str(journal)
    started = dt.datetime.fromisoformat(owner["started"]).strftime("%Y-%m-%d %H:%M:%S %z")
    assert second.output.strip().splitlines()[-1] == (
        f"Error: --results r.csv is in use by another run (pid {owner['pid']} on "
        f"{socket.gethostname()}, started {started}, journal {journal}); wait for it to end, "
        "or choose another results file (nothing was sent)"
    )
    assert not (tmp_path / "b.csv.events.journal.sqlite").exists()
    assert first.returncode == 0, out + err
    with (tmp_path / "r.csv").open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["name"] for r in rows] == names and {r["status"] for r in rows} == {"created"}
    assert not (tmp_path / "r.csv.lock").exists()
    events = sandbox.call(lambda client: client.list("event", {}))
    assert not [e for e in events if str(e["name"]).startswith("other-")]  # b sent nothing


def test_an_undo_logging_into_its_journal_is_refused(
    run_cli: Cli, sandbox: Sandbox, fees: Path
) -> None:
    event = sandbox.new_event()
    assert run_cli("import", "fees", "fees.csv", "--event", event, "--quiet", "--journal",
                   "j.sqlite", env=sandbox.env).exit_code == 0  # fmt: skip
    journal = Path("j.sqlite").read_bytes()
    before = sandbox.stats()["requests"]
    result = run_cli("undo", "--journal", "j.sqlite", "--log", "j.sqlite", "--yes",
                     env=sandbox.env)  # fmt: skip
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        "Error: --log j.sqlite is also this run's journal; choose another log file (nothing "
        "was sent)"
    )
    assert sandbox.stats()["requests"] == before and Path("j.sqlite").read_bytes() == journal


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (("--journal", "j.sqlite", "--log", "j.sqlite"),
         "--log j.sqlite is also this run's journal; choose another log file"),
        (("--results", "r.csv", "--journal", "r.errors.csv"),
         "the errors file r.errors.csv is also this run's journal; choose another results file "
         "(the errors file is named after it)"),
        (("--results", "r.csv", "--log", "r.csv"),
         "--log r.csv is also this run's results file; choose another log file"),
        (("--results", "other.csv"),
         "the errors file other.errors.csv is the journal of another job; choose another "
         "results file (the errors file is named after it)"),
    ],
    ids=["log is the journal", "errors file is the journal", "log is the results",
         "errors file is another job's journal"],
)  # fmt: skip
def test_every_pair_of_a_runs_files_is_refused(
    run_cli: Cli, sandbox: Sandbox, fees: Path, args: tuple[str, ...], said: str
) -> None:
    """The pairs test_two_of_the_runs_own_files_in_one_are_refused leaves out, and an errors
    file (named after --results) that is another job's journal."""
    event = sandbox.new_event()
    other = run_cli("import", "fees", "fees.csv", "--event", event, "--quiet", "--journal",
                    "other.errors.csv", env=sandbox.env)  # fmt: skip
    assert other.exit_code == 0, other.output
    kept = Path("other.errors.csv").read_bytes()
    assert refused(run_cli, sandbox, *args) == f"Error: {said} (nothing was sent)"
    assert Path("other.errors.csv").read_bytes() == kept
    made = sorted(p.name for p in Path().iterdir() if not p.name.startswith("fees.csv"))
    assert made == ["other.errors.csv"]  # none of the refused run's files (the other's beside)


def test_a_codes_only_batch_logging_into_a_journal_or_its_csv_is_refused(
    run_cli: Cli, sandbox: Sandbox, fees: Path
) -> None:
    """`promocodes generate --only-csv` (no import: no job of its own) appended its log lines
    to another job's journal given as --log; it is claimed as an import's log is."""
    event = sandbox.new_event()
    assert run_cli("import", "fees", "fees.csv", "--event", event, "--quiet", "--journal",
                   "j.sqlite", env=sandbox.env).exit_code == 0  # fmt: skip
    journal = Path("j.sqlite").read_bytes()
    batch = ("promocodes", "generate", "--event", event, "--count", "3", "--discount", "10%",
             "--only-csv", "--quiet")  # fmt: skip
    cases = [
        (("--log", "j.sqlite"),
         "Error: --log j.sqlite is the journal of another job; choose another log file "
         "(nothing was sent)"),
        (("--output", "codes.csv", "--log", "codes.csv"),
         "Error: --log codes.csv is also this run's promocodes CSV; choose another log file "
         "(nothing was sent)"),
    ]  # fmt: skip
    for args, said in cases:
        before = sandbox.stats()["requests"]
        result = run_cli(*batch, *args, env=sandbox.env)
        assert (result.exit_code, result.output.strip().splitlines()[-1]) == (2, said), args
        assert sandbox.stats()["requests"] == before
    assert Path("j.sqlite").read_bytes() == journal
    assert not Path("codes.csv").exists()
