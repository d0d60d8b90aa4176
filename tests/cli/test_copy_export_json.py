"""Issue 24: `--json` for `export` and for a one-account `copy`, as `import --json` has it:
one JSON object on stdout, the whole of it asserted."""

from __future__ import annotations

import json
from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.cli.test_export_and_copy_cmds import RATE, fill


def test_export_json_says_what_was_written(run_cli: Cli, sandbox: Sandbox, tmp_path: Path) -> None:
    event = sandbox.new_event()
    fill(run_cli, sandbox, event, tmp_path)
    done = run_cli("export", "items", "--event", event, "--output", "items.csv", "--json", *RATE,
                   env=sandbox.env)  # fmt: skip
    assert done.exit_code == 0, done.output
    found = json.loads(done.stdout)
    assert found.pop("wall_seconds") >= 0
    assert found == {
        "kind": "items",
        "event_id": event,
        "exit_code": 0,
        "output": "items.csv",
        "rows": 20,
        "resources": 10,
        "pages": 1,
        "resumed_pages": 0,
        "requests": 2,  # the items, and the event's currency for their prices
    }
    assert (tmp_path / "items.csv").is_file()


def test_copy_json_says_each_kind_and_the_journals(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    source, target = sandbox.new_event(), sandbox.new_event()
    fill(run_cli, sandbox, source, tmp_path)
    done = run_cli("copy", "--from-event", source, "--to-event", target, "--kinds",
                   "fees,promocodes", "--json", *RATE, env=sandbox.env)  # fmt: skip
    assert done.exit_code == 0, done.output
    found = json.loads(done.stdout)
    assert found.pop("wall_seconds") > 0
    folder = Path(f"bulkspot-copy-{source}-to-{target}")
    assert found == {
        "kind": "copy",
        "from_event": source,
        "to_event": target,
        "exit_code": 0,
        "state": "done",
        "stopped": None,
        "counts": {"created": 11},
        "requests": 14,  # its kinds' 13 and the target event's read (its currency)
        "work_folder": str(folder),
        "kinds": [
            {
                "kind": "fees",
                "counts": {"created": 5},
                "requests": 6,  # 5 POSTs + the fees read
                "stopped": None,
                "catch_ups": [],
            },
            {
                "kind": "promocodes",
                "counts": {"created": 6},
                "requests": 7,  # 6 POSTs + the codes read (the fees and the event: read before)
                "stopped": None,
                "catch_ups": [],
            },
        ],
        "not_started": [],
        "undo": [str(folder / "promocodes.journal.sqlite"), str(folder / "fees.journal.sqlite")],
    }
