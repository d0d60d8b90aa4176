"""AiohttpSender and Client against every answer of DESIGN.md's table (aioresponses).

Each answer maps to its error class with status, details, method, path and retry_after;
requests carry the api key in the query (also after a next_link) and the token in a header.
"""

from __future__ import annotations

import email.utils
import socket
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

import aiohttp
import orjson
import pytest
from yarl import URL

from bulkspot.api import Client, open_client
from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
from bulkspot.core.apipath import ApiPath, NextLink
from bulkspot.errors import (
    ApiError,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    ConnectError,
    ErrorDetail,
    ForbiddenError,
    GarbledAnswerError,
    InactiveKeyError,
    NetworkError,
    NotFoundError,
    OverQpsError,
    OverQuotaError,
    RequestTimeout,
    ServerError,
    TooManyRequestsError,
    TransferError,
)
from bulkspot.runner.retry import Requester
from bulkspot.transport.aiohttp_sender import AiohttpSender, parse_retry_after
from bulkspot.transport.base import Reply
from tests.canaries import API_KEY, TOKEN, assert_no_secret
from tests.transport.mocks import BASE_URL, url

EVENTS = "eventspot/events"
ITEMS = "eventspot/events/E1/items"


def at(path: str) -> ApiPath:
    """The ApiPath of a plain path of this file (`eventspot/events/E1/items`)."""
    return ApiPath.of(*path.split("/"))


def _err(key: str, message: str) -> dict[str, str]:
    return {"error_key": key, "error_message": message}


def requests_made(mocked: Any) -> list[tuple[str, URL, dict[str, Any]]]:
    return [
        (method, u, call.kwargs) for (method, u), calls in mocked.requests.items() for call in calls
    ]


def assert_authenticated(kwargs: dict[str, Any], u: URL) -> None:
    assert u.query.getall("api_key") == [API_KEY]
    assert TOKEN not in str(u)  # the token travels in its header only
    headers = kwargs["headers"]
    assert headers["Authorization"] == f"Bearer {TOKEN}"
    assert headers["Accept"] == "application/json"
    assert headers["Content-Type"] == "application/json"


@pytest.fixture
def client(sender: AiohttpSender, settings: ApiSettings) -> Client:
    """The library's client over the real sender: no waits, a rate never reached."""
    config = RunConfig(settings, Limits(rate=1e6), RetryPolicy.no_wait())
    return Client(Requester.for_run(sender, config))


# --- 2xx ----------------------------------------------------------------------------------------
async def test_create_answers_201_with_the_resource(mocked: Any, client: Client) -> None:
    created = {"id": "I1", "name": "T-Shirt", "price": 10.0}
    mocked.post(url(ITEMS), status=201, payload=created)
    body = {"name": "T-Shirt", "price": 10.0}
    assert await client.create("item", {"event_id": "E1"}, body) == created
    [(method, u, kwargs)] = requests_made(mocked)
    assert method == "POST" and u.path == "/v2/" + ITEMS
    assert orjson.loads(kwargs["data"]) == body
    assert_authenticated(kwargs, u)


async def test_get_and_put_answer_200(mocked: Any, client: Client) -> None:
    item = {"id": "I1", "name": "T-Shirt"}
    mocked.get(url(f"{ITEMS}/I1"), status=200, payload=item, repeat=True)
    mocked.put(url(f"{ITEMS}/I1"), status=200, payload={**item, "price": 5})
    assert await client.get("items", {"event_id": "E1"}, "I1") == item
    updated = await client.update("item", {"event_id": "E1"}, "I1", {"price": 5})
    assert updated["price"] == 5
    calls = requests_made(mocked)
    assert [m for m, _, _ in calls] == ["GET", "GET", "PUT"]  # update reads, then writes whole
    assert orjson.loads(calls[2][2]["data"]) == {"name": "T-Shirt", "price": 5}
    assert calls[0][2]["data"] is None  # a GET has no body
    for _, u, kwargs in calls:
        assert_authenticated(kwargs, u)


