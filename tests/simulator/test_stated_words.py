"""Where a page gives an answer's words, the simulator answers them exactly (docs/api-rules.md
quotes each): the 406 and the 409s of an attribute's and a promocode's name in use, and the
500. The 415s are in test_documents.py (issue 25, item 1); the folder's 409 in
test_library.py."""

from __future__ import annotations

from tests.simulator.api import Api, StartSim
from tests.simulator.payloads import FEE, ITEM

CODE = {"code_name": "HALF", "code_type": "DISCOUNT", "discount_scope": "ORDER_TOTAL",
        "discount_percent": 50}  # fmt: skip


async def test_the_406_has_the_pages_words(api: Api) -> None:
    reply = await api.get("eventspot/events", headers={"Accept": "text/html"})
    # seed-000: "Unsupported accept header value, must be application/json"
    assert (reply.status, reply.body) == (406, [{
        "error_key": "http.status.not_acceptable",
        "error_message": "Unsupported accept header value, must be application/json",
    }])  # fmt: skip


async def test_an_attribute_name_in_use_has_the_pages_words(api: Api) -> None:
    event = await api.event()
    items = f"eventspot/events/{event['id']}/items"
    path = f"{items}/{(await api.child(items, ITEM))['id']}/attributes"
    await api.child(path, {"name": "Small", "quantity_total": 5})
    other = await api.child(path, {"name": "Large", "quantity_total": 5})
    # seed-000, the attribute POST page's 409: "Attribute name already in use"
    expected = (409, [{"error_key": "http.status.conflict",
                       "error_message": "Attribute name already in use"}])  # fmt: skip
    again = await api.post(path, {"name": "Small", "quantity_total": 1})
    assert (again.status, again.body) == expected
    renamed = await api.put(f"{path}/{other['id']}", {"name": "Small", "quantity_total": 5})
    assert (renamed.status, renamed.body) == expected


async def test_a_promocode_name_in_use_has_the_pages_words(api: Api) -> None:
    event = await api.event()
    path = f"eventspot/events/{event['id']}/promocodes"
    await api.child(path, CODE)
    other = await api.child(path, {**CODE, "code_name": "THIRD"})
    # the promocode POST page (notes 4.3): 409 "Promocode name already in use"
    expected = (409, [{"error_key": "http.status.conflict",
                       "error_message": "Promocode name already in use"}])  # fmt: skip
    again = await api.post(path, CODE)
    assert (again.status, again.body) == expected
    renamed = await api.put(f"{path}/{other['id']}", CODE)
    assert (renamed.status, renamed.body) == expected
    fees = f"eventspot/events/{event['id']}/fees"
    await api.child(fees, FEE)  # a fee's label has no page words: it names what holds it
    label = await api.post(fees, FEE)
    assert label.messages == ["#/label: 'General' is already in use by another fee of this event."]


async def test_a_500_has_the_pages_words(start_sim: StartSim) -> None:
    _, api = await start_sim(fail_rate=1.0, seed=1)
    reply = await api.get("eventspot/events")
    # every page's response codes: "500 Internal server error occurred"
    assert (reply.status, reply.body) == (500, [{
        "error_key": "http.status.internal_server_error",
        "error_message": "Internal server error occurred",
    }])  # fmt: skip
