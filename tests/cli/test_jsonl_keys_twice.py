"""A JSON Lines object that names a key twice is refused on its line, naming the key and both
values; its other lines are imported.

Seen before: JSON keeps the last of the two without a word, so `{"label": "Adult", "label":
"Child", "fee": 35}` made a fee labelled Child (exit 0), whichever was meant."""

from __future__ import annotations

import csv
from pathlib import Path

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.plain_http import get


def test_a_key_named_twice_on_a_line_is_refused_and_the_other_lines_are_imported(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    (tmp_path / "fees.jsonl").write_text(
        '{"label": "Adult", "label": "Child", "fee": 35}\n'
        '{"label": "Senior", "fee": 20, "address": {"city": "Hartford", "city": "Boston"}}\n'
        '{"label": "Student", "fee": 15}\n',
        encoding="utf-8",
    )
    result = run_cli("import", "fees", "fees.jsonl", "--event", event, env=sandbox.env)
    assert result.exit_code == 1, result.output
    with (tmp_path / f"fees.jsonl.fees.{event}.results.csv").open(encoding="utf-8-sig") as f:
        rows = [(row["row"], row["status"], row["error"]) for row in csv.DictReader(f)]
    assert rows == [
        ("1", "invalid", "(line): line 1 names 'label' twice ('Adult', then 'Child'): which "
                         "one is meant cannot be told; label: is required; fee: is required"),
        ("2", "invalid", "(line): line 2 names 'city' twice ('Hartford', then 'Boston'): which "
                         "one is meant cannot be told; label: is required; fee: is required"),
        ("3", "created", ""),
    ]  # fmt: skip
    fees = get(sandbox.base, f"eventspot/events/{event}/fees")
    assert [(fee["label"], fee["fee"]) for fee in fees] == [("Student", 15.0)]
