"""`bulkspot import campaigns|schedules` against the simulator: the samples end to end, a
schedules import confirmed before it sends anything, a 403 that names the missing
privilege, and 200 schedules under ambiguous answers, none doubled."""

from __future__ import annotations

import csv
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox, start_sandbox
from tests.cli.terminal import run_in_terminal
from tests.paths import REPO

BULKSPOT = str(Path(sys.executable).with_name("bulkspot"))
FAST = ("--rate", "1000", "--quiet")
SCRIPT_REFUSAL = (
    "Error: scheduling sends email to the campaigns' contact lists; with no terminal to ask "
    "on, give --yes to go ahead (--dry-run checks the sheet and sends nothing)\n"
)
LISTED = (
    "this import schedules 3 email campaign(s):\n"
    "  row 2: Spring Newsletter, sent at 2031-03-20T14:00:00.000Z\n"
    "  row 3: Volunteer Call, sent at 2031-05-02T14:30:00.000Z\n"
    "  row 4: Speaker Line-up, sent at 2031-09-15T08:00:00.000Z\n"
)


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig") as lines:
        return list(csv.DictReader(lines))


def resources(sandbox: Sandbox) -> dict[str, int]:
    counts: dict[str, int] = sandbox.stats()["resources"]
    return counts


def campaigns_from_the_samples(run_cli: Cli, sandbox: Sandbox) -> None:
    for name in ("lists.csv", "campaigns.csv", "schedules.csv"):
        shutil.copy(REPO / "samples" / name, run_cli.cwd / name)
    for kind in ("lists", "campaigns"):
        done = run_cli("import", kind, f"{kind}.csv", *FAST, env=sandbox.env)
        assert done.exit_code == 0, done.output
    ids = "campaign ids (for the campaign_id column of a schedules sheet):\n"
    assert ids in done.stdout  # what a schedules sheet may name


@pytest.fixture
def fresh_sandbox() -> Iterator[Sandbox]:
    """A simulator of the test's own: campaign names are unique in the account."""
    yield from start_sandbox(rate=1000, latency_ms=0, seed=3)


def test_the_samples_schedule_once_confirmed_never_twice_and_undo(
    run_cli: Cli, fresh_sandbox: Sandbox
) -> None:
    sandbox = fresh_sandbox
    campaigns_from_the_samples(run_cli, sandbox)
    made = rows(run_cli.cwd / "campaigns.csv.campaigns.results.csv")
    assert [r["status"] for r in made] == ["created"] * 3
    spring = sandbox.call(lambda c: c.get("campaign", {}, made[0]["id"]))
    lists = {entry["name"]: entry["id"] for entry in sandbox.call(lambda c: c.list("list", {}))}
    assert spring["sent_to_contact_lists"] == [
        {"id": lists["Monthly Specials"]}, {"id": lists["Riverside Volunteers"]}
    ]  # fmt: skip
    assert spring["template_type"] == "CUSTOM"

    refused = run_cli("import", "schedules", "schedules.csv", *FAST, env=sandbox.env)
    assert (refused.exit_code, refused.stdout, refused.stderr) == (2, "", LISTED + SCRIPT_REFUSAL)
    assert resources(sandbox)["schedules"] == 0  # nothing sent before the answer

    done = run_cli("import", "schedules", "schedules.csv", "--yes", *FAST, env=sandbox.env)
    assert done.exit_code == 0, done.output
    results = rows(run_cli.cwd / "schedules.csv.schedules.results.csv")
    assert [r["status"] for r in results] == ["created"] * 3
    again = run_cli("import", "schedules", "schedules.csv", "--yes", "--journal", "again.sqlite",
                    "--results", "again.csv", *FAST, env=sandbox.env)  # fmt: skip
    assert again.exit_code == 0, again.output
    # found by reading each campaign's schedules: never scheduled twice
    assert [r["status"] for r in rows(run_cli.cwd / "again.csv")] == ["exists"] * 3
    assert resources(sandbox)["schedules"] == 3

    journal = run_cli.cwd / "schedules.csv.schedules.journal.sqlite"
    undone = run_cli("undo", "--journal", str(journal), *FAST, env=sandbox.env)
    assert undone.exit_code == 0, undone.output
    assert resources(sandbox)["schedules"] == 0


def test_on_a_terminal_a_no_schedules_nothing(run_cli: Cli, fresh_sandbox: Sandbox) -> None:
    campaigns_from_the_samples(run_cli, fresh_sandbox)
    code, shown = run_in_terminal(
        [BULKSPOT, "import", "schedules", "schedules.csv", *FAST],
        env=fresh_sandbox.env, cwd=str(run_cli.cwd), typed=b"n\n",
    )  # fmt: skip
    text = shown.decode().replace("\r\n", "\n")
    assert code == 2, text
    assert LISTED in text
    assert "Email goes to real people at these times. Go on? [y/N]: " in text
    assert text.endswith("Error: not confirmed: nothing was scheduled\n")
    assert resources(fresh_sandbox)["schedules"] == 0


