"""What is checked on the API before any row is sent: the event the rows belong to.

A wrong `--event` used to send every row to a 404 (and a dry run a GET per row), then advise
`--retry-failed` with the same id. One read first stops the run before it starts, and it is
the read the run needs anyway (issue 24: the daily quota is the budget): the collection the
rows' first look-up reads, under the event (an attributes sheet's: the event's items), whose
404 says the event is missing as an event read would. Only a sheet of amounts needs the
event's own fields, its currency (99 dollars into an event of euros is refused, for nothing
moves amounts from one currency to another); its event read is sent beside the collection
read, so neither waits on the other, and not at all by the imports of a copy, which has read
the event already (runner/copy_target.py). A dry run reads the same, so its estimate is the
count.
"""

from __future__ import annotations

from collections.abc import Awaitable, Mapping
from typing import Any

import anyio

from bulkspot.core.money import SheetCurrency
from bulkspot.core.resources import EVENT, id_problem, spec_for
from bulkspot.core.wording import option
from bulkspot.errors import BulkspotError, ConfigError, NotFoundError, StopRun, TransferError
from bulkspot.runner.lookup import KeyIndex
from bulkspot.transport.base import Reply


def require_event_id(event_id: str) -> None:
    """ConfigError unless `event_id` has an event id's shape: a job's event id (a script's)
    is checked as --event and an event_id cell are, before it names a path or a file."""
    why = id_problem(EVENT.kind, event_id)
    if why is not None:
        raise ConfigError(why)


def event_collection(kind: str, event_id: str) -> tuple[str, dict[str, str]] | None:
    """The collection under the event that a sheet of `kind` reads first: its own when it
    lives in the event, else its parent's (an attribute's item is looked up there). None:
    the kind lives in no event."""
    spec = spec_for(kind)
    while spec.parent is not None and spec.parent != EVENT.kind:
        spec = spec_for(spec.parent)
    if spec.parent != EVENT.kind:
        return None
    return spec.kind, {str(spec.parent_id): event_id}


async def check_event(
    event_id: str,
    kind: str,
    index: KeyIndex,
    base_url: str,
    *,
    dry_run: bool = False,
    currency: SheetCurrency | None = None,
    events: Mapping[str, Any] | None = None,
) -> None:
    """Read the collection the rows of `kind` read first (into `index`, where the run finds
    it) and, when `currency` (the sheet's amounts') is given, the event at the same time,
    unless `events` (the events this job has read: a copy's target) holds its body already.
    ConfigError when the account has no such event, or when the currencies differ. An
    answer that stops every request (StopRun: a bad token, the quota, an unreachable host)
    stops a real run here, while a dry run goes on unchecked. Any other failure leaves the
    question open: the rows go on, and each says what it met."""
    collection = event_collection(kind, event_id)
    if collection is None:
        return
    requester = index.requester
    answers: dict[str, Reply | BulkspotError | None] = {}

    async def keep(name: str, question: Awaitable[Reply | None]) -> None:
        try:
            answers[name] = await question
        except (TransferError, StopRun) as error:
            answers[name] = error

    known = events.get(event_id) if events is not None else None
    async with anyio.create_task_group() as tasks:
        if currency is not None and known is None:
            tasks.start_soon(keep, "parent", requester.send("GET", EVENT.item_url({}, event_id)))
        tasks.start_soon(keep, "collection", index.read(*collection))
    for name in ("parent", "collection"):  # the event's own answer first, when it was asked
        answer = answers.get(name)
        if isinstance(answer, NotFoundError):
            raise missing_event(event_id, base_url) from None
        if isinstance(answer, StopRun) and not dry_run:
            raise answer
    event = answers.get("parent")
    read = (event.body,) if isinstance(event, Reply) else (known,) if known is not None else ()
    if currency is not None and read:
        refused = currency.refuse(event_id, event_currency(read[0]))
        if refused is not None:
            raise ConfigError(refused)


def missing_event(
    event_id: str, base_url: str, account: str = "this account", given: str | None = None
) -> ConfigError:
    """The account has no event `event_id`: said alike whichever read found it missing.
    `account` names the account, `given` where the id was given (default: --event)."""
    return ConfigError(
        f"there is no event {event_id} in {account}{base_url_hint(base_url)}: check "
        f"{given or option('--event')} (an events import prints the id of each event it makes)"
    )


def base_url_hint(base_url: str) -> str:
    """Why a 404 may be the base URL's (the API's ends in /v2/); "" when it ends so."""
    if base_url.rstrip("/").endswith("/v2"):
        return ""
    return f" (is {base_url} the API? its base URL ends in /v2/)"


def event_currency(event: object) -> str | None:
    """An event's currency_type as its answer gives it (None: blank, which means USD)."""
    found = event.get("currency_type") if isinstance(event, dict) else None
    return str(found).upper() if found else None
