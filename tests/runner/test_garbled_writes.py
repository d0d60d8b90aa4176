"""Issue 21: the write path takes a garbled success (a 2xx whose body is not the resource)
for what it is, an answer that may or may not mean the write landed: a create is looked up by
its natural key and proven this run's, never `created` without an id; a PUT is read back
before it is sent again. Each shape of garbled body, on the FakeSender."""

from __future__ import annotations

from typing import Any

import pytest

from bulkspot.api import open_client
from bulkspot.core.operation import OnExisting
from bulkspot.core.outcome import Status
from bulkspot.core.resources import EVENT as EVENT_SPEC
from bulkspot.core.resources import ITEM
from bulkspot.core.sameness import differences
from bulkspot.errors import ConflictError, GarbledAnswerError, TransferError
from bulkspot.runner.retry import Requester
from bulkspot.runner.write import Writer
from bulkspot.transport.answers import NOT_JSON
from bulkspot.transport.base import Reply
from bulkspot.transport.fake import FakeSender
from tests.runner.plans import EVENT, ITEMS, config

SHIRT = {"name": "T-Shirt", "price": 20, "default_quantity_total": 10,
         "per_registrant_limit": 2, "show_quantity_available": True}  # fmt: skip
NOT_JSON_BODY = object()  # what the sender raises for a body that is not JSON (cut, HTML)


class Garbling(FakeSender):
    """Carries out every request; answers the next writes' 2xx with `bodies` in turn."""

    def __init__(self, *bodies: object) -> None:
        super().__init__()
        self.bodies = list(bodies)

    async def send(self, method: str, path: str, body: Any = None) -> Reply:
        reply = await super().send(method, path, body)
        if method == "GET" or not self.bodies:
            return reply
        garbled = self.bodies.pop(0)
        if garbled is NOT_JSON_BODY:
            raise GarbledAnswerError(reply.status, NOT_JSON, method=method, path=path)
        return Reply(reply.status, garbled)


def writer(sender: FakeSender) -> Writer:
    return Writer(Requester.for_run(sender, config()))


def posts(sender: FakeSender) -> int:
    return sum(1 for method, _ in sender.requests if method == "POST")


@pytest.mark.parametrize(
    "garbled",
    [NOT_JSON_BODY, None, [{"id": "id1"}], {"name": "T-Shirt"}, {"id": ""}],
    ids=["not JSON", "empty", "a list", "no id", "an empty id"],
)
async def test_a_create_answered_garbled_is_found_by_name_with_its_id(garbled: object) -> None:
    sender = Garbling(garbled)
    written = await writer(sender).create(ITEM, {"event_id": EVENT}, SHIRT,
                                          on_existing=OnExisting.SKIP)  # fmt: skip
    (made,) = sender.collections[ITEMS]
    assert (written.outcome.status, written.outcome.resource_id) == (Status.CREATED, made["id"])
    assert written.created  # proven this run's: undo removes it
    assert posts(sender) == 1


async def test_a_create_garbled_every_time_it_was_not_made_is_sent_again_once_looked_up() -> None:
    """The answer is garbled and the look-up finds nothing: sent again, as after a lost one."""
    sender = Garbling(NOT_JSON_BODY)
    sender.fail_next(1, lambda m, p: GarbledAnswerError(201, NOT_JSON, method=m, path=p))
    written = await writer(sender).create(ITEM, {"event_id": EVENT}, SHIRT,
                                          on_existing=OnExisting.SKIP)  # fmt: skip
    (made,) = sender.collections[ITEMS]
    assert (written.outcome.status, written.outcome.resource_id) == (Status.CREATED, made["id"])
    assert posts(sender) == 2


async def test_a_put_answered_garbled_that_landed_is_read_back_not_sent_again() -> None:
    sender = FakeSender()
    sender.collections[ITEMS] = [{**SHIRT, "id": "I1"}]
    sender.fail_next(1, lambda m, p: GarbledAnswerError(200, NOT_JSON, method=m, path=p),
                     commit=True)  # fmt: skip
    written = await writer(sender).update(ITEM, {"event_id": EVENT}, "I1", {"price": 25})
    assert written.outcome.status is Status.UPDATED
    assert [m for m, _ in sender.requests].count("PUT") == 1
    assert written.resource is not None and written.resource["price"] == 25
    assert sender.collections[ITEMS][0]["price"] == 25


async def test_a_put_answered_garbled_that_did_not_land_is_sent_again() -> None:
    sender = FakeSender()
    sender.collections[ITEMS] = [{**SHIRT, "id": "I1"}]
    sender.fail_next(1, lambda m, p: GarbledAnswerError(200, NOT_JSON, method=m, path=p))
    written = await writer(sender).update(ITEM, {"event_id": EVENT}, "I1", {"price": 25})
    assert written.outcome.status is Status.UPDATED
    assert [m for m, _ in sender.requests] == ["GET", "PUT", "GET", "PUT"]
    assert sender.collections[ITEMS][0]["price"] == 25


