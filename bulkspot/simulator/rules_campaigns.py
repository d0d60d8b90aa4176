"""The rules of email campaigns and their schedules (ctct-v2.md section 5), written from the
v2 campaign pages like rules.py; the store adds what needs the data (lists that exist, a
name in use, a STOCK template's read-only content, the campaign's status, the lead time).

Conditional fields: `view_as_web_page_text` and `view_as_web_page_link_text` once
`is_view_as_webpage_enabled` is true, `permission_reminder_text` once
`is_permission_reminder_enabled` is true, and a `message_footer`'s address (organization
name, first address line, city, country) once a footer is given (the sandbox's account has
no organisation address of its own), with each link text once its link is included.
"""

from __future__ import annotations

import re

from bulkspot.simulator import guesses as g
from bulkspot.simulator.problems import REQUIRED, Problem, field_problem
from bulkspot.simulator.ruleset import Rules
from bulkspot.simulator.schema import Clean, Field, Kind

EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
GREETING_NAMES = ("FIRST_NAME", "LAST_NAME", "FIRST_AND_LAST_NAME", "NONE")
CONTENT_FORMATS = ("HTML", "XHTML")
CAMPAIGN_STATUSES = ("DRAFT", "RUNNING", "SENT", "SCHEDULED", "DELETED")
STOCK_READ_ONLY = ("email_content", "text_content", "email_content_format", "style_sheet")
FOOTER_ADDRESS = ("organization_name", "address_line_1", "city", "country")


def _text(name: str, high: int | None = None, required: bool = False) -> Field:
    """A text; its maximum length, when it has one, is a guess (guesses.CAMPAIGN_LENGTHS)."""
    return Field(
        name,
        Kind.STRING,
        required=required,
        min_length=1 if required else None,
        max_length=high,
        guess=g.CAMPAIGN_LENGTHS if high else None,
    )


def _email(name: str, required: bool = False) -> Field:
    return Field(
        name,
        Kind.STRING,
        required=required,
        max_length=80,
        pattern=EMAIL,
        pattern_hint="an email address",
        guess=g.CAMPAIGN_LENGTHS,
    )


FOOTER = (
    _text("organization_name"), _text("address_line_1"), _text("address_line_2"),
    _text("address_line_3"), _text("city"), _text("state"), _text("international_state"),
    _text("postal_code"), _text("country"), Field("include_forward_email", Kind.BOOLEAN),
    _text("forward_email_link_text"), Field("include_subscribe_link", Kind.BOOLEAN),
    _text("subscribe_link_text"),
)  # fmt: skip
CAMPAIGN_FIELDS = (
    _text("name", 80, required=True),
    _text("subject", 200, required=True),
    _text("from_name", 100, required=True),
    _email("from_email", required=True),
    _email("reply_to_email"),
    _text("email_content", required=True),
    _text("text_content", required=True),
    Field("email_content_format", Kind.ENUM, choices=CONTENT_FORMATS, default="HTML"),
    _text("style_sheet"),
    _text("greeting_salutations", 50),
    Field("greeting_name", Kind.ENUM, choices=GREETING_NAMES, guess=g.GREETING_NAMES),
    _text("greeting_string", 1500),
    Field("is_permission_reminder_enabled", Kind.BOOLEAN, default=False),
    _text("permission_reminder_text", 1500),
    Field("is_view_as_webpage_enabled", Kind.BOOLEAN, default=False),
    _text("view_as_web_page_text", 50),
    _text("view_as_web_page_link_text", 50),
    Field("message_footer", Kind.OBJECT, children=FOOTER),
    Field("sent_to_contact_lists", Kind.OBJECT_LIST,
          children=(Field("id", Kind.STRING, required=True, min_length=1),)),
)  # fmt: skip


def _needs(body: Clean, failed: set[str], when: str, names: tuple[str, ...]) -> list[Problem]:
    if not body.get(when):
        return []
    return [
        field_problem(REQUIRED, name, f"is required when {when} is true")
        for name in names
        if not body.get(name) and name not in failed
    ]


def _campaign_rules(body: Clean, failed: set[str]) -> list[Problem]:
    problems = _needs(
        body,
        failed,
        "is_view_as_webpage_enabled",
        ("view_as_web_page_text", "view_as_web_page_link_text"),
    )
    problems += _needs(
        body, failed, "is_permission_reminder_enabled", ("permission_reminder_text",)
    )
    footer = body.get("message_footer")
    if isinstance(footer, dict) and "message_footer" not in failed:
        for name in FOOTER_ADDRESS:
            if not footer.get(name):
                message = "is required in a message_footer (the account has no address of its own)"
                problems.append(field_problem(REQUIRED, f"message_footer/{name}", message))
    return problems


def _footer_link_texts(body: Clean, failed: set[str]) -> list[Problem]:
    footer = body.get("message_footer")
    if not isinstance(footer, dict) or "message_footer" in failed:
        return []
    problems = []
    for flag, text in (
        ("include_forward_email", "forward_email_link_text"),
        ("include_subscribe_link", "subscribe_link_text"),
    ):
        if footer.get(flag) and not footer.get(text):
            message = f"is required when {flag} is true"
            problems.append(field_problem(REQUIRED, f"message_footer/{text}", message))
    return problems


CAMPAIGN = Rules(
    "campaign", CAMPAIGN_FIELDS, _campaign_rules, ((g.FOOTER_LINK_TEXTS, _footer_link_texts),)
)
SCHEDULE = Rules("schedule", (Field("scheduled_date", Kind.INSTANT),))
