"""Email campaign rows: the contact lists it goes to by name (`lists`, looked up like a
promocode's fees) or by id (`list_ids`), both into `sent_to_contact_lists`. The API sets
template_type to CUSTOM itself; the fields that become required once another is used are
the spec's cross rule (core/resources.py CAMPAIGN)."""

from __future__ import annotations

from typing import Any

from bulkspot.core.column import Column, Role
from bulkspot.core.operation import ByKey, IdSource
from bulkspot.core.planners.base import Planner, Problems, Refs
from bulkspot.core.resources import CONTACT_LIST, Field, FieldType

LISTS = "sent_to_contact_lists"


class CampaignPlanner(Planner):
    """Lists by name or id into `sent_to_contact_lists` ({"id": ...} each)."""

    fallbacks = {LISTS: "@lists"}  # noqa: RUF012
    sheet_columns = (
        Column(
            Role.LISTS.value,
            Role.LISTS,
            Field(Role.LISTS.value, FieldType.STRING_LIST),
            doc="contact list names, ;-separated (looked up in the account); e.g. "
            "Members;Volunteers",
        ),
        Column(
            "list_ids",
            Role.LIST_IDS,
            Field("list_ids", FieldType.STRING_LIST, id_of=CONTACT_LIST.kind),
            doc="contact list ids, ;-separated (or name them in lists)",
        ),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.list_refs: dict[tuple[str, ...], tuple[IdSource, ...]] = {}

    def prepare(
        self, values: dict[str, Any], refs: Refs, scope: Any, create: bool, problems: Problems
    ) -> dict[str, Any] | None:
        ids, names = values.pop("@list_ids", None), values.pop("@lists", None)
        if ids:
            values[LISTS] = [{"id": str(ident)} for ident in ids]
        if not names:
            return None
        key = tuple(str(name) for name in names)
        found = self.list_refs.get(key)
        if found is None:
            if len(self.list_refs) > 4096:
                self.list_refs.clear()
            found = self.list_refs[key] = tuple(ByKey(CONTACT_LIST.kind, n) for n in key)
        refs[LISTS] = found
        # validation counts lists by name as the ids they will become
        return {LISTS: [*values.get(LISTS, ()), *({"id": n} for n in key)]}
