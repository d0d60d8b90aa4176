"""What is checked on the API before any row is sent: the event the rows belong to.

A wrong `--event` used to send every row to a 404 (and a dry run a GET per row), then advise
`--retry-failed` with the same id. One read first stops the run before it starts.
"""

from __future__ import annotations

from bulkspot.core.resources import EVENT, id_problem
from bulkspot.core.wording import option
from bulkspot.errors import ConfigError, NotFoundError, StopRun, TransferError
from bulkspot.runner.retry import Requester


def require_event_id(event_id: str) -> None:
    """ConfigError unless `event_id` has an event id's shape: a job's event id (a script's)
    is checked as --event and an event_id cell are, before it names a path or a file."""
    why = id_problem(EVENT.kind, event_id)
    if why is not None:
        raise ConfigError(why)


async def check_event(
    event_id: str, requester: Requester, base_url: str, *, dry_run: bool = False
) -> None:
    """ConfigError when the account has no such event. An answer that stops every request
    (StopRun: a bad token, the quota, an unreachable host) stops a real run here, while a dry
    run goes on unchecked. Any other failure leaves the question open: the rows go on, and
    each says what it met."""
    try:
        await requester.send("GET", EVENT.item_url({}, event_id))
    except NotFoundError:
        hint = ""
        if not base_url.rstrip("/").endswith("/v2"):
            hint = f" (is {base_url} the API? its base URL ends in /v2/)"
        raise ConfigError(
            f"there is no event {event_id} in this account{hint}: check {option('--event')} "
            "(an events "
            "import prints the id of each event it makes)"
        ) from None
    except StopRun:
        if not dry_run:
            raise
    except TransferError:
        return
