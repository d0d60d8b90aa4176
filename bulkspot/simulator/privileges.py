"""The OAuth privilege each call needs, each with its source, and the 403 a token without it
gets. The sandbox's token holds every privilege unless `--privileges` names a few; a call
needing one it lacks is refused before its body is read.

Each privilege follows the page of its method: the seed pages' "Privileges required" lines
(seed-000: the POSTs; seed-002: the PUTs) and the condensed notes (ctct-v2.md sections 4
and 5). Where no page states one, the privilege is a guess (guesses.UNSTATED_PRIVILEGES):
`--no-guesses` checks none of those.
"""

from __future__ import annotations

from typing import NamedTuple

from bulkspot.simulator.guesses import UNSTATED_PRIVILEGES
from bulkspot.simulator.problems import ApiError

FORBIDDEN = "http.status.forbidden"


class Needs(NamedTuple):
    """A privilege and where it is stated (GUESS: nowhere)."""

    privilege: str
    source: str


SEED_POST = "seed-000.txt"  # the method summaries of the POSTs
SEED_PUT = "seed-002.txt"  # the method summaries of the PUTs
NOTES_EVENTSPOT = "ctct-v2.md section 4"  # campaign:read for GET, campaign:write for writes
NOTES_SCHEDULES = "ctct-v2.md section 5"  # schedule PUT/DELETE: campaign:activate
GUESS = UNSTATED_PRIVILEGES  # no page states it

_EVENTSPOT = {
    "GET": Needs("campaign:read", NOTES_EVENTSPOT),
    "POST": Needs("campaign:write", SEED_POST),
    "PUT": Needs("campaign:write", SEED_PUT),
    "PATCH": Needs("campaign:write", GUESS),  # the notes name POST, PUT and DELETE only
    "DELETE": Needs("campaign:write", NOTES_EVENTSPOT),
}
_CAMPAIGN_READ = Needs("campaign:read", GUESS)
BY_ROUTE: dict[tuple[str, int], dict[str, Needs]] = {
    # (the shape's root, its length) -> method -> privilege; EventSpot's root is "*"
    ("folders", 1): {"GET": Needs("mylibrary:folder:read", GUESS),
                     "POST": Needs("mylibrary:folder:create", SEED_POST)},
    ("folders", 2): {"GET": Needs("mylibrary:folder:read", GUESS),
                     "PUT": Needs("mylibrary:folder:update", SEED_PUT),
                     "DELETE": Needs("mylibrary:folder:delete", GUESS)},
    ("files", 1): {"GET": Needs("mylibrary:file:read", GUESS)},
    ("files", 2): {"GET": Needs("mylibrary:file:read", GUESS),
                   "PUT": Needs("mylibrary:file:update", SEED_PUT)},
    ("lists", 1): {"GET": Needs("contacts:lists:read", GUESS),
                   "POST": Needs("contacts:lists:write", GUESS)},
    ("lists", 2): {"GET": Needs("contacts:lists:read", GUESS),
                   "PUT": Needs("contacts:lists:write", SEED_PUT),
                   "DELETE": Needs("contacts:lists:write", GUESS)},
    ("campaigns", 1): {"GET": _CAMPAIGN_READ, "POST": Needs("campaign:create", SEED_POST)},
    ("campaigns", 2): {"GET": _CAMPAIGN_READ, "PUT": Needs("campaign:create", SEED_PUT),
                       "DELETE": Needs("campaign:write", GUESS)},
    ("campaigns", 3): {"GET": _CAMPAIGN_READ, "POST": Needs("campaign:activate", SEED_POST)},
    ("campaigns", 4): {"GET": _CAMPAIGN_READ,
                       "PUT": Needs("campaign:activate", SEED_PUT),
                       "DELETE": Needs("campaign:activate", NOTES_SCHEDULES)},
}  # fmt: skip
KNOWN = frozenset(
    needs.privilege for table in (*BY_ROUTE.values(), _EVENTSPOT) for needs in table.values()
)


def needs(shape: tuple[str, ...], method: str) -> Needs:
    """The privilege a call to a route of `shape` with `method` needs, and its source."""
    table = BY_ROUTE.get((shape[0], len(shape))) if shape else None
    return (table or _EVENTSPOT).get(method, Needs("campaign:read", GUESS))


def check(
    shape: tuple[str, ...], method: str, held: frozenset[str] | None, guesses: bool = True
) -> None:
    """A 403 naming the privilege when the token (holding `held`; None: all) lacks it; a
    privilege no page states only while the guesses are on (UNSTATED_PRIVILEGES)."""
    if held is None:
        return
    privilege, source = needs(shape, method)
    if source == GUESS and not guesses:
        return
    if privilege not in held:
        message = f"This access token lacks the {privilege} privilege this request needs."
        raise ApiError.one(403, FORBIDDEN, message, source if source == GUESS else "")
