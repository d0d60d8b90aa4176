"""Whether a success answer holds what it should: the one place a garbled 2xx is told apart.

A proxy, a gateway or a load balancer can hand back a `201` whose body was cut short, an HTML
page, or JSON without the id, after the server made the resource. Taken at its word, such a
row would end `created` without an id: its children blocked, undo blind to it. So a 2xx whose
body is not JSON (`parse_success`, for every answer) or not the resource (`resource_of`, for
an answer that must carry one) raises GarbledAnswerError, which the write path treats like a
lost answer: the outcome is unknown, the natural key is looked up before anything is resent.
"""

from __future__ import annotations

from typing import Any

import orjson

from bulkspot.errors import GarbledAnswerError
from bulkspot.transport.base import Reply

NOT_JSON = "not JSON"
NO_BODY = "an empty body"
NOT_AN_OBJECT = "JSON, but not an object"
NO_ID = "an object without an id"
NOT_A_COLLECTION = "not a collection (an array, or an object with results)"
AN_ENTRY_WITHOUT_ID = "a collection with an entry that is not an object with an id"


def parse_success(raw: bytes, status: int, *, method: str = "", path: str = "") -> Any:
    """The JSON of a 2xx body, None for an empty one (a DELETE's 204)."""
    if not raw:
        return None
    try:
        return orjson.loads(raw)
    except orjson.JSONDecodeError:
        raise GarbledAnswerError(status, NOT_JSON, method=method, path=path) from None


def resource_of(reply: Reply, *, method: str = "", path: str = "") -> dict[str, Any]:
    """The resource a create's or a PUT's answer carries: an object with an id."""
    body = reply.body
    why = (
        NO_BODY
        if body is None
        else NOT_AN_OBJECT
        if not isinstance(body, dict)
        else NO_ID
        if not _is_id(body.get("id"))
        else None
    )
    if why is not None:
        raise GarbledAnswerError(reply.status, why, method=method, path=path)
    return body  # type: ignore[no-any-return]


def _is_id(value: object) -> bool:
    if isinstance(value, bool):
        return False
    return isinstance(value, int) or (isinstance(value, str) and value.strip() != "")


def entries_of(reply: Reply, *, method: str = "GET", path: str = "") -> list[Any]:
    """A collection's entries: a bare array, or an object with `results` (a page; its
    `meta.pagination.next_link` is core.apipath.next_link's). Anything else is garbled:
    read as empty, it would send again what is already there."""
    body = reply.body
    if isinstance(body, dict) and isinstance(body.get("results"), list):
        entries: list[Any] = body["results"]
    elif isinstance(body, list):
        entries = body
    else:
        why = NO_BODY if body is None else NOT_A_COLLECTION
        raise GarbledAnswerError(reply.status, why, method=method, path=path)
    if not all(isinstance(entry, dict) and _is_id(entry.get("id")) for entry in entries):
        raise GarbledAnswerError(reply.status, AN_ENTRY_WITHOUT_ID, method=method, path=path)
    return entries
