"""The run events' public home is `bulkspot.events`, their union `RunEvent`: no name shared
with the resource `bulkspot.Event`, and scripts written against the old home still import."""

from __future__ import annotations

import typing

import bulkspot
import bulkspot.events
import bulkspot.runner.events


def test_run_events_live_in_bulkspot_events_and_the_old_home_is_an_alias() -> None:
    union = set(typing.get_args(bulkspot.events.RunEvent))
    assert {cls.__name__ for cls in union} == {
        "RunStarted",
        "RowDone",
        "RequestSent",
        "RequestDone",
        "Retrying",
        "Reconciled",
        "RateChanged",
        "RunStopped",
        "RunFinished",
    }
    assert all(cls.__module__ == "bulkspot.events" for cls in union)
    assert not hasattr(bulkspot.events, "Event")  # the resource keeps that name alone
    assert bulkspot.Event is not bulkspot.events.RunEvent
    old = bulkspot.runner.events
    assert old.Event is old.RunEvent is bulkspot.events.RunEvent
    from bulkspot.runner.events import Broadcast, Observer, RowDone  # as scripts did

    assert (Broadcast, Observer, RowDone) == (
        bulkspot.events.Broadcast,
        bulkspot.events.Observer,
        bulkspot.events.RowDone,
    )
