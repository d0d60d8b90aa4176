"""Every usage mistake of every command ends in one clear `Error: ...` line and exit 2 (the
README's exit codes), never in "a bug in bulkspot" or a traceback, and before anything is sent:
the credentials given point at a closed loopback port."""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import sqlite3
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import pytest

from tests.cli.commands import all_commands
from tests.cli.invoke import Cli
from tests.paths import SAMPLES

CREDENTIALS = {
    "CTCT_API_KEY": "key-3141592653",
    "CTCT_ACCESS_TOKEN": "token-2718281828",
    "BULKSPOT_BASE_URL": "http://127.0.0.1:9/v2/",  # nothing listens: a request would hang
}
ITEMS_COLUMNS = (
    "'name', 'description', 'price', 'default_quantity_total', 'per_registrant_limit', "
    "'show_quantity_available', 'attribute', 'attribute_quantity'"
)
KINDS = (
    "'events', 'fees', 'items', 'attributes', 'promocodes', 'folders', 'files', 'lists', "
    "'campaigns', 'schedules'"
)
EXPORTS = (
    "'events', 'fees', 'items', 'attributes', 'promocodes', 'registrants', 'folders', 'files', "
    "'lists', 'campaigns', 'schedules'"
)
GENERATE = ("promocodes", "generate", "--event", "E1", "--only-csv", "--count", "5")

NO_CREDENTIALS = (  # both missing: one message names both
    "no api key and no access token: set CTCT_API_KEY and CTCT_ACCESS_TOKEN "
    "(or pass --api-key and --token)"
)


def invalid(name: str, why: str) -> str:
    return f"Invalid value for {name}: {why}"


