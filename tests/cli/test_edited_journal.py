"""A journal is a file a colleague can edit: the ids an undo sends come from it, so they are
checked as a cell's are (issue 20). Seen: a journal whose item's event_id read
`../../lists`, or whose item id read `../../../lists/ID`, sent its reads and DELETEs there
(encoded, so 404s, each then taken for "already gone" and struck from the journal); now the
undo sends nothing and names the row and the id."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.cli.test_cells_are_data import ITEM, http_get, write_sheet


def recorded(journal: Path) -> list[tuple[object, ...]]:
    with sqlite3.connect(journal) as db:
        return list(db.execute("SELECT row, scope, resource_id, state FROM ops ORDER BY row"))


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("scope", json.dumps({"event_id": "../../lists"}), "its event_id '../../lists' is not "
         "an event id (letters and digits, such as a07e1iw4r2m67314717)"),
        ("resource_id", "../../../lists/LIST", "its id '../../../lists/LIST' is not an item id "
         "(letters and digits, such as a07e1iw4r2m67314717)"),
    ],
    ids=["event id", "own id"],
)  # fmt: skip
@pytest.mark.parametrize("dry", [False, True], ids=["undo", "dry run"])
def test_an_undo_of_an_edited_journal_sends_nothing_and_names_the_row(
    sandbox: Sandbox, run_cli: Cli, column: str, value: str, shown: str, dry: bool
) -> None:
    event = sandbox.new_event()
    rows = [{"event_id": event, "name": name, **ITEM} for name in ("Hat", "Mug")]
    write_sheet(run_cli.cwd / "items.csv", rows)
    made = run_cli("import", "items", "items.csv", "--quiet", "--journal", "j.sqlite",
                   env=sandbox.env)  # fmt: skip
    assert made.exit_code == 0, made.output
    victim = sandbox.call(lambda c: c.create("list", {}, {"name": f"Victim {event}"}))["id"]
    with sqlite3.connect("j.sqlite") as db:
        db.execute(f"UPDATE ops SET {column} = ? WHERE row = 3", (value.replace("LIST", victim),))
    journal = recorded(run_cli.cwd / "j.sqlite")
    lists, items = http_get(sandbox, "lists"), http_get(sandbox, f"eventspot/events/{event}/items")
    before = sandbox.stats()["requests"]
    undo = run_cli("undo", "--journal", "j.sqlite", "--yes", *(["--dry-run"] if dry else []),
                   env=sandbox.env)  # fmt: skip
    assert undo.exit_code == 2
    assert undo.output.strip().splitlines()[-1] == (
        f"Error: j.sqlite row 3: {shown.replace('LIST', victim)}; the journal was changed since "
        "its run wrote it, or is damaged, so nothing was sent"
    )
    assert sandbox.stats()["requests"] == before
    assert recorded(run_cli.cwd / "j.sqlite") == journal  # not marked undone, no row struck
    assert http_get(sandbox, "lists") == lists
    assert http_get(sandbox, f"eventspot/events/{event}/items") == items


@pytest.mark.parametrize(
    ("column", "value", "shown"),
    [
        ("scope", json.dumps({"event_id": "../../lists"}), "its event_id '../../lists' is not "
         "an event id (letters and digits, such as a07e1iw4r2m67314717)"),
        ("resource_id", "../../../lists/7", "its id '../../../lists/7' is not an item id "
         "(letters and digits, such as a07e1iw4r2m67314717)"),
    ],
    ids=["event id", "own id"],
)  # fmt: skip
@pytest.mark.parametrize("retry", [False, True], ids=["resume", "retry failed"])
def test_a_resume_of_an_edited_journal_sends_nothing_and_names_the_row(
    sandbox: Sandbox, run_cli: Cli, column: str, value: str, shown: str, retry: bool
) -> None:
    """An import's resume reads the journal's ids as an undo does: checked first, so that
    nothing is sent (not even the first read) and nothing in the journal is forgotten."""
    event = sandbox.new_event()
    rows = [{"event_id": event, "name": name, **ITEM} for name in ("Hat", "Mug")]
    write_sheet(run_cli.cwd / "items.csv", rows)
    command = ("import", "items", "items.csv", "--quiet", "--journal", "j.sqlite")
    made = run_cli(*command, env=sandbox.env)
    assert made.exit_code == 0, made.output
    with sqlite3.connect("j.sqlite") as db:
        db.execute(f"UPDATE ops SET {column} = ? WHERE row = 3", (value,))
        db.execute("UPDATE ops SET state = 'failed' WHERE row = 2")
    journal = recorded(run_cli.cwd / "j.sqlite")
    items = http_get(sandbox, f"eventspot/events/{event}/items")
    before = sandbox.stats()["requests"]
    again = run_cli(*command, *(["--retry-failed"] if retry else []), env=sandbox.env)
    assert again.exit_code == 2, again.output
    assert again.output.strip().splitlines()[-1] == (
        f"Error: j.sqlite row 3: {shown}; the journal was changed since its run wrote it, or "
        "is damaged, so nothing was sent"
    )
    assert sandbox.stats()["requests"] == before
    assert recorded(run_cli.cwd / "j.sqlite") == journal  # the failed row 2 not forgotten
    assert http_get(sandbox, f"eventspot/events/{event}/items") == items
