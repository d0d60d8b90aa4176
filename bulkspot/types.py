"""The shapes of the API's resources, for scripts checked with mypy.

`Kind` names the resource kinds the library speaks (singular; a test keeps it in step with
the registry, core/resources.py). One `TypedDict` per resource, every field optional
(total=False): the API leaves out what is not set, and a body a script builds holds only
what it sends. A list of events answers summaries (`EventSummary`): GET one event for the
whole of it; every other list answers whole resources.
"""

from __future__ import annotations

from typing import Any, Literal, TypedDict

Kind = Literal[
    "event", "fee", "item", "attribute", "promocode", "registrant", "folder", "file", "list",
    "campaign", "schedule",
]  # fmt: skip


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


class NotificationOption(TypedDict, total=False):
    notification_type: str
    is_opted_in: bool


class TrackInformation(TypedDict, total=False):
    information_sections: list[str]
    is_registration_closed_manually: bool
    is_ticketing_link_displayed: bool
    guest_limit: int
    registration_limit_count: int
    guest_display_label: str
    is_guest_name_required: bool
    is_guest_anonymous_enabled: bool


class EventSummary(TypedDict, total=False):
    """An event as a list of events shows it: no contact, track_information,
    currency_type, notification_options, theme_name, nor most is_* flags."""

    id: str
    name: str
    title: str
    status: str
    type: str
    address: Address
    description: str
    start_date: str
    end_date: str
    created_date: str
    time_zone_id: str
    is_checkin_available: bool
    event_detail_url: str


class Event(EventSummary, total=False):
    """A whole event, as GET answers it."""

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


class Attribute(TypedDict, total=False):
    id: str
    name: str
    quantity_total: int
    quantity_available: int


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
    children: list[dict[str, Any]]
    created_date: str
    modified_date: str


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


class Campaign(TypedDict, total=False):
    """An email campaign (its fields as the API answers them; see `bulkspot columns`)."""

    id: str
    name: str
    status: str


class Schedule(TypedDict, total=False):
    id: str
    scheduled_date: str


RESOURCE_TYPES: dict[str, type] = {
    "event": Event, "fee": Fee, "item": Item, "attribute": Attribute, "promocode": Promocode,
    "registrant": Registrant, "folder": Folder, "file": File, "list": ContactList,
    "campaign": Campaign, "schedule": Schedule,
}  # fmt: skip  # kind -> its TypedDict; a test holds it to Kind and the registry's fields
