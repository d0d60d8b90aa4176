"""The sheet is fixed when a run starts: editing or saving the file while the run goes on can
never put a result on another row's line (issue 11, case 3)."""

from __future__ import annotations

import csv
import os
import tempfile
from dataclasses import replace
from pathlib import Path

import pytest

from bulkspot.api import import_sheet
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.outcome import Status
from bulkspot.errors import JournalError
from bulkspot.events import RowDone, RunEvent
from bulkspot.runner.job import ImportJob
from bulkspot.transport.fake import FakeSender

ITEMS = "eventspot/events/E1/items"
HEADER = "name,price,default_quantity_total,per_registrant_limit,show_quantity_available\n"
CONFIG = RunConfig(
    ApiSettings("key-secret", "token-secret", "http://127.0.0.1:9/v2/"),
    limits=Limits(rate=10_000, concurrency=2),
    retry=RetryPolicy.no_wait(max_attempts=3),
    seed=5,
)


def items_sheet(names: list[str]) -> str:
    return HEADER + "".join(f"{name},5,10,1,yes\n" for name in names)


def results(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as lines:
        return list(csv.DictReader(lines))


class InsertAtTop:
    """After the first row is done, save the sheet again with a new row at the top, as a
    spreadsheet program would: in place, or as a new file put over the old one."""

    def __init__(self, path: Path, names: list[str], *, replace: bool) -> None:
        self.path, self.names, self.replace, self.done = path, names, replace, False

    def __call__(self, event: RunEvent) -> None:
        if self.done or not isinstance(event, RowDone):
            return
        self.done = True
        text = items_sheet(["Inserted", *self.names])
        if self.replace:
            fresh = self.path.with_name("saving.tmp")
            fresh.write_text(text, encoding="utf-8")
            os.replace(fresh, self.path)
        else:
            self.path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("replace", [False, True], ids=["in-place", "replaced"])
async def test_a_row_inserted_mid_run_misplaces_no_result(tmp_path: Path, replace: bool) -> None:
    names = [f"Item {n:03d}" for n in range(151)]
    sheet = tmp_path / "items.csv"
    sheet.write_text(items_sheet(names), encoding="utf-8")
    fake = FakeSender({"eventspot/events": [{"id": "E1", "name": "Fair"}]})
    job = ImportJob("items", sheet, event_id="E1", results_path=tmp_path / "results.csv")

    summary = await import_sheet(job, CONFIG, [InsertAtTop(sheet, names, replace=replace)],
                                 sender=fake)  # fmt: skip

    made = {str(item["id"]): str(item["name"]) for item in fake.collections[ITEMS]}
    assert sorted(made.values()) == sorted(names)  # the inserted row was never planned
    rows = results(tmp_path / "results.csv")
    assert [(r["row"], r["name"]) for r in rows] == [
        (str(n), name) for n, name in enumerate(names, 2)
    ]
    assert all(made[r["id"]] == r["name"] for r in rows)  # each id is its own row's
    assert dict(summary.counts) == {Status.CREATED: 151}
    assert (
        "items.csv changed while the run was going: this run and its results follow the "
        "sheet as it was when the run began, and the journal belongs to that version (to "
        "import the edited sheet, run again with a new journal_path, or with fresh=True)"
    ) in summary.warnings


async def test_an_unchanged_sheet_gives_no_warning_and_its_copy_is_removed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    private = tmp_path / "tmp"
    private.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(private))  # other runs share the usual one
    sheet = tmp_path / "items.csv"
    sheet.write_text(items_sheet(["Hat", "Cap"]), encoding="utf-8")
    fake = FakeSender({"eventspot/events": [{"id": "E1", "name": "Fair"}]})
    job = ImportJob("items", sheet, event_id="E1", results_path=tmp_path / "results.csv")

    summary = await import_sheet(job, CONFIG, sender=fake)

    assert summary.warnings == []
    assert list(private.iterdir()) == []  # the copy (and any other scratch) is gone


async def test_a_sheet_edited_between_runs_is_named_and_fresh_makes_nothing_twice(
    tmp_path: Path,
) -> None:
    names = ["Hat", "Cap", "Scarf"]
    sheet = tmp_path / "items.csv"
    sheet.write_text(items_sheet(names), encoding="utf-8")
    fake = FakeSender({"eventspot/events": [{"id": "E1", "name": "Fair"}]})
    journal = tmp_path / "items.journal.sqlite"
    job = ImportJob("items", sheet, event_id="E1", results_path=tmp_path / "results.csv",
                    journal_path=journal)  # fmt: skip
    await import_sheet(job, CONFIG, sender=fake)
    sheet.write_text(items_sheet(["Gloves", *names]), encoding="utf-8")

    with pytest.raises(JournalError) as refused:
        await import_sheet(job, CONFIG, sender=fake)
    assert str(refused.value) == (
        f"the journal {journal} was kept for another version of the sheet: the file has "
        "changed since that run, and a journal follows rows by their number, so it cannot go "
        "on with an edited sheet. To import the sheet as it is now, run again with a new "
        "journal_path (this one stays for `bulkspot undo`) or with fresh=True (which replaces "
        "it); rows already on the server are found by name and reported as existing, not made "
        "twice."
    )

    elsewhere = tmp_path / "edited.journal.sqlite"
    again = await import_sheet(replace(job, journal_path=elsewhere), CONFIG, sender=fake)
    assert dict(again.counts) == {Status.CREATED: 1, Status.EXISTS: 3}
    assert sorted(str(i["name"]) for i in fake.collections[ITEMS]) == sorted(["Gloves", *names])
    assert again.warnings == []
