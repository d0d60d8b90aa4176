"""Valid bodies of each kind for the simulator tests, and the SDKs' example payloads."""

from __future__ import annotations

from typing import Any

import orjson

from tests.paths import FIXTURES

EVENT = {
    "name": "Summer Gala",
    "title": "The Summer Gala",
    "type": "FUNDRAISERS_CHARITIES",
    "start_date": "2027-07-17T18:00:00.000Z",
    "end_date": "2027-07-17T23:00:00.000Z",
    "time_zone_id": "US/Eastern",
}
ITEM = {
    "name": "T-Shirt",
    "price": 20,
    "default_quantity_total": 100,
    "per_registrant_limit": 2,
    "show_quantity_available": True,
}
FEE = {"label": "General", "fee": 25}
CAMPAIGN = {
    "name": "Spring news",
    "subject": "What is on this spring",
    "from_name": "Town Hall",
    "from_email": "news@example.com",
    "reply_to_email": "news@example.com",
    "email_content": "<html><body><p>Hello</p></body></html>",
    "text_content": "Hello",
}


def fixture(name: str) -> Any:
    """An SDK payload from tests/fixtures/ctct-v2 (a missing file fails the test)."""
    return orjson.loads((FIXTURES / name).read_bytes())
