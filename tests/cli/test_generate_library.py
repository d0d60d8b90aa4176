"""The library does what `promocodes generate` and `import events` print: generated codes
written and imported in one call, and the ids an events import made, in its summary."""

from __future__ import annotations

import csv
import dataclasses
from pathlib import Path

import anyio
import pytest

from bulkspot import api
from bulkspot.config import ApiSettings, Limits, RunConfig
from bulkspot.core.codes import PromocodeTerms
from bulkspot.core.outcome import Status
from bulkspot.errors import BulkspotError
from bulkspot.runner.generate import GeneratedCodes, PromocodeBatch
from bulkspot.runner.job import RowResource
from tests.cli.sandbox import SANDBOX, Sandbox
from tests.paths import SAMPLES

TERMS = PromocodeTerms(discount="10%", scope="ORDER_TOTAL", quantity=1)


def config_for(sandbox: Sandbox) -> RunConfig:
    settings = ApiSettings(SANDBOX["CTCT_API_KEY"], SANDBOX["CTCT_ACCESS_TOKEN"], sandbox.base)
    return RunConfig(settings, limits=Limits(rate=500))


def csv_codes(path: Path) -> list[str]:
    with path.open(encoding="utf-8", newline="") as rows:
        return [row["code_name"] for row in csv.DictReader(rows)]


