"""The store as a JSON file, so a sandbox survives restarts; the same JSON is the dump.

Format (hand-writable, which is how registrants are seeded):

    {"format": "bulkspot-simulator-state", "version": 1, "serial": 42,
     "events": [{...event fields..., "fees": [...], "promocodes": [...],
                 "items": [{...item fields..., "attributes": [...]}],
                 "registrants": [{...as the API shows one...}]}],
     "folders": [{"id": "6", "name": "wildflowers", "parent_id": "2"}],
     "files": [{...as the API shows one; the only way files are made...}],
     "lists": [{"id": "1", "name": "Monthly Specials", "status": "ACTIVE"}],
     "campaigns": [{...as the API shows one; template_type STOCK for one made in the
                    product..., "schedules": [{"id": "1", "scheduled_date": "..."}]}]}

Loading checks every resource with the API's rules, keeps its id (and an event's status and
dates), and refuses a file it cannot read with a `StateError` naming the problem. Saving is
debounced (at most every 0.5 s) and atomic: simulator/state_saver.py.
"""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import orjson

from bulkspot.simulator import rules, rules_campaigns, rules_library
from bulkspot.simulator.library import parent_of
from bulkspot.simulator.problems import ApiError
from bulkspot.simulator.records import Body
from bulkspot.simulator.store import EVENT_KEPT, Store

FORMAT = "bulkspot-simulator-state"
VERSION = 1


class StateError(ValueError):
    """A state file that cannot be loaded; the message says which and why."""


def state_of(store: Store) -> dict[str, Any]:
    """Everything the store holds, as the state file keeps it."""
    events = []
    for event in store.events.values():
        items = [
            _item_as_answered(item.data, list(item.attributes.values()))
            for item in event.items.values()
        ]
        events.append(
            {
                **event.data,
                "fees": list(event.fees.values()),
                "items": items,
                "promocodes": list(event.promocodes.values()),
                "registrants": list(event.registrants.values()),
            }
        )
    return {
        "format": FORMAT,
        "version": VERSION,
        "serial": store.ids.serial,
        "events": events,
        "folders": [dict(f) for f in store.library.folders.values()],
        "files": [dict(f) for f in store.library.files.values()],
        "lists": [dict(entry) for entry in store.lists.lists.values()],
        "campaigns": store.campaigns.dump(),
    }


def _item_as_answered(data: dict[str, Any], attributes: list[Any]) -> dict[str, Any]:
    """An item as the API answers it: with attributes, its total is theirs (whatever a PUT
    said), so a comparison of two dumps compares what a client reads."""
    item = {**data, "attributes": attributes}
    if attributes:
        item["default_quantity_total"] = sum(a["quantity_total"] for a in attributes)
    return item


def load_state(store: Store, data: Any, source: str = "state", guesses: bool = True) -> None:
    """Fill an empty store from a state document, checked by the API's rules (the guessed
    ones only when `guesses`, as the simulator serving it)."""
    if not isinstance(data, dict) or not isinstance(data.get("events", []), list):
        raise StateError(f"{source}: not a simulator state (an object with an events array)")
    if data.get("format", FORMAT) != FORMAT or data.get("version", VERSION) != VERSION:
        raise StateError(f"{source}: format {data.get('format')!r} {data.get('version')!r}")
    serial = data.get("serial", 0)
    if isinstance(serial, int) and not isinstance(serial, bool):
        store.ids.serial = max(store.ids.serial, serial)
    for index, raw in enumerate(data.get("events", [])):
        where = f"{source}: events[{index}]"
        try:
            _load_event(store, _object(raw, where), where, guesses)
        except ApiError as exc:
            problems = "; ".join(p.message for p in exc.problems)
            raise StateError(f"{where}: {problems}") from None
    _load_library(store, data, source, guesses)