async def test_delete_answers_204_with_no_body(
    mocked: Any, sender: AiohttpSender, client: Client
) -> None:
    mocked.delete(url(f"{ITEMS}/I1"), status=204, body=b"")
    mocked.delete(url(f"{ITEMS}/I2"), status=204, body=b"")
    await client.delete("item", {"event_id": "E1"}, "I1")  # returns nothing, raises nothing
    reply = await sender.send("DELETE", at(f"{ITEMS}/I2"))
    assert isinstance(reply, Reply) and reply.status == 204 and reply.body is None
    for method, u, kwargs in requests_made(mocked):
        assert method == "DELETE" and kwargs["data"] is None
        assert_authenticated(kwargs, u)


async def test_attribute_paths_nest_under_the_item(mocked: Any, client: Client) -> None:
    path = "eventspot/events/E1/items/I1/attributes"
    mocked.post(url(path), status=201, payload={"id": "A1", "name": "Small"})
    ids = {"event_id": "E1", "item_id": "I1"}
    assert (await client.create("attribute", ids, {"name": "Small"}))["id"] == "A1"


# --- collections --------------------------------------------------------------------------------
async def test_events_list_follows_pagination_with_the_api_key(mocked: Any, client: Client) -> None:
    next_link = "/v2/eventspot/events?next=c3RhcnRBdD0y"
    mocked.get(
        url(f"{EVENTS}?limit=2"),
        payload={
            "meta": {"pagination": {"next_link": next_link}},
            "results": [{"id": "e1"}, {"id": "e2"}],
        },
    )
    mocked.get(
        f"http://127.0.0.1:9{next_link}&api_key={API_KEY}",
        payload={
            "meta": {"pagination": {"next_link": next_link.replace("y", "z")}},
            "results": [{"id": "e3"}, {"id": "e4"}],
        },
    )
    mocked.get(
        f"http://127.0.0.1:9{next_link.replace('y', 'z')}&api_key={API_KEY}",
        payload={"meta": {"pagination": {}}, "results": [{"id": "e5"}]},
    )
    events = await client.list("events", {}, limit=2)
    assert [e["id"] for e in events] == ["e1", "e2", "e3", "e4", "e5"]
    calls = requests_made(mocked)
    assert len(calls) == 3
    for method, u, kwargs in calls:
        assert method == "GET"
        assert_authenticated(kwargs, u)
    assert [u.query.get("next") for _, u, _ in calls[1:]] == ["c3RhcnRBdD0y", "c3RhcnRBdD0z"]


async def test_registrants_are_paged_too(mocked: Any, client: Client) -> None:
    path = "eventspot/events/E1/registrants"
    mocked.get(url(path), payload={"meta": {"pagination": {}}, "results": [{"id": "r1"}]})
    assert await client.list("registrant", {"event_id": "E1"}) == [{"id": "r1"}]


@pytest.mark.parametrize("kind", ["fee", "item", "promocode"])
async def test_bare_array_collections_are_returned_as_is(
    mocked: Any, client: Client, kind: str
) -> None:
    resources = [{"id": f"{kind}{n}", "name": str(n)} for n in range(3)]
    mocked.get(url(f"eventspot/events/E1/{kind}s"), payload=resources)
    assert await client.list(kind, {"event_id": "E1"}, limit=2) == resources
    [(_, u, _)] = requests_made(mocked)  # one GET: never paged, no limit added
    assert "limit" not in u.query


async def test_attributes_list_is_one_get(mocked: Any, client: Client) -> None:
    mocked.get(url("eventspot/events/E1/items/I1/attributes"), payload=[{"id": "A1"}])
    assert await client.list("attributes", {"event_id": "E1", "item_id": "I1"}) == [{"id": "A1"}]


