"""An XLSX export onto a disk that fills up ends with the one message that names the sheet
and the way on, and nothing after it; once there is room the same command writes it whole.

Seen before: after "cannot write the exported sheet ...: the disk is full", the write-only
worksheet left to the garbage collector printed "Exception ignored in: <generator object
WriteOnlyWorksheet._write_rows ...>" and a traceback ending in "ValueError: I/O operation on
closed file"."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from tests.cli.sandbox import Sandbox
from tests.cli.test_storage_faults import RESUME
from tests.sinks.filesystems import fill, tiny_filesystem


def test_an_xlsx_export_onto_a_full_disk_says_so_once_and_leaves_no_traceback(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    for n in range(2):
        body = {"name": f"Mug {n}", "price": 5.0, "default_quantity_total": 10,
                "per_registrant_limit": 2, "show_quantity_available": True}  # fmt: skip
        sandbox.call(lambda client, body=body: client.create("item", {"event_id": event}, body))
    with tiny_filesystem(tmp_path / "disk") as disk:
        sheet = disk / "items.xlsx"
        command = [sys.executable, "-m", "bulkspot", "export", "items", "--event", event,
                   "--output", str(sheet)]  # fmt: skip
        env = {**os.environ, **sandbox.env}
        said = f"Error: cannot write the exported sheet {sheet}: the disk is full. {RESUME}\n"
        for pages in range(2, 6):  # room for the export's journal of pages, not its sheet
            filler = fill(disk, leave=pages * 4096)
            run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
            filler.unlink()
            if run.stderr.startswith(said) or run.returncode == 0:
                break
        assert (run.returncode, run.stdout, run.stderr) == (2, "", said)  # and nothing after
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        rows = list(load_workbook(sheet, read_only=True).active.iter_rows(values_only=True))
        assert sorted(row[1] for row in rows[1:]) == ["Mug 0", "Mug 1"]


def test_an_export_onto_a_disk_without_room_for_its_lock_names_the_sheet(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """Seen before: "Error: No space left on device" (a bare OSError from the lock file the
    run writes beside its sheet; the library raised it as such), naming no file."""
    event = sandbox.new_event()
    with tiny_filesystem(tmp_path / "disk") as disk:
        sheet = disk / "items.csv"
        command = [sys.executable, "-m", "bulkspot", "export", "items", "--event", event,
                   "--output", str(sheet)]  # fmt: skip
        env = {**os.environ, **sandbox.env}
        filler = fill(disk, leave=4096)  # room for the export journal's lock, not the sheet's
        run = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        said = f"Error: cannot write the exported sheet {sheet}: the disk is full. {RESUME}\n"
        assert (run.returncode, run.stdout, run.stderr) == (2, "", said)
        filler.unlink()
        done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=60)
        assert done.returncode == 0, done.stderr
        assert sheet.read_text(encoding="utf-8").splitlines()[0].startswith("id,")
