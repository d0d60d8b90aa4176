"""The rules of an event's promocodes (ctct-v2.md section 4.3), written from the promocode
pages like rules.py: a code name of 4-12 letters, digits and `_`; ACCESS codes open one
restricted fee; DISCOUNT codes take a percent or an amount, over a fee list or the order."""

from __future__ import annotations

import re

from bulkspot.simulator import guesses as g
from bulkspot.simulator.problems import INVALID, REQUIRED, Problem, field_problem
from bulkspot.simulator.ruleset import Rules
from bulkspot.simulator.schema import Clean, Field, Kind

CODE_NAME = re.compile(r"[A-Za-z0-9_]+")
DISCOUNT_FIELDS = {"PERCENT": "discount_percent", "AMOUNT": "discount_amount"}

PROMOCODE_FIELDS = (
    Field(
        "code_name",
        Kind.STRING,
        required=True,
        min_length=4,
        max_length=12,
        pattern=CODE_NAME,
        pattern_hint="letters, digits and _ only",
    ),
    Field("code_type", Kind.ENUM, required=True, choices=("ACCESS", "DISCOUNT")),
    Field("discount_type", Kind.ENUM, choices=("PERCENT", "AMOUNT")),
    Field("discount_percent", Kind.INTEGER, minimum=1, maximum=100),
    Field("discount_amount", Kind.NUMBER, minimum=0.01),
    Field("discount_scope", Kind.ENUM, choices=("FEE_LIST", "ORDER_TOTAL")),
    Field("fee_ids", Kind.STRING_LIST, default=[]),
    Field(  # "-1 = unlimited" (the notes); no page bounds the rest
        "quantity_total",
        Kind.INTEGER,
        minimum=0,
        unlimited=-1,
        default=-1,
        guess=g.PROMOCODE_QUANTITY,
    ),
    Field("is_paused", Kind.BOOLEAN, default=False),
)


def _discount_rules(body: Clean, failed: set[str]) -> list[Problem]:
    """One of percent and amount; `discount_type` inferred from it, or matching it."""
    if failed & {"discount_percent", "discount_amount", "discount_type"}:
        return []  # already reported: a second entry would only repeat it
    given = [name for name in ("discount_percent", "discount_amount") if name in body]
    if not given:
        message = "a DISCOUNT code needs discount_percent or discount_amount"
        return [field_problem(REQUIRED, "discount_percent", message)]
    if len(given) == 2:  # refused by a guess (ONE_DISCOUNT); kept as sent without it
        body.setdefault("discount_type", "PERCENT")
        return []
    inferred = "PERCENT" if given[0] == "discount_percent" else "AMOUNT"
    kind = body.setdefault("discount_type", inferred)
    if kind != inferred:
        message = f"{kind} needs {DISCOUNT_FIELDS[kind]} (got {given[0]})"
        return [field_problem(INVALID, "discount_type", message)]
    return []


def _one_discount(body: Clean, failed: set[str]) -> list[Problem]:
    if body.get("code_type") == "DISCOUNT" and {"discount_percent", "discount_amount"} <= set(body):
        message = "give discount_percent or discount_amount, not both"
        return [field_problem(INVALID, "discount_amount", message)]
    return []


def _access_without_discount(body: Clean, failed: set[str]) -> list[Problem]:
    if body.get("code_type") != "ACCESS":
        return []
    names = ("discount_type", "discount_percent", "discount_amount", "discount_scope")
    return [
        field_problem(INVALID, n, "is not allowed on an ACCESS code") for n in names if n in body
    ]


def _fee_list_needs_fee(body: Clean, failed: set[str]) -> list[Problem]:
    scope = body.get("discount_scope") if body.get("code_type") == "DISCOUNT" else None
    if scope == "FEE_LIST" and not body.get("fee_ids"):
        message = "a FEE_LIST discount needs at least one fee id"
        return [field_problem(REQUIRED, "fee_ids", message)]
    return []


def _promocode_rules(body: Clean, failed: set[str]) -> list[Problem]:
    problems: list[Problem] = []
    fee_ids = body.get("fee_ids") or []
    if body.get("code_type") == "ACCESS":
        if len(fee_ids) != 1:
            message = f"an ACCESS code needs exactly one fee id (got {len(fee_ids)})"
            problems.append(field_problem(INVALID, "fee_ids", message))
    elif body.get("code_type") == "DISCOUNT":
        if body.get("discount_scope") is None:
            problems.append(field_problem(REQUIRED, "discount_scope", "is required for DISCOUNT"))
        problems.extend(_discount_rules(body, failed))
    return problems


PROMOCODE = Rules(
    "promocode",
    PROMOCODE_FIELDS,
    _promocode_rules,
    (
        (g.ONE_DISCOUNT, _one_discount),
        (g.ACCESS_NO_DISCOUNT, _access_without_discount),
        (g.FEE_LIST_NEEDS_FEE, _fee_list_needs_fee),
    ),
)
