"""Every example a column's doc or a refusal gives is one its column reads (issue 23: the
schedules column suggested times without an offset, which it then refused; `5/1/2026` was
shown though, without --date-order, it is refused as either of two dates)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from typing import Any

import pytest

from bulkspot.core.coerce import CellError
from bulkspot.core.column import Column, Role
from bulkspot.core.columnmap import column_coercer
from bulkspot.core.columns import describe_columns, find_column
from bulkspot.core.mapping import map_columns
from bulkspot.core.moments import LocalTime
from bulkspot.core.operation import Operation, RowError
from bulkspot.core.plan import plan_rows
from bulkspot.core.planners.schedules import SchedulePlanner
from bulkspot.core.resources import WRITABLE_KINDS
from bulkspot.sources import Row


def examples_in(text: str) -> list[str]:
    """The examples a text gives: after "e.g.", to "; ", " (" or its end, split at "," and
    "or"; a discount's "20% (a percent), or 15.00 or $15 (an amount)" by its numbers."""
    found: list[str] = []
    for shown in re.findall(r"e\.g\. (.+?)(?:; | \(|\)|$)", text):
        found += [part for part in re.split(r", | or ", shown) if part]
    return found


def documented() -> Iterator[tuple[str, Column, str]]:
    for kind in WRITABLE_KINDS:
        for doc in describe_columns(kind):
            column = find_column(kind, doc.name)
            assert column is not None, (kind, doc.name)
            shown = examples_in(f"{doc.type}; {doc.doc}")
            if column.role is Role.DISCOUNT:
                shown += re.findall(r"\$?\d+(?:\.\d+)?%?", doc.type)
            for example in shown:
                yield kind, column, example


def read_as_a_row_would(column: Column, cell: Any) -> Any:
    """The column's reading of a cell; a time without an offset only where the column reads
    one in its row's zone (elsewhere it is refused on its row)."""
    value = column_coercer(column)(cell)
    if isinstance(value, LocalTime):
        assert column.field.zone_field is not None, f"{cell!r} has no offset"
    return value


def test_the_docs_show_examples() -> None:
    shown = {(kind, column.name, example) for kind, column, example in documented()}
    assert ("schedule", "scheduled_date", "2030-10-02T18:00:00-04:00") in shown
    assert ("event", "start_date", "2030-10-02 6:00 PM") in shown
    assert ("promocode", "discount", "$15") in shown
    assert len(shown) >= 25


@pytest.mark.parametrize(("kind", "column", "example"), list(documented()),
                         ids=lambda v: v.name if isinstance(v, Column) else str(v))  # fmt: skip
def test_every_documented_example_is_read_by_its_column(
    kind: str, column: Column, example: str
) -> None:
    assert read_as_a_row_would(column, example) is not None


@pytest.mark.parametrize(
    ("kind", "name", "message"),
    [
        ("event", "start_date", "'soon' is not a date and time (write it as 2030-10-02 18:00, "
                                "2030-10-02 6:00 PM or 2030-10-02T22:00:00Z)"),
        ("schedule", "scheduled_date", "'soon' is not a date and time (write it as "
                                       "2030-10-02T18:00:00-04:00 or 2030-10-02T22:00:00Z)"),
    ],
)  # fmt: skip
def test_a_refused_times_examples_are_read_by_its_column(
    kind: str, name: str, message: str
) -> None:
    column = find_column(kind, name)
    assert column is not None
    with pytest.raises(CellError) as refused:
        column_coercer(column)("soon")
    assert str(refused.value) == message
    for example in re.split(r", | or ", message.split("write it as ")[1].rstrip(")")):
        assert read_as_a_row_would(column, example) is not None


def test_a_schedule_without_an_offset_suggests_times_the_schedule_takes(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    now = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)
    monkeypatch.setattr(SchedulePlanner, "now", staticmethod(lambda: now))
    headers = ["campaign", "scheduled_date"]

    def plan(cell: str) -> Operation | RowError:
        mapping = map_columns("schedules", headers)
        row = Row("s", 2, {"campaign": "Spring", "scheduled_date": cell})
        [planned] = plan_rows("schedules", [row], mapping)
        return planned

    refused = plan("2027-03-02 10:00")
    assert isinstance(refused, RowError)
    assert refused.message == (
        "scheduled_date: '2027-03-02 10:00' has no offset: write it with one "
        "(2027-03-02T10:00Z for UTC, 2027-03-02T10:00-05:00 for New York in winter); email "
        "goes out at that instant"
    )
    for example in re.findall(r"\(([^ ]+) for UTC, ([^ ]+) for", refused.message)[0]:
        taken = plan(example)
        assert isinstance(taken, Operation), example
