"""The simulator's guesses: every rule it enforces that no document states, in one registry.

Each rule the simulator applies either has a source (a seed page, the condensed notes, a
fixture; docs/api-rules.md names it) or is one of these. A guess is named where it is
applied (a field's `guess`, a rule set's guessed checks, `enforces(...)` at the few places
that need data), never by a bare `if`, so `bulkspot serve --no-guesses` turns every one of
them off at once and a refusal left standing is one the documents state; while they are on,
a refusal a guess made names it in the `X-Simulator-Guess` header. docs/api-rules.md lists
each key below; a test holds the two lists equal.

`switchable`: whether `--no-guesses` turns it off (then a request it refused is taken); the
one with no neutral alternative (where a deleted folder's files go) says so in `off`. A guess
that shapes a success rather than refusing (a file PUT clearing what it leaves out, a folder
DELETE moving files) names itself in the same header on the answer it shaped.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Guess:
    """One rule no document states: its key, what it enforces, and what `off` does."""

    key: str
    rule: str
    off: str
    switchable: bool = True


REGISTRY: dict[str, Guess] = {}


def _guess(key: str, rule: str, off: str, switchable: bool = True) -> str:
    REGISTRY[key] = Guess(key, rule, off, switchable)
    return key


BODY_SIZE = _guess(
    "body.size", "a body over 1 MiB (1,048,576 bytes) is a 413", "a body of any size is read"
)
PAGE_LIMIT = _guess(
    "paging.limit",
    "`limit` outside 1..the page's maximum (0 included), or not a whole number, is a 400",
    "a limit is clamped to 1..the maximum; one that is no whole number is the default",
)
QUERY_VALUES = _guess(
    "query.values",
    "an unknown `status` or `sort_by`, a `modified_since` that is no ISO-8601 instant, an "
    "`include_payload` neither true nor false: a 400",
    "an unknown status matches nothing; a bad modified_since or sort_by is ignored; "
    "include_payload is false only when it says false",
)
EVENT_REQUIRED = _guess(
    "event.required",
    "an event POST or PUT needs name, title, type, start_date, end_date and time_zone_id",
    "none of them is required",
)
EVENT_BOUNDS = _guess(
    "event.bounds",
    "an event's text lengths (name, title 100; description 5000; location 200; time_zone_id, "
    "theme_name 50; address, contact, online_meeting fields), latitude -90..90, longitude "
    "-180..180, track_information counts >= 0",
    "any length and any number",
)
EVENT_DATE_ORDER = _guess(
    "event.date_order", "an event's end_date is not before its start_date", "any order"
)
EVENT_STATUS_MOVES = _guess(
    "event.status_moves",
    "PATCH moves only DRAFT to ACTIVE and DRAFT or ACTIVE to CANCELLED (DRAFT only as a no-op "
    "on a draft)",
    "any of ACTIVE, CANCELLED and DRAFT is set, whatever the status was",
)
FEE_REQUIRED = _guess(
    "fee.required", "a fee POST or PUT needs label and fee", "neither is required"
)
FEE_AMOUNTS = _guess("fee.amounts", "fee, early_fee and late_fee are not negative", "any number")
FEE_IN_USE = _guess(
    "fee.in_use", "deleting a fee that a promocode names is a 409", "the fee is deleted"
)
ATTRIBUTE_NAME_LENGTH = _guess(
    "attribute.name_length", "an item attribute's name is at most 100 characters", "any length"
)
ACCESS_NO_DISCOUNT = _guess(
    "promocode.access_no_discount",
    "an ACCESS promocode carries no discount_type, discount_percent, discount_amount or "
    "discount_scope",
    "they are kept as sent",
)
ONE_DISCOUNT = _guess(
    "promocode.one_discount",
    "a DISCOUNT promocode gives discount_percent or discount_amount, not both",
    "both are kept; discount_type, when absent, is PERCENT",
)
FEE_LIST_NEEDS_FEE = _guess(
    "promocode.fee_list_needs_fee",
    "a FEE_LIST discount names at least one fee id",
    "an empty fee_ids is taken",
)
PROMOCODE_QUANTITY = _guess(
    "promocode.quantity",
    "a promocode's quantity_total is -1 (unlimited) or 0 and more",
    "any whole number",
)
FOLDER_DELETE_MOVES_FILES = _guess(
    "folder.delete_moves_files",
    "DELETE of a folder deletes the folders under it and moves their files to the top (no "
    "page this simulator follows has the folder DELETE)",
    "the same, and still named in the header: a file must be somewhere",
    switchable=False,
)
FILE_NAME_REQUIRED = _guess(
    "file.name_required", "a file PUT needs name", "a PUT without name keeps the file's name"
)
FILE_PUT_CLEARS = _guess(
    "file.put_clears",
    "a file PUT clears the description it leaves out, and moves a file to the top when it "
    "leaves out folder_id",
    "what a PUT leaves out is kept",
)
LIST_NAME_REQUIRED = _guess(
    "list.name_required",
    "a contact list POST or PUT needs a name",
    "a list may have no name (a PUT without one deletes it, as the page says)",
)
CAMPAIGN_LENGTHS = _guess(
    "campaign.lengths",
    "campaign text lengths: name 80, subject 200, from_name 100, from_email and "
    "reply_to_email 80, greeting_salutations 50, greeting_string 1500, "
    "permission_reminder_text 1500, view_as_web_page_text and view_as_web_page_link_text 50",
    "any length",
)
GREETING_NAMES = _guess(
    "campaign.greeting_names",
    "greeting_name is one of FIRST_NAME, LAST_NAME, FIRST_AND_LAST_NAME, NONE",
    "any text",
)
FOOTER_LINK_TEXTS = _guess(
    "campaign.footer_link_texts",
    "a message_footer's forward_email_link_text / subscribe_link_text is required once "
    "include_forward_email / include_subscribe_link is true",
    "not required",
)
CAMPAIGN_LISTS_EXIST = _guess(
    "campaign.lists_exist",
    "every id in sent_to_contact_lists is a list of the account (400)",
    "any id is kept",
)
CAMPAIGN_DELETED_GONE = _guess(
    "campaign.deleted_gone",
    "a DELETED campaign is a 404 to GET, PUT and DELETE, and so are its schedules",
    "it is read (status DELETED), changed and deleted again like any other; scheduling it is "
    "refused as the page says (only DRAFT or SENT)",
)
SCHEDULE_PUT_DATE = _guess(
    "schedule.put_date",
    "a schedule PUT needs scheduled_date",
    "a PUT without one keeps the schedule as it is",
)
UNSTATED_PRIVILEGES = _guess(
    "privileges.unstated",
    "the privileges no page states (see the table of privileges): a token without one is a 403",
    "those calls need no privilege",
)
