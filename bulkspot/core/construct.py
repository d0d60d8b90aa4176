"""Frozen slotted dataclasses built at the cost of a plain object, for the per-row path.

A frozen dataclass's __init__ sets each field through `object.__setattr__`: ~1.5 us for an
`Operation` on CPython 3.11, a sixth of a row's whole budget. Here the fields are stored on a
plain "shadow" object with the very same slots (specialised attribute stores, ~10 ns each),
which then becomes the real class by `__class__` assignment (allowed between classes of the
same layout). The result is the object the dataclass's own __init__ makes: the same type,
fields, equality and immutability (the tests hold the two equal). If a class ever gains a
field, a __post_init__ or loses its slots, `shadow_of` says so and the class itself is used.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from typing import Any

from bulkspot.core.operation import Action, IdSource, Operation, OpKey

new_object = object.__new__


def shadow_of(cls: type[Any], names: tuple[str, ...]) -> type[Any] | None:
    """A plain class whose instances, once `names` are set, can become `cls` instances by
    assigning `__class__`; None when `cls` is not a slotted dataclass of exactly `names`."""
    fields = tuple(f.name for f in dataclasses.fields(cls))
    if fields != names or cls.__dict__.get("__slots__") != names:
        return None
    if hasattr(cls, "__post_init__") or cls.__bases__ != (object,):
        return None
    shadow = type(f"{cls.__name__}Shadow", (), {"__slots__": names, "__module__": __name__})
    try:
        probe: Any = new_object(shadow)
        probe.__class__ = cls
    except TypeError:  # pragma: no cover - the layouts differ after all
        return None
    return shadow


_KEY: Any = shadow_of(OpKey, ("row", "part"))
_OPERATION: Any = shadow_of(
    Operation, ("key", "kind", "action", "fields", "path_ids", "target", "refs", "ends_row")
)


def _new_key(row: int, part: str) -> OpKey:
    made: Any = new_object(_KEY)
    made.row = row
    made.part = part
    made.__class__ = OpKey
    key: OpKey = made
    return key


def _new_operation(
    key: OpKey,
    kind: str,
    action: Action,
    fields: Mapping[str, Any],
    path_ids: Mapping[str, IdSource],
    target: IdSource | None,
    refs: Mapping[str, tuple[IdSource, ...]],
    ends_row: bool,
) -> Operation:
    made: Any = new_object(_OPERATION)
    made.key = key
    made.kind = kind
    made.action = action
    made.fields = fields
    made.path_ids = path_ids
    made.target = target
    made.refs = refs
    made.ends_row = ends_row
    made.__class__ = Operation
    operation: Operation = made
    return operation


new_key: Callable[[int, str], OpKey] = _new_key if _KEY is not None else OpKey
new_operation: Callable[..., Operation] = _new_operation if _OPERATION is not None else Operation
