"""What a handler gets (one API call, already past the gateway and read) and gives back.

Handlers are plain functions, not coroutines: the store never waits, so a whole change runs
without yielding to another request, and the request path stays short.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bulkspot.simulator.guesses import PAGE_LIMIT, QUERY_VALUES
from bulkspot.simulator.problems import bad_request
from bulkspot.simulator.schema import parse_instant
from bulkspot.simulator.store import Store

MAX_PAGE = 50


@dataclass(slots=True)
class Call:
    store: Store
    ids: tuple[str, ...]  # the path ids, outermost first
    query: Mapping[str, str]
    body: Any  # the parsed JSON of a POST, PUT or PATCH; None otherwise
    guesses: bool = True  # enforce the simulator's guesses (guesses.py); False: --no-guesses
    send_window_s: float = 0.0  # seconds between campaign send windows
    acted: str = ""  # the guess that shaped a success's answer (its header names it)

    def query_error(self, message: str) -> None:
        """A 400 for a query value no document defines: a guess (guesses.QUERY_VALUES), so
        only while guesses are on; without them the caller goes on with a lenient reading."""
        if self.guesses:
            raise bad_request(message, QUERY_VALUES)

    def since(self, filters: dict[str, str]) -> datetime | None:
        """The `modified_since` filter as an instant; one that is no instant is a 400 by a
        guess, or (guesses off) dropped."""
        text = filters.get("modified_since")
        if text is None:
            return None
        since = parse_instant(text)
        if since is None:
            self.query_error(f"modified_since: must be an ISO-8601 date and time (got {text!r})")
            del filters["modified_since"]
        return since

    def status(self, filters: dict[str, str], choices: tuple[str, ...]) -> str | None:
        """The `status` filter in upper case; an unknown one is a 400 by a guess, or (guesses
        off) kept, so that it matches nothing."""
        text = filters.get("status")
        if text is None:
            return None
        status = filters["status"] = text.upper()
        if status not in choices:
            self.query_error(f"status: must be one of {', '.join(choices)} (got {status!r})")
        return status


Answer = tuple[int, Any]  # status and payload (None: no body)
Handler = Callable[[Call], Answer]


def page_request(
    call: Call, filter_names: tuple[str, ...] = (), most: int = MAX_PAGE
) -> tuple[int, int, dict[str, str]]:
    """Where a page starts, how long it is and its filters: from `next`, else the query.
    `most`: the longest page (and the default); MyLibrary's is 1000, with 50 by default."""
    token = call.query.get("next")
    if token is not None:
        return _read_token(token, most)
    filters = {name: call.query[name] for name in filter_names if call.query.get(name)}
    return 0, _limit(call.query.get("limit"), most, call.guesses), filters


def page_answer(
    records: list[Any],
    render: Callable[[Any], Any],
    start: int,
    limit: int,
    link: str,
    filters: Mapping[str, str],
) -> Answer:
    """One page of a paged collection; `next_link` when more follow, else `pagination: {}`."""
    results = [render(record) for record in records[start : start + limit]]
    pagination: dict[str, str] = {}
    if start + limit < len(records):
        pagination["next_link"] = f"{link}?next={_make_token(start + limit, limit, filters)}"
    return 200, {"meta": {"pagination": pagination}, "results": results}


def _limit(text: str | None, most: int, guesses: bool) -> int:
    """The page length asked for; a limit out of range is a 400 by a guess (PAGE_LIMIT),
    else clamped (or the default, for a text that is no whole number)."""
    if text is None:
        return MAX_PAGE
    fits = text.isdigit() and 1 <= int(text) <= most
    if not fits and guesses:
        message = f"limit: must be a whole number from 1 to {most} (got {text!r})"
        raise bad_request(message, PAGE_LIMIT)
    if not text.isdigit():
        return MAX_PAGE
    return min(max(int(text), 1), most)


def _make_token(start: int, limit: int, filters: Mapping[str, str]) -> str:
    text = f"startAt={start}&limit={limit}" + "".join(f"&{k}={v}" for k, v in filters.items())
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def _read_token(token: str, most: int = MAX_PAGE) -> tuple[int, int, dict[str, str]]:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        fields = dict(part.split("=", 1) for part in text.split("&"))
        start, limit = int(fields.pop("startAt")), int(fields.pop("limit"))
    except (ValueError, KeyError, binascii.Error, UnicodeDecodeError):
        raise bad_request("next: not a link this API gave") from None
    if start < 0 or not 1 <= limit <= most:
        raise bad_request("next: not a link this API gave")
    return start, limit, fields
