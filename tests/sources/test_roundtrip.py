"""Any valid rows, written to CSV and to XLSX and read back, plan to the same operations as
the rows themselves (and to the values they hold): reading a sheet changes no meaning."""

from __future__ import annotations

import csv
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bulkspot.core.mapping import map_columns
from bulkspot.core.operation import Operation
from bulkspot.core.plan import PlanSettings, plan_rows
from bulkspot.sources import Row, open_sheet
from tests.sources.files import write_xlsx

ROUND_TRIPS = settings(max_examples=25, derandomize=True, deadline=None,
                       suppress_health_check=[HealthCheck.too_slow])  # fmt: skip
LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789éüßøçñ€ -'&.,!()/"


def text(longest: int) -> st.SearchStrategy[str]:
    """Names as people write them: trimmed, not a formula, no `;` (the list separator)."""
    return (
        st.text(st.sampled_from(LETTERS), min_size=1, max_size=longest)
        .map(str.strip)
        .filter(lambda t: bool(t) and t[0] not in "=+-@")
    )


PRICES = st.one_of(st.integers(0, 10_000), st.decimals(0, 10_000, places=2).map(float))
NAMES = {
    "items": (["name", "Item", "Product"], ["price", "Cost"], ["default_quantity_total", "Qty"],
              ["per_registrant_limit", "Limit"], ["show_quantity_available", "Show Qty"]),
    "fees": (["label", "Fee Name"], ["fee", "Price"], ["early_fee"], ["fee_scope", "Scope"],
             ["has_restricted_access", "Restricted"]),
    "promocodes": (["code_name", "Code"], ["code_type", "Type"], ["discount"],
                   ["discount_scope", "Scope"], ["fees"], ["quantity_total", "Uses"],
                   ["is_paused", "Paused"]),
}  # fmt: skip


@st.composite
def item(draw: st.DrawFn) -> tuple[list[Any], dict[str, Any]]:
    name, price = draw(text(100)), draw(PRICES)
    quantity = draw(st.integers(0, 10**6))
    limit, show = draw(st.integers(0, quantity)), draw(st.booleans())
    fields = {"name": name, "price": price, "default_quantity_total": quantity,
              "per_registrant_limit": limit, "show_quantity_available": show}  # fmt: skip
    return [name, price, quantity, limit, show], fields


@st.composite
def fee(draw: st.DrawFn) -> tuple[list[Any], dict[str, Any]]:
    label, amount = draw(text(100)), draw(PRICES)
    early = draw(st.none() | PRICES)
    scope = draw(st.none() | st.sampled_from(["BOTH", "REGISTRANTS", "GUESTS"]))
    restricted = draw(st.none() | st.booleans())
    optional = {"early_fee": early, "fee_scope": scope, "has_restricted_access": restricted}
    fields = {"label": label, "fee": amount, **{k: v for k, v in optional.items() if v is not None}}
    return [label, amount, early, scope, restricted], fields


@st.composite
def promocode(draw: st.DrawFn) -> tuple[list[Any], dict[str, Any]]:
    code = draw(st.from_regex(r"[A-Za-z0-9_]{4,12}", fullmatch=True))
    quantity = draw(st.none() | st.integers(0, 10**6) | st.just("unlimited"))
    paused = draw(st.none() | st.booleans())
    fields: dict[str, Any] = {"code_name": code, "quantity_total": quantity}
    if quantity is None or quantity == "unlimited":
        fields["quantity_total"] = -1
    if paused is not None:
        fields["is_paused"] = paused
    labels = draw(st.lists(text(30), min_size=1, max_size=3,
                           unique=True))  # fmt: skip
    if draw(st.booleans()):  # an access code: one fee
        cells = [code, "ACCESS", None, None, labels[0], quantity, paused]
        fields["code_type"] = "ACCESS"
        return cells, {**fields, "@fees": labels[:1]}
    if draw(st.booleans()):
        percent = draw(st.integers(1, 100))
        discount, fields["discount_percent"], fields["discount_type"] = (
            f"{percent}%",
            percent,
            "PERCENT",
        )
    else:
        amount = draw(st.decimals("0.01", 10_000, places=2))
        discount, fields["discount_amount"], fields["discount_type"] = (
            str(amount) if amount >= 1 else f"${amount}",  # 0.15 alone could be 15%
            float(amount),
            "AMOUNT",
        )
    scope = draw(st.sampled_from([None, "FEE_LIST", "ORDER_TOTAL"]))
    fees = labels if scope == "FEE_LIST" or (scope is None and draw(st.booleans())) else []
    fields["code_type"] = "DISCOUNT"
    fields["discount_scope"] = scope or ("FEE_LIST" if fees else "ORDER_TOTAL")
    cells = [code, draw(st.sampled_from([None, "DISCOUNT"])), discount, scope, ";".join(fees),
             quantity, paused]  # fmt: skip
    return cells, {**fields, "@fees": fees}


ROWS = {"items": item(), "fees": fee(), "promocodes": promocode()}
KEYS = {"items": 0, "fees": 0, "promocodes": 0}  # the natural key's cell: unique per sheet


def as_text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "yes" if cell else "no"
    return repr(cell) if isinstance(cell, float) else str(cell)


def planned(kind: str, headers: list[str], rows: Any) -> list[Any]:
    mapping = map_columns(kind, headers)
    return list(plan_rows(kind, rows, mapping, PlanSettings(event_id="E1")))


def round_trip(kind: str, data: st.DataObject) -> None:
    headers = [data.draw(st.sampled_from(names)) for names in NAMES[kind]]
    made = data.draw(st.lists(ROWS[kind], min_size=1, max_size=4,
                              unique_by=lambda r: r[0][KEYS[kind]]))  # fmt: skip
    cells = [r[0] for r in made]
    own = planned(kind, headers, [Row("s", n, dict(zip(headers, c, strict=True)))
                                  for n, c in enumerate(cells, 2)])  # fmt: skip
    assert all(isinstance(op, Operation) for op in own), own
    for op, (_, fields) in zip(own, made, strict=True):
        labels = fields.pop("@fees", [])
        assert op.fields == fields
        assert [ref.value for ref in op.refs.get("fee_ids", ())] == labels
    with tempfile.TemporaryDirectory() as folder:
        as_csv = Path(folder) / f"{kind}.csv"
        with as_csv.open("w", newline="", encoding="utf-8") as out:
            csv.writer(out).writerows([headers, *([as_text(c) for c in row] for row in cells)])
        as_xlsx = write_xlsx(Path(folder) / f"{kind}.xlsx", [headers, *cells])
        for path in (as_csv, as_xlsx):
            with open_sheet(path) as sheet:
                assert planned(kind, sheet.headers, sheet) == own, path.suffix


@ROUND_TRIPS
@given(st.data())
def test_items_round_trip(data: st.DataObject) -> None:
    round_trip("items", data)


@ROUND_TRIPS
@given(st.data())
def test_fees_round_trip(data: st.DataObject) -> None:
    round_trip("fees", data)


@ROUND_TRIPS
@given(st.data())
def test_promocodes_round_trip(data: st.DataObject) -> None:
    round_trip("promocodes", data)