# --- publish / cancel ---------------------------------------------------------------------------
@pytest.mark.parametrize(("action", "status"), [("publish", "ACTIVE"), ("cancel", "CANCELLED")])
async def test_publish_and_cancel_patch_the_status(
    mocked: Any, client: Client, action: str, status: str
) -> None:
    mocked.patch(url(f"{EVENTS}/E1"), payload={"id": "E1", "status": status})
    do = client.publish_event if action == "publish" else client.cancel_event
    assert (await do("E1"))["status"] == status
    [(method, u, kwargs)] = requests_made(mocked)
    assert method == "PATCH" and u.path == f"/v2/{EVENTS}/E1"
    assert orjson.loads(kwargs["data"]) == [{"op": "REPLACE", "path": "#/status", "value": status}]
    assert_authenticated(kwargs, u)


async def test_open_client_closes_its_session(mocked: Any, settings: ApiSettings) -> None:
    mocked.get(url(f"{EVENTS}/E1"), payload={"id": "E1"})
    async with open_client(settings) as api:
        assert await api.get("event", {}, "E1") == {"id": "E1"}
        sender = api._requester.sender
    assert isinstance(sender, AiohttpSender) and sender._session.closed


async def test_a_session_passed_in_is_left_open(mocked: Any, settings: ApiSettings) -> None:
    async with aiohttp.ClientSession() as session:
        sender = AiohttpSender(settings, session=session)
        await sender.aclose()
        assert not session.closed


# --- error answers ------------------------------------------------------------------------------
QPS = _err("mashery.not.authorized.over.qps", "over its queries-per-second quota.")
RATE = _err("mashery.not.authorized.over.ratelimit", "over its rate limit quota.")
INACTIVE = _err("mashery.not.authorized.inactive", "not active, or an invalid API key was used.")

TWO = [_err("json.field.required", "#/name: is required"), _err("json.field.range", "#/price")]
FORBIDDEN = [_err("http.status.forbidden", "No permission.")]


def _gw(code: str) -> dict[str, str]:
    return {"X-Mashery-Error-Code": f"ERR_403_DEVELOPER_{code}"}


# id, status, body, headers, class, flags ("transient", "fatal", "unknown": outcome unknown)
ERROR_ANSWERS: list[tuple[str, int, Any, dict[str, str], type[ApiError], str]] = [
    ("400", 400, TWO, {}, BadRequestError, ""),
    ("401", 401, [_err("unauthorized", "Unauthorized")], {}, AuthenticationError, "fatal"),
    ("403-qps", 403, [QPS], {}, OverQpsError, "transient"),
    ("403-rate", 403, [RATE], {}, OverQuotaError, "fatal"),
    ("403-inactive", 403, [INACTIVE], {}, InactiveKeyError, "fatal"),
    ("403-other", 403, FORBIDDEN, {}, ForbiddenError, ""),
    ("403-qps-header", 403, "", _gw("OVER_QPS"), OverQpsError, "transient"),
    ("403-rate-header", 403, "<h1>Over Rate</h1>", _gw("OVER_RATE"), OverQuotaError, "fatal"),
    ("403-inactive-header", 403, "", _gw("INACTIVE"), InactiveKeyError, "fatal"),
    ("403-unknown-header", 403, "", _gw("SOMETHING_ELSE"), ForbiddenError, ""),
    ("404", 404, [_err("http.status.not_found", "no event E1")], {}, NotFoundError, ""),
    ("409", 409, [_err("http.status.conflict", "name in use")], {}, ConflictError, ""),
    ("429", 429, "", {}, TooManyRequestsError, "transient"),
    ("500", 500, [_err("http.status.error", "oops")], {}, ServerError, "transient unknown"),
    ("502", 502, "<html>Bad Gateway</html>", {}, ServerError, "transient unknown"),
    ("503", 503, "", {}, ServerError, "transient unknown"),
    ("504", 504, "Gateway Timeout", {}, ServerError, "transient unknown"),
]


def _answer(mocked: Any, method: str, path: str, status: int, body: Any, headers: Any) -> None:
    raw = body if isinstance(body, str) else orjson.dumps(body).decode()
    mocked.add(url(path), method=method, status=status, body=raw, headers=headers)


