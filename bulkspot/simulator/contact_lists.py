"""The account's contact lists: a name unique in the account, a status ACTIVE or HIDDEN.

Written from the v2 lists pages (the notes, ctct-v2.md section 5): "Performing a PUT
overwrites all existing properties; any properties left blank or not included will delete
those property values", so a PUT without a status leaves the list without one. A name
already used is a 409 (for a PUT that is the forum's word, unconfirmed for lists).
"""

from __future__ import annotations

from collections.abc import Callable

from bulkspot.simulator.config import Clock
from bulkspot.simulator.ids import IdMaker
from bulkspot.simulator.problems import ApiError, conflict, not_found
from bulkspot.simulator.records import Body
from bulkspot.simulator.schema import format_instant


class ContactLists:
    """Lists by id, in creation order, with the index of their names."""

    def __init__(self, ids: IdMaker, clock: Clock, changed: Callable[[], None]) -> None:
        self.ids = ids
        self.clock = clock
        self.changed = changed
        self.lists: dict[str, Body] = {}
        self.names: dict[str, str] = {}

    def _now(self) -> str:
        return format_instant(self.clock.utc_now())

    def get(self, list_id: str) -> Body:
        found = self.lists.get(list_id)
        if found is None:
            raise not_found("list", list_id)
        return found

    def _claim(self, name: str | None, ident: str) -> None:
        if name is None:  # a list without a name (guesses off) holds none
            return
        holder = self.names.get(name)
        if holder is not None and holder != ident:
            raise conflict("name", name, "by another list")

    def create(self, body: Body, kept: Body | None = None) -> Body:
        kept = dict(kept or {})
        ident = str(kept.get("id") or self.ids.number_id())
        while ident in self.lists and "id" not in kept:
            ident = self.ids.number_id()
        if ident in self.lists:
            raise ApiError.one(409, "http.status.conflict", f"#/id: {ident!r} is already used.")
        self._claim(body.get("name"), ident)
        now = self._now()
        record = {"created_date": now, "modified_date": now, "contact_count": 0, **kept}
        record.update(body, id=ident)
        self.lists[ident] = record
        if "name" in body:
            self.names[body["name"]] = ident
        self.changed()
        return record

    def replace(self, list_id: str, body: Body) -> Body:
        """Every writable property as the body gives it: what it leaves out is gone."""
        record = self.get(list_id)
        self._claim(body.get("name"), list_id)
        if record.get("name") is not None and self.names.get(record["name"]) == list_id:
            del self.names[record["name"]]
        if "name" in body:
            self.names[body["name"]] = list_id
        for name in ("name", "status"):
            record.pop(name, None)
        record.update(body)
        record["modified_date"] = self._now()
        self.changed()
        return record

    def delete(self, list_id: str) -> None:
        record = self.get(list_id)
        del self.lists[list_id]
        if self.names.get(record.get("name", "")) == list_id:
            del self.names[record["name"]]
        self.changed()