def _load_library(store: Store, data: dict[str, Any], source: str, guesses: bool) -> None:
    """Folders (parents first), files and lists, each checked by the API's rules."""
    folders = _list(data, "folders", source)
    by_id = {str(f.get("id")): f for f in folders}

    def depth(folder: Body) -> int:
        parent, steps = parent_of(folder), 0
        while parent is not None and parent in by_id and steps <= len(by_id):
            parent, steps = parent_of(by_id[parent]), steps + 1
        return steps

    loads: list[tuple[str, Any]] = []
    for i, folder in sorted(enumerate(folders), key=lambda pair: depth(pair[1])):
        kept = {k: folder[k] for k in ("id", "created_date", "modified_date") if folder.get(k)}
        body = partial(rules_library.FOLDER_CREATE.validate, guesses=guesses)
        loads.append(
            (f"folders[{i}]", lambda f=folder, k=kept, b=body: store.library.create_folder(b(f), k))
        )
    for i, file in enumerate(_list(data, "files", source)):
        kept = {k: v for k, v in file.items() if k not in ("name", "description", "folder_id")}
        loads.append(
            (
                f"files[{i}]",
                lambda f=file, k=kept: store.library.add_file(
                    rules_library.FILE.validate(f, guesses), k
                ),
            )
        )
    for i, entry in enumerate(_list(data, "lists", source)):
        kept = {
            k: entry[k]
            for k in ("id", "created_date", "modified_date", "contact_count")
            if entry.get(k) is not None
        }
        loads.append(
            (
                f"lists[{i}]",
                lambda e=entry, k=kept: store.lists.create(
                    rules_library.LIST.validate(e, guesses), k
                ),
            )
        )
    for i, entry in enumerate(_list(data, "campaigns", source)):  # after the lists they name
        check = partial(rules_campaigns.CAMPAIGN.validate, guesses=guesses)
        loads.append((f"campaigns[{i}]", lambda e=entry, c=check: store.campaigns.restore(e, c(e))))
    for where, load in loads:
        try:
            load()
        except ApiError as exc:
            problems = "; ".join(p.message for p in exc.problems)
            raise StateError(f"{source}: {where}: {problems}") from None


def _object(value: Any, where: str) -> Body:
    if not isinstance(value, dict):
        raise StateError(f"{where}: not an object")
    return value


def _list(raw: Body, name: str, where: str) -> list[Body]:
    value = raw.get(name) or []
    if not isinstance(value, list):
        raise StateError(f"{where}.{name}: not an array")
    return [_object(entry, f"{where}.{name}[{i}]") for i, entry in enumerate(value)]


def _ident(raw: Body, seen: set[str], where: str) -> str | None:
    ident = raw.get("id")
    if ident is None:
        return None
    if not isinstance(ident, str) or not ident or ident in seen:
        raise StateError(f"{where}: id {ident!r} is not a unique text")
    seen.add(ident)
    return ident


def _load_event(store: Store, raw: Body, where: str, guesses: bool) -> None:
    kept = {k: raw[k] for k in EVENT_KEPT if isinstance(raw.get(k), str)}
    if kept.get("status", "DRAFT") not in rules.EVENT_STATUSES:
        raise StateError(f"{where}: status {kept['status']!r} is not an event status")
    event = store.create_event(rules.EVENT.validate(raw, guesses), kept)
    seen: set[str] = set()
    for i, fee in enumerate(_list(raw, "fees", where)):
        ident = _ident(fee, seen, f"{where}.fees[{i}]")
        store.create_fee(event.id, rules.FEE.validate(fee, guesses), ident)
    for i, entry in enumerate(_list(raw, "items", where)):
        item_where = f"{where}.items[{i}]"
        item = store.create_item(
            event.id, rules.ITEM.validate(entry, guesses), _ident(entry, seen, item_where)
        )
        for j, attribute in enumerate(_list(entry, "attributes", item_where)):
            ident = _ident(attribute, seen, f"{item_where}.attributes[{j}]")
            store.create_attribute(
                event.id, item.data["id"], rules.ATTRIBUTE.validate(attribute, guesses), ident
            )
    for i, code in enumerate(_list(raw, "promocodes", where)):
        ident = _ident(code, seen, f"{where}.promocodes[{i}]")
        store.create_promocode(event.id, rules.PROMOCODE.validate(code, guesses), ident)
    for i, registrant in enumerate(_list(raw, "registrants", where)):
        _ident(registrant, seen, f"{where}.registrants[{i}]")
        store.add_registrant(event.id, registrant)


def read_state_file(store: Store, path: Path, guesses: bool = True) -> bool:
    """Load `path` into the store; False when there is no such file yet."""
    if not path.parent.is_dir():
        raise StateError(f"cannot keep the state in {path}: {path.parent} is not a folder")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return False
    except OSError as exc:
        raise StateError(f"cannot read the state file {path}: {exc.strerror}") from None
    try:
        data = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        raise StateError(f"the state file {path} is not JSON: {exc}") from None
    load_state(store, data, str(path), guesses)
    return True
