"""Promocode rows: fees by label, "20%" / "15.00" discounts, and the API's defaults."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from bulkspot.core.column import Column, Role
from bulkspot.core.columnmap import ColumnMap
from bulkspot.core.fee_labels import unique_labels
from bulkspot.core.keyindex import FirstRows
from bulkspot.core.kinds.sales import NEEDS_DISCOUNT
from bulkspot.core.operation import ByKey, CellProblem, IdSource
from bulkspot.core.planners.base import Planner, PlanSettings, Problems, Refs
from bulkspot.core.resources import FEE, Field, FieldType

# the targets whose cell says a code is a DISCOUNT code
_DISCOUNT_TARGETS = ("@discount", "discount_percent", "discount_amount", "discount_type")


class PromocodePlanner(Planner):
    """Fees by label (`fees`) or id (`fee_ids`); "20%" / "15.00" discounts; defaults:
    code_type DISCOUNT when a discount is given, discount_scope FEE_LIST when fees are given
    (else ORDER_TOTAL), quantity_total -1 (unlimited) when blank."""

    fallbacks = {  # noqa: RUF012
        "fee_ids": "@fees",
        "discount_percent": "@discount",
        "discount_amount": "@discount",
        "discount_type": "@discount",
    }

    sheet_columns = (
        Column(
            "discount",
            Role.DISCOUNT,
            Field("discount", FieldType.STRING),
            doc='"20%" for a percent, "15.00" for an amount; sets discount_type',
        ),
        Column(
            Role.FEES.value,
            Role.FEES,
            Field(Role.FEES.value, FieldType.STRING_LIST),
            doc="fee labels, ;-separated (looked up in the event); e.g. VIP;Early Bird",
        ),
    )
    defaulted = frozenset({"code_type"})  # DISCOUNT when a discount is given

    @classmethod
    def required_columns(
        cls, columns: Iterable[Column], targets: frozenset[str]
    ) -> list[tuple[str, ...]]:
        """code_type, unless a discount column says it is a DISCOUNT code."""
        needed = super().required_columns(columns, targets)
        discounts = {"@discount", "discount_percent", "discount_amount"}
        if "@id" not in targets and targets.isdisjoint(discounts):
            needed.append(("code_type",))
        return needed

    def __init__(
        self, mapping: ColumnMap, settings: PlanSettings, seen: FirstRows | None = None
    ) -> None:
        super().__init__(mapping, settings, seen)
        self.fee_refs: dict[tuple[Any, ...], tuple[IdSource, ...]] = {}

    def prepare(
        self, values: dict[str, Any], refs: Refs, scope: Any, create: bool, problems: Problems
    ) -> dict[str, Any] | None:
        discount = values.pop("@discount", None)
        if discount is not None:
            name, amount = discount
            if name in values:
                column = self.map.header_of("@discount") or "discount"
                problems.append(CellProblem(column, f"{name} is given twice (also in its column)"))
            values[name] = amount
        if "discount_type" not in values:
            if "discount_percent" in values:
                values["discount_type"] = "PERCENT"
            elif "discount_amount" in values:
                values["discount_type"] = "AMOUNT"
        labels = values.pop("@fees", None)
        if labels:
            labels = unique_labels(labels)  # `Student;Student` sends the fee once
            refs["fee_ids"] = self.fees_by_label(scope, labels)
        if create:
            if "code_type" not in values and (
                "discount_type" in values or self.discount_failed(problems)
            ):
                values["code_type"] = "DISCOUNT"
            if values.get("code_type") == "DISCOUNT" and "discount_scope" not in values:
                fees = labels or values.get("fee_ids")
                values["discount_scope"] = "FEE_LIST" if fees else "ORDER_TOTAL"
            if "quantity_total" not in values:
                values["quantity_total"] = -1
        if labels:  # validation counts fees by label as the ids they will become
            return {"fee_ids": [*values.get("fee_ids", ()), *labels]}
        return None

    def discount_failed(self, problems: Problems) -> bool:
        """Whether a discount cell was refused: its code is still a DISCOUNT code (as
        its discount says), so the row's refusal is that cell's, not a missing code_type."""
        return any(self.failed(t, problems) for t in _DISCOUNT_TARGETS)

    def without_repeats(self, found: Problems, earlier: Problems) -> Problems:
        """Also less the missing discount of a row whose discount cell was refused."""
        kept = super().without_repeats(found, earlier)
        if self.discount_failed(earlier):
            return [p for p in kept if p.message != NEEDS_DISCOUNT]
        return kept

    def fees_by_label(self, scope: Any, labels: tuple[str, ...]) -> tuple[IdSource, ...]:
        """The fee look-ups of a list of labels, shared by the rows that name the same fees."""
        key = (scope, labels)
        found = self.fee_refs.get(key)
        if found is None:
            if len(self.fee_refs) > 4096:
                self.fee_refs.clear()
            scoped = self.path((("event_id", scope),))
            found = self.fee_refs[key] = tuple(ByKey(FEE.kind, label, scoped) for label in labels)
        return found
