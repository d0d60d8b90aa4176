"""Issue 14 through the command line: `bulkspot export` writes the sheet `bulkspot import`
reads back unchanged, and `bulkspot copy` makes an event's fees, items and promocodes in
another event, saying where its journals are and how to undo it (against the simulator)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.paths import REPO, SAMPLES

RATE = ("--rate", "500")


def fill(run_cli: Cli, sandbox: Sandbox, event: str, folder: Path) -> None:
    """The samples' fees, inventory and promocodes imported into `event`."""
    for kind, sheet in (("fees", "fees.csv"), ("items", "inventory.csv"),
                        ("promocodes", "promocodes.csv")):  # fmt: skip
        done = run_cli(
            "import", kind, str(SAMPLES / sheet), "--event", event, *RATE, "--quiet",
            "--results", str(folder / f"{kind}.results.csv"),
            "--journal", str(folder / f"{kind}.journal.sqlite"), env=sandbox.env,
        )  # fmt: skip
        assert done.exit_code == 0, done.output


def writes(sandbox: Sandbox) -> int:
    return sum(n for method, n in sandbox.stats()["requests_by_method"].items() if method != "GET")


def test_export_writes_the_sheet_import_reads_back_unchanged(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    fill(run_cli, sandbox, event, tmp_path)

    done = run_cli("export", "items", "--event", event, "--output", "items.xlsx", *RATE,
                   env=sandbox.env)  # fmt: skip
    assert done.exit_code == 0, done.output
    line = re.sub(r"\d+ requests, [\d.]+s\)", "N requests, Ts)", done.stdout)
    assert line == "exported 10 items as 20 rows to items.xlsx (1 pages; N requests, Ts)\n"
    assert not (tmp_path / "items.xlsx.export-journal.jsonl").exists()

    before = writes(sandbox)
    again = run_cli("import", "items", "items.xlsx", "--event", event, *RATE, env=sandbox.env)
    assert again.exit_code == 0, again.output
    assert "  unchanged        20\n" in again.stdout
    assert writes(sandbox) == before  # read only: the look-ups found every row as it is
    with (tmp_path / f"items.xlsx.items.{event}.results.csv").open(encoding="utf-8") as handle:
        assert {row["status"] for row in csv.DictReader(handle)} == {"unchanged"}


@pytest.mark.slow
def test_copy_makes_the_event_s_kinds_in_another_and_says_how_to_undo_it(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    source, target = sandbox.new_event(), sandbox.new_event()
    fill(run_cli, sandbox, source, tmp_path)

    done = run_cli("copy", "--from-event", source, "--to-event", target, *RATE, env=sandbox.env)
    assert done.exit_code == 0, done.output
    folder = Path(f"bulkspot-copy-{source}-to-{target}")
    assert done.stdout.splitlines() == [
        "fees: 5 created",
        "items: 20 created",
        "promocodes: 6 created",
        f"sheets, journals and results: {folder}",
        f"  undo: bulkspot undo --journal {folder / 'promocodes.journal.sqlite'}",
        f"  undo: bulkspot undo --journal {folder / 'items.journal.sqlite'}",
        f"  undo: bulkspot undo --journal {folder / 'fees.journal.sqlite'}",
    ]
    assert done.stderr.splitlines()[:2] == ["exporting fees", "importing fees"]
    for kind in ("fee", "item", "promocode"):
        made = sandbox.call(lambda c, kind=kind: c.list(kind, {"event_id": target}))
        held = sandbox.call(lambda c, kind=kind: c.list(kind, {"event_id": source}))
        assert len(made) == len(held) > 0, kind

    again = run_cli("copy", "--from-event", source, "--to-event", target, *RATE, env=sandbox.env)
    assert again.exit_code == 0, again.output
    assert again.stdout == done.stdout  # the job's totals, from the same journals
    assert "exporting" not in again.stderr  # the sheets were whole: not read again

    for journal in ("promocodes", "items", "fees"):
        undone = run_cli("undo", "--journal", str(folder / f"{journal}.journal.sqlite"),
                         "--yes", *RATE, env=sandbox.env)  # fmt: skip
        assert undone.exit_code == 0, undone.output
    for kind in ("fee", "item", "promocode"):
        assert sandbox.call(lambda c, kind=kind: c.list(kind, {"event_id": target})) == []


def readme_copy_example() -> str:
    """The README's copy example: the `py` block of its "As a library" section (its
    `python` blocks are tests/cli/test_library.py's)."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## As a library\n", 1)[1].split("\n## ", 1)[0]
    (block,) = re.findall(r"```py\n(.*?)```", section, flags=re.DOTALL)
    return block


def test_the_readme_copy_example_runs_as_printed(
    run_cli: Cli,
    sandbox: Sandbox,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    source, target = sandbox.new_event(), sandbox.new_event()
    fill(run_cli, sandbox, source, tmp_path)
    for name, value in sandbox.env.items():
        monkeypatch.setenv(name, value)
    example = readme_copy_example()
    assert example.count("Limits(rate=4)") == 1  # a standard key's rate: 7 s here
    example = example.replace("Limits(rate=4)", "Limits(rate=500)")
    example = example.replace("a07e1iw4r2m67314717", source)
    example = example.replace("a07e1jfq0bu0a6b6f2d", target)
    capsys.readouterr()

    exec(compile(example, "README.md (copy)", "exec"), {"__name__": "__main__"})
    folder = Path(f"bulkspot-copy-{source}-to-{target}")
    assert capsys.readouterr().out.splitlines() == [
        "fees 5 created",
        "items 20 created",
        f"bulkspot undo --journal {folder / 'items.journal.sqlite'}",
        f"bulkspot undo --journal {folder / 'fees.journal.sqlite'}",
    ]
    items = sandbox.call(lambda c: c.list("item", {"event_id": target}))
    assert len(items) == 10