def test_a_403_for_a_missing_privilege_names_it(run_cli: Cli) -> None:
    held = frozenset({"campaign:read", "contacts:lists:read", "contacts:lists:write"})
    for sandbox in start_sandbox(rate=1000, latency_ms=0, privileges=held):
        campaigns = REPO / "samples" / "campaigns.csv"
        shutil.copy(REPO / "samples" / "lists.csv", run_cli.cwd / "lists.csv")
        assert run_cli("import", "lists", "lists.csv", *FAST, env=sandbox.env).exit_code == 0
        shutil.copy(campaigns, run_cli.cwd / "campaigns.csv")
        failed = run_cli("import", "campaigns", "campaigns.csv", *FAST, env=sandbox.env)
        assert failed.exit_code != 0
        [first, *_] = rows(run_cli.cwd / "campaigns.csv.campaigns.results.csv")
        assert (first["status"], first["http_status"], first["error"]) == (
            "failed", "403",
            "the access token lacks the campaign:create privilege that POST "
            "emailmarketing/campaigns needs: grant it to the app, then run again "
            "(http.status.forbidden: This access token lacks the campaign:create privilege "
            "this request needs.)",
        )  # fmt: skip


def test_200_schedules_under_ambiguous_answers_none_doubled(run_cli: Cli) -> None:
    header = "name,subject,from_name,from_email,email_content,text_content\n"
    lines = [f"Campaign {n},Subject {n},Town Hall,news@example.com,<p>{n}</p>,{n}\n"
             for n in range(200)]  # fmt: skip
    (run_cli.cwd / "campaigns.csv").write_text(header + "".join(lines), encoding="utf-8")
    dates = [f"Campaign {n},2031-06-{1 + n % 28:02d}T{n % 24:02d}:{n % 60:02d}:00Z\n"
             for n in range(200)]  # fmt: skip
    (run_cli.cwd / "schedules.csv").write_text("campaign,scheduled_date\n" + "".join(dates))
    for sandbox in start_sandbox(rate=1000, latency_ms=0, ambiguous_rate=0.10, seed=11):
        made = run_cli("import", "campaigns", "campaigns.csv", *FAST, env=sandbox.env)
        assert made.exit_code == 0, made.output
        done = run_cli("import", "schedules", "schedules.csv", "--yes", "--rate", "1000",
                       env=sandbox.env)  # fmt: skip
        assert done.exit_code == 0, done.output
        statuses = [r["status"] for r in rows(run_cli.cwd / "schedules.csv.schedules.results.csv")]
        assert statuses == ["created"] * 200
        stats: dict[str, Any] = sandbox.stats()
        assert stats["resources"]["campaigns"] == 200 and stats["resources"]["schedules"] == 200
        lost = stats["faults"]["ambiguous_500"] + stats["faults"]["ambiguous_drop"]
        assert lost >= 20, stats["faults"]  # answers lost, over both imports
        reconciled = next(
            line for line in done.stdout.splitlines() if line.startswith("  reconciliations")
        )
        assert int(reconciled.split()[-1]) > 0
        # every campaign holds exactly the one schedule its row asked for
        pending = sandbox.call(lambda c: c.list("schedule", {"campaign_id": made_id(run_cli, 7)}))
        assert [p["scheduled_date"] for p in pending] == ["2031-06-08T07:07:00.000Z"]


def made_id(run_cli: Cli, row_index: int) -> str:
    return rows(run_cli.cwd / "campaigns.csv.campaigns.results.csv")[row_index]["id"]


def test_columns_names_the_privileges_a_kind_needs(run_cli: Cli) -> None:
    kinds = ("campaigns", "schedules", "folders", "files", "lists", "events")
    shown = {kind: run_cli("columns", kind).stdout.splitlines()[-1] for kind in kinds}
    assert shown == {
        "campaigns": "privileges: campaign:create (create, update), campaign:write (undo)",
        "schedules": "privileges: campaign:activate (create, update, undo)",
        "folders": "privileges: mylibrary:folder:create (create), mylibrary:folder:update "
        "(update), mylibrary:folder:delete (undo)",
        "files": "privileges: mylibrary:file:update (update)",
        "lists": "privileges: contacts:lists:write (create, update, undo)",
        "events": "privileges: campaign:write (create, update, publish or cancel, undo)",
    }


def test_an_update_keeps_what_the_sheet_leaves_out_and_stock_content_stays(
    run_cli: Cli, tmp_path: Path
) -> None:
    stock = {"id": "77", "name": "Made in the product", "subject": "Old", "from_name": "Hall",
             "from_email": "news@example.com", "email_content": "<p>Hi</p>", "text_content": "Hi",
             "template_type": "STOCK", "sent_to_contact_lists": [{"id": "1"}]}  # fmt: skip
    state = tmp_path / "state.json"
    state.write_text(json.dumps({"lists": [{"id": "1", "name": "Members"}], "campaigns": [stock]}))
    (run_cli.cwd / "subject.csv").write_text("id,subject\n77,New subject\n")
    (run_cli.cwd / "content.csv").write_text("id,text_content\n77,Other\n")
    for sandbox in start_sandbox(rate=1000, latency_ms=0, state_path=state):
        done = run_cli("import", "campaigns", "subject.csv", *FAST, env=sandbox.env)
        assert done.exit_code == 0, done.output
        held = sandbox.call(lambda c: c.get("campaign", {}, "77"))
        assert (held["subject"], held["sent_to_contact_lists"], held["text_content"]) == (
            "New subject", [{"id": "1"}], "Hi"
        )  # fmt: skip
        refused = run_cli("import", "campaigns", "content.csv", *FAST, env=sandbox.env)
        assert refused.exit_code != 0
        [row] = rows(run_cli.cwd / "content.csv.campaigns.results.csv")
        assert (row["status"], row["error"]) == (
            "failed",
            "json.field.invalid: #/text_content: is read-only for a STOCK template campaign",
        )