@pytest.mark.parametrize("method", ["POST", "GET", "PUT", "DELETE"])
@pytest.mark.parametrize(
    ("status", "body", "headers", "cls", "flags"),
    [pytest.param(*case[1:], id=case[0]) for case in ERROR_ANSWERS],
)
async def test_error_answers_map_to_their_class(
    mocked: Any,
    sender: AiohttpSender,
    method: str,
    status: int,
    body: Any,
    headers: dict[str, str],
    cls: type[ApiError],
    flags: str,
) -> None:
    path = f"{ITEMS}/I1" if method != "POST" else ITEMS
    _answer(mocked, method, path, status, body, headers)
    with pytest.raises(ApiError) as caught:
        await sender.send(method, at(path), {"name": "x"} if method in ("POST", "PUT") else None)
    error = caught.value
    assert type(error) is cls
    assert (error.status, error.method, error.path) == (status, method, path)
    entries = body if isinstance(body, list) else []
    expected = tuple(ErrorDetail(e["error_key"], e["error_message"]) for e in entries)
    assert error.details == expected
    assert error.transient is ("transient" in flags)
    assert error.fatal is ("fatal" in flags)
    assert error.outcome_unknown is ("unknown" in flags)
    assert error.retry_after is None
    assert f"HTTP {status} from {method} {path}" in str(error)
    for detail in expected:
        assert detail.key in str(error) and detail.message in str(error)
    assert_no_secret(error)


@pytest.mark.parametrize(
    ("status", "body", "headers", "cls", "flags"),
    [pytest.param(*case[1:], id=case[0]) for case in ERROR_ANSWERS],
)
async def test_client_raises_the_same_errors(
    mocked: Any,
    sender: AiohttpSender,
    status: int,
    body: Any,
    headers: dict[str, str],
    cls: type[ApiError],
    flags: str,
) -> None:
    _answer(mocked, "POST", ITEMS, status, body, headers)
    with pytest.raises(cls) as caught:
        await sender.send("POST", at(ITEMS), {"name": "x"})
    assert (caught.value.status, caught.value.method, caught.value.path) == (status, "POST", ITEMS)
    assert_no_secret(caught.value)


def test_the_table_covers_design_md() -> None:
    """Every answer of DESIGN.md's table: 400, 401, 403 (each kind, by body and by header),
    404, 409, 429, 500, 502, 503, 504."""
    statuses = {case[1] for case in ERROR_ANSWERS}
    assert statuses == {400, 401, 403, 404, 409, 429, 500, 502, 503, 504}
    by_header = {case[4] for case in ERROR_ANSWERS if case[3]}
    assert {OverQpsError, OverQuotaError, InactiveKeyError} <= by_header


@pytest.mark.parametrize("status", [429, 503, 403])
async def test_retry_after_in_seconds(mocked: Any, sender: AiohttpSender, status: int) -> None:
    headers = {"Retry-After": "7"}
    body = [QPS] if status == 403 else ""
    _answer(mocked, "POST", ITEMS, status, body, headers)
    with pytest.raises(ApiError) as caught:
        await sender.send("POST", at(ITEMS), {})
    assert caught.value.retry_after == 7.0


async def test_retry_after_as_an_http_date(mocked: Any, sender: AiohttpSender) -> None:
    when = email.utils.formatdate(time.time() + 120, usegmt=True)
    _answer(mocked, "GET", EVENTS, 503, "", {"Retry-After": when})
    with pytest.raises(ServerError) as caught:
        await sender.send("GET", at(EVENTS))
    assert caught.value.retry_after is not None
    assert 115 <= caught.value.retry_after <= 121


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, None),
        ("", None),
        ("0", 0.0),
        ("  30 ", 30.0),
        ("1.5", 1.5),
        ("-5", 0.0),  # never a negative wait
        ("soon", None),
        ("Wed, 21 Oct 2015 07:28:00 GMT", 60.0),
        ("Wed, 21 Oct 2015 07:28:00 -0000", 60.0),  # "-0000" is UTC too, never local time
        ("Wed, 21 Oct 2015 09:28:00 +0200", 60.0),
        ("Wed, 21 Oct 2015 07:26:00 GMT", 0.0),  # a date in the past: no wait
    ],
)
def test_parse_retry_after(value: str | None, expected: float | None) -> None:
    now = email.utils.parsedate_to_datetime("Wed, 21 Oct 2015 07:27:00 GMT").timestamp()
    assert parse_retry_after(value, now=now) == expected


