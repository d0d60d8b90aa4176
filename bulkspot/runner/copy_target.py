"""The event a copy writes into: read once, its reads shared by the copy's imports, and named
in messages as the person gave it.

A copy reads the target event before anything else, for its currency (issue 23: amounts
are compared before any write), and then imports each kind into it. Alone, each import
would read that event again for its amounts' currency, and the promocodes import would read
again the fees the fees import had just read and made, to find the codes' fees by label.
The daily quota is the budget (issue 24: one read of each collection a run), so the
imports of one copy share one `KeyIndex` (the collections read, and what each import made
since) and the event's body as the copy read it. The index answers what this process has
read or made a moment ago; a create whose answer was lost is still looked up afresh
(`KeyIndex.find(fresher_than=...)`), so sharing it takes nothing from "no create twice".

A target event the account lacks is said by the copy's own read, in the words of where its
id was given: `--to-event`, or an accounts file's account and its `to_event` cell.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bulkspot.core.money import DEFAULT_CURRENCY
from bulkspot.core.resources import EVENT
from bulkspot.core.wording import option
from bulkspot.errors import ConfigError, NotFoundError
from bulkspot.runner.checks import event_currency, missing_event
from bulkspot.runner.copy_source import SourceReads
from bulkspot.runner.lookup import KeyIndex
from bulkspot.runner.retry import Requester


@dataclass(frozen=True, slots=True)
class TargetNames:
    """How a message names the account copied into and where its event id was given."""

    account: str = "this account"
    event: str = ""  # where to check the event id; "": --to-event (a library's to_event=)


class TargetReads:
    """The reads of one copy's target account, made through its requester, each once."""

    def __init__(self, requester: Requester) -> None:
        self.index = KeyIndex(requester)
        self._events: dict[str, Any] = {}

    @property
    def requester(self) -> Requester:
        return self.index.requester

    @property
    def events(self) -> Mapping[str, Any]:
        """The events read, by id, each body as its read answered."""
        return self._events

    async def event(self, event_id: str) -> Any:
        """The event's body, read once (NotFoundError: the account has no such event)."""
        if event_id not in self._events:
            reply = await self.requester.send("GET", EVENT.item_url({}, event_id))
            self._events[event_id] = reply.body
        return self._events[event_id]


@dataclass(frozen=True, slots=True)
class Events:
    """The two events of a copy, and whether its amounts keep their numbers between
    currencies."""

    from_event: str
    to_event: str
    keep_amounts: bool


async def target_currency(
    events: Events, source: SourceReads, target: TargetReads, names: TargetNames, base_url: str
) -> str | None:
    """The currency of the event copied into, which the copy's sheets are read in; a
    ConfigError when the account has no such event, or when it is not the source event's
    currency and the job does not keep the amounts. None when the source event cannot be
    read: its export says why."""
    source_event = await source.event(events.from_event)
    if source_event is None:
        return None
    try:
        body = await target.event(events.to_event)
    except NotFoundError:
        where = names.event or option("--to-event")
        raise missing_event(events.to_event, base_url, names.account, where) from None
    theirs = event_currency(source_event) or DEFAULT_CURRENCY
    ours = event_currency(body) or DEFAULT_CURRENCY
    if theirs != ours and not events.keep_amounts:
        raise ConfigError(
            f"event {events.from_event} is in {theirs} and event {events.to_event} in {ours}: "
            f"a copy would make every {theirs} amount the same number of {ours}, so nothing "
            f"was copied. To keep the numbers as they are, in {ours}, give --keep-amounts"
        )
    return ours
