"""Which handler answers a method and path under `/v2/eventspot/events`.

A path alternates ids and collection names (`{eventId}/items/{itemId}/attributes`), so its
shape is its length and its names; one dictionary lookup finds the handlers of a shape.
"""

from __future__ import annotations

from bulkspot.simulator import handlers_children as kids
from bulkspot.simulator import handlers_events as events
from bulkspot.simulator.calls import Handler

PREFIX = "/v2/eventspot/events"
Shape = tuple[str, ...]

ROUTES: dict[Shape, dict[str, Handler]] = {
    (): {"GET": events.list_events, "POST": events.create_event},
    ("*",): {"GET": events.get_event, "PUT": events.replace_event, "PATCH": events.patch_event},
    ("*", "fees"): {"GET": kids.list_fees, "POST": kids.create_fee},
    ("*", "fees", "*"): {"GET": kids.get_fee, "PUT": kids.replace_fee, "DELETE": kids.delete_fee},
    ("*", "items"): {"GET": kids.list_items, "POST": kids.create_item},
    ("*", "items", "*"): {
        "GET": kids.get_item,
        "PUT": kids.replace_item,
        "DELETE": kids.delete_item,
    },
    ("*", "items", "*", "attributes"): {
        "GET": kids.list_attributes,
        "POST": kids.create_attribute,
    },
    ("*", "items", "*", "attributes", "*"): {
        "GET": kids.get_attribute,
        "PUT": kids.replace_attribute,
        "DELETE": kids.delete_attribute,
    },
    ("*", "promocodes"): {"GET": kids.list_promocodes, "POST": kids.create_promocode},
    ("*", "promocodes", "*"): {
        "GET": kids.get_promocode,
        "PUT": kids.replace_promocode,
        "DELETE": kids.delete_promocode,
    },
    ("*", "registrants"): {"GET": events.list_registrants},
    ("*", "registrants", "*"): {"GET": events.get_registrant},
}
ALLOW = {shape: ", ".join(sorted(methods)) for shape, methods in ROUTES.items()}


Route = tuple[Shape, tuple[str, ...]]
_SEEN: dict[str, Route | None] = {}
_SEEN_MAX = 4096  # a bulk import hits the same few collection paths over and over


def resolve(path: str) -> Route | None:
    """The shape of a path and its ids, or None when no resource lives there."""
    try:
        return _SEEN[path]
    except KeyError:
        pass
    route = _resolve(path)
    if len(_SEEN) >= _SEEN_MAX:
        _SEEN.clear()
    _SEEN[path] = route
    return route


def _resolve(path: str) -> Route | None:
    if not path.startswith(PREFIX):
        return None
    rest = path[len(PREFIX) :]
    if rest in ("", "/"):
        return (), ()
    if rest[0] != "/":
        return None
    parts = rest[1:].split("/")
    if parts[-1] == "":  # a trailing slash
        parts.pop()
    if any(not part for part in parts):
        return None
    shape = tuple("*" if index % 2 == 0 else part for index, part in enumerate(parts))
    if shape not in ROUTES:
        return None
    return shape, tuple(parts[0::2])