async def test_a_2xx_with_a_non_json_body_is_a_garbled_answer(
    mocked: Any, sender: AiohttpSender
) -> None:
    """Issue 21: once kept as text, it made a create `created` without an id
    (tests/transport/test_garbled_answers.py has every shape)."""
    mocked.get(url(EVENTS), status=200, body="not json")
    with pytest.raises(GarbledAnswerError) as raised:
        await sender.send("GET", at(EVENTS))
    assert str(raised.value) == (
        "HTTP 200 from GET eventspot/events without the resource in its body: not JSON"
    )


# --- no HTTP answer -----------------------------------------------------------------------------
def _connector_error(u: str) -> aiohttp.ClientConnectorError:
    key = SimpleNamespace(host="127.0.0.1", port=9, ssl=True)
    return aiohttp.ClientConnectorError(key, OSError(111, f"Connect call failed {u}"))  # type: ignore[arg-type]


def _response_error(u: str) -> aiohttp.ClientResponseError:
    info = aiohttp.RequestInfo(URL(u), "GET", {"Authorization": f"Bearer {TOKEN}"}, URL(u))  # type: ignore[arg-type]
    return aiohttp.ClientResponseError(info, (), status=500, message=f"failed {u}")


# (id, exception from the request's URL, class, outcome_unknown)
NO_ANSWER: list[tuple[str, Callable[[str], BaseException], type[NetworkError], bool]] = [
    ("asyncio-timeout", lambda u: TimeoutError(), RequestTimeout, True),
    ("server-timeout", lambda u: aiohttp.ServerTimeoutError(f"read {u}"), RequestTimeout, True),
    ("socket-timeout", lambda u: aiohttp.SocketTimeoutError(f"read {u}"), RequestTimeout, True),
    ("connect-timeout", lambda u: aiohttp.ConnectionTimeoutError(u), ConnectError, False),
    ("connect-refused", _connector_error, ConnectError, False),
    ("disconnected", lambda u: aiohttp.ServerDisconnectedError(u), NetworkError, True),
    ("reset", lambda u: aiohttp.ClientOSError(104, f"reset {u}"), NetworkError, True),
    ("payload", lambda u: aiohttp.ClientPayloadError(f"truncated {u}"), NetworkError, True),
    ("invalid-url", lambda u: aiohttp.InvalidURL(u), NetworkError, True),
    ("response-error", _response_error, NetworkError, True),
]


@pytest.mark.parametrize(
    ("make", "cls", "unknown"), [pytest.param(*case[1:], id=case[0]) for case in NO_ANSWER]
)
async def test_no_answer_maps_to_network_errors(
    mocked: Any,
    sender: AiohttpSender,
    make: Callable[[str], BaseException],
    cls: type[NetworkError],
    unknown: bool,
) -> None:
    """aiohttp's messages here hold the URL, api key included, as some of its real ones do."""
    mocked.post(url(ITEMS), exception=make(url(ITEMS)))
    with pytest.raises(NetworkError) as caught:
        await sender.send("POST", at(ITEMS), {"name": "x"})
    error = caught.value
    assert type(error) is cls
    assert (error.method, error.path) == ("POST", ITEMS)
    assert error.transient and not error.fatal
    assert error.outcome_unknown is unknown
    assert "POST " + ITEMS in str(error)
    assert_no_secret(error)


async def test_unmatched_request_is_a_network_error_without_the_key(
    mocked: Any, sender: AiohttpSender
) -> None:
    """aioresponses' own "Connection refused: GET <url>" carries the api key in its URL."""
    with pytest.raises(NetworkError) as caught:
        await sender.send("GET", at(EVENTS).with_query(next="abc"))
    assert caught.value.path == EVENTS  # never the query string
    assert_no_secret(caught.value)


