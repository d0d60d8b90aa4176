"""A base URL without the API's /v2/ stops a sheet of a kind that lives in no event before
any row, with the hint a wrong event's read gives (issue 23's audit: every row failed on
its own "No resource at /eventspot/events")."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.paths import SAMPLES

TOP = {  # sample -> the top collection its kind lives in
    "events": "eventspot/events",
    "lists": "lists",
    "folders": "library/folders",
    "files": "library/files",
    "campaigns": "emailmarketing/campaigns",
    "schedules": "emailmarketing/campaigns",
}


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry run"])
@pytest.mark.parametrize("kind", list(TOP))
def test_a_base_url_without_v2_stops_before_any_row(
    sandbox: Sandbox, run_cli: Cli, kind: str, dry_run: bool, tmp_path: Path
) -> None:
    sheet = tmp_path / f"{kind}.csv"
    shutil.copy(SAMPLES / f"{kind}.csv", sheet)
    base = f"{sandbox.url}/"
    before = sandbox.stats()["requests_by_method"]
    more = ["--dry-run"] if dry_run else ["--yes"] if kind == "schedules" else []
    result = run_cli("import", kind, str(sheet), "--quiet", *more,
                     env={**sandbox.env, "BULKSPOT_BASE_URL": base})  # fmt: skip
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"Error: {base} answers 404 for {TOP[kind]} (is {base} the API? its base URL ends in "
        "/v2/): check --base-url (or BULKSPOT_BASE_URL)"
    )
    after = sandbox.stats()["requests_by_method"]
    sent = {m: n - before.get(m, 0) for m, n in after.items() if n != before.get(m, 0)}
    assert sent == {"GET": 1}  # the check's read, and no row's request
    assert sorted(p.name for p in tmp_path.iterdir()) == [sheet.name]  # no journal, no results


def test_the_apis_base_url_costs_no_read_more(
    sandbox: Sandbox, run_cli: Cli, tmp_path: Path
) -> None:
    """With /v2/ the check sends nothing: a folders import sends its writes alone."""
    sheet = tmp_path / "folders.csv"
    shutil.copy(SAMPLES / "folders.csv", sheet)
    before = sandbox.stats()["requests_by_method"]
    result = run_cli("import", "folders", str(sheet), "--quiet", env=sandbox.env)
    assert result.exit_code == 0, result.output
    after = sandbox.stats()["requests_by_method"]
    sent = {m: n - before.get(m, 0) for m, n in after.items() if n != before.get(m, 0)}
    held = sandbox.call(lambda c: c.list("folder", {}))
    assert sent == {"GET": 1, "POST": len(held)}  # the folders read for the parents' ids


@pytest.mark.parametrize("kind", ["events", "lists", "folders"])
def test_an_export_that_stops_on_a_404_without_v2_gets_the_hint(
    sandbox: Sandbox, run_cli: Cli, kind: str, tmp_path: Path
) -> None:
    base = f"{sandbox.url}/"
    output = tmp_path / f"{kind}.csv"
    result = run_cli("export", kind, "--output", str(output),
                     env={**sandbox.env, "BULKSPOT_BASE_URL": base})  # fmt: skip
    assert result.exit_code == 2, result.output
    path = TOP[kind]
    assert result.output.strip().splitlines()[-1] == (
        f"Error: HTTP 404 from GET {path}: http.status.not_found: No resource at /{path}. (is "
        f"{base} the API? its base URL ends in /v2/): check --base-url (or BULKSPOT_BASE_URL)"
    )
    assert not output.exists()


@pytest.mark.parametrize("kind", ["fees", "items", "attributes", "promocodes"])
def test_an_export_of_an_event_that_is_not_there_says_so(
    sandbox: Sandbox, run_cli: Cli, kind: str, tmp_path: Path
) -> None:
    """It said `HTTP 404 from GET eventspot/events/E/fees`, where an import of the same
    event says there is no such event and what to check."""
    output = tmp_path / f"{kind}.csv"
    missing = "a07e0000000000000000"
    result = run_cli("export", kind, "--event", missing, "--output", str(output),
                     env=sandbox.env)  # fmt: skip
    assert result.exit_code == 2, result.output
    assert result.output.strip().splitlines()[-1] == (
        f"Error: there is no event {missing} in this account: check --event (an events "
        "import prints the id of each event it makes)"
    )
    assert not output.exists()