# (the words after `bulkspot`, credentials given?, the whole message after "Error: ")
MISTAKES: list[tuple[tuple[str, ...], bool, str]] = [
    (("frobnicate",), False, "No such command 'frobnicate'."),
    # import: the kind and the file
    (("import", "widgets", "inventory.csv"), False,
     invalid("'KIND'", f"'widgets' is not one of {KINDS}.")),
    (("import", "items", "missing.csv"), False,
     invalid("'FILE'", "File 'missing.csv' does not exist.")),
    (("import", "items", "folder"), False, invalid("'FILE'", "File 'folder' is a directory.")),
    (("import", "items", "empty.csv", "--event", "E1"), True,
     "empty.csv: the file is empty (it has no header row)"),
    (("import", "items", "binary.csv", "--event", "E1"), True,
     "binary.csv: this is a binary file, not text (CSV or JSON Lines); UTF-16 text needs its "
     "byte-order mark"),
    (("import", "items", "text.xlsx", "--event", "E1"), True,
     "text.xlsx: not a readable XLSX workbook (File is not a zip file); save it again from "
     "Excel as .xlsx, or as CSV"),
    (("import", "items", "broken.jsonl", "--event", "E1"), True,
     'broken.jsonl: no line holds a JSON object; JSON Lines means one object per line, such as '
     '{"name": "T-Shirt", "price": 12.5}'),
    (("import", "items", "pipe.csv", "--event", "E1"), True,
     "pipe.csv: is a named pipe, not a regular file; bulkspot reads a sheet more than once, so "
     "save it as a file and give that file's path"),
    (("import", "items", "/dev/null", "--event", "E1"), True,
     "/dev/null: is a device, not a regular file; bulkspot reads a sheet more than once, so "
     "save it as a file and give that file's path"),
    (("import", "items", "items.pdf", "--event", "E1"), True,
     "items.pdf: unknown kind of file '.pdf'; bulkspot reads .csv, .tsv, .txt, .xlsx, .xlsm, "
     ".jsonl, .ndjson"),
    (("import", "items", "inventory.xlsx", "--event", "E1", "--sheet", "Nope"), True,
     "inventory.xlsx: no sheet named 'Nope'; its sheets are 'Merchandise'"),
    # import: the event
    (("import", "items", "inventory.csv"), True,
     "an items sheet belongs to an event: give --event ID, or add an event_id column"),
    (("import", "items", "inventory.csv", "--event", "a/../b"), True,
     invalid("'--event'",
             "'a/../b' is not an event id (letters and digits, such as a07e1iw4r2m67314717)")),
    # import: limits, columns, output
    (("import", "items", "inventory.csv", "--event", "E1", "--rate", "0"), True,
     invalid("'--rate'", "0.0 is not in the range x>0.")),
    (("import", "items", "inventory.csv", "--event", "E1", "--rate", "fast"), True,
     invalid("'--rate'", "'fast' is not a valid float range.")),
    (("import", "items", "inventory.csv", "--event", "E1", "--concurrency", "lots"), True,
     invalid("'--concurrency'", "'lots' is not a whole number or 'auto'")),
    (("import", "items", "inventory.csv", "--event", "E1", "--concurrency", "0"), True,
     invalid("'--concurrency'", "must be at least 1 (or auto)")),
    (("import", "items", "inventory.csv", "--event", "E1", "--map", "Size"), True,
     invalid("'--map'", "'Size' is not COLUMN=FIELD (e.g. --map 'Size=name')")),
    (("import", "items", "inventory.csv", "--event", "E1", "--map", "A=name", "--map",
      "A=price"), True, invalid("'--map'", "the column 'A' is mapped twice")),
    (("import", "items", "inventory.csv", "--event", "E1", "--map", "Nocol=name"), True,
     f"--map Nocol=name: the sheet has no column 'Nocol'; its columns are {ITEMS_COLUMNS}"),
    (("import", "items", "inventory.csv", "--event", "E1", "--map", "name=nofield"), True,
     "--map name=nofield: 'nofield' is not a column of an items sheet; the columns are id, "
     "event_id, name, description, price, default_quantity_total, per_registrant_limit, "
     "show_quantity_available, attribute, attribute_quantity (see `bulkspot columns items`)"),
    (("import", "items", "inventory.csv", "--event", "E1", "--on-existing", "merge"), True,
     invalid("'--on-existing'", "'merge' is not one of 'skip', 'update', 'fail'.")),
    (("import", "items", "inventory.csv", "--event", "E1", "--results", "folder"), True,
     invalid("'--results'", "File 'folder' is a directory.")),
    (("import", "items", "inventory.csv", "--event", "E1", "--journal", "folder"), True,
     invalid("'--journal'", "File 'folder' is a directory.")),
    (("import", "items", "inventory.csv", "--event", "E1", "--journal", "notes.sqlite"), True,
     "notes.sqlite is not a bulkspot journal (file is not a database); it is left as it is: "
     "choose another file with --journal"),
    (("import", "items", "inventory.csv", "--event", "E1", "--journal", "inventory.csv"), True,
     "--journal inventory.csv is the input sheet; choose another journal (nothing was sent)"),
    # import: credentials
    (("import", "items", "inventory.csv", "--event", "E1"), False,
     NO_CREDENTIALS),
    (("import", "items", "inventory.csv", "--event", "E1", "--base-url",
      "http://api.example.com/v2/"), True,
     "base URL 'http://api.example.com/v2/' is not https: refusing to send the token in clear "
     "text (plain http is allowed only to the loopback, such as the simulator)"),
    (("import", "items", "inventory.csv", "--event", "E1", "--base-url", "api.example.com"),
     True, "base URL 'api.example.com' is not an http(s) URL"),
    # columns
    (("columns", "widgets"), False, invalid("'KIND'", f"'widgets' is not one of {KINDS}.")),
    # events
    (("events", "publish"), False, "Missing argument 'ID...'."),
    (("events", "cancel", "a b"), False,
     invalid("'ID...'", "'a b' is not an event id (letters and digits, such as "
             "a07e1iw4r2m67314717)")),
    (("events", "publish", "E1"), False,
     NO_CREDENTIALS),
    # undo
    (("undo",), False, "Missing option '--journal'."),
    (("undo", "--journal", "nope.sqlite"), False,
     invalid("'--journal'", "no journal at nope.sqlite")),
    (("undo", "--journal", "folder"), False,
     invalid("'--journal'", "File 'folder' is a directory.")),
    (("undo", "--journal", "notes.sqlite"), True,
     "notes.sqlite is not a bulkspot journal (file is not a database); it is left as it is: "
     "choose another file with --journal"),
    (("undo", "--journal", "empty.csv"), True,
     "empty.csv is not a bulkspot journal (the file is empty); it is left as it is: choose "
     "another file with --journal"),
    (("undo", "--journal", "notes.sqlite"), False,
     NO_CREDENTIALS),
    # promocodes generate
    (("promocodes", "frobnicate"), False, "No such command 'frobnicate'."),
    (("promocodes", "generate", "--count", "5"), False, "Missing option '--event'."),
    (("promocodes", "generate", "--event", "E1", "--count", "5", "--discount", "5%"), False,
     NO_CREDENTIALS),
    (("promocodes", "generate", "--event", "a/b", "--count", "5", "--discount", "5%"), True,
     invalid("'--event'",
             "'a/b' is not an event id (letters and digits, such as a07e1iw4r2m67314717)")),
    ((*GENERATE[:-1], "0", "--discount", "5%"), False,
     invalid("'--count'", "0 is not in the range x>=1.")),
    ((*GENERATE[:-1], "many", "--discount", "5%"), False,
     invalid("'--count'", "'many' is not a valid integer range.")),
    (GENERATE, False, "say what the codes give: --discount 20% (or 15.00), or --access-fee"),
    ((*GENERATE, "--discount", "150%"), False, "a percent discount is 1-100, not 150%"),
    ((*GENERATE, "--discount", "$0"), False, "an amount discount is at least 0.01, not $0"),
    ((*GENERATE, "--discount", "abc"), False,
     "--discount abc: 'abc' is not a discount: write 20% for a percent off, or 20.00 for an "
     "amount off"),
    ((*GENERATE, "--discount", "20"), False,  # issue 12: it gave $20 off
     "--discount 20: '20' does not say what it is: write 20% for a percent off, or 20.00 for "
     "an amount off"),
    ((*GENERATE, "--discount", "20%", "--access-fee", "VIP"), False,
     "an access code opens one fee and gives no discount: --access-fee cannot go with "
     "--discount, --scope or --fees"),
    ((*GENERATE, "--discount", "5.00", "--scope", "FEE_LIST"), False,
     "a FEE_LIST discount needs the fees it applies to: --fees"),
    ((*GENERATE, "--discount", "5.00", "--scope", "ORDER_TOTAL", "--fees", "VIP"), False,
     "an ORDER_TOTAL discount applies to the order, not to --fees"),
    ((*GENERATE, "--discount", "5.00", "--scope", "NOPE"), False,
     invalid("'--scope'", "'NOPE' is not one of 'fee_list', 'order_total'.")),
    ((*GENERATE, "--discount", "20%", "--length", "3"), False,
     "a code is 4-12 characters long, so --length 3 cannot be used"),
    ((*GENERATE, "--discount", "20%", "--length", "13"), False,
     "a code is 4-12 characters long, so --length 13 cannot be used"),
    ((*GENERATE, "--discount", "20%", "--prefix", "a-b"), False,
     "the prefix 'a-b' may hold only letters, digits and _"),
    ((*GENERATE, "--discount", "20%", "--prefix", "SUMMER", "--length", "6"), False,
     "the prefix 'SUMMER' leaves no room for a random part in 6 characters: use a shorter "
     "prefix or a longer --length"),
    ((*GENERATE[:-1], "40", "--discount", "20%", "--prefix", "SUMMER", "--length", "7"), False,
     "'SUMMER' with 1 random characters gives only 31 new codes, fewer than the 40 asked for: "
     "use a shorter prefix or a longer --length"),
    ((*GENERATE, "--discount", "20%", "--quantity", "many"), False,
     invalid("'--quantity'", "'many' is not a whole number or 'unlimited'")),
    ((*GENERATE, "--discount", "20%", "--output", "folder"), False,
     invalid("'--output'", "File 'folder' is a directory.")),
    # export
    (("export", "widgets"), False, invalid("'KIND'", f"'widgets' is not one of {EXPORTS}.")),
    (("export", "items"), True, "exporting items needs --event ID: the event they belong to"),
    (("export", "attributes"), True,
     "exporting attributes needs --event ID: the event they belong to"),
    (("export", "schedules"), True,
     "exporting schedules needs --event ID: the campaign they belong to"),
    (("export", "items", "--event", "a/b"), True,
     invalid("'--event'",
             "'a/b' is not an event id (letters and digits, such as a07e1iw4r2m67314717)")),
    (("export", "items", "--event", "E1", "--output", "items.pdf"), True,
     "cannot export to items.pdf: name a .csv, .xlsx or .jsonl file (the format is taken from "
     "the extension)"),
    (("export", "items", "--event", "E1", "--output", "folder"), True,
     invalid("'--output' / '-o'", "File 'folder' is a directory.")),
    (("export", "events", "--page-size", "0"), True,
     invalid("'--page-size'", "0 is not in the range 1<=x<=1000.")),
    (("export", "items", "--event", "E1"), False, NO_CREDENTIALS),
    # copy
    (("copy", "--to-event", "E2"), False, "Missing option '--from-event'."),
    (("copy", "--from-event", "E1"), False,
     "give --to-event ID or --accounts FILE (one of them)"),
    (("copy", "--from-event", "E1", "--to-event", "E2", "--accounts", "a.csv"), False,
     "give --to-event ID or --accounts FILE (one of them)"),
    (("copy", "--from-event", "E1", "--accounts", "clients.csv"), True,
     "cannot read the accounts file clients.csv: No such file or directory"),
    (("copy", "--from-event", "a/b", "--to-event", "E2"), True,
     invalid("'--from-event'",
             "'a/b' is not an event id (letters and digits, such as a07e1iw4r2m67314717)")),
    (("copy", "--from-event", "E1", "--to-event", "E1"), True,
     "--from-event and --to-event are the same event: nothing to copy"),
    (("copy", "--from-event", "E1", "--to-event", "E2", "--kinds", "fees,events"), True,
     "cannot copy 'events': copy one or more of fees, items, promocodes"),
    (("copy", "--from-event", "E1", "--to-event", "E2", "--folder", "inventory.csv"), True,
     invalid("'--folder'", "Directory 'inventory.csv' is a file.")),
    (("copy", "--from-event", "E1", "--to-event", "E2", "--source-base-url",
      "http://api.example.com/v2/"), True,
     "the source account: base URL 'http://api.example.com/v2/' is not https: refusing to send "
     "the token in clear text (plain http is allowed only to the loopback, such as the "
     "simulator)"),
    (("copy", "--from-event", "E1", "--to-event", "E2"), False, NO_CREDENTIALS),
    # serve
    (("serve", "--port", "70000"), False,
     invalid("'--port'", "70000 is not in the range 0<=x<=65535.")),
    (("serve", "--rate", "-1"), False, invalid("'--rate'", "-1.0 is not in the range x>=0.0.")),
    (("serve", "--fail-rate", "0.6", "--ambiguous-rate", "0.6"), False,
     "fail_rate and ambiguous_rate together must not exceed 1"),
    (("serve", "--state", "folder"), False, invalid("'--state'", "File 'folder' is a directory.")),
    # demo
    (("demo", "--out", "full"), False, invalid("--out", "full exists and is not an empty folder")),
    (("demo", "--out", "inventory.csv"), False,
     invalid("'--out'", "Directory 'inventory.csv' is a file.")),
    (("demo", "--samples", "nope"), False,
     invalid("'--samples'", "Directory 'nope' does not exist.")),
    (("demo", "--samples", "folder", "--out", "new"), False,
     invalid("--samples", "folder lacks the demo's samples (events.csv, fees.csv, "
             "inventory.csv, promocodes.csv not found); point it at a copy of the samples/ "
             "folder of bulkspot's repository")),
    (("demo", "--rate", "0"), False, invalid("'--rate'", "0.0 is not in the range x>0.")),
    (("demo", "--promocodes", "0"), False,
     invalid("'--promocodes'", "0 is not in the range 1<=x<=5000.")),
]  # fmt: skip


