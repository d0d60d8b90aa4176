"""Every JSON file of the SDK fixtures (tests/fixtures/ctct-v2) is read by a test, and holds
what it should.

EventSpot payloads re-validate against `core.resources` as the body a PUT would send; other v2
payloads keep their shape; each error body maps to its error class. A fixture that no table
below names fails `test_every_fixture_has_a_check`, so none is skipped silently.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from bulkspot.core.resources import ATTRIBUTE, RESOURCES, ResourceSpec
from bulkspot.core.validate import validate_body
from bulkspot.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ErrorDetail,
    ForbiddenError,
    InactiveKeyError,
    NotFoundError,
    OverQpsError,
    OverQuotaError,
    ServerError,
)
from bulkspot.transport.error_answers import error_for_status
from tests.core.payloads import FixtureReader

# ---------------------------------------------------------------------------------------------
# EventSpot resources: file -> (kind, shape). "one" a resource, "array" a bare JSON array,
# "paged" {"meta": {"pagination": ...}, "results": [...]}.
RESOURCE_FILES: dict[str, tuple[str, str]] = {
    "attribute.json": ("attribute", "one"),
    "attributes.json": ("attribute", "array"),
    "event.json": ("event", "one"),
    "events.json": ("event", "paged"),
    "fee.json": ("fee", "one"),
    "fees.json": ("fee", "array"),
    "item.json": ("item", "one"),
    "items.json": ("item", "array"),
    "promocode.json": ("promocode", "one"),
    "promocodes.json": ("promocode", "array"),
    "registrant.json": ("registrant", "one"),
    "registrants.json": ("registrant", "paged"),
    "java-attribute-post-response.json": ("attribute", "one"),
    "java-attributes.json": ("attribute", "array"),
    "java-event.json": ("event", "one"),
    "java-event-post-response.json": ("event", "one"),
    "java-event-put-response-active.json": ("event", "one"),
    "java-events.json": ("event", "paged"),
    "java-fee-post-response.json": ("fee", "one"),
    "java-fees.json": ("fee", "array"),
    "java-item.json": ("item", "one"),
    "java-item-post-response.json": ("item", "one"),
    "java-items.json": ("item", "array"),
    "java-promocode-access-post-response.json": ("promocode", "one"),
    "java-promocodes.json": ("promocode", "array"),
    "java-registrant.json": ("registrant", "one"),
    "java-registrants.json": ("registrant", "paged"),
}

# error file -> (status it is sent with, the class, fatal, transient)
ERROR_FILES: dict[str, tuple[int, type[ApiError], bool, bool]] = {
    "error-400-bad-request.json": (400, BadRequestError, False, False),
    "error-401-unauthorized.json": (401, AuthenticationError, True, False),
    "error-403-inactive-key.json": (403, InactiveKeyError, True, False),
    "error-403-over-qps.json": (403, OverQpsError, False, True),
    "error-403-over-ratelimit.json": (403, OverQuotaError, True, False),
    "error-404-example.json": (404, NotFoundError, False, False),
    "error-409-email-conflict.json": (409, ConflictError, False, False),
    "error-generic-sdk.json": (400, BadRequestError, False, False),
}


def _iso(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text.replace("Z", "+00:00"))


def _campaign(body: Any) -> None:
    assert isinstance(body, dict)
    assert {"id", "name", "subject", "from_email", "status"} <= body.keys()
    if "created_date" in body:
        _iso(body["created_date"])


def _contacts_paged(body: Any) -> None:
    next_link = body["meta"]["pagination"]["next_link"]
    assert next_link.startswith("/v2/contacts?next=")
    assert "api_key" not in next_link  # the client must add it when following the link
    assert body["results"] and all("id" in c and "email_addresses" in c for c in body["results"])


def _contact_list(body: Any) -> None:
    assert {"id", "name", "status"} <= body.keys() and body["status"] == "ACTIVE"
    assert isinstance(body["contact_count"], int)


def _library_file(body: Any) -> None:
    assert {"id", "name", "url", "file_type"} <= body.keys()
    assert isinstance(body["is_image"], bool) and isinstance(body["thumbnail"], dict)
    _iso(body["created_date"])


def _library_folder(body: Any) -> None:
    assert {"id", "name", "level", "children"} <= body.keys()
    assert isinstance(body["level"], int) and isinstance(body["children"], list)


def _schedule(body: Any) -> None:
    assert "id" in body
    _iso(body["scheduled_date"])


def _schedules(body: Any) -> None:
    assert isinstance(body, list) and body
    for schedule in body:
        _schedule(schedule)


OTHER_FILES: dict[str, Callable[[Any], None]] = {
    "campaign.json": _campaign,
    "java-campaign-post-response.json": _campaign,
    "java-contacts-paginated.json": _contacts_paged,
    "list.json": _contact_list,
    "java-list.json": _contact_list,
    "library-file.json": _library_file,
    "java-library-file-put-response.json": _library_file,
    "library-folder.json": _library_folder,
    "java-library-folder.json": _library_folder,
    "schedule.json": _schedule,
    "java-schedule-post-response.json": _schedule,
    "schedules.json": _schedules,
}

KNOWN = RESOURCE_FILES.keys() | ERROR_FILES.keys() | OTHER_FILES.keys()


# ---------------------------------------------------------------------------------------------
def _resources_of(body: Any, shape: str) -> list[dict[str, Any]]:
    if shape == "one":
        assert isinstance(body, dict)
        return [body]
    if shape == "array":
        assert isinstance(body, list) and body, "fees, items, attributes, promocodes: bare arrays"
        return body
    assert isinstance(body, dict) and set(body) == {"meta", "results"}
    assert isinstance(body["meta"]["pagination"], dict)
    assert isinstance(body["results"], list) and body["results"]
    return body["results"]


def _check_resource(spec: ResourceSpec, resource: dict[str, Any]) -> None:
    assert isinstance(resource, dict) and resource.get("id")
    body = spec.writable_body(resource)
    assert validate_body(spec, body) == [], resource["id"]
    assert not {f.name for f in spec.fields if f.read_only} & body.keys()
    if spec.natural_key:
        assert resource[spec.natural_key] == body[spec.natural_key]
    if spec.kind == "item":  # an item embeds its attributes: each is a valid attribute
        for attribute in resource.get("attributes") or []:
            assert validate_body(ATTRIBUTE, ATTRIBUTE.writable_body(attribute)) == []


def check_fixture(read: FixtureReader, name: str) -> None:
    """The one check of a fixture file, whatever its kind."""
    body = read(name)
    if name in RESOURCE_FILES:
        kind, shape = RESOURCE_FILES[name]
        for resource in _resources_of(body, shape):
            _check_resource(RESOURCES[kind], resource)
    elif name in ERROR_FILES:
        check_error_body(body, *ERROR_FILES[name])
    elif name in OTHER_FILES:
        OTHER_FILES[name](body)
    else:
        pytest.fail(f"{name}: a new fixture with no check; add it to a table in {__name__}")


def check_error_body(
    body: Any, status: int, cls: type[ApiError], fatal: bool, transient: bool
) -> None:
    assert isinstance(body, list) and body
    expected = tuple(ErrorDetail(e["error_key"], e["error_message"]) for e in body)
    error = error_for_status(status, body, method="POST", path="eventspot/events")
    assert type(error) is cls
    assert (error.status, error.details, error.fatal, error.transient) == (
        status,
        expected,
        fatal,
        transient,
    )
    assert error.method == "POST" and error.path == "eventspot/events"
    assert error.keys == tuple(d.key for d in expected)
    for detail in expected:
        assert detail.key in str(error) and detail.message in str(error)
        assert detail.message in error.summary


# ---------------------------------------------------------------------------------------------
def test_every_fixture_is_read(fixture_reader: FixtureReader) -> None:
    """Run every check through one reader: the files read are exactly the files present."""
    reader = FixtureReader(fixture_reader.root)
    for name in sorted(reader.present()):
        check_fixture(reader, name)
    assert reader.read == reader.present()
    assert reader.present(), "no fixtures at all"


def test_every_fixture_has_a_check(fixture_reader: FixtureReader) -> None:
    unknown = fixture_reader.present() - KNOWN
    assert not unknown, f"fixtures with no check: {sorted(unknown)}"
    missing = KNOWN - fixture_reader.present()
    assert not missing, f"fixtures named in the tables but gone: {sorted(missing)}"


@pytest.mark.parametrize("name", sorted(KNOWN))
def test_fixture(fixture_reader: FixtureReader, name: str) -> None:
    check_fixture(fixture_reader, name)


def test_real_fee_scope_registrant_is_accepted(fixture_reader: FixtureReader) -> None:
    """java-fees.json says fee_scope "REGISTRANT": undocumented, but a real payload wins."""
    fees = fixture_reader("java-fees.json")
    assert "REGISTRANT" in {fee.get("fee_scope") for fee in fees}
    spec = RESOURCES["fee"]
    for fee in fees:
        assert validate_body(spec, spec.writable_body(fee)) == []


def test_paged_fixtures_end_with_empty_pagination(fixture_reader: FixtureReader) -> None:
    """On the last page pagination is {}: the client stops there."""
    for name, (_, shape) in RESOURCE_FILES.items():
        if shape == "paged":
            assert fixture_reader(name)["meta"]["pagination"] == {}


def test_promocode_fixtures_keep_discount_rules(fixture_reader: FixtureReader) -> None:
    """The real promocodes: one DISCOUNT per type, each with just its own amount field; and
    an ACCESS code with exactly one fee."""
    codes = fixture_reader("promocodes.json")
    by_type = {c["discount_type"]: c for c in codes}
    assert "discount_amount" in by_type["AMOUNT"] and "discount_percent" not in by_type["AMOUNT"]
    assert "discount_percent" in by_type["PERCENT"] and "discount_amount" not in by_type["PERCENT"]
    access = fixture_reader("java-promocode-access-post-response.json")
    assert access["code_type"] == "ACCESS" and len(access["fee_ids"]) == 1


def test_event_fixture_with_payment_options_meets_conditionals(
    fixture_reader: FixtureReader,
) -> None:
    """CHECK and PAYPAL are offered, so payable_to, payment_address and paypal_account_email
    must all be there; without them the same body has three problems."""
    event = fixture_reader("java-event-post-response.json")
    spec = RESOURCES["event"]
    body = spec.writable_body(event)
    assert {"CHECK", "PAYPAL"} <= set(body["payment_options"])
    assert validate_body(spec, body) == []
    stripped = {
        k: v
        for k, v in body.items()
        if k not in ("payable_to", "payment_address", "paypal_account_email")
    }
    fields = {p.field for p in validate_body(spec, stripped)}
    assert fields == {"payable_to", "payment_address", "paypal_account_email"}


@pytest.mark.parametrize(
    ("name", "header"),
    [
        ("error-403-over-qps.json", "ERR_403_DEVELOPER_OVER_QPS"),
        ("error-403-over-ratelimit.json", "ERR_403_DEVELOPER_OVER_RATE"),
        ("error-403-inactive-key.json", "ERR_403_DEVELOPER_INACTIVE"),
    ],
)
def test_gateway_header_agrees_with_the_body(
    fixture_reader: FixtureReader, name: str, header: str
) -> None:
    body = fixture_reader(name)
    cls = ERROR_FILES[name][1]
    assert type(error_for_status(403, body, mashery_code=header)) is cls
    assert type(error_for_status(403, None, mashery_code=header)) is cls
    assert type(error_for_status(403, "<html>Forbidden</html>", mashery_code=header)) is cls


@pytest.mark.parametrize(
    ("status", "cls"),
    [(400, BadRequestError), (403, ForbiddenError), (418, ApiError), (500, ServerError)],
)
def test_generic_error_body_under_other_statuses(
    fixture_reader: FixtureReader, status: int, cls: type[ApiError]
) -> None:
    """The generic SDK error body carries no gateway key: the status alone decides."""
    error = error_for_status(status, fixture_reader("error-generic-sdk.json"))
    assert type(error) is cls
    assert error.keys == ("http.status.error",)
    assert error.outcome_unknown is (status >= 500)
