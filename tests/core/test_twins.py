"""Which of the resources sharing a name every writer keeps: the eldest live one."""

from __future__ import annotations

import datetime as dt

from bulkspot.core.twins import Twin, changed_since, eldest, instant, last_change, twin_of

AT = dt.datetime(2027, 7, 17, 14, 0, tzinfo=dt.UTC)


def test_the_eldest_live_one_is_kept_by_created_date_then_id() -> None:
    entries = [
        {"id": "b", "created_date": "2027-07-17T14:00:00.000Z", "status": "DRAFT"},
        {"id": "a", "created_date": "2027-07-17T14:00:00.000Z", "status": "ACTIVE"},
        {"id": "0", "created_date": "2027-07-17T13:59:59.999Z", "status": "CANCELLED"},
        {"id": "c", "created_date": "2027-07-17T14:00:00.001Z"},
    ]
    twins = [twin_of(e) for e in entries]
    assert eldest(twins) == Twin("a", AT, True)
    assert eldest(list(reversed(twins))) == Twin("a", AT, True)  # order read does not matter


def test_an_unknown_date_comes_after_every_known_one_and_none_live_is_none() -> None:
    assert eldest([Twin("a", None, True), Twin("z", AT, True)]) == Twin("z", AT, True)
    assert eldest([Twin("a", AT, False), Twin("b", None, False)]) is None
    assert twin_of({"id": "x", "status": "deleted"}).live is False


def test_a_later_read_asks_for_what_changed_since_the_latest_date_less_a_margin() -> None:
    entries = [
        {"created_date": "2027-07-17T13:00:00.000Z", "cancelled_date": "2027-07-17T14:00:00Z"},
        {"created_date": "2027-07-17T13:30:00.000+01:00", "updated_date": "not a date"},
    ]
    assert last_change(entries) == AT
    assert changed_since(AT) == "2027-07-17T13:59:55.000Z"
    assert last_change([{"name": "no dates"}]) is None
    assert instant("2027-07-17T14:00:00") == AT  # no zone: UTC
    assert instant(17) is None and instant("") is None