@pytest.fixture
def mistaken_files(tmp_path: Path) -> Path:
    """The files the mistakes name, in the folder the commands run in."""
    shutil.copy(SAMPLES / "inventory.csv", tmp_path)
    shutil.copy(SAMPLES / "inventory.xlsx", tmp_path)
    (tmp_path / "folder").mkdir()
    os.mkfifo(tmp_path / "pipe.csv")  # opened for reading, it would wait for a writer
    (tmp_path / "full").mkdir()
    (tmp_path / "full" / "kept.txt").write_text("")
    (tmp_path / "empty.csv").write_bytes(b"")
    (tmp_path / "binary.csv").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    (tmp_path / "text.xlsx").write_text("name,price\nHat,5\n")
    (tmp_path / "broken.jsonl").write_text('{"name": "Hat"\n')
    (tmp_path / "items.pdf").write_text("name,price\nHat,5\n")
    (tmp_path / "notes.sqlite").write_text("not a journal\n")
    return tmp_path


@pytest.mark.parametrize(
    ("args", "with_credentials", "message"),
    MISTAKES,
    ids=[" ".join(args) for args, _, _ in MISTAKES],
)
def test_a_mistake_is_one_clear_line_and_exit_2(
    run_cli: Cli, mistaken_files: Path, args: tuple[str, ...], with_credentials: bool, message: str
) -> None:
    before = sorted(mistaken_files.rglob("*"))
    result = run_cli(*args, env=CREDENTIALS if with_credentials else None)
    assert result.exit_code == 2, result.output
    assert result.stderr.rstrip("\n").splitlines()[-1] == f"Error: {message}"
    assert "a bug in bulkspot" not in result.output
    assert "Traceback" not in result.output
    for secret in (CREDENTIALS["CTCT_API_KEY"], CREDENTIALS["CTCT_ACCESS_TOKEN"]):
        assert secret not in result.output
    assert sorted(mistaken_files.rglob("*")) == before  # no journal, results or CSV left


