"""FakeSender: an in-memory stand-in for the API, for the engine's unit tests.

It keeps collections by path, answers 409 for a natural key in use, and fails on a script:
`fail_next(n, error_factory, commit=...)` makes the next n writes raise, before or after
the change is made, so a test can stage an ambiguous create exactly. The simulator is the
faithful fake; this one is small and synchronous enough to reason about line by line.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from bulkspot.core.apipath import Address
from bulkspot.core.resources import spec_for_path
from bulkspot.errors import ConflictError, ErrorDetail, NotFoundError, TransferError
from bulkspot.transport.base import Reply


@dataclass
class _Fault:
    make: Callable[[str, str], TransferError]
    commit: bool  # make the change before failing: the caller cannot know it happened


@dataclass
class FakeSender:
    collections: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[tuple[str, str]] = field(default_factory=list)
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _faults: deque[_Fault] = field(default_factory=deque)

    def fail_next(
        self, count: int, make: Callable[[str, str], TransferError], *, commit: bool = False
    ) -> None:
        self._faults.extend(_Fault(make, commit) for _ in range(count))

    async def send(self, method: str, address: Address, body: Any = None) -> Reply:
        path = str(address).removeprefix("/v2/")  # a path's segments, never its query
        self.requests.append((method, path))
        fault = self._faults.popleft() if self._faults and method != "GET" else None
        if fault is not None and not fault.commit:
            raise fault.make(method, path)
        reply = self._handle(method, path, body)
        if fault is not None:
            raise fault.make(method, path)
        return reply

    def _handle(self, method: str, path: str, body: Any) -> Reply:
        collection_path, _, resource_id = path.rpartition("/")
        if method == "POST":
            return self._create(path, dict(body))
        if method == "GET" and (path in self.collections or _is_collection(path)):
            return Reply(200, list(self.collections.get(path, [])))
        items = self.collections.get(collection_path, [])
        found = next((r for r in items if r["id"] == resource_id), None)
        if found is None:
            raise NotFoundError(
                404, [ErrorDetail("http.status.not_found", "not found")], method=method, path=path
            )
        if method == "GET":
            return Reply(200, dict(found))
        if method == "PUT":
            found.clear()
            found.update({**body, "id": resource_id})
            return Reply(200, dict(found))
        if method == "PATCH":
            found["status"] = body[0]["value"]
            return Reply(200, dict(found))
        items.remove(found)
        return Reply(204, None)

    def _create(self, path: str, body: dict[str, Any]) -> Reply:
        items = self.collections.setdefault(path, [])
        named = spec_for_path(path)
        spec = named[0] if named is not None else None
        key = spec.natural_key if spec is not None and spec.unique_key else None
        if key is not None and any(r.get(key) == body.get(key) for r in items):
            raise ConflictError(
                409,
                [ErrorDetail("http.status.conflict", f"{key} in use")],
                method="POST",
                path=path,
            )
        resource = {**body, "id": f"id{next(self._ids)}"}
        items.append(resource)
        return Reply(201, dict(resource))

    async def aclose(self) -> None:
        return None


def _is_collection(path: str) -> bool:
    named = spec_for_path(path)
    return named is not None and named[2] is None