async def test_a_real_refused_connection() -> None:
    """A loopback port just freed: a real aiohttp ConnectError, and no secret in it."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    settings = ApiSettings(api_key=API_KEY, token=TOKEN, base_url=f"http://127.0.0.1:{port}/v2/")
    sender = AiohttpSender(settings)
    try:
        with pytest.raises(NetworkError) as caught:
            await sender.send("GET", at(EVENTS))
    finally:
        await sender.aclose()
    assert isinstance(caught.value, ConnectError) and caught.value.outcome_unknown is False
    assert_no_secret(caught.value)


# --- secrets --------------------------------------------------------------------------------------
WEIRD_KEY = "k/e:y+@WEIRDCANARY~%"


@pytest.mark.parametrize(
    "make",
    [pytest.param(case[1], id=case[0]) for case in NO_ANSWER]
    + [pytest.param(None, id="unmatched")],
)
async def test_re_encoded_keys_are_scrubbed_too(
    mocked: Any, make: Callable[[str], BaseException] | None
) -> None:
    """A key with characters a URL re-encodes (yarl keeps '/', ':', '@' but writes '%2B'):
    its trace in aiohttp's messages is scrubbed whichever way it was written."""
    settings = ApiSettings(api_key=WEIRD_KEY, token=TOKEN, base_url=BASE_URL)
    sender = AiohttpSender(settings)
    yarl_url = str(URL(sender.url_for(at(EVENTS))))
    assert WEIRD_KEY not in yarl_url  # neither the raw key ...
    assert sender.url_for(at(EVENTS)) != yarl_url  # ... nor the sender's own encoding of it
    if make is not None:
        mocked.get(yarl_url, exception=make(yarl_url))
    try:
        with pytest.raises(TransferError) as caught:
            await sender.send("GET", at(EVENTS))
    finally:
        await sender.aclose()
    error = caught.value
    assert isinstance(error, NetworkError)
    assert "WEIRDCANARY" not in str(error) and "WEIRDCANARY" not in repr(error)
    assert error.__context__ is None and error.__cause__ is None


async def test_secrets_echoed_by_the_server_are_scrubbed(
    mocked: Any, sender: AiohttpSender
) -> None:
    body = [_err("http.status.bad_request", f"bad key {API_KEY} for token {TOKEN}")]
    _answer(mocked, "POST", EVENTS, 400, body, {})
    with pytest.raises(BadRequestError) as caught:
        await sender.send("POST", at(EVENTS), {})
    assert caught.value.details == (
        ErrorDetail("http.status.bad_request", "bad key *** for token ***"),
    )
    assert_no_secret(caught.value)


async def test_mapped_errors_carry_no_aiohttp_context(mocked: Any, sender: AiohttpSender) -> None:
    """aiohttp's exception (which may hold the URL and headers) is neither cause nor context."""
    mocked.get(url(EVENTS), exception=_response_error(url(EVENTS)))
    with pytest.raises(NetworkError) as caught:
        await sender.send("GET", at(EVENTS))
    assert caught.value.__cause__ is None and caught.value.__context__ is None


async def test_url_for_adds_the_key_once() -> None:
    settings = ApiSettings(api_key="K&=1", token=TOKEN, base_url=BASE_URL)
    sender = AiohttpSender(settings)
    try:
        assert sender.url_for(at(EVENTS)) == f"{BASE_URL}{EVENTS}?api_key=K%26%3D1"
        next_link = "/v2/eventspot/events?next=1"
        assert (
            sender.url_for(NextLink(next_link)) == f"http://127.0.0.1:9{next_link}&api_key=K%26%3D1"
        )
    finally:
        await sender.aclose()


@pytest.fixture
def local_time_is_not_utc(monkeypatch: pytest.MonkeyPatch) -> Any:
    """A POSIX zone five hours behind UTC (no zone database needed)."""
    monkeypatch.setenv("TZ", "XST+05")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def test_retry_after_date_without_zone_is_utc_whatever_the_local_zone(
    local_time_is_not_utc: Any,
) -> None:
    now = email.utils.parsedate_to_datetime("Wed, 21 Oct 2015 07:27:00 GMT").timestamp()
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 -0000", now=now) == 60.0
