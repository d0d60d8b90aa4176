"""The run events' old home, kept so scripts written against it still import: the events
are `bulkspot.events` now, and their union is `RunEvent` (`Event` here is that union, not
the resource `bulkspot.Event`)."""

from __future__ import annotations

from bulkspot.events import (
    Broadcast,
    Observer,
    RateChanged,
    Reconciled,
    RequestDone,
    RequestSent,
    Retrying,
    RowDone,
    RunEvent,
    RunFinished,
    RunStarted,
    RunStopped,
)

Event = RunEvent

__all__ = [
    "Broadcast",
    "Event",
    "Observer",
    "RateChanged",
    "Reconciled",
    "RequestDone",
    "RequestSent",
    "Retrying",
    "RowDone",
    "RunEvent",
    "RunFinished",
    "RunStarted",
    "RunStopped",
]
