"""The write path's decisions, pure: what a create does when its name is in use, whether an
update changes anything, and whose a found resource is.

The real writer (runner/write.py) and the dry writer (runner/dryrun.py) both ask these, so a
dry run says what a real one would do by the same rules, not by a copy of them; the writers
only read and send.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from bulkspot.core.operation import OnExisting
from bulkspot.core.outcome import Outcome, Status
from bulkspot.core.sameness import differences
from bulkspot.core.spec import ResourceSpec


def natural_key_of(spec: ResourceSpec, body: Mapping[str, Any]) -> str | None:
    """The body's natural key (name, label, code_name) as text, if it has one."""
    field = spec.natural_key
    value = body.get(field) if field is not None else None
    return str(value) if value is not None else None


def already_exists(spec: ResourceSpec, body: Mapping[str, Any]) -> str:
    return f"{spec.natural_key} {natural_key_of(spec, body)!r} already exists"


def when_existing(
    choice: OnExisting,
    spec: ResourceSpec,
    body: Mapping[str, Any],
    resource_id: str,
    *,
    attempts: int = 0,
    refused_status: int | None = None,
) -> Outcome | None:
    """What a create whose natural key is in use by `resource_id` ends with: `exists` (keep
    it), `failed` (`refused_status`: the status a real writer counts it refused with), or
    None: update it to the body."""
    if choice is OnExisting.UPDATE:
        return None
    if choice is OnExisting.FAIL:
        why = already_exists(spec, body)
        return Outcome(Status.FAILED, resource_id, refused_status, attempts, why)
    return Outcome(Status.EXISTS, resource_id, attempts=attempts)


def merge(current: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """`current` with `changes` applied; nested objects (address, contact) merge key by key."""
    merged = dict(current)
    for name, value in changes.items():
        if isinstance(value, Mapping) and isinstance(merged.get(name), Mapping):
            merged[name] = merge(merged[name], value)
        else:
            merged[name] = value
    return merged


@dataclass(frozen=True, slots=True)
class Update:
    """An update worked out against the resource as it is: a PUT clears whatever it is not
    given, so `after` is the whole writable body with the changes merged in (and an item's
    total set to the sum of its attributes)."""

    before: dict[str, Any]
    after: dict[str, Any]

    @property
    def changes_anything(self) -> bool:
        return self.after != self.before


def merged_update(
    spec: ResourceSpec, current: Mapping[str, Any], changes: Mapping[str, Any]
) -> Update:
    before = spec.writable_body(current)
    return Update(before, spec.with_totals(current, merge(before, changes)))


@dataclass(frozen=True, slots=True)
class Found:
    """A resource found by natural key after a lost answer or a 409."""

    resource_id: str
    ours: bool  # it holds every field this create sent
    why: str  # the fields it does not hold, when it is not ours
    doubles: tuple[str, ...] = ()  # several hold them all (a kind not kept unique): whose?


def whose(found: str, held: Mapping[str, Mapping[str, Any]], sent: Mapping[str, Any]) -> Found:
    """Whose `found` is, given every candidate of its name as it is (`held`, by id): a
    resource is this run's when it holds every field `sent`; when several do, another writer
    sent the same body at the same time and which one this run made cannot be told."""
    differing = {candidate: differences(sent, resource) for candidate, resource in held.items()}
    ours = [candidate for candidate, differ in differing.items() if not differ]
    if len(ours) > 1:
        return Found(ours[0], ours=False, why="", doubles=tuple(ours))
    if ours:
        return Found(ours[0], ours=True, why="")
    return Found(found, ours=False, why=", ".join(differing.get(found, ())))


def left_alone(
    sent: Mapping[str, Any],
    resource: Mapping[str, Any],
    resource_id: str,
    *,
    http_status: int | None = None,
    attempts: int = 0,
) -> Outcome | None:
    """`exists` for a resource that undo would remove or cancel but that does not hold what
    this run's create sent: someone else made it. None when it is this run's."""
    differing = differences(sent, resource)
    if not differing:
        return None
    why = f"left alone: not made by this run (its {', '.join(differing)} differs)"
    return Outcome(Status.EXISTS, resource_id, http_status, attempts, why)
