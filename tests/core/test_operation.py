"""Outcomes and operations (core/outcome.py, core/operation.py): a row's worst status, and what
an operation depends on."""

from __future__ import annotations

from bulkspot.core.operation import Action, ByKey, FromOp, Operation, OpKey
from bulkspot.core.outcome import Status, worst


def test_the_worst_status_of_a_row() -> None:
    assert worst([Status.CREATED, Status.FAILED]) is Status.FAILED
    assert worst([Status.EXISTS, Status.CREATED]) is Status.CREATED
    assert worst([Status.BLOCKED, Status.PENDING]) is Status.BLOCKED
    assert Status.CREATED.is_success and not Status.FAILED.is_success
    assert not Status.PENDING.is_final and Status.INVALID.is_final


def test_an_operation_depends_on_what_its_ids_come_from() -> None:
    item = OpKey(2, "item")
    fee = OpKey(5)
    op = Operation(
        key=OpKey(2, "attribute"),
        kind="attribute",
        action=Action.CREATE,
        path_ids={"event_id": "E1", "item_id": FromOp(item)},
        refs={"fee_ids": (ByKey("fee", "Member", {"event_id": FromOp(fee)}),)},
    )
    assert op.depends_on == (item, fee)
    assert str(OpKey(2, "item")) == "2/item" and str(OpKey(3)) == "3"
