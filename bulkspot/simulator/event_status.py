"""An event's status moves: publish (DRAFT -> ACTIVE) and cancel (DRAFT or ACTIVE ->
CANCELLED), each setting its date. Another move is refused by a guess
(guesses.EVENT_STATUS_MOVES); with the guesses off any move is made.
"""

from __future__ import annotations

from bulkspot.simulator.guesses import EVENT_STATUS_MOVES
from bulkspot.simulator.problems import INVALID, ApiError, field_problem

TRANSITIONS = {  # (from, to): the date the move sets
    ("DRAFT", "ACTIVE"): "active_date",
    ("DRAFT", "CANCELLED"): "cancelled_date",
    ("ACTIVE", "CANCELLED"): "cancelled_date",
}
MOVED_TO = {"ACTIVE": "active_date", "CANCELLED": "cancelled_date"}  # any move (guesses off)


def date_of_move(current: str, status: str, only_documented_moves: bool = True) -> str:
    """The date field a move from `current` to `status` sets, or the 400 it is answered."""
    date_field = TRANSITIONS.get((current, status))
    if date_field is None and not only_documented_moves:
        date_field = MOVED_TO.get(status, "updated_date")
    if date_field is None:
        message = f"cannot change the status from {current} to {status}"
        raise ApiError(400, [field_problem(INVALID, "status", message, EVENT_STATUS_MOVES)])
    return date_field