def test_every_command_has_its_mistakes_here() -> None:
    covered = {args[: len(path)] for args, _, _ in MISTAKES for path in all_commands()}
    missing = [" ".join(path) for path in all_commands() if path and path not in covered]
    assert missing == [], f"add the usage mistakes of: {missing}"


def test_the_console_script_is_the_command_group() -> None:
    (script,) = entry_points(group="console_scripts", name="bulkspot")
    assert script.value == "bulkspot.cli:main"


def bulkspot_process(
    *args: str, cwd: Path, env: dict[str, str]
) -> subprocess.CompletedProcess[str]:
    """The console script's own function, `bulkspot.cli:main`, in a process of its own."""
    return subprocess.run(
        [sys.executable, "-c", "from bulkspot.cli import main; main()", *args],
        capture_output=True,
        text=True,
        cwd=cwd,
        env={**os.environ, **env, "COLUMNS": "100"},
        timeout=60,
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("promocodes", "generate", "--event", "E1", "--count", "5", "--discount", "150%",
          "--only-csv"), "a percent discount is 1-100, not 150%"),
        (("import", "items", "notes.sqlite", "--event", "E1"),
         "notes.sqlite: unknown kind of file '.sqlite'; bulkspot reads .csv, .tsv, .txt, .xlsx, "
         ".xlsm, .jsonl, .ndjson"),
        (("undo", "--journal", "notes.sqlite"),
         "notes.sqlite is not a bulkspot journal (file is not a database); it is left as it is: "
     "choose another file with --journal"),
    ],
)  # fmt: skip
def test_a_mistake_in_a_real_process(
    mistaken_files: Path, args: tuple[str, ...], message: str
) -> None:
    done = bulkspot_process(*args, cwd=mistaken_files, env=CREDENTIALS)
    assert done.returncode == 2, done.stderr
    assert done.stderr.splitlines()[-1] == f"Error: {message}"
    assert "a bug in bulkspot" not in done.stderr + done.stdout
    assert "Traceback" not in done.stderr


def test_a_busy_port_is_a_mistake_of_serve(mistaken_files: Path) -> None:
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        done = bulkspot_process("serve", "--port", str(port), cwd=mistaken_files, env={})
    assert done.returncode == 2
    assert done.stderr == f"Error: cannot listen on 127.0.0.1:{port}: Address already in use\n"


@pytest.mark.parametrize("fresh", [(), ("--fresh",)], ids=["resume", "fresh"])
def test_another_program_s_database_is_never_taken_for_a_journal(
    run_cli: Cli, mistaken_files: Path, fresh: tuple[str, ...]
) -> None:
    other = mistaken_files / "contacts.db"
    with contextlib.closing(sqlite3.connect(other)) as db, db:
        db.execute("CREATE TABLE contacts (name TEXT)")
    kept = other.read_bytes()
    result = run_cli(
        "import", "items", "inventory.csv", "--event", "E1", "--journal", "contacts.db", *fresh,
        env=CREDENTIALS,
    )  # fmt: skip
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: contacts.db is not a bulkspot journal (it holds no bulkspot tables); it is left "
        "as it is: choose another file with --journal"
    )
    assert other.read_bytes() == kept
