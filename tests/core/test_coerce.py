"""Cell coercion (core/coerce.py): what it accepts round-trips, what it rejects raises CellError,
and values that coerce but break a rule come back from validate_body naming the field."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bulkspot.core.amounts import to_discount
from bulkspot.core.coerce import (
    FALSE_WORDS,
    LARGEST_INTEGER,
    TRUE_WORDS,
    CellError,
    CellReading,
    LocalTime,
    to_boolean,
    to_choice,
    to_datetime,
    to_integer,
    to_number,
    to_text,
    to_text_list,
)
from bulkspot.core.field_readers import coerce_cell
from bulkspot.core.moments import in_zone
from bulkspot.core.resources import (
    EVENT,
    FEE,
    ITEM,
    PROMOCODE,
    RESOURCES,
    Field,
    FieldType,
    Problem,
    ResourceSpec,
)
from bulkspot.core.validate import validate_body

# Deterministic and quick: the same examples on every run, no example database on disk.
quick = settings(derandomize=True, max_examples=60, deadline=None, database=None)

INTEGER = Field("n", FieldType.INTEGER)
NUMBER = Field("x", FieldType.NUMBER)
BOOLEAN = Field("b", FieldType.BOOLEAN)
DATETIME = Field("d", FieldType.DATETIME)
UTC = dt.UTC

ENUM_FIELDS = sorted(
    {(f.name, f.choices) for spec in RESOURCES.values() for f in spec.fields if f.choices}
)


def _flip_case(text: str, flips: list[bool]) -> str:
    return "".join(
        c.swapcase() if flip else c
        for c, flip in zip(text, flips + [False] * len(text), strict=False)
    )


padding = st.sampled_from(["", " ", "  ", "\t", "\u00a0"])  # NBSP: what a pasted cell holds


# --- integers ------------------------------------------------------------------------------------
@quick
@given(n=st.integers(-LARGEST_INTEGER, LARGEST_INTEGER), left=padding, right=padding)
def test_integers_written_plainly(n: int, left: str, right: str) -> None:
    cell = f"{left}{n}{right}"
    assert to_integer(cell) == n
    assert coerce_cell(INTEGER, cell) == n
    assert to_number(cell) == n and type(to_number(cell)) is int


@quick
@given(n=st.integers(-LARGEST_INTEGER, LARGEST_INTEGER))
def test_integers_with_thousands_separators(n: int) -> None:
    grouped = f"{n:,}"
    assert to_integer(grouped) == n
    assert to_number(grouped) == n and type(to_number(grouped)) is int
    assert to_integer(f"{n:,}.00") == n  # "1,000.00" is a whole number too


@quick
@given(n=st.integers(-LARGEST_INTEGER, LARGEST_INTEGER))
def test_integers_as_excel_floats(n: int) -> None:
    assert to_integer(float(n)) == n
    assert coerce_cell(INTEGER, float(n)) == n
    assert to_integer(f"{n}.0") == n
    assert to_number(float(n)) == n
    assert to_text(float(n)) == str(n)  # an id typed as a number loses Excel's ".0"


@quick
@given(n=st.integers(-(10**6), 10**6), fraction=st.integers(1, 99))
def test_fractions_are_not_whole_numbers(n: int, fraction: int) -> None:
    with pytest.raises(CellError, match="not a whole number"):
        to_integer(f"{n}.{fraction:02d}")


def test_unlimited_words() -> None:
    for word in ("unlimited", "Unlimited", " UNLIMITED ", "-1", "∞", "no limit"):
        assert to_integer(word, unlimited=-1) == -1
    assert coerce_cell(PROMOCODE.by_name["quantity_total"], "unlimited") == -1
    with pytest.raises(CellError):
        to_integer("unlimited")  # a field without an unlimited value


# --- numbers and money ---------------------------------------------------------------------------
MONEY_FORMS = ["${:,.2f}", "{:,.2f}", "{:.2f}", "$ {:,.2f}", "{:.2f} USD", "{:,.2f}usd",
               "€{:,.2f}", "£{:.2f}", "{:,.2f} CAD"]  # fmt: skip


@quick
@given(cents=st.integers(-(10**11), 10**11), form=st.sampled_from(MONEY_FORMS))
def test_money_with_symbols_and_grouping(cents: int, form: str) -> None:
    value = Decimal(cents) / 100
    if value < 0 and form[0] in "$€£":
        value = -value  # "-$5" is not a form people type; "$-5" neither
    cell = form.format(value)
    currency = next((c for sign, c in _CURRENCY_OF.items() if sign in cell.upper()), "USD")
    assert to_number(cell, currency) == float(value)
    assert coerce_cell(NUMBER, cell, CellReading(currency=currency)) == float(value)


_CURRENCY_OF = {"€": "EUR", "£": "GBP", "CAD": "CAD"}  # the sheet's currency, for each form


@quick
@given(x=st.floats(-1e12, 1e12, allow_nan=False, allow_infinity=False))
def test_xlsx_floats_stay_themselves(x: float) -> None:
    assert to_number(x) == x


@pytest.mark.parametrize(
    ("cell", "value"),
    [("$1,250.00", 1250.0), ("1,000", 1000), ("12", 12), ("12.0", 12.0), (".5", 0.5),
     ("+7", 7), ("1 000", 1000), (" $ 3.50 ", 3.5), (12, 12), (12.5, 12.5)],
)  # fmt: skip
def test_numbers_by_example(cell: Any, value: float) -> None:
    assert to_number(cell) == value and type(to_number(cell)) is type(value)


@pytest.mark.parametrize(
    "cell",
    ["1,00", "1,2345", "12,5", "1.2.3", "--5", "1e5", "twelve", "12 apples", "$", "%", "0x10",
     True, False, float("nan"), float("inf"), float("-inf"), "NaN", "Infinity"],
)  # fmt: skip
def test_not_numbers(cell: Any) -> None:
    with pytest.raises(CellError):
        to_number(cell)
    with pytest.raises(CellError):
        to_integer(cell)


@quick
@given(
    n=st.integers(0, 10**6),
    junk=st.text(alphabet="hijkmnoqtwxyz!?#", min_size=1, max_size=4),
    before=st.booleans(),
)
def test_numbers_with_junk_are_refused(n: int, junk: str, before: bool) -> None:
    cell = f"{junk}{n}" if before else f"{n}{junk}"
    with pytest.raises(CellError):
        to_number(cell)
    with pytest.raises(CellError):
        coerce_cell(INTEGER, cell)


def test_discount_cells() -> None:
    assert to_discount("20%") == ("discount_percent", 20)
    assert to_discount(" 15 % ") == ("discount_percent", 15)
    assert to_discount("15.00") == ("discount_amount", 15.0)
    assert to_discount("$1,000") == ("discount_amount", 1000.0)
    with pytest.raises(CellError):
        to_discount("12.5%")


# --- booleans ------------------------------------------------------------------------------------
@quick
@given(
    word=st.sampled_from(sorted(TRUE_WORDS | FALSE_WORDS)),
    flips=st.lists(st.booleans(), max_size=5),
    left=padding,
    right=padding,
)
def test_boolean_words_in_any_case(word: str, flips: list[bool], left: str, right: str) -> None:
    cell = f"{left}{_flip_case(word, flips)}{right}"
    assert to_boolean(cell) is (word in TRUE_WORDS)
    assert coerce_cell(BOOLEAN, cell) is (word in TRUE_WORDS)


def test_boolean_cells_from_xlsx_and_jsonl() -> None:
    assert [to_boolean(c) for c in (True, False, 1, 0, 1.0, 0.0)] == [True, False] * 3
    assert {w.upper() for w in TRUE_WORDS} >= {"YES", "TRUE", "Y", "1", "X", "ON", "T"}
    assert {w.upper() for w in FALSE_WORDS} >= {"NO", "FALSE", "N", "0", "OFF", "F"}


@quick
@given(cell=st.one_of(st.text(max_size=8), st.integers(), st.floats(allow_nan=True)))
def test_other_booleans_are_refused(cell: Any) -> None:
    word = str(cell).strip().lower()
    known = word in TRUE_WORDS | FALSE_WORDS or cell in (0, 1)
    if known or (isinstance(cell, str) and not cell.strip()):
        return
    with pytest.raises(CellError, match="yes/no"):
        to_boolean(cell)


# --- datetimes -----------------------------------------------------------------------------------
def _canonical(moment: dt.datetime) -> str:
    utc = moment.astimezone(UTC)
    return f"{utc:%Y-%m-%dT%H:%M:%S}.{utc.microsecond // 1000:03d}Z"


zones = st.integers(-14 * 60, 14 * 60).map(lambda m: dt.timezone(dt.timedelta(minutes=m)))
moments = st.builds(
    lambda naive, ms, zone: naive.replace(microsecond=ms * 1000, tzinfo=zone),
    st.datetimes(min_value=dt.datetime(1900, 1, 2), max_value=dt.datetime(2199, 12, 30)),
    st.integers(0, 999),
    zones,
)
ISO_FORMS = {
    "offset": lambda m: m.isoformat(),
    "space": lambda m: m.isoformat(sep=" ", timespec="milliseconds"),
    "utc-z": lambda m: m.astimezone(UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z"),
    "utc-lower-z": lambda m: m.astimezone(UTC).replace(tzinfo=None).isoformat() + "z",
    "naive-utc": lambda m: m.astimezone(UTC).replace(tzinfo=None).isoformat(),
    "micro": lambda m: m.isoformat(timespec="microseconds"),
    "xlsx-aware": lambda m: m,
    "xlsx-naive-utc": lambda m: m.astimezone(UTC).replace(tzinfo=None),
}


@quick
@given(moment=moments, form=st.sampled_from(sorted(ISO_FORMS)))
def test_iso_datetimes_become_the_same_utc_instant(moment: dt.datetime, form: str) -> None:
    cell = ISO_FORMS[form](moment)
    text = _in_utc(to_datetime(cell))
    assert text == _canonical(moment) == _in_utc(coerce_cell(DATETIME, cell))
    assert dt.datetime.fromisoformat(text.replace("Z", "+00:00")) == moment


@quick
@given(day=st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2199, 12, 31)))
def test_a_date_alone_is_midnight(day: dt.date) -> None:
    expected = f"{day.isoformat()}T00:00:00.000Z"
    assert _in_utc(to_datetime(day)) == _in_utc(to_datetime(day.isoformat())) == expected


def _in_utc(value: Any) -> Any:
    """A time without an offset read in UTC (a row whose time_zone_id is UTC)."""
    return in_zone(value, "UTC") if isinstance(value, LocalTime) else value


def test_datetimes_by_example() -> None:
    assert to_datetime("2026-05-01T18:00:00Z") == "2026-05-01T18:00:00.000Z"
    assert to_datetime("2026-05-01 20:00+02:00") == "2026-05-01T18:00:00.000Z"
    assert to_datetime("2014-08-06T14:00:00.000Z") == "2014-08-06T14:00:00.000Z"
    assert _in_utc(to_datetime("0999-01-01T00:00:00")) == "0999-01-01T00:00:00.000Z"  # 4 digits


@pytest.mark.parametrize(
    "cell",
    ["tomorrow", "2026-13-01", "2026-02-30", "01/05/2026", "2026-05-01T25:00", "May 1st",
     12, 45000.0, "0001-01-01T00:00:00+05:00", "9999-12-31T23:00:00-05:00"],
)  # fmt: skip
def test_not_datetimes(cell: Any) -> None:
    with pytest.raises(CellError):
        to_datetime(cell)


@quick
@given(cell=st.text(alphabet="abcdefghijklmnopqrstuvwxyzABC :/-", min_size=1, max_size=12))
def test_words_are_not_datetimes(cell: str) -> None:
    if not cell.strip():
        return
    with pytest.raises(CellError, match="not a date"):
        coerce_cell(DATETIME, cell)


# --- enums ---------------------------------------------------------------------------------------
@quick
@given(
    field_choices=st.sampled_from(ENUM_FIELDS),
    index=st.integers(0, 100),
    case=st.sampled_from(["lower", "upper", "title", "flip"]),
    flips=st.lists(st.booleans(), max_size=12),
    joiner=st.sampled_from(["_", " ", "-", "  ", " - "]),
    left=padding,
    right=padding,
)
def test_enum_values_in_any_case_with_spaces(
    field_choices: tuple[str, tuple[str, ...]],
    index: int,
    case: str,
    flips: list[bool],
    joiner: str,
    left: str,
    right: str,
) -> None:
    name, choices = field_choices
    choice = choices[index % len(choices)]
    written = choice.replace("_", joiner)
    written = _flip_case(written, flips) if case == "flip" else getattr(written, case)()
    cell = f"{left}{written}{right}"
    assert to_choice(cell, choices) == choice
    field = Field(name, FieldType.ENUM, choices=choices)
    assert coerce_cell(field, cell) == choice
    as_list = Field(name, FieldType.ENUM_LIST, choices=choices)
    assert coerce_cell(as_list, f"{cell};{choices[0].lower()}") == [choice, choices[0]]


@quick
@given(
    field_choices=st.sampled_from(ENUM_FIELDS),
    cell=st.text(alphabet="QJXZ1", min_size=1, max_size=8),
)
def test_other_enum_values_are_refused(
    field_choices: tuple[str, tuple[str, ...]], cell: str
) -> None:
    name, choices = field_choices
    with pytest.raises(CellError, match="is not one of") as caught:
        coerce_cell(Field(name, FieldType.ENUM, choices=choices), cell)
    assert choices[0] in str(caught.value)


# --- text, lists, blanks, objects ----------------------------------------------------------------
@quick
@given(field=st.sampled_from([f for s in RESOURCES.values() for f in s.fields]), blank=padding)
def test_blank_cells_are_none_for_every_field(field: Field, blank: str) -> None:
    assert coerce_cell(field, blank) is None
    assert coerce_cell(field, None) is None


def test_text_and_lists() -> None:
    assert to_text("  Gala  ") == "Gala"
    assert to_text(True) == "true" and to_text(12.5) == "12.5"
    for cell, what in [
        (dt.date(2026, 5, 1), "a date (2026-05-01)"),
        (dt.datetime(2026, 3, 4), "a date (2026-03-04)"),
        (dt.datetime(2026, 3, 4, 10, 30), "a date and time (2026-03-04 10:30)"),
        (dt.time(10, 30), "a time (10:30)"),
    ]:
        with pytest.raises(CellError) as raised:
            to_text(cell)
        assert str(raised.value) == (
            f"is {what} where text is wanted: a spreadsheet makes one of what looks like a "
            "date (3/4, 4-Mar); format the column as Text and type it again"
        )
    assert to_text_list("F1; F2;;  ; F3 ") == ["F1", "F2", "F3"]
    assert to_text_list(["F1", " ", 2.0, None]) == ["F1", "2"]
    assert coerce_cell(PROMOCODE.by_name["fee_ids"], "Member;Guest") == ["Member", "Guest"]
    address = EVENT.by_name["address"]
    assert coerce_cell(address, {"city": "Boston"}) == {"city": "Boston"}
    with pytest.raises(CellError, match="dotted columns"):
        coerce_cell(address, "1 Main St, Boston")


# --- coerced, then validated: the problems name the field ---------------------------------------
def body_from_cells(
    spec: ResourceSpec, cells: dict[str, Any]
) -> tuple[dict[str, Any], list[Problem]]:
    """What a caller does with a row: coerce each cell, then validate the body; every
    problem names its field, whether coercion or validation found it."""
    body: dict[str, Any] = {}
    problems: list[Problem] = []
    for name, cell in cells.items():
        try:
            value = coerce_cell(spec.by_name[name], cell)
        except CellError as error:
            problems.append(Problem(name, str(error)))
            continue
        if value is not None:
            body[name] = value
    for name, value in body.items():  # a time without an offset, in the row's time zone
        zone = spec.by_name[name].zone_field
        if isinstance(value, LocalTime) and zone is not None:
            body[name] = in_zone(value, body[zone])
    return body, problems + validate_body(spec, body)


PROMO_CELLS = {"code_name": "SPRING20", "code_type": "discount", "discount_scope": "order total"}


@quick
@given(percent=st.one_of(st.integers(-(10**6), 0), st.integers(101, 10**6)))
def test_a_percent_out_of_range_names_discount_percent(percent: int) -> None:
    body, problems = body_from_cells(PROMOCODE, {**PROMO_CELLS, "discount_percent": f"{percent:,}"})
    assert body["discount_percent"] == percent
    assert [p.field for p in problems] == ["discount_percent"]
    assert "between 1 and 100" in problems[0].message


@quick
@given(
    percent=st.integers(1, 100),
    quantity=st.integers(-1, 10**6),
    paused=st.sampled_from(["Yes", "no", "TRUE", "0"]),
)
def test_a_valid_promocode_row(percent: int, quantity: int, paused: str) -> None:
    cells = {**PROMO_CELLS, "discount_percent": str(percent), "quantity_total": f"{quantity:,}",
             "is_paused": paused}  # fmt: skip
    body, problems = body_from_cells(PROMOCODE, cells)
    assert problems == []
    assert body["code_type"] == "DISCOUNT" and body["discount_scope"] == "ORDER_TOTAL"


@quick
@given(quantity=st.integers(max_value=-2))
def test_a_quantity_below_unlimited_names_quantity_total(quantity: int) -> None:
    _, problems = body_from_cells(PROMOCODE, {**PROMO_CELLS, "discount_percent": "10",
                                              "quantity_total": str(quantity)})  # fmt: skip
    assert [p.field for p in problems] == ["quantity_total"]


@quick
@given(code=st.from_regex(r"[A-Za-z0-9_]{4,12}", fullmatch=True))
def test_code_names_of_4_to_12_word_characters(code: str) -> None:
    _, problems = body_from_cells(
        PROMOCODE, {**PROMO_CELLS, "discount_percent": "10", "code_name": code}
    )
    assert problems == []


@quick
@given(
    code=st.one_of(
        st.from_regex(r"[A-Za-z0-9_]{1,3}", fullmatch=True),
        st.from_regex(r"[A-Za-z0-9_]{13,20}", fullmatch=True),
        st.from_regex(r"[A-Za-z0-9_]{1,5}[-.!é@][A-Za-z0-9_]{1,5}", fullmatch=True),
    )
)
def test_other_code_names_name_code_name(code: str) -> None:
    _, problems = body_from_cells(
        PROMOCODE, {**PROMO_CELLS, "discount_percent": "10", "code_name": code}
    )
    assert [p.field for p in problems] == ["code_name"]


@quick
@given(
    cells=st.fixed_dictionaries(
        {},
        optional={
            "fee": st.sampled_from(["freebie", "$-", "1,00", "ten"]),
            "early_fee": st.sampled_from(["1.2.3", "$$5", "5 euros"]),
            "fee_scope": st.sampled_from(["all", "everyone", "registrant only"]),
            "has_restricted_access": st.sampled_from(["maybe", "2", "yes please"]),
        },
    )
)
def test_every_bad_cell_names_its_field(cells: dict[str, str]) -> None:
    _, problems = body_from_cells(FEE, {"label": "Member", "fee": "10", **cells})
    assert {p.field for p in problems} == set(cells)


@quick
@given(start=moments, hours=st.integers(-48, 48), start_form=st.sampled_from(sorted(ISO_FORMS)),
       end_form=st.sampled_from(sorted(ISO_FORMS)), end_zone=zones)  # fmt: skip
def test_event_end_before_start_whatever_the_forms(
    start: dt.datetime, hours: int, start_form: str, end_form: str, end_zone: dt.timezone
) -> None:
    end = (start + dt.timedelta(hours=hours, milliseconds=hours)).astimezone(end_zone)
    cells = {"name": "Gala", "title": "Gala", "type": "Fundraisers Charities",
             "time_zone_id": "UTC", "start_date": ISO_FORMS[start_form](start),
             "end_date": ISO_FORMS[end_form](end)}  # fmt: skip
    _, problems = body_from_cells(EVENT, cells)
    assert problems == (
        [Problem("end_date", "must not be before start_date")] if end < start else []
    )


def test_item_per_registrant_limit_from_cells() -> None:
    cells = {"name": "T-Shirt", "price": "$10.00", "default_quantity_total": "1,000",
             "per_registrant_limit": "1,001", "show_quantity_available": "Yes"}  # fmt: skip
    body, problems = body_from_cells(ITEM, cells)
    assert body["default_quantity_total"] == 1000 and body["price"] == 10.0
    assert [p.field for p in problems] == ["per_registrant_limit"]


@pytest.mark.parametrize(
    ("cell", "message"),
    [
        ("9" * 320 + ".5", "too large a number"),
        ("1" + "0" * 16, "too large a number"),
        ("-2000000000000000", "too large a number"),
    ],
)
def test_numbers_beyond_what_the_api_carries_are_refused(cell: str, message: str) -> None:
    with pytest.raises(CellError, match=message):
        to_number(cell)


def test_whole_numbers_stop_at_the_apis_32_bits() -> None:
    assert to_integer("2,147,483,647") == 2**31 - 1
    with pytest.raises(CellError, match="too large a whole number"):
        to_integer("2147483648")