def test_generate_promocodes_writes_checks_and_imports_in_one_call(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    event = sandbox.new_event()
    body = {"code_name": "LIB2", "code_type": "DISCOUNT", "discount_percent": 5,
            "discount_scope": "ORDER_TOTAL"}  # fmt: skip
    sandbox.call(lambda c: c.create("promocode", {"event_id": event}, body))
    batch = PromocodeBatch(event, 30, TERMS, prefix="LIB", length=4, seed=2,
                           output=tmp_path / "codes.csv")  # fmt: skip
    job = api.ImportJob("promocodes", batch.csv_path, journal_path=tmp_path / "j.sqlite")
    written: list[tuple[Path, list[str]]] = []

    async def go() -> GeneratedCodes:
        return await api.generate_promocodes(
            batch, config_for(sandbox), job, on_written=lambda p, c: written.append((p, list(c)))
        )

    result = anyio.run(go)
    assert result.checked and len(result.codes) == 30 and "LIB2" not in result.codes
    assert written == [(tmp_path / "codes.csv", list(result.codes))]
    assert csv_codes(result.csv_path) == list(result.codes)
    assert result.summary is not None and dict(result.summary.counts) == {Status.CREATED: 30}
    made = sandbox.call(lambda c: c.list("promocode", {"event_id": event}))
    assert {p["code_name"] for p in made} == {"LIB2", *result.codes}


def test_without_a_config_only_the_csv_is_written(tmp_path: Path) -> None:
    batch = PromocodeBatch("E1", 5, TERMS, prefix="X", seed=1, output=tmp_path / "x.csv")

    async def go() -> GeneratedCodes:
        return await api.generate_promocodes(batch, None, api.ImportJob("promocodes", Path()))

    result = anyio.run(go)
    assert (result.checked, result.summary) == (False, None)
    assert csv_codes(tmp_path / "x.csv") == list(result.codes) and len(result.codes) == 5


def test_a_batch_names_its_csv_by_what_defines_it_so_the_same_command_finds_it() -> None:
    batch = PromocodeBatch("EV1", 5, TERMS)
    assert batch.output is None
    assert batch.csv_path == Path(f"promocodes-EV1-5-{batch.digest}.csv")
    assert PromocodeBatch("EV1", 5, TERMS).csv_path == batch.csv_path
    others = [
        PromocodeBatch("EV2", 5, TERMS),
        PromocodeBatch("EV1", 6, TERMS),
        PromocodeBatch("EV1", 5, TERMS, prefix="X"),
        PromocodeBatch("EV1", 5, TERMS, length=9),
        PromocodeBatch("EV1", 5, TERMS, seed=1),
        PromocodeBatch("EV1", 5, dataclasses.replace(TERMS, discount="20%")),
        PromocodeBatch("EV1", 5, dataclasses.replace(TERMS, quantity=2)),
        PromocodeBatch("EV1", 5, dataclasses.replace(TERMS, paused=True)),
    ]
    assert len({b.csv_path for b in [batch, *others]}) == 1 + len(others)
    assert PromocodeBatch("EV1", 5, TERMS, output=Path("x.csv")).csv_path == Path("x.csv")


def test_the_same_batch_again_imports_its_earlier_csv_and_makes_no_new_codes(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    """A first call that wrote the CSV and stopped before its import (here: no job) is
    finished by the same call: the same codes, the CSV untouched, exactly `count` codes."""
    event = sandbox.new_event()
    batch = PromocodeBatch(event, 12, TERMS, prefix="RES", output=tmp_path / "codes.csv")
    config = config_for(sandbox)

    async def go(job: api.ImportJob | None) -> GeneratedCodes:
        return await api.generate_promocodes(batch, config, job)

    first = anyio.run(go, None)
    written = batch.csv_path.read_bytes()
    assert (first.resumed, first.checked, first.summary) == (False, True, None)
    job = api.ImportJob("promocodes", batch.csv_path, journal_path=tmp_path / "j.sqlite")
    second = anyio.run(go, job)
    assert (second.resumed, second.checked, second.codes) == (True, False, first.codes)
    assert second.summary is not None and dict(second.summary.counts) == {Status.CREATED: 12}
    third = anyio.run(go, job)
    assert third.resumed and third.codes == first.codes
    assert third.summary is not None and dict(third.summary.counts) == {}  # sent nothing
    assert dict(third.summary.job_counts) == {Status.CREATED: 12}
    assert batch.csv_path.read_bytes() == written
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    made = sandbox.call(lambda c: c.list("promocode", {"event_id": event}))
    assert sorted(p["code_name"] for p in made) == sorted(first.codes)


def test_a_resumed_batch_neither_reads_the_event_s_codes_nor_writes_its_csv(
    tmp_path: Path,
) -> None:
    from bulkspot.runner.generate import generate_promocodes

    batch = PromocodeBatch("E1", 4, TERMS, seed=3, output=tmp_path / "codes.csv")
    reads: list[str] = []
    written: list[Path] = []

    async def read_codes(event_id: str) -> list[str]:
        reads.append(event_id)
        return ["TAKEN123"]

    async def go() -> GeneratedCodes:
        return await generate_promocodes(batch, read_codes=read_codes, import_codes=None,
                                         on_written=lambda p, _c: written.append(p))  # fmt: skip

    first = anyio.run(go)
    second = anyio.run(go)
    assert (reads, written) == (["E1"], [batch.csv_path])
    assert (first.resumed, second.resumed, second.codes) == (False, True, first.codes)


def test_a_csv_of_another_batch_is_refused_and_kept(tmp_path: Path) -> None:
    out = tmp_path / "codes.csv"

    async def go(batch: PromocodeBatch) -> GeneratedCodes:
        return await api.generate_promocodes(batch, None)

    anyio.run(go, PromocodeBatch("E1", 5, TERMS, prefix="AB", length=6, output=out))
    kept = out.read_bytes()
    other = PromocodeBatch("E1", 6, dataclasses.replace(TERMS, discount="20%", paused=True),
                           prefix="CD", length=7, output=out)  # fmt: skip
    with pytest.raises(BulkspotError) as refused:
        anyio.run(go, other)
    assert str(refused.value) == (
        f"{out} holds an earlier batch made with other options (5 codes, not --count 6; "
        "codes that do not start with --prefix 'CD'; codes of 6 characters, not --length 7; "
        "discount 10%, not 20%; is_paused no, not yes): run the command that made it to "
        "finish it, or give another --output for a new batch"
    )
    assert out.read_bytes() == kept


def test_a_file_that_is_not_generated_codes_is_never_overwritten(tmp_path: Path) -> None:
    out = tmp_path / "events.csv"
    out.write_bytes((SAMPLES / "events.csv").read_bytes())
    batch = PromocodeBatch("E1", 5, TERMS, output=out)

    async def go() -> GeneratedCodes:
        return await api.generate_promocodes(batch, None)

    with pytest.raises(BulkspotError) as refused:
        anyio.run(go)
    assert str(refused.value) == (
        f"{out} is there and is not a CSV of generated codes (its columns are not code_name, "
        "code_type, discount, discount_scope, fees, quantity_total, is_paused); it is left as "
        "it is: give another --output"
    )
    assert out.read_bytes() == (SAMPLES / "events.csv").read_bytes()


def test_an_events_import_names_the_events_it_made_and_a_children_import_none(
    sandbox: Sandbox, tmp_path: Path
) -> None:
    config = config_for(sandbox)
    events = tmp_path / "events.csv"
    events.write_bytes((SAMPLES / "events.csv").read_bytes())
    summary = api.run_import("events", events, config=config)
    names = [r.name for r in summary.resources]
    assert names == [
        "riverside-summer-fest-2027", "harbor-tech-meetup-2027-09",
        "data-and-donuts-webinar-2027-10",
    ]  # fmt: skip
    assert [(r.row, r.status) for r in summary.resources] == [
        (2, Status.CREATED), (3, Status.CREATED), (4, Status.CREATED)
    ]  # fmt: skip
    assert all(isinstance(r, RowResource) and r.id for r in summary.resources)
    fees = api.run_import(
        "fees",
        SAMPLES / "fees.csv",
        config=config,
        event_id=summary.resources[0].id,
        results_path=tmp_path / "f.csv",
        journal_path=tmp_path / "f.sqlite",
    )
    assert fees.counts == {Status.CREATED: 5} and fees.resources == ()


@pytest.mark.parametrize(
    ("count", "message"),
    [(0, "the count must be at least 1"), (5, "a percent discount is 1-100, not 150%")],
)
def test_a_batch_that_cannot_be_made_is_refused_before_any_request(
    tmp_path: Path, count: int, message: str
) -> None:
    terms = PromocodeTerms(discount="150%" if count else "10%")
    batch = PromocodeBatch("E1", count, terms, output=tmp_path / "x.csv")
    with pytest.raises(BulkspotError, match=message):
        batch.check()
    assert not (tmp_path / "x.csv").exists()
