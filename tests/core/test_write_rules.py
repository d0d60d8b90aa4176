"""The write path's decisions, asked synchronously: what both writers do with a name in use,
an update and a found resource."""

from __future__ import annotations

from bulkspot.core.operation import OnExisting
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.resources import spec_for
from bulkspot.core.write_rules import (
    Found,
    left_alone,
    merge,
    merged_update,
    natural_key_of,
    when_existing,
    whose,
)

ITEM = spec_for("item")
BODY = {"name": "T-shirt", "price": 20, "default_quantity_total": 10}


def test_a_name_in_use_is_kept_refused_or_updated_as_asked() -> None:
    assert when_existing(OnExisting.SKIP, ITEM, BODY, "7", attempts=2) == Outcome(
        Status.EXISTS, "7", attempts=2
    )
    assert when_existing(OnExisting.FAIL, ITEM, BODY, "7", attempts=1, refused_status=409) == (
        Outcome(Status.FAILED, "7", 409, 1, "name 'T-shirt' already exists")
    )
    assert when_existing(OnExisting.FAIL, ITEM, BODY, "7") == Outcome(
        Status.FAILED, "7", None, 0, "name 'T-shirt' already exists"
    )
    assert when_existing(OnExisting.UPDATE, ITEM, BODY, "7") is None


def test_the_natural_key_is_read_as_text_and_absent_without_one() -> None:
    assert natural_key_of(ITEM, {"name": 2026}) == "2026"
    assert natural_key_of(ITEM, {"price": 1}) is None
    assert natural_key_of(spec_for("registrant"), BODY) is None


def test_a_merge_keeps_what_it_is_not_given_and_merges_nested_objects_key_by_key() -> None:
    current = {"name": "a", "address": {"city": "Oslo", "country_code": "NO"}, "price": 1}
    merged = merge(current, {"address": {"city": "Bergen"}, "price": 2})
    assert merged == {"name": "a", "address": {"city": "Bergen", "country_code": "NO"}, "price": 2}
    assert current["address"] == {"city": "Oslo", "country_code": "NO"}  # left as it was


def test_an_update_sends_the_whole_writable_body_and_changes_nothing_when_it_is_held() -> None:
    current = {
        "id": "7",
        "name": "T-shirt",
        "price": 20,
        "default_quantity_total": 10,
        "per_registrant_limit": 2,
        "show_quantity_available": True,
        "default_quantity_available": 9,
    }
    same = merged_update(ITEM, current, {"price": 20.0})
    assert not same.changes_anything
    cheaper = merged_update(ITEM, current, {"price": 15})
    assert cheaper.changes_anything
    assert cheaper.after == {
        "name": "T-shirt",
        "price": 15,
        "default_quantity_total": 10,
        "per_registrant_limit": 2,
        "show_quantity_available": True,
    }


def test_an_items_total_is_the_sum_of_its_attributes_whatever_the_update_says() -> None:
    current = {
        "name": "T-shirt",
        "price": 20,
        "default_quantity_total": 10,
        "attributes": [{"quantity_total": 4}, {"quantity_total": 6}],
    }
    update = merged_update(ITEM, current, {"default_quantity_total": 99})
    assert update.after["default_quantity_total"] == 10 and not update.changes_anything


def test_a_found_resource_is_ours_only_when_it_holds_every_field_sent() -> None:
    sent = {"name": "T-shirt", "price": 20}
    assert whose("7", {"7": {"id": "7", "name": "T-shirt", "price": 20.0}}, sent) == Found(
        "7", ours=True, why=""
    )
    assert whose("7", {"7": {"name": "T-shirt", "price": 25}}, sent) == Found(
        "7", ours=False, why="price"
    )


def test_several_resources_holding_everything_sent_are_doubles_and_none_is_ours() -> None:
    sent = {"name": "Gala"}
    held = {"3": {"name": "Gala"}, "4": {"name": "Gala"}, "5": {"name": "Gala", "x": 1}}
    assert whose("3", held, sent) == Found("3", ours=False, why="", doubles=("3", "4", "5"))
    assert whose("9", {"9": {"name": "Other"}, "4": {"name": "Gala"}}, sent) == Found(
        "4", ours=True, why=""
    )


def test_a_resource_not_holding_what_this_run_sent_is_left_alone() -> None:
    sent = {"name": "Gala", "location": "Hall"}
    assert left_alone(sent, {"name": "Gala", "location": "Hall", "id": "3"}, "3") is None
    assert left_alone(
        sent, {"name": "Gala", "location": "Barn"}, "3", http_status=200, attempts=1
    ) == Outcome(
        Status.EXISTS, "3", 200, 1, "left alone: not made by this run (its location differs)"
    )
