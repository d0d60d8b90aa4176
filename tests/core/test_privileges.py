"""Which privilege a refused request needed, read from the resource rules: the one lookup
the ForbiddenError message uses (errors.py itself imports nothing of bulkspot)."""

from __future__ import annotations

import pytest

from bulkspot.core.privileges import privilege_needed


@pytest.mark.parametrize(
    ("method", "path", "needed"),
    [
        ("PATCH", "v2/eventspot/events/E1?api_key=secret", "campaign:write"),
        ("DELETE", "/eventspot/events/E1/items/7", "campaign:write"),
        ("POST", "library/folders", "mylibrary:folder:create"),
        ("GET", "nowhere/at/all", None),
        ("", "eventspot/events", None),
    ],
)
def test_the_rules_name_the_privilege_of_a_request(
    method: str, path: str, needed: str | None
) -> None:
    assert privilege_needed(method, path) == needed
