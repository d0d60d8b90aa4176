"""What was undone stays undone (issue 21): the same generate or import command run again
after `bulkspot undo` (from a shell's history, a cron job) sends nothing, says why and what
to type, and exits 2; `--fresh` makes the rows again. The server is read over plain HTTP."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path
from typing import Any

import anyio
import pytest

from bulkspot.api import import_sheet
from bulkspot.config import ApiSettings, Limits, RunConfig
from bulkspot.errors import JobUndoneError
from bulkspot.runner.job import ImportJob
from tests.cli.invoke import Cli
from tests.cli.sandbox import SANDBOX, Sandbox

FEES = "label,fee\nGeneral,25\nStudent,10\nVIP,90\n"


def server_get(sandbox: Sandbox, path: str) -> Any:
    """GET a v2 path as the API answers it (plain HTTP, the sandbox's key and token)."""
    request = urllib.request.Request(
        f"{sandbox.base}{path}?api_key={SANDBOX['CTCT_API_KEY']}",
        headers={"Authorization": f"Bearer {SANDBOX['CTCT_ACCESS_TOKEN']}",
                 "Accept": "application/json"},
    )  # fmt: skip
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.load(answer)


def code_names(sandbox: Sandbox, event: str) -> list[str]:
    found = server_get(sandbox, f"eventspot/events/{event}/promocodes")
    return sorted(p["code_name"] for p in found)


def posts(sandbox: Sandbox) -> int:
    return int(sandbox.stats()["requests_by_method"].get("POST", 0))


def test_generate_undo_and_the_same_generate_again_makes_nothing(
    sandbox: Sandbox, run_cli: Cli, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    generate = ["promocodes", "generate", "--event", event, "--count", "6", "--discount", "20%",
                "--seed", "3", "--rate", "1000"]  # fmt: skip
    made = run_cli(*generate, env=sandbox.env)
    assert made.exit_code == 0, made.output
    codes = code_names(sandbox, event)
    assert len(codes) == 6
    [csv_path] = [p.name for p in tmp_path.glob("promocodes-*.csv") if p.name.count(".") == 1]
    journal = f"{csv_path}.promocodes.journal.sqlite"
    undone = run_cli("undo", "--journal", journal, "--rate", "1000", env=sandbox.env)
    assert undone.exit_code == 0, undone.output
    assert code_names(sandbox, event) == []

    before = posts(sandbox)
    again = run_cli(*generate, env=sandbox.env)

    assert again.exit_code == 2
    assert again.output == (
        f"Error: {csv_path} holds this batch's 6 codes from an earlier run, and `bulkspot "
        f"undo` removed them (journal {journal}): nothing was sent. To make these codes "
        "again, run the same command with --fresh.\n"
    )
    assert posts(sandbox) == before
    assert code_names(sandbox, event) == []

    fresh = run_cli(*generate, "--fresh", env=sandbox.env)
    assert fresh.exit_code == 0, fresh.output
    assert code_names(sandbox, event) == codes  # the batch's own codes, made again as asked


def test_an_import_run_again_after_its_undo_sends_nothing_until_fresh(
    sandbox: Sandbox, run_cli: Cli, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    (tmp_path / "fees.csv").write_text(FEES, encoding="utf-8")
    command = ["import", "fees", "fees.csv", "--event", event, "--rate", "1000"]
    assert run_cli(*command, env=sandbox.env).exit_code == 0
    journal = f"fees.csv.fees.{event}.journal.sqlite"
    assert (tmp_path / journal).is_file()
    assert run_cli("undo", "--journal", journal, "--rate", "1000", env=sandbox.env).exit_code == 0
    assert server_get(sandbox, f"eventspot/events/{event}/fees") == []

    before = posts(sandbox)
    for again in (command, [*command, "--dry-run"], [*command, "--retry-failed"]):
        refused = run_cli(*again, env=sandbox.env)
        assert refused.exit_code == 2
        assert refused.output == (
            f"Error: the run of the journal {journal} was undone (`bulkspot undo`), so nothing "
            "was sent: running it again would make again what the undo removed. To make its "
            "rows again, run with --fresh (which replaces the journal).\n"
        )
    assert posts(sandbox) == before
    assert server_get(sandbox, f"eventspot/events/{event}/fees") == []

    fresh = run_cli(*command, "--fresh", env=sandbox.env)
    assert fresh.exit_code == 0, fresh.output
    labels = sorted(f["label"] for f in server_get(sandbox, f"eventspot/events/{event}/fees"))
    assert labels == ["General", "Student", "VIP"]
    assert posts(sandbox) == before + 3


def test_an_interrupted_undo_refuses_the_import_and_names_both_ways_on(
    sandbox: Sandbox, run_cli: Cli, tmp_path: Path
) -> None:
    """An undo marks the journal before its first delete: stopped half way (here: the key
    refused), the import run again still sends nothing; the library says `fresh=True`."""
    event = sandbox.new_event()
    (tmp_path / "fees.csv").write_text(FEES, encoding="utf-8")
    assert run_cli("import", "fees", "fees.csv", "--event", event, "--rate", "1000",
                   env=sandbox.env).exit_code == 0  # fmt: skip
    journal = tmp_path / f"fees.csv.fees.{event}.journal.sqlite"
    wrong_key = {**sandbox.env, "CTCT_API_KEY": "not-the-key"}
    stopped = run_cli("undo", "--journal", journal.name, env=wrong_key)
    assert stopped.exit_code == 2
    assert len(server_get(sandbox, f"eventspot/events/{event}/fees")) == 3
    settings = ApiSettings(SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"], sandbox.base)
    job = ImportJob("fees", tmp_path / "fees.csv", event_id=event)
    before = posts(sandbox)

    with pytest.raises(JobUndoneError) as refused:
        anyio.run(lambda: import_sheet(job, RunConfig(settings, Limits(rate=1000))))

    assert str(refused.value) == (
        f"an undo of the run of the journal {journal} did not finish, so nothing was sent. "
        f"To finish the undo, run `bulkspot undo --journal {journal}` again; to make the rows "
        "again instead, run with fresh=True (which replaces the journal)."
    )
    assert posts(sandbox) == before


FOLDERS = "name,parent\nBrochures,\n2026,Brochures\nLogos,\n"


def test_undo_names_what_it_left_in_place_in_its_summary_json_and_dry_run(
    sandbox: Sandbox, run_cli: Cli, tmp_path: Path
) -> None:
    (tmp_path / "folders.csv").write_text(FOLDERS, encoding="utf-8")
    assert run_cli("import", "folders", "folders.csv", "--rate", "1000",
                   env=sandbox.env).exit_code == 0  # fmt: skip
    ids = {f["name"]: f["id"] for f in server_get(sandbox, "library/folders")["results"]}
    theirs = sandbox.call(lambda client: client.create(
        "folder", {}, {"name": "Theirs", "parent_id": ids["2026"]}))["id"]  # fmt: skip
    journal = "folders.csv.folders.journal.sqlite"
    left = [
        f"  folder '2026' (id {ids['2026']}): it holds 1 folder this run did not make: "
        f"folder 'Theirs' (id {theirs})",
        f"  folder 'Brochures' (id {ids['Brochures']}): it holds 1 folder of this run's left "
        f"in place: folder '2026' (id {ids['2026']})",
    ]

    dry = run_cli("undo", "--journal", journal, "--dry-run", "--rate", "1000", env=sandbox.env)
    assert dry.exit_code == 0
    assert dry.output.splitlines()[-5:] == [
        "would delete or cancel, children first:",
        f"  to delete  folder  Logos  (id {ids['Logos']})",
        "left in place (deleting it would take along what this run did not make):",
        *left,
    ]
    undone = run_cli("undo", "--journal", journal, "--json", "--rate", "1000", env=sandbox.env)
    assert undone.exit_code == 0
    found = json.loads(undone.output)
    assert found["counts"] == {"deleted": 1}
    assert found["left_in_place"] == [
        {"kind": "folder", "id": ids["2026"], "name": "2026", "reason": left[0].split(": ", 1)[1],
         "holds": [{"kind": "folder", "id": theirs, "name": "Theirs"}], "holds_kept": []},
        {"kind": "folder", "id": ids["Brochures"], "name": "Brochures",
         "reason": left[1].split(": ", 1)[1], "holds": [],
         "holds_kept": [{"kind": "folder", "id": ids["2026"], "name": "2026"}]},
    ]  # fmt: skip
    folders = server_get(sandbox, "library/folders")["results"]
    held = {f["name"]: f.get("parent_id") for f in folders}
    assert held == {"Brochures": None, "2026": ids["Brochures"], "Theirs": ids["2026"]}
