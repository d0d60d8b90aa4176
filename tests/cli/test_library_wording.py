"""Issue 16: a journal's message names options as its caller spells them: `fresh=True` and
`journal_path` to a library caller, `--fresh` and `--journal` on the command line
(core/wording.py), for the journal's own refusals and for sinks/storage.py's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import bulkspot
from bulkspot.core.wording import for_command_line, for_library
from bulkspot.sinks.storage import fresh_advice, resume_advice
from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.paths import SAMPLES

ANOTHER_JOB = (
    "the journal {journal} belongs to another job (different event). Run with {fresh} to "
    "start over (rows already on the server are found by name and not created twice), or "
    "choose another file with {other}."
)


def config_for(sandbox: Sandbox) -> bulkspot.RunConfig:
    settings = bulkspot.ApiSettings(
        sandbox.env["CTCT_API_KEY"], sandbox.env["CTCT_ACCESS_TOKEN"], sandbox.base
    )
    return bulkspot.RunConfig(settings, limits=bulkspot.Limits(rate=1000))


def test_another_jobs_journal_says_fresh_true_to_a_library_caller_and_fresh_on_the_command_line(
    sandbox: Sandbox, tmp_path: Path, run_cli: Cli
) -> None:
    first, second = sandbox.new_event(), sandbox.new_event()
    sheet = tmp_path / "inventory.csv"
    shutil.copy(SAMPLES / "inventory.csv", sheet)
    journal = tmp_path / "j.sqlite"
    config = config_for(sandbox)
    bulkspot.run_import("items", sheet, event_id=first, config=config, journal_path=journal)

    with pytest.raises(bulkspot.JournalError) as refused:
        bulkspot.run_import("items", sheet, event_id=second, config=config, journal_path=journal)
    assert str(refused.value) == ANOTHER_JOB.format(
        journal=journal, fresh="fresh=True", other="journal_path"
    )

    done = run_cli("import", "items", str(sheet), "--event", second, "--journal", str(journal),
                   env=sandbox.env)  # fmt: skip
    assert done.exit_code == 2
    message = ANOTHER_JOB.format(journal=journal, fresh="--fresh", other="--journal")
    assert f"Error: {message}" in " ".join(done.output.split())


def test_storage_advice_follows_the_caller() -> None:
    assert fresh_advice(Path("j.sqlite")) == (  # no caller said: the command line's words
        "Run with --fresh to start over: the damaged journal is kept as "
        "j.sqlite.damaged-<date>-<time>, and rows already on the server are found by name "
        "and not created twice. Or choose another file with --journal."
    )
    with for_library():
        assert fresh_advice(Path("j.sqlite")) == (
            "Run with fresh=True to start over: the damaged journal is kept as "
            "j.sqlite.damaged-<date>-<time>, and rows already on the server are found by "
            "name and not created twice. Or choose another file with journal_path."
        )
        assert resume_advice() == (
            "Nothing done is lost: once that is fixed, make the same call again."
        )
        with for_command_line():
            assert resume_advice() == (
                "Nothing done is lost: once that is fixed, run the same command again."
            )