async def test_a_put_answered_without_the_resource_is_read_back() -> None:
    sender = Garbling({"price": 25})
    sender.collections[ITEMS] = [{**SHIRT, "id": "I1"}]
    written = await writer(sender).update(ITEM, {"event_id": EVENT}, "I1", {"price": 25})
    assert written.outcome.status is Status.UPDATED
    assert [m for m, _ in sender.requests] == ["GET", "PUT", "GET"]
    assert written.resource == {**SHIRT, "price": 25, "id": "I1"}


async def test_a_delete_answered_garbled_ends_deleted() -> None:
    sender = Garbling(NOT_JSON_BODY)
    sender.collections[ITEMS] = [{**SHIRT, "id": "I1"}]
    written = await writer(sender).delete(ITEM, {"event_id": EVENT}, "I1")
    assert written.outcome.status is Status.DELETED
    assert sender.collections[ITEMS] == []


def test_a_garbled_answer_is_a_transfer_error_whose_outcome_is_unknown() -> None:
    error = GarbledAnswerError(201, NOT_JSON, method="POST", path=ITEMS)
    assert isinstance(error, TransferError)
    assert (error.transient, error.outcome_unknown, error.status) == (True, True, 201)


GALA = {"name": "Gala", "title": "Gala night", "type": "OTHER", "time_zone_id": "US/Eastern",
        "start_date": "2027-07-17T14:00:00Z", "end_date": "2027-07-17T20:00:00Z"}  # fmt: skip
EVENTS = "eventspot/events"


class AnotherWriter(Garbling):
    """Answers the event's create garbled, while another writer makes `theirs` beside it."""

    def __init__(self, theirs: dict[str, Any]) -> None:
        super().__init__(NOT_JSON_BODY)
        self.theirs = theirs

    async def send(self, method: str, path: str, body: Any = None) -> Reply:
        if method == "POST":
            self.collections.setdefault(EVENTS, []).append({**self.theirs, "id": "theirs"})
        return await super().send(method, path, body)


async def test_an_event_garbled_beside_an_identical_one_is_counted_as_neither() -> None:
    """Events share names: when two that hold everything sent appeared since the create,
    which one it made cannot be told. Neither is claimed (undo would delete the other
    writer's), none is sent again, and the row names both."""
    sender = AnotherWriter(GALA)
    written = await writer(sender).create(EVENT_SPEC, {}, GALA, on_existing=OnExisting.SKIP)
    ours = next(e["id"] for e in sender.collections[EVENTS] if e["id"] != "theirs")
    assert (written.outcome.status, written.outcome.resource_id) == (Status.FAILED, None)
    assert not written.created
    assert written.outcome.error == (
        "the answer to this create was lost or garbled, and 2 events named 'Gala' that hold "
        f"everything it sent appeared since it was sent (theirs, {ours}): which one this run "
        "made cannot be told, so none is counted as its own (undo leaves them); keep one"
    )
    assert posts(sender) == 1


async def test_an_event_garbled_beside_another_of_its_name_is_told_by_its_fields() -> None:
    sender = AnotherWriter({**GALA, "title": "Their gala"})
    written = await writer(sender).create(EVENT_SPEC, {}, GALA, on_existing=OnExisting.SKIP)
    ours = next(e["id"] for e in sender.collections[EVENTS] if e["id"] != "theirs")
    assert (written.outcome.status, written.outcome.resource_id) == (Status.CREATED, ours)
    assert written.created
    assert posts(sender) == 1


def test_a_country_code_the_api_answers_in_lower_case_is_what_was_sent() -> None:
    """The API answers `country_code` "US" as "us": read as a difference, an event whose
    answer was lost or garbled was not proven this run's (`exists`, and undo left it)."""
    sent = {"address": {"country_code": "US", "state_code": "MA", "city": "Boston"}}
    held = {"address": {"country_code": "us", "state_code": "MA", "city": "Boston",
                        "country": "United States"}}  # fmt: skip
    assert differences(sent, held) == []
    assert differences(sent, {"address": {**held["address"], "country_code": "ca"}}) == [
        "address.country_code"
    ]
    assert differences({"city": "Boston"}, {"city": "boston"}) == ["city"]


async def test_the_library_cannot_tell_an_event_apart_and_says_so() -> None:
    sender = AnotherWriter(GALA)
    async with open_client(config(), sender=sender) as client:
        with pytest.raises(ConflictError) as raised:
            await client.create("event", {}, GALA)
    ours = next(e["id"] for e in sender.collections[EVENTS] if e["id"] != "theirs")
    assert str(raised.value) == (
        "HTTP 409 from POST eventspot/events: http.status.conflict: the answer to this create "
        "was lost or garbled, and 2 events named 'Gala' that hold everything it sent appeared "
        f"since it was sent (theirs, {ours}): which one this run made cannot be told, so none "
        "is counted as its own (undo leaves them); keep one"
    )
