"""One column a sheet may have: what its cells feed (an API field, or a sheet-only role such
as the parent's name) and the rules they follow. Which columns each kind has is
`bulkspot.core.columns`; the planner of a kind adds its sheet-only ones."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum

from bulkspot.core.resources import ATTRIBUTE, CAMPAIGN, CONTACT_LIST, FEE, FOLDER, ITEM, Field


class Role(StrEnum):
    """What a column's cells feed. A role that names resources of another kind is named
    after that kind (an attributes sheet's `item`, a promocode's `fees`)."""

    FIELD = "field"  # an API field of the row's resource
    ID = "id"  # the resource's id: the row updates it
    EVENT_ID = "event_id"  # the parent event (instead of --event)
    ITEM = ITEM.kind  # attributes: the parent item, by name
    ITEM_ID = "item_id"  # attributes: the parent item, by id
    ATTRIBUTE = ATTRIBUTE.kind  # items: the name of an attribute of the row's item
    ATTRIBUTE_QUANTITY = "attribute_quantity"  # items: that attribute's quantity_total
    FEES = FEE.plural  # promocodes: fee labels, `;`-separated
    DISCOUNT = "discount"  # promocodes: "20%" (percent) or "15.00" (amount)
    STATUS = "status"  # events: ACTIVE publishes, CANCELLED cancels (a PATCH after the write)
    PARENT = "parent"  # folders: the parent folder by path from the top (Brochures/2026)
    FOLDER = FOLDER.kind  # files: the folder to move it to, by path
    LISTS = CONTACT_LIST.plural  # campaigns: the contact lists it goes to, by name
    LIST_IDS = "list_ids"  # campaigns: the contact lists it goes to, by id
    CAMPAIGN = CAMPAIGN.kind  # schedules: the campaign, by name
    CAMPAIGN_ID = "campaign_id"  # schedules: the campaign, by id


@dataclass(frozen=True, slots=True)
class Column:
    """One column a sheet of a kind may have."""

    name: str  # the documented name: the API field (dotted when nested) or the role's name
    role: Role
    field: Field  # the rules its cells follow
    aliases: tuple[str, ...] = ()
    doc: str = ""
    required: bool = False  # a sheet of new resources must have it

    @property
    def target(self) -> str:
        """Where a row's value goes: the API field path, or "@role" for a sheet-only role."""
        return self.name if self.role is Role.FIELD else f"@{self.role.value}"
