"""The run events' old home, kept so scripts written against it still import: the events
are `bulkspot.events` now, and their union is `RunEvent` (`Event` here is that union, not
the resource `bulkspot.Event`). Every other name is looked up there."""

from __future__ import annotations

from typing import Any

import bulkspot.events
from bulkspot.events import RunEvent

Event = RunEvent


def __getattr__(name: str) -> Any:
    """A name of `bulkspot.events`, for imports from the old home."""
    return getattr(bulkspot.events, name)
