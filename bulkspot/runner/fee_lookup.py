"""A fee of a promocode's fee list found by its label as the person meant it: the label
written in another case finds the one fee it can only mean (core/fee_labels.py); a label
that finds none says what was likely meant."""

from __future__ import annotations

from bulkspot.core.fee_labels import missing_label, same_but_case
from bulkspot.core.resources import FEE
from bulkspot.runner.written import Ids, KeyView


def fee_as_meant(index: KeyView, scope: Ids, label: str) -> tuple[str | None, str]:
    """(the id of the fee `label` means, "") or (None, why none is meant). Asked after a
    look-up of `label` in `scope` found nothing, so the event's fees have been read."""
    known = index.view(FEE.kind, scope)
    close = same_but_case(label, known)
    if len(close) == 1:
        return known[close[0]], ""
    where = ", ".join(f"{k.removesuffix('_id')} {v}" for k, v in scope.items())
    return None, missing_label(FEE.kind, label, known, f" in {where}" if where else "")
