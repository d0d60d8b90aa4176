"""The library does what `promocodes generate` and `import events` print: generated codes
written and imported in one call, and the ids an events import made, in its summary."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import anyio
import pytest

from bulkspot import api
from bulkspot.config import ApiSettings, Limits, RunConfig
from bulkspot.core.codes import PromocodeTerms
from bulkspot.core.outcome import Status
from bulkspot.errors import BulkspotError
from bulkspot.runner.generate import GeneratedCodes, PromocodeBatch, default_csv_path
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


def test_a_batch_names_its_csv_when_it_is_made() -> None:
    when = dt.datetime(2027, 7, 17, 14, 5, 9)
    assert default_csv_path("EV1", when) == Path("promocodes-EV1-20270717-140509.csv")
    batch = PromocodeBatch("EV1", 5, TERMS)
    assert batch.csv_path.name.startswith("promocodes-EV1-") and batch.output is None


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
