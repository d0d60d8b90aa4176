"""Planning email campaigns (lists by name or id, the fields a setting makes required) and
their schedules (the campaign by name or id, the 20-minute lead time told before sending,
a time without an offset refused, a campaign scheduled once per sheet)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator, Sequence
from typing import Any

import pytest

from bulkspot.core.mapping import map_columns
from bulkspot.core.operation import Action, ByKey, Operation, OpKey, RowError
from bulkspot.core.plan import plan_rows
from bulkspot.core.planners.schedules import SchedulePlanner
from bulkspot.sources import Row

NOW = dt.datetime(2027, 3, 1, 12, 0, tzinfo=dt.UTC)
CAMPAIGN_HEADERS = ["name", "subject", "from_name", "from_email", "email_content", "text_content"]
CAMPAIGN_CELLS = ["Spring", "Hello", "Town Hall", "news@example.com", "<p>Hi</p>", "Hi"]


def plan(kind: str, headers: list[str], *rows: Sequence[Any]) -> list[Operation | RowError]:
    mapping = map_columns(kind, headers)
    sheet = (Row("s", n, dict(zip(headers, r, strict=False))) for n, r in enumerate(rows, 2))
    return list(plan_rows(kind, sheet, mapping))


@pytest.fixture(autouse=True)
def clock(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setattr(SchedulePlanner, "now", staticmethod(lambda: NOW))
    yield


def test_lists_by_name_are_looked_up_and_lists_by_id_sent_as_objects() -> None:
    [op] = plan("campaigns", [*CAMPAIGN_HEADERS, "lists", "list_ids"],
                [*CAMPAIGN_CELLS, "Members; Volunteers", "7;9"])  # fmt: skip
    assert isinstance(op, Operation) and op.action is Action.CREATE
    assert op.fields["sent_to_contact_lists"] == [{"id": "7"}, {"id": "9"}]
    assert op.refs == {"sent_to_contact_lists": (ByKey("list", "Members"),
                                                 ByKey("list", "Volunteers"))}  # fmt: skip
    assert "template_type" not in op.fields  # the API makes it CUSTOM


def test_the_fields_a_setting_makes_required_are_told_before_sending() -> None:
    headers = [*CAMPAIGN_HEADERS, "is_view_as_webpage_enabled", "is_permission_reminder_enabled",
               "message_footer.city"]  # fmt: skip
    [error] = plan("campaigns", headers, [*CAMPAIGN_CELLS, "yes", "yes", "Anytown"])
    assert isinstance(error, RowError)
    footer = "is required in a message_footer (the account has no address of its own)"
    assert error.message == "; ".join([
        "view_as_web_page_text: is required when is_view_as_webpage_enabled is true",
        "view_as_web_page_link_text: is required when is_view_as_webpage_enabled is true",
        "permission_reminder_text: is required when is_permission_reminder_enabled is true",
        f"message_footer.organization_name: {footer}",
        f"message_footer.address_line_1: {footer}",
        f"message_footer.country: {footer}",
    ])  # fmt: skip


def test_a_schedule_names_its_campaign_and_keeps_its_instant() -> None:
    planned = plan("schedules", ["campaign", "campaign_id", "scheduled_date"],
                   ["Spring", "", "2027-03-01T09:00:00-05:00"], ["", "7", ""])  # fmt: skip
    first, second = planned
    assert isinstance(first, Operation) and isinstance(second, Operation)
    assert dict(first.path_ids) == {"campaign_id": ByKey("campaign", "Spring")}
    assert first.fields == {"scheduled_date": "2027-03-01T14:00:00.000Z"}
    assert (dict(second.path_ids), second.fields) == ({"campaign_id": "7"}, {})  # sent now
    assert first.key == OpKey(2)


def test_a_time_too_soon_says_what_time_would_do() -> None:
    [error] = plan("schedules", ["campaign", "scheduled_date"], ["Spring", "2027-03-01T12:15Z"])
    assert isinstance(error, RowError)
    assert error.message == (
        "scheduled_date: 2027-03-01T12:15:00.000Z is less than 20 minutes ahead: "
        "2027-03-01T12:25:00.000Z or later would do (or leave it blank to send now)"
    )


def test_a_time_without_an_offset_is_refused() -> None:
    [error] = plan("schedules", ["campaign", "scheduled_date"], ["Spring", "2027-03-02 10:00"])
    assert isinstance(error, RowError)
    assert error.message == (
        "scheduled_date: '2027-03-02 10:00' has no offset: write it with one "
        "(2027-03-02T10:00Z for UTC, 2027-03-02T10:00-05:00 for New York in winter); email "
        "goes out at that instant"
    )


def test_a_campaign_is_scheduled_once_per_sheet_and_needs_naming() -> None:
    planned = plan("schedules", ["campaign", "scheduled_date"], ["Spring", "2027-04-01T10:00Z"],
                   ["Spring", "2027-05-01T10:00Z"], ["", "2027-05-01T10:00Z"])  # fmt: skip
    assert [p.message for p in planned if isinstance(p, RowError)] == [
        "campaign: the campaign is already scheduled on row 2 (a campaign is scheduled once per "
        "sheet)",
        "campaign: is required: the campaign's name, or its campaign_id",
    ]
