"""A job that cannot work stops before any row is sent: a wrong --event is read once and
refused (it used to send every row to a 404, a dry run a GET per row); an unreachable host
stops within seconds, named as HOST:PORT (it took 10-32 s and named `ssl:default`)."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import SANDBOX, Sandbox
from tests.paths import SAMPLES

WRONG = (
    "Error: there is no event NOPE123 in this account: check --event (an events import "
    "prints the id of each event it makes)"
)


def kept_in(folder: Path) -> list[str]:
    """The results and journal in the test's folder, not beside the sample."""
    return ["--results", str(folder / "r.csv"), "--journal", str(folder / "j.sqlite")]


SHEETS = {  # kind -> (a sheet of it, the reads a wrong event costs)
    # amounts: the event is read for its currency, beside the collection the rows read first
    "items": ("name,price,default_quantity_total,per_registrant_limit,show_quantity_available\n"
              "Tote,12.00,5,2,yes\n", {"GET": 2}),
    "fees": ("label,fee\nAdult,20.00\n", {"GET": 2}),
    "amount-off promocodes": ("code_name,discount_amount\nSAVE5,5.00\n", {"GET": 2}),
    # no amounts: the collection's read alone, its 404 saying the event is missing
    "percent promocodes": ("code_name,discount\nSPRING,10%\n", {"GET": 1}),
    "attributes": ("item,name,quantity_total\nTote,S,5\n", {"GET": 1}),  # the event's items
}  # fmt: skip


@pytest.mark.parametrize("dry_run", [False, True], ids=["import", "dry run"])
@pytest.mark.parametrize("sheet", list(SHEETS))
def test_a_wrong_event_is_refused_before_any_row(
    sandbox: Sandbox, run_cli: Cli, dry_run: bool, sheet: str, tmp_path: Path
) -> None:
    text, reads = SHEETS[sheet]
    path = tmp_path / "in" / "sheet.csv"
    path.parent.mkdir()
    path.write_text(text, encoding="utf-8")
    before = sandbox.stats()["requests_by_method"]
    args = ["import", sheet.split()[-1], str(path), "--event", "NOPE123", "--quiet",
            *kept_in(tmp_path)]  # fmt: skip
    result = run_cli(*args, *(["--dry-run"] if dry_run else []), env=sandbox.env)
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == WRONG
    after = sandbox.stats()["requests_by_method"]
    assert {m: n - before.get(m, 0) for m, n in after.items() if n != before.get(m, 0)} == reads
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in"]  # no journal to refuse the next


@pytest.mark.parametrize("sheet", ["items", "percent promocodes"])
def test_a_base_url_that_is_not_the_apis_gets_a_hint(
    sandbox: Sandbox, run_cli: Cli, sheet: str, tmp_path: Path
) -> None:
    env = {**sandbox.env, "BULKSPOT_BASE_URL": f"{sandbox.url}/"}
    path = tmp_path / "sheet.csv"
    path.write_text(SHEETS[sheet][0], encoding="utf-8")
    result = run_cli("import", sheet.split()[-1], str(path), "--event", "NOPE123",
                     "--quiet", *kept_in(tmp_path), env=env)  # fmt: skip
    assert result.exit_code == 2
    assert result.output.strip().splitlines()[-1] == (
        f"Error: there is no event NOPE123 in this account (is {sandbox.url}/ the API? its base "
        "URL ends in /v2/): check --event (an events import prints the id of each event it "
        "makes)"
    )


@pytest.mark.slow
def test_an_unreachable_host_stops_within_seconds_named_as_host_and_port(
    run_cli: Cli, tmp_path: Path
) -> None:
    with socket.socket() as probe:  # a free port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    env = {**SANDBOX, "BULKSPOT_BASE_URL": f"http://127.0.0.1:{port}/v2/"}
    result = run_cli("import", "items", str(SAMPLES / "inventory.csv"), "--event", "E1",
                     "--quiet", *kept_in(tmp_path), env=env)  # fmt: skip
    assert result.exit_code == 2
    lines = result.output.splitlines()
    assert (
        f"stopped: cannot reach 127.0.0.1:{port} (connection refused) for GET eventspot/events/E1"
    ) in lines
    assert "  pending          20" in lines  # the rows wait for the same command
    assert "ssl" not in result.output


def test_a_sheet_without_amounts_reads_no_event_and_its_dry_run_counts_the_real_run(
    sandbox: Sandbox, run_cli: Cli, tmp_path: Path
) -> None:
    """Percent codes need none of the event's fields: their promocodes read, which the run
    makes anyway, checks the event (issue 24); the dry run's estimate is the real count."""
    event = sandbox.new_event()
    sheet = tmp_path / "codes.csv"
    sheet.write_text("code_name,discount\nSPRING,10%\nSUMMER,15%\n", encoding="utf-8")
    args = ["import", "promocodes", str(sheet), "--event", event, "--rate", "4"]
    before = sandbox.stats()["requests_by_method"]
    dry = run_cli(*args, "--dry-run", "--results", str(tmp_path / "dry.csv"), env=sandbox.env)
    assert dry.exit_code == 0, dry.output
    assert (
        "a real run: about 3 requests, under a second at 4 requests/s, 0.0% of a standard key's "
        "10,000 requests a day\n"
    ) in dry.stdout
    real = run_cli(*args, *kept_in(tmp_path), env=sandbox.env)
    assert real.exit_code == 0, real.output
    after = sandbox.stats()["requests_by_method"]
    # the dry run's promocodes read, then the real run's and its 2 creates: 3, as estimated
    assert {m: n - before.get(m, 0) for m, n in after.items()} == {"GET": 2, "POST": 2}
    held = sandbox.call(lambda c: c.list("promocode", {"event_id": event}))
    assert sorted(c["code_name"] for c in held) == ["SPRING", "SUMMER"]
