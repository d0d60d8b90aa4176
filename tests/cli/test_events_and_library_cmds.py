"""`bulkspot events publish|cancel ID...`, and `bulkspot import` of folders, files and lists
from the command line against the simulator."""

from __future__ import annotations

import csv
import shutil
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.paths import REPO


def status_of(sandbox: Sandbox, event_id: str) -> str:
    return str(sandbox.call(lambda client: client.get("event", {}, event_id))["status"])


def test_publish_then_cancel_events_by_id(run_cli: Cli, sandbox: Sandbox) -> None:
    first, second = sandbox.new_event(name="pub-1"), sandbox.new_event(name="pub-2")
    published = run_cli("events", "publish", first, second, env=sandbox.env)
    assert (published.exit_code, published.stdout) == (
        0, f"{first}  ACTIVE  pub-1\n{second}  ACTIVE  pub-2\n"
    )  # fmt: skip
    assert status_of(sandbox, first) == "ACTIVE"
    cancelled = run_cli("events", "cancel", first, env=sandbox.env)
    assert (cancelled.exit_code, cancelled.stdout) == (0, f"{first}  CANCELLED  pub-1\n")


def test_an_event_that_cannot_change_fails_and_the_rest_go_on(
    run_cli: Cli, sandbox: Sandbox
) -> None:
    gone, fine = sandbox.new_event(name="gone"), sandbox.new_event(name="fine")
    run_cli("events", "cancel", gone, env=sandbox.env)
    result = run_cli("events", "publish", gone, "a07enosuchevent", fine, env=sandbox.env)
    assert result.exit_code == 1
    assert result.stdout == (
        f"{gone}  failed: json.field.invalid: #/status: cannot change the status from "
        "CANCELLED to ACTIVE\n"
        "a07enosuchevent  failed: http.status.not_found: No event with the id a07enosuchevent "
        "was found.\n"
        f"{fine}  ACTIVE  fine\n"
    )


def test_events_commands_refuse_what_is_not_an_event_id(run_cli: Cli, sandbox: Sandbox) -> None:
    result = run_cli("events", "publish", "../x", env=sandbox.env)
    assert result.exit_code == 2
    assert "'../x' is not an event id" in result.output and "Traceback" not in result.output
    assert run_cli("events", "cancel", env=sandbox.env).exit_code == 2  # no id at all


def test_a_wrong_token_stops_with_exit_2_and_no_secret(run_cli: Cli, sandbox: Sandbox) -> None:
    event = sandbox.new_event(name="locked")
    env = {**sandbox.env, "CTCT_ACCESS_TOKEN": "wrong-token-secret"}
    result = run_cli("events", "publish", event, env=env)
    assert result.exit_code == 2
    assert "wrong-token-secret" not in result.output and "Traceback" not in result.output
    assert status_of(sandbox, event) == "DRAFT"


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as lines:
        return list(csv.DictReader(lines))


@pytest.mark.slow
def test_the_sample_folders_and_lists_import_from_the_command_line(
    run_cli: Cli, sandbox: Sandbox
) -> None:
    for name in ("folders.csv", "lists.csv"):
        shutil.copy(REPO / "samples" / name, run_cli.cwd / name)
    folders = run_cli("import", "folders", "folders.csv", "--quiet", env=sandbox.env)
    assert folders.exit_code == 0, folders.output
    assert "event ids" not in folders.output  # those are for events only
    made = rows(run_cli.cwd / "folders.csv.folders.results.csv")
    assert {r["status"] for r in made} == {"created"} and len(made) == 8
    lists = run_cli("import", "lists", "lists.csv", "--quiet", env=sandbox.env)
    assert lists.exit_code == 0, lists.output
    again = run_cli("import", "folders", "folders.csv", "--fresh", "--quiet", env=sandbox.env)
    assert again.exit_code == 0
    again_rows = rows(run_cli.cwd / "folders.csv.folders.results.csv")
    assert {r["status"] for r in again_rows} == {"exists"}


def test_columns_and_import_know_the_new_kinds(run_cli: Cli) -> None:
    shown = run_cli("columns", "folders")
    assert shown.exit_code == 0 and "parent" in shown.stdout
    assert "Brochures/2026" in shown.stdout
    helped = run_cli("import", "--help")
    shown_help = helped.stdout.replace("\n", " ").replace("  ", " ")
    assert "folders, files, lists, campaigns or schedules" in shown_help
