"""The shapes of the API's resources and the client's signatures, for scripts checked by mypy.

GENERATED from the registry by `python -m bulkspot.core.typegen`: do not edit (a test holds
this file to the specs). `Kind` names the resource kinds; one `TypedDict` per resource, every
field optional (total=False): the API leaves out what is not set, and a body a script builds
holds only what it sends, so a misspelt field is an error. The `...Ids` are the path ids a
kind's collection needs. A list of events answers summaries (`EventSummary`): GET one event
for the whole of it; every other list answers whole resources.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Mapping
from typing import Any, Literal, TypedDict, overload

from bulkspot.core.operation import OnExisting
from bulkspot.core.outcome import Status

Kind = Literal[
    "event",
    "fee",
    "item",
    "attribute",
    "promocode",
    "registrant",
    "folder",
    "file",
    "list",
    "campaign",
    "schedule",
]


class Address(TypedDict, total=False):
    line1: str
    line2: str
    line3: str
    city: str
    state: str
    state_code: str
    country: str
    country_code: str
    postal_code: str
    latitude: float
    longitude: float


class Contact(TypedDict, total=False):
    name: str
    email_address: str
    phone_number: str
    organization_name: str


class OnlineMeeting(TypedDict, total=False):
    url: str
    instructions: str
    provider_meeting_id: str
    provider_type: str


class TrackInformation(TypedDict, total=False):
    information_sections: list[str]
    is_registration_closed_manually: bool
    is_ticketing_link_displayed: bool
    guest_limit: int
    registration_limit_count: int
    guest_display_label: str
    is_guest_name_required: bool
    is_guest_anonymous_enabled: bool


class NotificationOption(TypedDict, total=False):
    notification_type: str
    is_opted_in: bool


class EventSummary(TypedDict, total=False):
    id: str
    name: str
    title: str
    type: str
    start_date: str
    end_date: str
    time_zone_id: str
    description: str
    address: Address
    is_checkin_available: bool
    status: str
    created_date: str
    event_detail_url: str


class Event(EventSummary, total=False):
    location: str
    contact: Contact
    currency_type: str
    is_virtual_event: bool
    online_meeting: OnlineMeeting
    payment_options: list[str]
    payable_to: str
    payment_address: Address
    paypal_account_email: str
    google_merchant_id: str
    google_analytics_key: str
    twitter_hash_tag: str
    meta_data_tags: str
    theme_name: str
    is_home_page_displayed: bool
    is_map_displayed: bool
    is_calendar_displayed: bool
    is_listed_in_external_directory: bool
    are_registrants_public: bool
    track_information: TrackInformation
    notification_options: list[NotificationOption]
    updated_date: str
    active_date: str
    cancelled_date: str
    deleted_date: str
    registration_url: str
    total_registered_count: int


class Fee(TypedDict, total=False):
    id: str
    label: str
    fee: float
    early_fee: float
    late_fee: float
    fee_scope: str
    has_restricted_access: bool


class Item(TypedDict, total=False):
    id: str
    name: str
    description: str
    price: float
    default_quantity_total: int
    per_registrant_limit: int
    show_quantity_available: bool
    default_quantity_available: int
    attributes: list[Attribute]


class Attribute(TypedDict, total=False):
    id: str
    name: str
    quantity_total: int
    quantity_available: int


class Promocode(TypedDict, total=False):
    id: str
    code_name: str
    code_type: str
    discount_type: str
    discount_percent: int
    discount_amount: float
    discount_scope: str
    fee_ids: list[str]
    quantity_total: int
    is_paused: bool
    status: str
    quantity_used: int
    quantity_available: int


class Registrant(TypedDict, total=False):
    id: str
    email: str
    first_name: str
    last_name: str
    payment_status: str
    registration_status: str
    registration_date: str
    updated_date: str
    ticket_id: str
    guest_count: int
    sections: list[dict[str, Any]]
    guests: dict[str, Any]
    payment_summary: dict[str, Any]


class Folder(TypedDict, total=False):
    id: str
    name: str
    parent_id: str
    level: int
    item_count: int
    created_date: str
    modified_date: str
    children: list[dict[str, Any]]


class File(TypedDict, total=False):
    id: str
    name: str
    description: str
    folder_id: str | None
    folder: str
    url: str
    source: str
    status: str
    file_type: str
    height: int
    width: int
    size: int
    is_image: bool
    thumbnail: dict[str, Any]
    created_date: str
    modified_date: str


class ContactList(TypedDict, total=False):
    id: str
    name: str
    status: str
    contact_count: int
    created_date: str
    modified_date: str


class MessageFooter(TypedDict, total=False):
    organization_name: str
    address_line_1: str
    address_line_2: str
    address_line_3: str
    city: str
    state: str
    international_state: str
    postal_code: str
    country: str
    include_forward_email: bool
    forward_email_link_text: str
    include_subscribe_link: bool
    subscribe_link_text: str


class SentToContactList(TypedDict, total=False):
    id: str


class Campaign(TypedDict, total=False):
    id: str
    name: str
    subject: str
    from_name: str
    from_email: str
    reply_to_email: str
    email_content: str
    text_content: str
    email_content_format: str
    style_sheet: str
    greeting_salutations: str
    greeting_name: str
    greeting_string: str
    is_permission_reminder_enabled: bool
    permission_reminder_text: str
    is_view_as_webpage_enabled: bool
    view_as_web_page_text: str
    view_as_web_page_link_text: str
    message_footer: MessageFooter
    sent_to_contact_lists: list[SentToContactList]
    template_type: str
    status: str
    created_date: str
    modified_date: str
    last_run_date: str
    next_run_date: str
    permalink_url: str
    tracking_summary: dict[str, Any]
    click_through_details: list[dict[str, Any]]


class Schedule(TypedDict, total=False):
    id: str
    scheduled_date: str


class NoIds(TypedDict):
    pass


class EventIds(TypedDict):
    event_id: str


class ItemIds(TypedDict):
    event_id: str
    item_id: str


class CampaignIds(TypedDict):
    campaign_id: str


RESOURCE_TYPES: dict[str, type] = {
    "event": Event,
    "fee": Fee,
    "item": Item,
    "attribute": Attribute,
    "promocode": Promocode,
    "registrant": Registrant,
    "folder": Folder,
    "file": File,
    "list": ContactList,
    "campaign": Campaign,
    "schedule": Schedule,
}


PATH_IDS: dict[str, type] = {
    "event": NoIds,
    "fee": EventIds,
    "item": EventIds,
    "attribute": ItemIds,
    "promocode": EventIds,
    "registrant": EventIds,
    "folder": NoIds,
    "file": NoIds,
    "list": NoIds,
    "campaign": NoIds,
    "schedule": CampaignIds,
}


@overload
def writable(kind: Literal["event"], resource: Mapping[str, Any]) -> Event: ...


@overload
def writable(kind: Literal["fee"], resource: Mapping[str, Any]) -> Fee: ...


@overload
def writable(kind: Literal["item"], resource: Mapping[str, Any]) -> Item: ...


@overload
def writable(kind: Literal["attribute"], resource: Mapping[str, Any]) -> Attribute: ...


@overload
def writable(kind: Literal["promocode"], resource: Mapping[str, Any]) -> Promocode: ...


@overload
def writable(kind: Literal["registrant"], resource: Mapping[str, Any]) -> Registrant: ...


@overload
def writable(kind: Literal["folder"], resource: Mapping[str, Any]) -> Folder: ...


@overload
def writable(kind: Literal["file"], resource: Mapping[str, Any]) -> File: ...


@overload
def writable(kind: Literal["list"], resource: Mapping[str, Any]) -> ContactList: ...


@overload
def writable(kind: Literal["campaign"], resource: Mapping[str, Any]) -> Campaign: ...


@overload
def writable(kind: Literal["schedule"], resource: Mapping[str, Any]) -> Schedule: ...


def writable(kind: str, resource: Mapping[str, Any]) -> Any:
    """`resource` without its read-only fields (id, dates, counts, an item's
    attributes): what a PUT must send to keep it as it is, or a create to copy it.
    Raises UnknownKindError for an unknown kind."""
    from bulkspot.core.resources import spec_for

    return spec_for(kind).writable_body(resource)


class ClientSurface:
    """The typed face of `bulkspot.Client`: each method's kinds, ids, bodies and answers;
    the work is the Client's (runner/client.py), in the methods named with a `_`."""

    async def _get(self, kind: str, ids: Mapping[str, str], resource_id: str) -> Any:
        raise NotImplementedError

    def _iterate(
        self, kind: str, ids: Mapping[str, str], *, limit: int | None = None
    ) -> AsyncIterator[Any]:
        raise NotImplementedError

    async def _find(self, kind: str, ids: Mapping[str, str], natural_key: str) -> Any:
        raise NotImplementedError

    async def _create(self, kind: str, ids: Mapping[str, str], body: Mapping[str, Any]) -> Any:
        raise NotImplementedError

    async def _update(
        self, kind: str, ids: Mapping[str, str], resource_id: str, changes: Mapping[str, Any]
    ) -> Any:
        raise NotImplementedError

    async def _ensure(
        self, kind: str, ids: Mapping[str, str], body: Mapping[str, Any], on_existing: OnExisting
    ) -> Any:
        raise NotImplementedError

    @overload
    async def get(self, kind: Literal["event"], ids: NoIds, resource_id: str) -> Event: ...
    @overload
    async def get(self, kind: Literal["fee"], ids: EventIds, resource_id: str) -> Fee: ...
    @overload
    async def get(self, kind: Literal["item"], ids: EventIds, resource_id: str) -> Item: ...
    @overload
    async def get(
        self, kind: Literal["attribute"], ids: ItemIds, resource_id: str
    ) -> Attribute: ...
    @overload
    async def get(
        self, kind: Literal["promocode"], ids: EventIds, resource_id: str
    ) -> Promocode: ...
    @overload
    async def get(
        self, kind: Literal["registrant"], ids: EventIds, resource_id: str
    ) -> Registrant: ...
    @overload
    async def get(self, kind: Literal["folder"], ids: NoIds, resource_id: str) -> Folder: ...
    @overload
    async def get(self, kind: Literal["file"], ids: NoIds, resource_id: str) -> File: ...
    @overload
    async def get(self, kind: Literal["list"], ids: NoIds, resource_id: str) -> ContactList: ...
    @overload
    async def get(self, kind: Literal["campaign"], ids: NoIds, resource_id: str) -> Campaign: ...
    @overload
    async def get(
        self, kind: Literal["schedule"], ids: CampaignIds, resource_id: str
    ) -> Schedule: ...
    async def get(self, kind: str, ids: Any, resource_id: str) -> Any:
        """The whole resource. Raises NotFoundError when there is none with that id."""
        return await self._get(kind, ids, resource_id)

    @overload
    def iterate(
        self, kind: Literal["event"], ids: NoIds, *, limit: int | None = None
    ) -> AsyncIterator[EventSummary]: ...
    @overload
    def iterate(
        self, kind: Literal["fee"], ids: EventIds, *, limit: int | None = None
    ) -> AsyncIterator[Fee]: ...
    @overload
    def iterate(
        self, kind: Literal["item"], ids: EventIds, *, limit: int | None = None
    ) -> AsyncIterator[Item]: ...
    @overload
    def iterate(
        self, kind: Literal["attribute"], ids: ItemIds, *, limit: int | None = None
    ) -> AsyncIterator[Attribute]: ...
    @overload
    def iterate(
        self, kind: Literal["promocode"], ids: EventIds, *, limit: int | None = None
    ) -> AsyncIterator[Promocode]: ...
    @overload
    def iterate(
        self, kind: Literal["registrant"], ids: EventIds, *, limit: int | None = None
    ) -> AsyncIterator[Registrant]: ...
    @overload
    def iterate(
        self, kind: Literal["folder"], ids: NoIds, *, limit: int | None = None
    ) -> AsyncIterator[Folder]: ...
    @overload
    def iterate(
        self, kind: Literal["file"], ids: NoIds, *, limit: int | None = None
    ) -> AsyncIterator[File]: ...
    @overload
    def iterate(
        self, kind: Literal["list"], ids: NoIds, *, limit: int | None = None
    ) -> AsyncIterator[ContactList]: ...
    @overload
    def iterate(
        self, kind: Literal["campaign"], ids: NoIds, *, limit: int | None = None
    ) -> AsyncIterator[Campaign]: ...
    @overload
    def iterate(
        self, kind: Literal["schedule"], ids: CampaignIds, *, limit: int | None = None
    ) -> AsyncIterator[Schedule]: ...
    def iterate(self, kind: str, ids: Any, *, limit: int | None = None) -> Any:
        """Every resource of the collection: bare arrays as they are, paged ones followed
        (`limit`: the page size). Events come as summaries."""
        return self._iterate(kind, ids, limit=limit)

    @overload
    async def list(
        self, kind: Literal["event"], ids: NoIds, *, limit: int | None = None
    ) -> list[EventSummary]: ...
    @overload
    async def list(
        self, kind: Literal["fee"], ids: EventIds, *, limit: int | None = None
    ) -> list[Fee]: ...
    @overload
    async def list(
        self, kind: Literal["item"], ids: EventIds, *, limit: int | None = None
    ) -> list[Item]: ...
    @overload
    async def list(
        self, kind: Literal["attribute"], ids: ItemIds, *, limit: int | None = None
    ) -> list[Attribute]: ...
    @overload
    async def list(
        self, kind: Literal["promocode"], ids: EventIds, *, limit: int | None = None
    ) -> list[Promocode]: ...
    @overload
    async def list(
        self, kind: Literal["registrant"], ids: EventIds, *, limit: int | None = None
    ) -> list[Registrant]: ...
    @overload
    async def list(
        self, kind: Literal["folder"], ids: NoIds, *, limit: int | None = None
    ) -> list[Folder]: ...
    @overload
    async def list(
        self, kind: Literal["file"], ids: NoIds, *, limit: int | None = None
    ) -> list[File]: ...
    @overload
    async def list(
        self, kind: Literal["list"], ids: NoIds, *, limit: int | None = None
    ) -> list[ContactList]: ...
    @overload
    async def list(
        self, kind: Literal["campaign"], ids: NoIds, *, limit: int | None = None
    ) -> list[Campaign]: ...
    @overload
    async def list(
        self, kind: Literal["schedule"], ids: CampaignIds, *, limit: int | None = None
    ) -> list[Schedule]: ...
    async def list(self, kind: str, ids: Any, *, limit: int | None = None) -> Any:
        """The whole collection (events as summaries)."""
        return [resource async for resource in self._iterate(kind, ids, limit=limit)]

    @overload
    async def find(self, kind: Literal["event"], ids: NoIds, natural_key: str) -> Event | None: ...
    @overload
    async def find(self, kind: Literal["fee"], ids: EventIds, natural_key: str) -> Fee | None: ...
    @overload
    async def find(self, kind: Literal["item"], ids: EventIds, natural_key: str) -> Item | None: ...
    @overload
    async def find(
        self, kind: Literal["attribute"], ids: ItemIds, natural_key: str
    ) -> Attribute | None: ...
    @overload
    async def find(
        self, kind: Literal["promocode"], ids: EventIds, natural_key: str
    ) -> Promocode | None: ...
    @overload
    async def find(
        self, kind: Literal["folder"], ids: NoIds, natural_key: str
    ) -> Folder | None: ...
    @overload
    async def find(
        self, kind: Literal["list"], ids: NoIds, natural_key: str
    ) -> ContactList | None: ...
    @overload
    async def find(
        self, kind: Literal["campaign"], ids: NoIds, natural_key: str
    ) -> Campaign | None: ...
    @overload
    async def find(
        self, kind: Literal["schedule"], ids: CampaignIds, natural_key: str
    ) -> Schedule | None: ...
    async def find(self, kind: str, ids: Any, natural_key: str) -> Any:
        """The whole resource whose natural key (name, label, code_name) is given, or None.
        The collection is read once per client, not per call."""
        return await self._find(kind, ids, natural_key)

    @overload
    async def create(self, kind: Literal["event"], ids: NoIds, body: Event) -> Event: ...
    @overload
    async def create(self, kind: Literal["fee"], ids: EventIds, body: Fee) -> Fee: ...
    @overload
    async def create(self, kind: Literal["item"], ids: EventIds, body: Item) -> Item: ...
    @overload
    async def create(
        self, kind: Literal["attribute"], ids: ItemIds, body: Attribute
    ) -> Attribute: ...
    @overload
    async def create(
        self, kind: Literal["promocode"], ids: EventIds, body: Promocode
    ) -> Promocode: ...
    @overload
    async def create(
        self, kind: Literal["registrant"], ids: EventIds, body: Registrant
    ) -> Registrant: ...
    @overload
    async def create(self, kind: Literal["folder"], ids: NoIds, body: Folder) -> Folder: ...
    @overload
    async def create(self, kind: Literal["file"], ids: NoIds, body: File) -> File: ...
    @overload
    async def create(self, kind: Literal["list"], ids: NoIds, body: ContactList) -> ContactList: ...
    @overload
    async def create(self, kind: Literal["campaign"], ids: NoIds, body: Campaign) -> Campaign: ...
    @overload
    async def create(
        self, kind: Literal["schedule"], ids: CampaignIds, body: Schedule
    ) -> Schedule: ...
    async def create(self, kind: str, ids: Any, body: Any) -> Any:
        """POST the resource; the whole resource made. When the answer is lost the resource
        is looked up by its natural key before it is sent again, and counts as made by
        this call only if it holds every field sent. Raises ConflictError when the key is
        in use by a resource this call did not make."""
        return await self._create(kind, ids, body)

    @overload
    async def update(
        self, kind: Literal["event"], ids: NoIds, resource_id: str, changes: Event
    ) -> Event: ...
    @overload
    async def update(
        self, kind: Literal["fee"], ids: EventIds, resource_id: str, changes: Fee
    ) -> Fee: ...
    @overload
    async def update(
        self, kind: Literal["item"], ids: EventIds, resource_id: str, changes: Item
    ) -> Item: ...
    @overload
    async def update(
        self, kind: Literal["attribute"], ids: ItemIds, resource_id: str, changes: Attribute
    ) -> Attribute: ...
    @overload
    async def update(
        self, kind: Literal["promocode"], ids: EventIds, resource_id: str, changes: Promocode
    ) -> Promocode: ...
    @overload
    async def update(
        self, kind: Literal["registrant"], ids: EventIds, resource_id: str, changes: Registrant
    ) -> Registrant: ...
    @overload
    async def update(
        self, kind: Literal["folder"], ids: NoIds, resource_id: str, changes: Folder
    ) -> Folder: ...
    @overload
    async def update(
        self, kind: Literal["file"], ids: NoIds, resource_id: str, changes: File
    ) -> File: ...
    @overload
    async def update(
        self, kind: Literal["list"], ids: NoIds, resource_id: str, changes: ContactList
    ) -> ContactList: ...
    @overload
    async def update(
        self, kind: Literal["campaign"], ids: NoIds, resource_id: str, changes: Campaign
    ) -> Campaign: ...
    @overload
    async def update(
        self, kind: Literal["schedule"], ids: CampaignIds, resource_id: str, changes: Schedule
    ) -> Schedule: ...
    async def update(self, kind: str, ids: Any, resource_id: str, changes: Any) -> Any:
        """Change the fields given and keep the rest: the API's PUT clears whatever it is not
        sent, so the resource is read first and sent back whole. Raises NotFoundError
        when there is no such resource."""
        return await self._update(kind, ids, resource_id, changes)

    @overload
    async def ensure(
        self, kind: Literal["event"], ids: NoIds, body: Event, *, on_existing: OnExisting = ...
    ) -> tuple[Event, Status]: ...
    @overload
    async def ensure(
        self, kind: Literal["fee"], ids: EventIds, body: Fee, *, on_existing: OnExisting = ...
    ) -> tuple[Fee, Status]: ...
    @overload
    async def ensure(
        self, kind: Literal["item"], ids: EventIds, body: Item, *, on_existing: OnExisting = ...
    ) -> tuple[Item, Status]: ...
    @overload
    async def ensure(
        self,
        kind: Literal["attribute"],
        ids: ItemIds,
        body: Attribute,
        *,
        on_existing: OnExisting = ...,
    ) -> tuple[Attribute, Status]: ...
    @overload
    async def ensure(
        self,
        kind: Literal["promocode"],
        ids: EventIds,
        body: Promocode,
        *,
        on_existing: OnExisting = ...,
    ) -> tuple[Promocode, Status]: ...
    @overload
    async def ensure(
        self, kind: Literal["folder"], ids: NoIds, body: Folder, *, on_existing: OnExisting = ...
    ) -> tuple[Folder, Status]: ...
    @overload
    async def ensure(
        self, kind: Literal["list"], ids: NoIds, body: ContactList, *, on_existing: OnExisting = ...
    ) -> tuple[ContactList, Status]: ...
    @overload
    async def ensure(
        self,
        kind: Literal["campaign"],
        ids: NoIds,
        body: Campaign,
        *,
        on_existing: OnExisting = ...,
    ) -> tuple[Campaign, Status]: ...
    @overload
    async def ensure(
        self,
        kind: Literal["schedule"],
        ids: CampaignIds,
        body: Schedule,
        *,
        on_existing: OnExisting = ...,
    ) -> tuple[Schedule, Status]: ...
    async def ensure(
        self, kind: str, ids: Any, body: Any, *, on_existing: OnExisting = OnExisting.SKIP
    ) -> Any:
        """The resource named by `body`'s natural key, made when missing: safe to call again.
        One already there is kept (SKIP, its status EXISTS), updated with `body` (UPDATE:
        UPDATED or UNCHANGED) or refused (FAIL: ConflictError). Returns the whole
        resource and its Status (CREATED when this call made it)."""
        return await self._ensure(kind, ids, body, on_existing)
