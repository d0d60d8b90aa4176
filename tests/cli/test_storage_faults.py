"""Storage faults end with exit 2 and the file and the cause named, never "a bug in
bulkspot": a results or CSV path that cannot be written is refused before any request (the
seen case made all 40 rows, then failed on the results, and so did every rerun); a journal
that is damaged, read-only, or on a disk that fills mid-run says which, and the same
command finishes the run once the cause is fixed."""

from __future__ import annotations

import csv
from pathlib import Path

from click.testing import Result

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox
from tests.sinks.filesystems import fill, make_read_only, make_writable, tiny_filesystem

RESUME = "Nothing done is lost: once that is fixed, run the same command again."
ITEMS = 40


def write_items(path: Path, count: int = ITEMS) -> None:
    with path.open("w", newline="", encoding="utf-8") as out:
        sheet = csv.writer(out)
        sheet.writerow(["name", "price", "default_quantity_total", "per_registrant_limit",
                        "show_quantity_available"])  # fmt: skip
        for n in range(count):
            sheet.writerow([f"Item {n:03d}", f"{n + 1}.00", "10", "2", "yes"])


def last_error(result: Result) -> str:
    assert result.exit_code == 2, result.output
    assert "a bug in bulkspot" not in result.output and "Traceback" not in result.output
    return result.stderr.splitlines()[-1]


def item_names(sandbox: Sandbox, event: str) -> list[str]:
    items = sandbox.call(lambda client: client.list("item", {"event_id": event}))
    return sorted(str(item["name"]) for item in items)


def test_an_unwritable_results_path_is_refused_before_any_request(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    write_items(tmp_path / "items.csv")
    (tmp_path / "notes.txt").write_text("a file where the results' folder would be")
    before = sandbox.stats()["requests"]
    refused = run_cli("import", "items", "items.csv", "--event", event, "--rate", "1000",
                      "--results", "notes.txt/out.csv", env=sandbox.env)  # fmt: skip
    assert last_error(refused) == (
        "Error: cannot write the results file notes.txt/out.csv: notes.txt is a file, not a "
        "folder (nothing was sent)"
    )
    assert sandbox.stats()["requests"] == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["items.csv", "notes.txt"]

    done = run_cli("import", "items", "items.csv", "--event", event, "--rate", "1000",
                   "--results", "out/out.csv", env=sandbox.env)  # fmt: skip
    assert done.exit_code == 0, done.output
    assert item_names(sandbox, event) == [f"Item {n:03d}" for n in range(ITEMS)]


def test_an_unwritable_promocodes_csv_is_refused_before_any_request(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    (tmp_path / "notes.txt").write_text("a file")
    before = sandbox.stats()["requests"]
    refused = run_cli("promocodes", "generate", "--event", event, "--count", "5",
                      "--discount", "10%", "--output", "notes.txt/codes.csv",
                      env=sandbox.env)  # fmt: skip
    assert last_error(refused) == (
        "Error: cannot write the promocodes CSV notes.txt/codes.csv: notes.txt is a file, not "
        "a folder (nothing was sent)"
    )
    assert sandbox.stats()["requests"] == before


def test_a_damaged_journal_says_so_and_fresh_cures_it(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    write_items(tmp_path / "items.csv", 400)
    args = ("import", "items", "items.csv", "--event", event, "--journal", "j.sqlite",
            "--rate", "1000")  # fmt: skip
    assert run_cli(*args, env=sandbox.env).exit_code == 0
    journal = tmp_path / "j.sqlite"
    with journal.open("r+b") as damaged:  # the schema (page 1) stays; the rows do not
        damaged.seek(4096)
        damaged.write(b"\xa5" * (journal.stat().st_size - 4096))
    assert last_error(run_cli(*args, env=sandbox.env)) == (
        "Error: the journal j.sqlite is damaged (database disk image is malformed). Run with "
        "--fresh to start over: the damaged journal is kept as j.sqlite.damaged-<date>-<time>, "
        "and rows already on the server are found by name and not created twice. Or choose "
        "another file with --journal."
    )
    damaged = journal.read_bytes()
    again = run_cli(*args, "--fresh", env=sandbox.env)
    assert again.exit_code == 0, again.output
    assert len(item_names(sandbox, event)) == 400  # found by name, not made twice
    (aside,) = tmp_path.glob("j.sqlite.damaged-*[0-9]")  # set aside, not deleted
    assert aside.read_bytes() == damaged


def test_a_read_only_journal_is_refused_before_any_request(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    write_items(tmp_path / "items.csv", 3)
    with tiny_filesystem(tmp_path / "ro", size="1m") as folder:
        args = ("import", "items", "items.csv", "--event", event,
                "--journal", "ro/j.sqlite", "--rate", "1000")  # fmt: skip
        assert run_cli(*args, env=sandbox.env).exit_code == 0
        make_read_only(folder)
        try:
            before = sandbox.stats()["requests"]
            assert last_error(run_cli(*args, env=sandbox.env)) == (
                "Error: cannot write the journal ro/j.sqlite: the file system is read-only "
                "(nothing was sent)"
            )
            assert sandbox.stats()["requests"] == before
        finally:
            make_writable(folder)


def test_a_disk_that_fills_mid_run_stops_it_and_the_same_command_finishes(
    run_cli: Cli, sandbox: Sandbox, tmp_path: Path
) -> None:
    """A real tiny filesystem for the journal: it fills while rows are being made."""
    event = sandbox.new_event()
    write_items(tmp_path / "items.csv", 300)
    with tiny_filesystem(tmp_path / "tiny", size="8m") as folder:
        fill(folder, leave=128 * 1024)  # room to open the journal, not to finish
        args = ("import", "items", "items.csv", "--event", event, "--journal", "tiny/j.sqlite",
                "--concurrency", "4", "--rate", "1000", "--results", "out.csv")  # fmt: skip
        stopped = run_cli(*args, env=sandbox.env)
        assert last_error(stopped) == (
            f"Error: cannot write the journal tiny/j.sqlite: the disk is full. {RESUME}"
        )
        made = item_names(sandbox, event)
        assert 0 < len(made) < 300
        fill(folder, leave=0)  # a rerun on a disk still full: the same cause, never --fresh
        assert last_error(run_cli(*args, env=sandbox.env)) == (
            f"Error: cannot write the journal tiny/j.sqlite: the disk is full. {RESUME}"
        )
        for path in folder.glob("filler*"):
            path.unlink()  # the cause fixed
        done = run_cli(*args, env=sandbox.env)
        assert done.exit_code == 0, done.output
    assert item_names(sandbox, event) == [f"Item {n:03d}" for n in range(300)]  # each once
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as rows:
        assert {row["status"] for row in csv.DictReader(rows)} == {"created"}
