"""The error tree and error_for_status: the class an answer gets, its details, its text."""

from __future__ import annotations

import pytest

from bulkspot.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    BulkspotError,
    ConflictError,
    ConnectError,
    ErrorDetail,
    ForbiddenError,
    NetworkError,
    NotFoundError,
    OverQpsError,
    RequestTimeout,
    ServerError,
    StopRun,
    TooManyRequestsError,
    TransferError,
)
from bulkspot.transport.error_answers import error_for_status, parse_error_details


@pytest.mark.parametrize(
    ("status", "cls"),
    [(400, BadRequestError), (401, AuthenticationError), (403, ForbiddenError),
     (404, NotFoundError), (409, ConflictError), (429, TooManyRequestsError),
     (500, ServerError), (502, ServerError), (503, ServerError), (504, ServerError),
     (599, ServerError), (406, ApiError), (413, ApiError), (415, ApiError)],
)  # fmt: skip
def test_status_alone_picks_the_class(status: int, cls: type[ApiError]) -> None:
    error = error_for_status(status, None, method="GET", path="eventspot/events")
    assert type(error) is cls
    assert error.details == () and error.summary == f"HTTP {status}"
    assert str(error) == f"HTTP {status} from GET eventspot/events: HTTP {status}"


def test_the_first_gateway_key_wins_and_other_keys_are_kept() -> None:
    body = [
        {"error_key": "some.other", "error_message": "first"},
        {"error_key": "mashery.not.authorized.over.qps", "error_message": "slow down"},
    ]
    error = error_for_status(403, body, retry_after=2.0)
    assert type(error) is OverQpsError and error.retry_after == 2.0
    assert error.keys == ("some.other", "mashery.not.authorized.over.qps")
    assert error.summary == "some.other: first; mashery.not.authorized.over.qps: slow down"


def test_gateway_keys_mean_nothing_outside_403() -> None:
    body = [{"error_key": "mashery.not.authorized.over.qps", "error_message": "x"}]
    assert type(error_for_status(400, body)) is BadRequestError
    assert type(error_for_status(401, None, mashery_code="ERR_403_DEVELOPER_OVER_QPS")) is (
        AuthenticationError
    )


@pytest.mark.parametrize(
    ("body", "details"),
    [
        (None, ()),
        ("<html>oops</html>", ()),
        ({"error_key": "k", "error_message": "m"}, (ErrorDetail("k", "m"),)),
        ([{"error_message": "only a message"}], (ErrorDetail("", "only a message"),)),
        ([{"error_key": 1, "error_message": None}, "junk", 3], (ErrorDetail("1", "None"),)),
        ([], ()),
    ],
)
def test_error_bodies_are_read_tolerantly(body: object, details: tuple[ErrorDetail, ...]) -> None:
    assert parse_error_details(body) == details


def test_error_detail_str() -> None:
    assert str(ErrorDetail("k", "m")) == "k: m"
    assert str(ErrorDetail("", "m")) == "m"


def test_api_error_repr_and_where() -> None:
    error = error_for_status(
        404, [{"error_key": "http.status.not_found", "error_message": "no"}], method="GET",
        path="eventspot/events/E1", retry_after=None,
    )  # fmt: skip
    assert error.where == "GET eventspot/events/E1"
    assert repr(error) == (
        "NotFoundError(status=404, details=[ErrorDetail(key='http.status.not_found', "
        "message='no')], method='GET', path='eventspot/events/E1', retry_after=None)"
    )
    assert str(ApiError(418)) == "HTTP 418: HTTP 418"


def test_the_tree() -> None:
    for cls in (ApiError, NetworkError, ConnectError, RequestTimeout, StopRun):
        assert issubclass(cls, BulkspotError)
    assert issubclass(OverQpsError, ForbiddenError) and issubclass(ApiError, TransferError)
    assert ConnectError("x").outcome_unknown is False and ConnectError("x").transient
    assert RequestTimeout("x").outcome_unknown is True
    assert NetworkError("x", may_have_reached=False).outcome_unknown is False
    assert (
        ServerError(500).outcome_unknown is True and BadRequestError(400).outcome_unknown is False
    )
    stop = StopRun("quota", resume_hint="after 00:00 UTC")
    assert str(stop) == "quota" and stop.resume_hint == "after 00:00 UTC"
