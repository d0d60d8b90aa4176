"""Issue 22: every path the library takes is a `str` or any `os.PathLike` as well as a Path.
`ImportJob(source="codes.csv")` ended in `AttributeError: 'str' object has no attribute
'name'` deep in sources/snapshot.py; a value that is no path at all is a UsageError naming
the parameter; and each job's typed __init__ (for mypy) lists the dataclass's fields."""

from __future__ import annotations

import ast
import csv
import dataclasses
import inspect
import textwrap
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

import bulkspot
from bulkspot.core.codes import PromocodeTerms
from bulkspot.core.outcome import Status
from bulkspot.runner.copy import CopyJob
from bulkspot.runner.export import ExportJob
from bulkspot.runner.generate import PromocodeBatch
from bulkspot.runner.job import ImportJob
from bulkspot.simulator import Simulator, SimulatorConfig

FEES = "label,fee\nAdult,25.00\nChild,10.00\n"
EVENT = {
    "name": "paths", "title": "Paths", "type": "OTHER", "time_zone_id": "US/Eastern",
    "start_date": "2027-07-17T14:00:00.000Z", "end_date": "2027-07-17T20:00:00.000Z",
}  # fmt: skip


class NotAPath:
    """An os.PathLike that is no pathlib.Path, as some libraries hand paths around."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def __fspath__(self) -> str:
        return str(self.path)


@pytest.fixture
async def sim() -> AsyncIterator[Simulator]:
    async with Simulator(SimulatorConfig(rate=0, seed=3)) as simulator:
        yield simulator


def config(sim: Simulator) -> bulkspot.RunConfig:
    settings = bulkspot.ApiSettings("sandbox-key", "sandbox-token", f"{sim.url}/v2/")
    return bulkspot.RunConfig(settings, limits=bulkspot.Limits(rate=10_000))


async def new_event(sim: Simulator) -> str:
    async with bulkspot.open_client(config(sim)) as client:
        return (await client.create("event", {}, EVENT))["id"]


async def test_an_import_job_takes_its_paths_as_strings_and_path_likes(
    sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("fees.csv").write_text(FEES, encoding="utf-8")
    event = await new_event(sim)
    job = ImportJob(kind="fees", source="fees.csv", event_id=event, journal_path="fees.journal",
                    results_path=NotAPath(tmp_path / "fees-results.csv"))  # fmt: skip
    summary = await bulkspot.import_sheet(job, config(sim))
    assert dict(summary.counts) == {Status.CREATED: 2}
    assert summary.results_path == tmp_path / "fees-results.csv"
    assert (tmp_path / "fees.journal").is_file()
    assert sorted(fee["label"] for fee in sim.store.event(event).fees.values()) == [
        "Adult", "Child",
    ]  # fmt: skip
    again = await bulkspot.import_sheet(
        NotAPath(Path("fees.csv")), config(sim), kind="fees", event_id=event
    )
    assert dict(again.counts) == {Status.EXISTS: 2}


async def test_an_export_and_an_undo_take_strings(
    sim: Simulator, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    Path("fees.csv").write_text(FEES, encoding="utf-8")
    event = await new_event(sim)
    await bulkspot.import_sheet(ImportJob("fees", "fees.csv", event, journal_path="j.sqlite"),
                                config(sim))  # fmt: skip
    exported = await bulkspot.export(ExportJob("fee", "out.csv", event), config(sim))
    assert exported.path == Path("out.csv") and exported.resources == 2
    with (tmp_path / "out.csv").open(encoding="utf-8-sig") as lines:
        assert sorted(row["label"] for row in csv.DictReader(lines)) == ["Adult", "Child"]
    undone = await bulkspot.undo_journal("j.sqlite", config=config(sim))
    assert dict(undone.counts) == {Status.DELETED: 2}
    assert list(sim.store.event(event).fees.values()) == []


def test_the_other_jobs_make_paths_of_strings() -> None:
    assert CopyJob("A", "B", folder="work").work_folder == Path("work")
    batch = PromocodeBatch("E1", 5, PromocodeTerms(discount="10%"), output="codes.csv")
    assert batch.csv_path == Path("codes.csv") and isinstance(batch.output, Path)
    assert ExportJob("fee", "out.csv", journal_path="j.jsonl").journal_path == Path("j.jsonl")


def test_a_value_that_is_no_path_is_a_usage_error() -> None:
    with pytest.raises(bulkspot.UsageError) as raised:
        ImportJob("fees", 42)  # type: ignore[arg-type]
    assert str(raised.value) == "source must be a path (a str or an os.PathLike), not 42"
    with pytest.raises(bulkspot.UsageError) as raised:
        no_path: Any = None
        bulkspot.run_undo(no_path, config=bulkspot.RunConfig(bulkspot.ApiSettings("k", "t")))
    assert str(raised.value) == "journal_path must be a path (a str or an os.PathLike), not None"


def typed_init(cls: type) -> list[tuple[str, str]]:
    """(name, default) of the __init__ a class declares for type checkers only."""
    source = textwrap.dedent(inspect.getsource(cls))
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.FunctionDef) and node.name == "__init__":
            args = node.args.args[1:]
            defaults = [""] * (len(args) - len(node.args.defaults)) + [
                ast.unparse(d) for d in node.args.defaults
            ]
            return [(a.arg, d) for a, d in zip(args, defaults, strict=True)]
    raise AssertionError(f"{cls.__name__} declares no __init__")


def dataclass_init(cls: Any) -> list[tuple[str, str]]:
    found = []
    for field in dataclasses.fields(cls):
        if not field.init:
            continue
        if field.default is not dataclasses.MISSING:
            default = repr(field.default) if field.default is not None else "None"
        elif field.default_factory is not dataclasses.MISSING:
            default = "..."
        else:
            default = ""
        found.append((field.name, default))
    return found


@pytest.mark.parametrize("cls", [ImportJob, ExportJob, CopyJob, PromocodeBatch])
def test_each_typed_init_lists_the_dataclass_fields(cls: type) -> None:
    """A field added to a job and not to its typed __init__ would be a mypy error for users."""
    declared = [name for name, _ in typed_init(cls)]
    assert declared == [name for name, _ in dataclass_init(cls)]
