"""One target, one writer on a machine: an undo while an import of the same event runs (and
the reverse), and two imports of one target from two journals. The second is refused at
once with exit 2, naming the first, and sends nothing; a kill -9 of the first leaves
nothing that blocks the next run. (The seen case: an undo during someone's import left 52
rows `created` whose resources were gone; two events imports made 60 events of 30 names.)"""

from __future__ import annotations

import csv
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest

from bulkspot.runner.targets import account
from bulkspot.simulator import SimulatorConfig, SimulatorThread
from bulkspot.sinks.lock import IMPORT, UNDO
from bulkspot.sinks.target_lock import ENSURE, Target, TargetLocks
from tests.cli.invoke import Cli
from tests.cli.writers import (
    WAIT_LIMIT,
    bulkspot_command,
    call,
    config_of,
    env_of,
    new_event,
    refusal,
    start_held,
    stop,
    target_owner,
    write_items,
)
from tests.sinks.filesystems import make_read_only, tiny_filesystem

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def sim() -> Iterator[SimulatorThread]:
    with SimulatorThread(SimulatorConfig(rate=1000, seed=21)) as simulator:
        yield simulator


def imported(run_cli: Cli, sim: SimulatorThread, event: str, journal: str) -> None:
    done = run_cli("import", "items", "items.csv", "--event", event, "--journal", journal,
                   "--results", f"{journal}.results.csv", "--rate", "1000", "--quiet",
                   env=env_of(sim))  # fmt: skip
    assert done.exit_code == 0, done.output


