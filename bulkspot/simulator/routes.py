"""Which handler answers a method and path under `/v2/eventspot/events`.

A path alternates ids and collection names (`{eventId}/items/{itemId}/attributes`), so its
shape is its length and its names; one dictionary lookup finds the handlers of a shape.
"""

from __future__ import annotations

from bulkspot.simulator import handlers_campaigns as campaigns
from bulkspot.simulator import handlers_children as kids
from bulkspot.simulator import handlers_events as events
from bulkspot.simulator import handlers_library as library
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
# Beside EventSpot: a root's shape starts with its name (ROOTS), then alternates ids and names.
ROOTS = {
    "/v2/library/folders": "folders",
    "/v2/library/files": "files",
    "/v2/lists": "lists",
    "/v2/emailmarketing/campaigns": "campaigns",
}
ROUTES.update(
    {
        ("folders",): {"GET": library.list_folders, "POST": library.create_folder},
        ("folders", "*"): {
            "GET": library.get_folder,
            "PUT": library.update_folder,
            "DELETE": library.delete_folder,
        },
        ("files",): {"GET": library.list_files},
        ("files", "*"): {"GET": library.get_file, "PUT": library.update_file},
        ("lists",): {"GET": library.list_lists, "POST": library.create_list},
        ("lists", "*"): {
            "GET": library.get_list,
            "PUT": library.replace_list,
            "DELETE": library.delete_list,
        },
        ("campaigns",): {"GET": campaigns.list_campaigns, "POST": campaigns.create_campaign},
        ("campaigns", "*"): {
            "GET": campaigns.get_campaign,
            "PUT": campaigns.replace_campaign,
            "DELETE": campaigns.delete_campaign,
        },
        ("campaigns", "*", "schedules"): {
            "GET": campaigns.list_schedules,
            "POST": campaigns.create_schedule,
        },
        ("campaigns", "*", "schedules", "*"): {
            "GET": campaigns.get_schedule,
            "PUT": campaigns.replace_schedule,
            "DELETE": campaigns.delete_schedule,
        },
    }
)
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
        return _resolve_root(path)
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


def _resolve_root(path: str) -> Route | None:
    """A path under one of ROOTS: (root, "*", ...) and its ids."""
    for prefix, root in ROOTS.items():
        if path == prefix or path.startswith(prefix + "/"):
            parts = path[len(prefix) :].strip("/").split("/") if path != prefix else []
            parts = [] if parts == [""] else parts
            if any(not part for part in parts):
                return None
            shape = (root, *("*" if index % 2 == 0 else p for index, p in enumerate(parts)))
            return (shape, tuple(parts[0::2])) if shape in ROUTES else None
    return None
