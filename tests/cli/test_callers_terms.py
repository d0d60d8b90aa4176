"""Issue 22: a library caller is told `api_key=`, `fresh=True` and "make the same call again";
the command line `--api-key`, `--fresh` and "Ctrl-C again" (core/wording.py, the one place
that knows the two vocabularies)."""

from __future__ import annotations

from pathlib import Path

import pytest

import bulkspot
from bulkspot.core.mapping import ColumnError
from bulkspot.core.wording import for_command_line, for_library, interrupted_hint
from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox


def test_missing_credentials_say_api_key_to_the_library_and_the_flag_to_the_command_line(
    run_cli: Cli,
) -> None:
    with pytest.raises(bulkspot.ConfigError) as refused:
        bulkspot.settings_from_env({})
    assert str(refused.value) == (
        "no api key and no access token: set CTCT_API_KEY and CTCT_ACCESS_TOKEN "
        "(or pass api_key= and token=)"
    )
    with pytest.raises(bulkspot.ConfigError) as refused:
        bulkspot.settings_from_env({"CTCT_ACCESS_TOKEN": "t"})
    assert str(refused.value) == "no api key: set CTCT_API_KEY or pass api_key="

    done = run_cli("export", "fees", "--output", "out.csv", "--event", "E1",
                   env={"CTCT_API_KEY": "", "CTCT_ACCESS_TOKEN": "t"})  # fmt: skip
    assert done.exit_code == 2
    assert done.stderr == "Error: no api key: set CTCT_API_KEY or pass --api-key\n"


def test_another_exports_journal_says_fresh_true_to_a_library_caller(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    output = tmp_path / "fees.csv"
    journal = tmp_path / "fees.csv.export-journal.jsonl"
    journal.write_text('{"export": {"kind": "item", "event_id": "OTHER"}}\n', encoding="utf-8")
    settings = bulkspot.ApiSettings(
        sandbox.env["CTCT_API_KEY"], sandbox.env["CTCT_ACCESS_TOKEN"], sandbox.base
    )
    with pytest.raises(bulkspot.JournalError) as refused:
        bulkspot.run_export("fee", output, config=bulkspot.RunConfig(settings), event_id=event)
    assert str(refused.value) == (
        f"{journal} is the journal of another export (kind item, event_id OTHER): give "
        "fresh=True to start over, or export to another file"
    )


def test_an_interrupted_run_says_ctrl_c_again_only_on_the_command_line() -> None:
    with for_library():
        assert interrupted_hint() == (
            "make the same call again to finish the rest (a second signal stops at once)"
        )
    with for_command_line():
        assert interrupted_hint() == (
            "run the same command again to finish the rest (Ctrl-C again stops at once)"
        )


def test_a_sheet_without_its_event_or_with_a_wrong_map_is_told_in_keywords(
    tmp_path: Path,
) -> None:
    sheet = tmp_path / "fees.csv"
    sheet.write_text("label,fee\nAdult,25.00\n", encoding="utf-8")
    config = bulkspot.RunConfig(bulkspot.ApiSettings("k", "t", "http://127.0.0.1:9/v2/"))
    with pytest.raises(ColumnError) as refused:  # before any request
        bulkspot.run_import("fees", sheet, config=config)
    assert str(refused.value) == (
        "a fees sheet belongs to an event: give event_id=ID, or add an event_id column"
    )
    with pytest.raises(ColumnError) as refused:
        bulkspot.run_import("fees", sheet, config=config, event_id="E1",
                            column_map={"Price": "fee"})  # fmt: skip
    assert str(refused.value) == (
        "column_map={'Price': 'fee'}: the sheet has no column 'Price'; its columns are "
        "'label', 'fee'"
    )
