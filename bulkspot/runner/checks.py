"""What is checked on the API before any row is sent: the event the rows belong to.

A wrong `--event` used to send every row to a 404 (and a dry run a GET per row), then advise
`--retry-failed` with the same id. One read first stops the run before it starts. The same
read gives the event's currency: a sheet of amounts in another (99 dollars into an event of
euros) is refused there too, for nothing moves amounts from one currency to another.
"""

from __future__ import annotations

from bulkspot.core.money import SheetCurrency
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
    event_id: str,
    requester: Requester,
    base_url: str,
    *,
    dry_run: bool = False,
    currency: SheetCurrency | None = None,
) -> None:
    """ConfigError when the account has no such event, or when `currency` (the sheet's
    amounts') is not the event's. An answer that stops every request (StopRun: a bad token,
    the quota, an unreachable host) stops a real run here, while a dry run goes on
    unchecked. Any other failure leaves the question open: the rows go on, and each says
    what it met."""
    try:
        reply = await requester.send("GET", EVENT.item_url({}, event_id))
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
        return
    except TransferError:
        return
    refused = currency.refuse(event_id, event_currency(reply.body)) if currency else None
    if refused is not None:
        raise ConfigError(refused)


def event_currency(event: object) -> str | None:
    """An event's currency_type as its answer gives it (None: blank, which means USD)."""
    found = event.get("currency_type") if isinstance(event, dict) else None
    return str(found).upper() if found else None
