"""Issue 24: the daily quota is the budget, so each job's requests are pinned exactly.

Each job of benchmarks/request_jobs.py runs at small sizes against one seeded simulator
without faults or limits, and the simulator's own counts (by method) must equal today's: a
test fails when a request is added. The comment beside each gives the job's minimum (writes
plus the collection reads nothing can avoid, reasoned in request_jobs.py): a change that
removes requests lowers the pinned figure toward it. `python -m benchmarks.bench_requests`
prints the same jobs at the issue's sizes.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from benchmarks.request_jobs import (
    Bench,
    Sizes,
    bench,
    copy_event,
    ensure_fees,
    export_items,
    fresh_import_and_rerun,
    resume_after_kill,
    unchanged_reimport,
)
from tests.runner.sheets import event_of

SIZES = Sizes(
    items=5,  # x 4 sizes: 25 writes
    killed_after=10,  # of those 25
    copy_fees=3,
    copy_items=4,  # x 3 sizes
    copy_codes=10,
    reimported_codes=10,
    ensured=3,
)


@pytest.fixture(scope="module")
def jobs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bench]:
    with bench(tmp_path_factory.mktemp("requests")) as found:
        yield found


def holdings(jobs: Bench, event: str) -> dict[str, list[int]]:
    """What the simulator holds in `event`: its fees and codes, the sizes of each item."""
    held = event_of(jobs.sim.dump(), event)
    return {
        "fees": [len(held["fees"])],
        "items": sorted(len(item["attributes"]) for item in held["items"]),
        "promocodes": [len(held["promocodes"])],
    }


def test_a_fresh_import_and_its_rerun(jobs: Bench) -> None:
    fresh, rerun = fresh_import_and_rerun(jobs, SIZES)
    # minimum 27: 25 POSTs + 1 items read (its 404 the event check) + 1 event read, sent
    # beside it (a sheet of prices: the event's currency is compared with the sheet's before
    # any write); no item is read again for its total: its create carried its sizes' sum
    assert fresh.by_method == {"GET": 2, "POST": 25}
    assert fresh.minimum == 27
    # minimum 0: the journal proves every row made
    assert rerun.by_method == {}
    assert holdings(jobs, fresh.event)["items"] == [4] * 5


@pytest.mark.slow  # a process of its own, killed: about 4 s
def test_a_resume_after_a_kill(jobs: Bench) -> None:
    resumed = resume_after_kill(jobs, SIZES)
    # minimum 17: the 15 writes left + 1 items read (whether the cut-off create was made)
    # + 1 event read (the prices' currency)
    # (the items it makes are not read again for their totals; those of the killed run are)
    assert resumed.by_method == {"GET": 2, "POST": 15}
    assert resumed.minimum == 17
    assert holdings(jobs, resumed.event)["items"] == [4] * 5  # each size once, none lost


def test_an_export_of_items(jobs: Bench) -> None:
    exported = export_items(jobs, SIZES)
    # minimum 2: the items read (attributes come with their items) and the event's, for its
    # currency: a sheet of amounts says it, or it would not import into its event again
    assert exported.by_method == {"GET": 2}
    assert exported.minimum == 2


def test_a_copy_of_an_event(jobs: Bench) -> None:
    copied = copy_event(jobs, SIZES)
    # minimum 37: 29 POSTs + 3 source reads + 3 target reads (fees, items, promocodes) + 2
    # event reads (issue 23: both currencies compared before any write). The imports take
    # the target event's currency from the copy's read of it, the codes' fees from the
    # fees import's read and creates (one KeyIndex for the copy's imports), and the source
    # fees' labels from the fees export's read (runner/copy_target.py, copy_source.py)
    # (its items are not read again for their totals; the promocodes import, of percents
    # only, reads no event: its promocodes read's 404 would say the event is missing)
    assert copied.by_method == {"GET": 8, "POST": 29}
    assert copied.minimum == 37
    assert holdings(jobs, copied.event) == {"fees": [3], "items": [3] * 4, "promocodes": [10]}


def test_an_unchanged_reimport_of_exported_promocodes(jobs: Bench) -> None:
    reimported = unchanged_reimport(jobs, SIZES)
    # minimum 2: 1 promocodes read (every row found unchanged in it; its 404 would say the
    # event is missing) + 1 fees read (labels). No event read: the codes are percents
    assert reimported.by_method == {"GET": 2}
    assert reimported.minimum == 2
    assert holdings(jobs, reimported.event)["promocodes"] == [10]


def test_ensure_of_existing_and_new_fees(jobs: Bench) -> None:
    ensured = ensure_fees(jobs, SIZES)
    # minimum 4: 3 POSTs + 1 fees read (each fee that exists is returned whole from it;
    # ensure holds its target's lock, and reads afresh only after another process held it)
    assert ensured.by_method == {"GET": 1, "POST": 3}
    assert ensured.minimum == 4
    assert holdings(jobs, ensured.event)["fees"] == [6]


def test_the_table_prints_each_job_beside_its_minimum(tmp_path: Path) -> None:
    from benchmarks.bench_requests import table
    from benchmarks.request_jobs import JobCount

    printed = table([JobCount("a job", {"GET": 3, "POST": 9}, 10, "9 + 1"),
                     JobCount("nothing", {}, 0, "0")])  # fmt: skip
    assert printed.splitlines() == [
        "| job | GET | POST | PUT | PATCH | DELETE | requests | minimum | ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
        "| a job | 3 | 9 | 0 | 0 | 0 | 12 | 10 | 1.20x |",
        "| nothing | 0 | 0 | 0 | 0 | 0 | 0 | 0 | 1.00x |",
    ]
