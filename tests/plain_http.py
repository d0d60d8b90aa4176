"""What the simulator holds, read (and changed, as another person would) over plain HTTP:
no bulkspot code between the test and the server."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any

KEY, TOKEN = "sandbox-key", "sandbox-token"


def call(base_url: str, method: str, path: str, body: object = None) -> tuple[int, Any]:
    """One request to `base_url` (ending in /v2/) + `path`; the status and the parsed body."""
    url = f"{base_url.rstrip('/')}/{path.lstrip('/')}"
    url += ("&" if "?" in url else "?") + f"api_key={KEY}"
    data = json.dumps(body).encode() if body is not None else None
    sent = urllib.request.Request(url, data=data, method=method)
    sent.add_header("Authorization", f"Bearer {TOKEN}")
    sent.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(sent, timeout=10) as answer:
            raw = answer.read()
            return answer.status, json.loads(raw) if raw else None
    except urllib.error.HTTPError as error:
        raw = error.read()
        return error.code, json.loads(raw) if raw else None


def get(base_url: str, path: str) -> Any:
    status, body = call(base_url, "GET", path)
    assert status == 200, (path, status, body)
    return body


def delete(base_url: str, path: str) -> None:
    status, body = call(base_url, "DELETE", path)
    assert status in (200, 204), (path, status, body)


def items_with_sizes(base_url: str, event: str) -> dict[str, list[str]]:
    """Each item of the event by name, with its sizes' names (sorted); a name twice on the
    server fails here: every test that reads this also holds "no doubles"."""
    found: dict[str, list[str]] = {}
    for item in get(base_url, f"eventspot/events/{event}/items"):
        assert item["name"] not in found, f"{item['name']} is on the server twice"
        sizes = get(base_url, f"eventspot/events/{event}/items/{item['id']}/attributes")
        found[item["name"]] = sorted(size["name"] for size in sizes)
    return found