def second(sim: SimulatorThread, cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """The second writer, started while the first holds the target: refused at once."""
    before = sim.stats()["requests"]
    ran = subprocess.run(bulkspot_command(*args, "--quiet"), cwd=cwd, env=env_of(sim),
                         capture_output=True, text=True, timeout=WAIT_LIMIT)  # fmt: skip
    assert sim.stats()["requests"] == before, "the refused run sent a request"
    return ran


def test_undo_is_refused_while_an_import_of_the_same_event_runs(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path, cache_folder: Path
) -> None:
    event = new_event(sim, "undo-during-import")
    write_items(tmp_path / "items.csv")
    imported(run_cli, sim, event, "a.journal.sqlite")  # A made the items
    items = {item["id"] for item in call(sim, "item", {"event_id": event}, None)}
    assert len(items) == 3

    first = start_held(sim, tmp_path, "import", "items", "items.csv", "--event", event,
                       "--journal", "b.journal.sqlite")  # B imports the same sheet  # fmt: skip
    try:
        undo = second(sim, tmp_path, "undo", "--journal", "a.journal.sqlite", "--yes")
        assert first.poll() is None, "the import must still run while the undo is refused"
        owner = target_owner(cache_folder, sim, "item", event)
        dry = run_cli("import", "items", "items.csv", "--event", event, "--dry-run",
                      "--results", "dry.csv", "--quiet", env=env_of(sim))  # fmt: skip
        assert dry.exit_code == 0, dry.output  # a dry run takes no target lock
    finally:
        stop(first)
    assert undo.returncode == 2, undo.stdout + undo.stderr
    job = f"an import with the journal {tmp_path / 'b.journal.sqlite'}"
    assert undo.stderr.splitlines()[-1] == refusal(
        f"the items of event {event} in this account", owner, job
    )
    assert owner["pid"] == first.pid
    left = {item["id"] for item in call(sim, "item", {"event_id": event}, None)}
    assert left == items  # nothing was deleted under B

    again = run_cli("undo", "--journal", "a.journal.sqlite", "--yes", "--quiet", "--rate",
                    "1000", env=env_of(sim))  # fmt: skip
    assert again.exit_code == 0, again.output  # the killed import's locks do not block
    assert call(sim, "item", {"event_id": event}, None) == []


def test_an_import_is_refused_while_an_undo_of_the_same_event_runs(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path, cache_folder: Path
) -> None:
    event = new_event(sim, "import-during-undo")
    write_items(tmp_path / "items.csv")
    imported(run_cli, sim, event, "a.journal.sqlite")

    first = start_held(sim, tmp_path, "undo", "--journal", "a.journal.sqlite", "--yes")
    try:
        again = second(sim, tmp_path, "import", "items", "items.csv", "--event", event,
                       "--journal", "b.journal.sqlite")  # fmt: skip
        assert first.poll() is None, "the undo must still run while the import is refused"
        owner = target_owner(cache_folder, sim, "item", event)
    finally:
        stop(first)
    assert again.returncode == 2, again.stdout + again.stderr
    job = f"an undo of the journal {tmp_path / 'a.journal.sqlite'}"
    assert again.stderr.splitlines()[-1] == refusal(
        f"the items of event {event} in this account", owner, job
    )
    assert not (tmp_path / "b.journal.sqlite").exists()  # refused before it kept anything

    undone = run_cli("undo", "--journal", "a.journal.sqlite", "--yes", "--quiet", "--rate",
                     "1000", env=env_of(sim))  # fmt: skip
    assert undone.exit_code == 0, undone.output
    assert call(sim, "item", {"event_id": event}, None) == []


def test_an_undo_of_sizes_is_refused_while_an_items_import_of_the_event_runs(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path, cache_folder: Path
) -> None:
    """An items sheet makes sizes too: an undo of an attributes sheet's journal in the same
    event deleted them under the import (its rows found the sizes, then they were gone)."""
    event = new_event(sim, "sizes-undo-during-items")
    write_items(tmp_path / "items.csv")
    imported(run_cli, sim, event, "items.journal.sqlite")  # Shirt S and M, Mug, Cap
    (tmp_path / "sizes.csv").write_text("item,name,quantity_total\nMug,Red,4\nMug,Blue,6\n")
    sized = run_cli("import", "attributes", "sizes.csv", "--event", event, "--journal",
                    "sizes.journal.sqlite", "--rate", "1000", "--quiet",
                    env=env_of(sim))  # fmt: skip
    assert sized.exit_code == 0, sized.output
    sizes = {i["name"]: sorted(a["name"] for a in i["attributes"])
             for i in call(sim, "item", {"event_id": event}, None)}  # fmt: skip

    # B imports the items sheet again
    first = start_held(sim, tmp_path, "import", "items", "items.csv", "--event", event,
                       "--journal", "b.journal.sqlite")  # fmt: skip
    try:
        undo = second(sim, tmp_path, "undo", "--journal", "sizes.journal.sqlite", "--yes")
        assert first.poll() is None, "the import must still run while the undo is refused"
        owner = target_owner(cache_folder, sim, "attribute", event)
    finally:
        stop(first)
    assert undo.returncode == 2, undo.stdout + undo.stderr
    job = f"an import with the journal {tmp_path / 'b.journal.sqlite'}"
    assert undo.stderr.splitlines()[-1] == refusal(
        f"the attributes of event {event} in this account", owner, job
    )
    held = {i["name"]: sorted(a["name"] for a in i["attributes"])
            for i in call(sim, "item", {"event_id": event}, None)}  # fmt: skip
    assert held == sizes == {"Shirt": ["M", "S"], "Mug": ["Blue", "Red"], "Cap": []}


def test_an_undo_of_folders_is_refused_while_a_files_import_holds_the_files(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path, cache_folder: Path
) -> None:
    """Undo deletes a folder with what is in it, and a files import moves files into
    folders: the undo of a folders sheet's journal ran while a files import went on, so a
    file moved into one of the folders went to the top with it, its row naming a folder
    that was gone. (The files import is held as its lock: the simulator seeds no files.)"""
    (tmp_path / "folders.csv").write_text("name,parent\nBrochures,\n2026,Brochures\n")
    made = run_cli("import", "folders", "folders.csv", "--journal", "folders.journal.sqlite",
                   "--rate", "1000", "--quiet", env=env_of(sim))  # fmt: skip
    assert made.exit_code == 0, made.output
    theirs = tmp_path / "files.journal.sqlite"
    held = TargetLocks.try_take([Target.of(account(config_of(sim).api), "file", None)], IMPORT,
                                theirs)  # fmt: skip
    assert isinstance(held, TargetLocks)
    try:
        owner = target_owner(cache_folder, sim, "file", "")
        undo = second(sim, tmp_path, "undo", "--journal", "folders.journal.sqlite", "--yes")
    finally:
        held.release()
    assert undo.returncode == 2, undo.stdout + undo.stderr
    assert undo.stderr.splitlines()[-1] == refusal(
        "the files of this account", owner, f"an import with the journal {theirs}"
    )
    names = {folder["name"] for folder in call(sim, "folder", {}, None)}
    assert {"Brochures", "2026"} <= names


def test_two_imports_of_one_events_sheet_from_two_folders_the_second_is_refused(
    sim: SimulatorThread, tmp_path: Path, cache_folder: Path
) -> None:
    names = [f"two-laptops-{n}" for n in range(5)]
    for folder in ("laptop-a", "laptop-b"):
        (tmp_path / folder).mkdir()
        with (tmp_path / folder / "events.csv").open("w", newline="", encoding="utf-8") as out:
            sheet = csv.writer(out)
            sheet.writerow(["name", "title", "type", "start_date", "end_date", "time_zone_id"])
            for name in names:
                sheet.writerow([name, name, "OTHER", "2027-07-17T14:00:00Z",
                                "2027-07-17T20:00:00Z", "US/Eastern"])  # fmt: skip
    command = ["import", "events", "events.csv", "--journal", "events.journal.sqlite"]
    first = start_held(sim, tmp_path / "laptop-a", *command)
    try:
        again = second(sim, tmp_path / "laptop-b", *command)
        assert first.poll() is None
        owner = target_owner(cache_folder, sim, "event", "")
    finally:
        stop(first)
    assert again.returncode == 2, again.stdout + again.stderr
    job = f"an import with the journal {tmp_path / 'laptop-a' / 'events.journal.sqlite'}"
    assert again.stderr.splitlines()[-1] == refusal("the events of this account", owner, job)
    listed = [e for e in call(sim, "event", {}, None) if e["name"] in set(names)]
    assert len(listed) <= 1  # the held run made one at most; the refused one none


def test_copy_into_an_event_whose_items_an_undo_holds_is_refused_before_writing(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path, cache_folder: Path
) -> None:
    """copy imports each kind with run_job, so it takes the same locks: the fees go over,
    the items stop at the held target, before any item is sent."""
    source, target = new_event(sim, "copy-from"), new_event(sim, "copy-into")
    write_items(tmp_path / "items.csv")
    imported(run_cli, sim, source, "source.journal.sqlite")
    config = config_of(sim)
    undo_journal = tmp_path / "theirs.journal.sqlite"
    held = TargetLocks.try_take(
        [Target.of(account(config.api), "item", target)], UNDO, undo_journal
    )
    assert isinstance(held, TargetLocks)
    try:
        owner = target_owner(cache_folder, sim, "item", target)
        copied = run_cli("copy", "--from-event", source, "--to-event", target, "--kinds",
                         "items", "--quiet", env=env_of(sim))  # fmt: skip
    finally:
        held.release()
    assert copied.exit_code == 2, copied.output
    job = f"an undo of the journal {undo_journal}"
    assert copied.stderr.splitlines()[-1] == refusal(
        f"the items of event {target} in this account", owner, job
    )
    assert call(sim, "item", {"event_id": target}, None) == []


def test_undo_is_refused_while_a_scripts_ensure_holds_its_target(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path, cache_folder: Path
) -> None:
    """A migration script's Client.ensure holds the items of the event for its look-up and
    create: an undo of an import into that event is refused meanwhile, naming the script,
    and deletes nothing; once the ensure has let go, the same undo goes through."""
    event = new_event(sim, "undo-during-ensure")
    write_items(tmp_path / "items.csv")
    imported(run_cli, sim, event, "a.journal.sqlite")
    items = {item["id"] for item in call(sim, "item", {"event_id": event}, None)}
    held = TargetLocks.try_take([Target.of(account(config_of(sim).api), "item", event)], ENSURE)
    assert isinstance(held, TargetLocks)
    try:
        owner = target_owner(cache_folder, sim, "item", event)
        undo = second(sim, tmp_path, "undo", "--journal", "a.journal.sqlite", "--yes")
    finally:
        held.release()
    assert undo.returncode == 2, undo.stdout + undo.stderr
    assert undo.stderr.splitlines()[-1] == refusal(
        f"the items of event {event} in this account", owner, "a script's Client.ensure"
    )
    assert {item["id"] for item in call(sim, "item", {"event_id": event}, None)} == items
    undone = run_cli("undo", "--journal", "a.journal.sqlite", "--yes", "--quiet", "--rate",
                     "1000", env=env_of(sim))  # fmt: skip
    assert undone.exit_code == 0, undone.output
    assert call(sim, "item", {"event_id": event}, None) == []


def test_a_cache_folder_that_cannot_be_written_stops_the_import_before_it_sends(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    event = new_event(sim, "no-cache-folder")  # (this process's gate of the key is made)
    write_items(tmp_path / "items.csv")
    (tmp_path / "a-file").write_text("not a folder")
    monkeypatch.setenv("BULKSPOT_CACHE_DIR", str(tmp_path / "a-file"))
    before = sim.stats()["requests"]
    refused = run_cli("import", "items", "items.csv", "--event", event, "--quiet",
                      env=env_of(sim))  # fmt: skip
    assert refused.exit_code == 2, refused.output
    assert refused.stderr.splitlines()[-1] == (
        f"Error: cannot write the folder {tmp_path / 'a-file' / 'locks'}, where runs on this "
        "machine share their locks and rate windows: a part of its path is a file, not a "
        "folder. Set BULKSPOT_CACHE_DIR to a folder that can be written, then run the same "
        "command again (nothing was sent)."
    )
    assert sim.stats()["requests"] == before


def test_a_read_only_cache_folder_stops_the_import_before_it_sends_with_the_way_out(
    sim: SimulatorThread, run_cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A read-only home (a mount): its cache folder and subfolders are there, only their
    files cannot be made. The lock's (in this process, whose key window is open already)
    and the window's (a process of its own) failures were 'Error: Read-only file system:
    PATH', the process's also 'Unclosed client session'."""
    event = new_event(sim, "read-only-cache")
    write_items(tmp_path / "items.csv")
    with tiny_filesystem(tmp_path / "xdg") as xdg:
        for part in ("locks", "rates"):
            (xdg / "bulkspot" / part).mkdir(parents=True)
        make_read_only(xdg)
        monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
        monkeypatch.delenv("BULKSPOT_CACHE_DIR")
        before = sim.stats()["requests"]
        in_process = run_cli("import", "items", "items.csv", "--event", event, "--quiet",
                             env=env_of(sim))  # fmt: skip
        alone = subprocess.run(bulkspot_command("import", "items", "items.csv", "--event",
                                                event, "--quiet"), cwd=tmp_path,
                               env=env_of(sim), capture_output=True, text=True,
                               timeout=WAIT_LIMIT)  # fmt: skip
        assert sim.stats()["requests"] == before
    for code, stderr, part in ((in_process.exit_code, in_process.stderr, "locks"),
                               (alone.returncode, alone.stderr, "rates")):  # fmt: skip
        assert code == 2, stderr
        assert stderr.splitlines() == [
            f"Error: cannot write the folder {xdg / 'bulkspot' / part}, where runs on this "
            "machine share their locks and rate windows: the file system is read-only. Set "
            "BULKSPOT_CACHE_DIR to a folder that can be written, then run the same command "
            "again (nothing was sent)."
        ]
    assert not (tmp_path / "items.journal.sqlite").exists()
