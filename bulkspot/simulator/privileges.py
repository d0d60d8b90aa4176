"""The OAuth privilege each call needs (ctct-v2.md sections 3 and 5), and the 403 a token
without it gets. The sandbox's token holds every privilege unless `--privileges` names a
few; a call needing one it lacks is refused before its body is read."""

from __future__ import annotations

from bulkspot.simulator.problems import ApiError

FORBIDDEN = "http.status.forbidden"
READ = "campaign:read"
_EVENTSPOT = {"GET": READ, "POST": "campaign:write", "PUT": "campaign:write",
              "PATCH": "campaign:write", "DELETE": "campaign:write"}  # fmt: skip
_LISTS = {"GET": "contacts:lists:read", "POST": "contacts:lists:write",
          "PUT": "contacts:lists:write", "DELETE": "contacts:lists:write"}  # fmt: skip
BY_ROOT: dict[tuple[str, int], dict[str, str]] = {
    # (the shape's root, its length) -> method -> privilege; EventSpot's root is "*"
    ("folders", 1): {"GET": "mylibrary:folder:read", "POST": "mylibrary:folder:create"},
    ("folders", 2): {"GET": "mylibrary:folder:read", "PUT": "mylibrary:folder:update",
                     "DELETE": "mylibrary:folder:delete"},
    ("files", 1): {"GET": "mylibrary:file:read"},
    ("files", 2): {"GET": "mylibrary:file:read", "PUT": "mylibrary:file:update"},
    ("lists", 1): _LISTS,
    ("lists", 2): _LISTS,
    ("campaigns", 1): {"GET": READ, "POST": "campaign:create"},
    ("campaigns", 2): {"GET": READ, "PUT": "campaign:write", "DELETE": "campaign:write"},
    ("campaigns", 3): {"GET": READ, "POST": "campaign:activate"},
    ("campaigns", 4): {"GET": READ, "PUT": "campaign:activate", "DELETE": "campaign:activate"},
}  # fmt: skip
KNOWN = frozenset(p for table in (*BY_ROOT.values(), _EVENTSPOT) for p in table.values())


def needed(shape: tuple[str, ...], method: str) -> str:
    """The privilege a call to a route of `shape` with `method` needs."""
    table = BY_ROOT.get((shape[0], len(shape))) if shape else None
    return (table or _EVENTSPOT).get(method, READ)


def check(shape: tuple[str, ...], method: str, held: frozenset[str] | None) -> None:
    """A 403 naming the privilege when the token (holding `held`; None: all) lacks it."""
    if held is None:
        return
    privilege = needed(shape, method)
    if privilege not in held:
        message = f"This access token lacks the {privilege} privilege this request needs."
        raise ApiError.one(403, FORBIDDEN, message)
