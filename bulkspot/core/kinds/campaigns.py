"""Email campaigns and their schedules."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from bulkspot.core.idshape import NUMBER_ID
from bulkspot.core.spec import (
    Field,
    FieldType,
    Problem,
    ResourceSpec,
    SheetSpec,
    choice,
    flag,
    read_only,
    text,
    writes,
)

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
GREETING_NAMES = ("FIRST_NAME", "LAST_NAME", "FIRST_AND_LAST_NAME", "NONE")
CAMPAIGN_STATUSES = ("DRAFT", "RUNNING", "SENT", "SCHEDULED", "DELETED")
STOCK_READ_ONLY = ("email_content", "text_content", "email_content_format", "style_sheet")
_FOOTER_ADDRESS = ("organization_name", "address_line_1", "city", "country")
_FOOTER = (
    text("organization_name"), text("address_line_1"), text("address_line_2"),
    text("address_line_3"),
    text("city"), text("state"), text("international_state"), text("postal_code"), text("country"),
    flag("include_forward_email"), text("forward_email_link_text"),
    flag("include_subscribe_link"), text("subscribe_link_text"),
)  # fmt: skip


def _email(name: str, **kw: Any) -> Field:
    return text(name, max_length=80, pattern=EMAIL, pattern_hint="an email address", **kw)


def _campaign_rules(body: Mapping[str, Any]) -> list[Problem]:
    """The fields that become required once another is used (see CAMPAIGN)."""
    problems = []
    for switch, texts in (
        ("is_view_as_webpage_enabled", ("view_as_web_page_text", "view_as_web_page_link_text")),
        ("is_permission_reminder_enabled", ("permission_reminder_text",)),
    ):
        if body.get(switch):
            problems += [
                Problem(t, f"is required when {switch} is true") for t in texts if not body.get(t)
            ]
    footer = body.get("message_footer")
    if isinstance(footer, Mapping):
        why = "is required in a message_footer (the account has no address of its own)"
        problems += [
            Problem(f"message_footer.{n}", why) for n in _FOOTER_ADDRESS if not footer.get(n)
        ]
        for switch, link in (
            ("include_forward_email", "forward_email_link_text"),
            ("include_subscribe_link", "subscribe_link_text"),
        ):
            if footer.get(switch) and not footer.get(link):
                why = f"is required when {switch} is true"
                problems.append(Problem(f"message_footer.{link}", why))
    return problems


CAMPAIGN = ResourceSpec(
    kind="campaign",
    id_shape=NUMBER_ID,
    plural="campaigns",
    collection_path="emailmarketing/campaigns",
    item_path="emailmarketing/campaigns/{id}",
    natural_key="name",  # a name in use is a 409
    parent=None,
    paged=True,
    summarised=True,  # the collection lists summaries: an export reads each whole
    references={"sent_to_contact_lists": "list"},
    cross_rules=(_campaign_rules,),
    # the campaign POST and PUT pages: campaign:create; DELETE: no page states one
    privileges={"POST": "campaign:create", "PUT": "campaign:create", "DELETE": "campaign:write"},
    sheet=SheetSpec(
        planner="campaigns:CampaignPlanner",
        aliases={
            "id": ("Campaign ID",),
            "name": ("Campaign", "Campaign Name"),
            "subject": ("Subject Line",),
            "from_email": ("From", "From Address", "Sender Email"),
            "reply_to_email": ("Reply To",),
            "email_content": ("HTML", "Content", "HTML Content"),
            "text_content": ("Text", "Plain Text"),
            "lists": ("Contact Lists", "Send To"),
        },
    ),
    fields=(
        read_only("id"),
        text("name", required=True, min_length=1, max_length=80, doc="unique in the account"),
        text("subject", required=True, min_length=1, max_length=200),
        text("from_name", required=True, min_length=1, max_length=100),
        _email("from_email", required=True, doc="a verified email address of the account"),
        _email("reply_to_email"),
        text("email_content", required=True, min_length=1,
           doc="the HTML; read-only for a STOCK template campaign"),
        text("text_content", required=True, min_length=1,
           doc="the text version; read-only for a STOCK template campaign"),
        choice("email_content_format", ("HTML", "XHTML"),
              doc="blank means HTML; read-only for a STOCK template campaign"),
        text("style_sheet", doc="read-only for a STOCK template campaign"),
        text("greeting_salutations", max_length=50, doc="e.g. Hello"),
        choice("greeting_name", GREETING_NAMES),
        text("greeting_string", max_length=1500, doc="e.g. Dear"),
        flag("is_permission_reminder_enabled",
              doc="then permission_reminder_text is required"),
        text("permission_reminder_text", max_length=1500),
        flag("is_view_as_webpage_enabled",
              doc="then view_as_web_page_text and view_as_web_page_link_text are required"),
        text("view_as_web_page_text", max_length=50),
        text("view_as_web_page_link_text", max_length=50),
        Field("message_footer", FieldType.OBJECT, children=_FOOTER,
              doc="once given: organization_name, address_line_1, city and country"),
        Field("sent_to_contact_lists", FieldType.OBJECT_LIST, children=(text("id", min_length=1),),
              doc="the lists it goes to (a sheet names them in `lists`)"),
        choice("template_type", ("CUSTOM", "STOCK"), read_only=True,
              doc="CUSTOM for every campaign made through the API"),
        Field("status", FieldType.ENUM, choices=CAMPAIGN_STATUSES, read_only=True),
        *(read_only(name, FieldType.DATETIME) for name in ("created_date", "modified_date",
                                                     "last_run_date", "next_run_date")),
        read_only("permalink_url"),
        Field("tracking_summary", FieldType.OBJECT, read_only=True),
        Field("click_through_details", FieldType.OBJECT_LIST, read_only=True),
    ),
)  # fmt: skip

SCHEDULE_LEAD_MINUTES = 20  # "at least 20 minutes ahead"
SCHEDULE = ResourceSpec(
    kind="schedule",
    id_shape=NUMBER_ID,
    plural="schedules",
    collection_path="emailmarketing/campaigns/{campaign_id}/schedules",
    item_path="emailmarketing/campaigns/{campaign_id}/schedules/{id}",
    natural_key="scheduled_date",  # a campaign is never scheduled twice for one time
    parent="campaign",
    unique_key=False,
    one_per_parent=True,  # "only DRAFT or SENT" campaigns can be scheduled: a 400
    privileges=writes("campaign:activate", "POST PUT DELETE"),
    sheet=SheetSpec(
        planner="schedules:SchedulePlanner",
        aliases={
            "id": ("Schedule ID",),
            "campaign": ("Campaign Name",),
            "scheduled_date": ("Send At", "Send Date", "Scheduled", "When"),
        },
        exported={"campaign": "parent.name"},  # the campaign (exported by id), by name
    ),
    fields=(
        read_only("id"),
        Field("scheduled_date", FieldType.DATETIME,
              doc="when it is sent, at least 20 minutes ahead; blank: now"),
    ),
)  # fmt: skip

SPECS = (CAMPAIGN, SCHEDULE)
REGISTRY_PLACE = 4
