"""Issue 12: every cell is read as the person meant it or refused with the reason. Times in
the row's time zone, zones checked, 12/4/2027 by the date order, discounts that say what
they are, currencies that are the sheet's, one quantity column on variant rows."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import pytest

from bulkspot.core.coerce import PLAIN_READING, CellReading, DateOrder
from bulkspot.core.mapping import map_columns
from bulkspot.core.operation import Operation, RowError
from bulkspot.core.plan import PlanSettings, plan_rows
from bulkspot.sources.row import Row

EVENT_HEADERS = ["name", "title", "type", "Start", "End", "Time Zone"]


def plan(
    kind: str,
    headers: list[str],
    *rows: Sequence[Any],
    reading: CellReading = PLAIN_READING,
    overrides: dict[str, str] | None = None,
) -> list[Operation | RowError]:
    sheet = (Row("s", n, dict(zip(headers, r, strict=False))) for n, r in enumerate(rows, 2))
    settings = PlanSettings(event_id="E1", reading=reading)
    return list(plan_rows(kind, sheet, map_columns(kind, headers, overrides), settings))


def problems(planned: Operation | RowError) -> list[tuple[str, str]]:
    assert isinstance(planned, RowError), planned
    return [(p.column, p.message) for p in planned.problems]


def event(start: Any, end: Any, zone: Any, reading: CellReading = PLAIN_READING) -> Any:
    (planned,) = plan("events", EVENT_HEADERS, ["Gala", "Gala", "other", start, end, zone],
                      reading=reading)  # fmt: skip
    return planned


# --- times ---------------------------------------------------------------------------------
def test_a_time_without_an_offset_is_in_the_rows_time_zone() -> None:
    """It was read as UTC: 18:00 in New York became 18:00Z (2 pm there)."""
    gala = event("2027-10-02 18:00", "2027-10-02T23:30", "US/Eastern")
    assert (gala.fields["start_date"], gala.fields["end_date"]) == (
        "2027-10-02T22:00:00.000Z", "2027-10-03T03:30:00.000Z"
    )  # fmt: skip
    winter = event("12/4/2027 10:00 AM", "2027-12-04 1:30 PM", "Europe/Berlin",
                   CellReading(date_order=DateOrder.MDY))  # fmt: skip
    assert winter.fields["start_date"] == "2027-12-04T09:00:00.000Z"
    assert winter.fields["end_date"] == "2027-12-04T12:30:00.000Z"
    offset = event("2027-10-02T18:00:00-04:00", "2027-10-03T01:00:00Z", "Asia/Tokyo")
    assert offset.fields["start_date"] == "2027-10-02T22:00:00.000Z"  # an offset is kept


def test_an_unknown_time_zone_is_refused_with_the_closest_names() -> None:
    """ "Eastern" was accepted."""
    assert problems(event("2027-10-02 18:00", "2027-10-02 20:00", "Eastern")) == [
        ("Time Zone", "'Eastern' is not a time zone; did you mean Canada/Eastern, US/Eastern?"),
    ]
    assert problems(event("2027-10-02T18:00Z", "2027-10-02T20:00Z", "Amerca/New_Yrok")) == [
        (
            "Time Zone",
            "'Amerca/New_Yrok' is not a time zone; did you mean America/New_York, "
            "America/Nuuk, America/Noronha?",
        ),
    ]
    assert (
        event("2027-10-02T18:00Z", "2027-10-02T20:00Z", "us/eastern").fields["time_zone_id"]
        == "US/Eastern"
    )


def test_a_day_and_month_that_could_be_either_is_refused_without_a_date_order() -> None:
    assert problems(event("12/4/2027 10:00 AM", "12/4/2027 11:00 AM", "US/Eastern")) == [
        ("Start", "'12/4/2027 10:00 AM' could be December 4 or April 12: give --date-order "
                  "DMY or MDY, or write 2027-MM-DD"),
        ("End", "'12/4/2027 11:00 AM' could be December 4 or April 12: give --date-order "
                "DMY or MDY, or write 2027-MM-DD"),
    ]  # fmt: skip
    dmy = event("12/4/2027 10:00", "12/4/2027 11:00", "UTC", CellReading(DateOrder.DMY))
    assert dmy.fields["start_date"] == "2027-04-12T10:00:00.000Z"
    # a day above 12 says the order itself
    plain = event("25/12/2027 18:00", "12/25/2027 20:00", "UTC")
    assert (plain.fields["start_date"], plain.fields["end_date"]) == (
        "2027-12-25T18:00:00.000Z", "2027-12-25T20:00:00.000Z"
    )  # fmt: skip


def test_a_local_time_needs_a_zone_and_must_exist_in_it() -> None:
    row = event("2027-10-02 18:00", "2027-10-02T20:00Z", "")
    assert problems(row) == [
        ("Start", "'2027-10-02 18:00' has no offset and the row has no time zone: fill in "
                  "Time Zone, or write the offset (2027-10-02T18:00Z for UTC)"),
        ("Time Zone", "is required"),
    ]  # fmt: skip
    skipped = event("2027-03-14 02:30", "2027-03-14 05:00", "US/Eastern")
    assert problems(skipped) == [
        ("Start", "'2027-03-14 02:30' does not exist in US/Eastern (the clocks skip it that "
                  "night): check the time"),
    ]  # fmt: skip
    twice = event("2027-11-07 01:30", "2027-11-07 05:00", "US/Eastern")
    assert problems(twice) == [
        ("Start", "'2027-11-07 01:30' happens twice in US/Eastern (the clocks go back that "
                  "night): write the offset, e.g. 2027-11-07T01:30-04:00"),
    ]  # fmt: skip


# --- discounts and money -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("cell", "message"),
    [("0.15", "'0.15' could be 15% or 0.15 off: write 15% for a percent, or the amount with "
              "its currency sign ($0.15) for an amount"),
     ("25", "'25' does not say what it is: write 25% for a percent off, or 25.00 for an "
            "amount off"),
     ("15", "'15' does not say what it is: write 15% for a percent off, or 15.00 for an "
            "amount off"),
     ("€4", "'€4' is in € (EUR), but this sheet's amounts are USD: write the amount in USD, "
            "or give --currency with the event's currency"),
     ("$5%", "'$5' has a currency, but a percent discount is not an amount: write 20%, or "
             "$20")],
)  # fmt: skip
def test_a_discount_that_does_not_say_what_it_is_is_refused(cell: str, message: str) -> None:
    """`--map "% Off=discount"`: 0.15, 25 and 15 became amounts (a code worth $0.15 off)."""
    headers = ["Coupon Code", "% Off", "Type", "Scope"]
    (row,) = plan("promocodes", headers, ["SAVE", cell, "DISCOUNT", "ORDER_TOTAL"],
                  overrides={"% Off": "discount"})  # fmt: skip
    assert problems(row)[0] == ("% Off", message)


def test_a_discount_that_says_what_it_is() -> None:
    headers = ["Coupon Code", "Discount", "Type"]
    percent, amount, dollars, euros = plan(
        "promocodes", headers, ["PCT1", "20%", ""], ["AMT1", "20.00", ""],
        ["AMT2", "$0.15", "DISCOUNT"], ["AMT3", "€4", ""], reading=CellReading(currency="EUR"),
    )  # fmt: skip
    assert percent.fields["discount_percent"] == 20  # type: ignore[union-attr]
    assert percent.fields["discount_type"] == "PERCENT"  # type: ignore[union-attr]
    assert (amount.fields["discount_amount"], amount.fields["discount_type"]) == (20.0, "AMOUNT")  # type: ignore[union-attr]
    assert problems(dollars) == [
        ("Discount", "'$0.15' is in $ (USD, CAD, AUD, NZD, HKD, SGD, MXN, TWD), but this "
                     "sheet's amounts are EUR: write the amount in EUR, or give --currency "
                     "with the event's currency"),
    ]  # fmt: skip
    assert euros.fields["discount_amount"] == 4.0  # type: ignore[union-attr]


def test_a_percent_column_refuses_money() -> None:
    """`--map "% Off=discount_percent"`: $5 became 5%."""
    mapping = map_columns("promocodes", ["Code", "% Off", "Type"], {"% Off": "discount_percent"})
    assert mapping.read({"% Off": "$5"})[1][0].message == (
        "'$5' has a currency, but a percent is not an amount: write 20, or 20%"
    )
    assert mapping.read({"% Off": "15"})[0] == {"discount_percent": 15}
    assert mapping.read({"% Off": "15%"})[0] == {"discount_percent": 15}


def test_an_amount_in_another_currency_is_refused() -> None:
    (fee,) = plan("fees", ["Ticket", "Price"], ["VIP", "€40.00"])
    assert problems(fee) == [("Price", "'€40.00' is in € (EUR), but this sheet's amounts are "
                              "USD: write the amount in USD, or give --currency with the "
                              "event's currency")]  # fmt: skip
    (fee,) = plan("fees", ["Ticket", "Price"], ["VIP", "40 EUR"],
                  reading=CellReading(currency="EUR"))  # fmt: skip
    assert fee.fields["fee"] == 40  # type: ignore[union-attr]
    (item,) = plan("items", ["Item", "Price", "Qty", "Limit", "Show Qty"],
                   ["Mug", "$5", "$10", "1", "yes"])  # fmt: skip
    assert problems(item) == [("Qty", "'$10' has a currency, but this column counts, it holds "
                               "no amount")]  # fmt: skip


# --- one quantity column on variant rows ---------------------------------------------------
def test_one_stock_column_gives_the_variants_and_the_plain_items_quantities() -> None:
    """A shop export: the item's row, then one row per variant, one Stock column."""
    headers = ["Product", "Price", "Limit", "Show Qty", "Variant", "Stock"]
    shirt, small, medium, total, mug = plan(
        "items", headers,
        ["Shirt", "20.00", "2", "yes", "Small", "10"],
        ["Shirt", "", "", "", "Medium", "15"],
        ["Mug", "8.00", "1", "no", "", "30"],
    )  # fmt: skip
    assert shirt.fields["default_quantity_total"] == 25  # type: ignore[union-attr]
    assert (small.fields, medium.fields) == (  # type: ignore[union-attr]
        {"name": "Small", "quantity_total": 10}, {"name": "Medium", "quantity_total": 15}
    )  # fmt: skip
    assert total.after == (small.key, medium.key)  # type: ignore[union-attr]
    assert mug.fields["default_quantity_total"] == 30  # type: ignore[union-attr]
    (bad, _) = plan("items", headers, ["Shirt", "20.00", "2", "yes", "Small", "ten"],
                    ["", "", "", "", "Medium", "5"])  # fmt: skip
    assert problems(bad) == [("Stock", "'ten' is not a number")]
