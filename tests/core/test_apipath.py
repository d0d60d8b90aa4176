"""The one address type: every segment encoded whole, a next_link followed only on the base."""

from __future__ import annotations

import pytest

from bulkspot.core.apipath import ApiPath, ForeignLink, NextLink, follow, next_link
from bulkspot.core.resources import spec_for

BASE = "http://127.0.0.1:9/v2/"


def test_a_segment_is_encoded_whole() -> None:
    path = ApiPath.of("eventspot", "events", "a/b?c#d%e f", "é€", "..", ".", "items")
    assert path.encoded == (
        "eventspot/events/a%2Fb%3Fc%23d%25e%20f/%C3%A9%E2%82%AC/%2E%2E/%2E/items"
    )
    assert str(path) == path.encoded  # what messages show: the path, never the query


def test_a_spec_puts_each_id_in_one_segment() -> None:
    path = spec_for("item").item_url({"event_id": "../../lists?x="}, "7#frag")
    assert path.segments == ("eventspot", "events", "../../lists?x=", "items", "7#frag")
    assert path.encoded == "eventspot/events/..%2F..%2Flists%3Fx%3D/items/7%23frag"


def test_a_query_is_kept_apart_from_the_path() -> None:
    path = spec_for("event").collection_url({}).with_query(limit=50)
    assert (path.segments, path.query) == (("eventspot", "events"), (("limit", "50"),))
    assert str(path) == "eventspot/events"


@pytest.mark.parametrize(
    ("link", "segments", "query"),
    [
        (
            "/v2/eventspot/events?next=c3RhcnRBdD0y",
            ("eventspot", "events"),
            (("next", "c3RhcnRBdD0y"),),
        ),
        (
            "http://127.0.0.1:9/v2/contacts?next=a%3D&limit=5",
            ("contacts",),
            (("next", "a="), ("limit", "5")),
        ),
        ("/v2/library/folders?next=x&api_key=theirs", ("library", "folders"), (("next", "x"),)),
        ("HTTP://127.0.0.1:9/v2/lists", ("lists",), ()),
    ],
)
def test_a_next_link_on_the_base_is_followed(
    link: str, segments: tuple[str, ...], query: tuple[tuple[str, str], ...]
) -> None:
    assert follow(NextLink(link), BASE) == ApiPath(segments, query)


@pytest.mark.parametrize(
    "link",
    [
        "http://evil.example/v2/eventspot/events?next=1",  # another host
        "//evil.example/v2/eventspot/events",  # another host, scheme-relative
        "https://127.0.0.1:9/v2/eventspot/events",  # another scheme
        "http://127.0.0.1:10/v2/eventspot/events",  # another port
        "http://user@127.0.0.1:9/v2/eventspot/events",  # credentials
        "http://127.0.0.1:x/v2/eventspot/events",  # a port that is no number
        "/v3/eventspot/events",  # outside the base path
        "/v2x/eventspot/events",
        "/v2/../admin",  # climbs out
        "/v2/eventspot/%2e%2e/%2E%2E/lists",  # climbs, encoded
        "/v2/eventspot//events",  # an empty segment
        "/v2/eventspot/events#frag",
    ],
)
def test_a_next_link_off_the_base_is_refused(link: str) -> None:
    with pytest.raises(ForeignLink) as refused:
        follow(NextLink(link), BASE)
    shown = link.split("?", 1)[0].split("#", 1)[0]
    assert str(refused.value) == f"the API sent a next_link outside {BASE}: {shown!r}"


def test_next_link_reads_a_page_and_nothing_else() -> None:
    page = {"meta": {"pagination": {"next_link": "/v2/lists?next=1"}}, "results": []}
    assert next_link(page) == NextLink("/v2/lists?next=1")
    assert next_link({"meta": {"pagination": {}}, "results": []}) is None
    assert next_link([{"id": "1"}]) is None
    assert next_link({"meta": {"pagination": {"next_link": 5}}}) is None


def test_a_next_link_leaves_not_the_collection_whose_page_gave_it() -> None:
    page = spec_for("event").collection_url({}).with_query(limit=50)
    body = {"meta": {"pagination": {"next_link": "/v2/eventspot/events?next=2"}}}
    link = next_link(body, page)
    assert link == NextLink("/v2/eventspot/events?next=2", ("eventspot", "events"))
    assert follow(link, BASE) == ApiPath(("eventspot", "events"), (("next", "2"),))
    after = next_link({"meta": {"pagination": {"next_link": "/v2/lists?next=3"}}}, link)
    assert after == NextLink("/v2/lists?next=3", ("eventspot", "events"))  # its collection kept
    with pytest.raises(ForeignLink) as refused:
        follow(after, BASE)
    assert str(refused.value) == (
        "the API sent a next_link outside eventspot/events, the collection it was reading: "
        "'/v2/lists'"
    )
