"""The planners of each kind (see `bulkspot.core.plan`): the common work in `base`, the
kinds with more to do in a module each, which the kind's declaration names
(`SheetSpec.planner`). A kind that names none plans with `Planner`."""

from __future__ import annotations

import importlib
from functools import cache

from bulkspot.core.planners.base import Planner
from bulkspot.core.resources import spec_for

__all__ = ["Planner", "planner_for"]


def planner_for(kind: str) -> type[Planner]:
    """The planner class of a kind (singular, as `ResourceSpec.kind`)."""
    return _planner(spec_for(kind).sheet.planner)


@cache
def _planner(name: str) -> type[Planner]:
    """The class a declaration names ("items:ItemPlanner"), imported when first asked for:
    the kinds are declared before the planners, which import the registry."""
    if not name:
        return Planner
    module, _, attribute = name.partition(":")
    found = getattr(importlib.import_module(f"{__name__}.{module}"), attribute)
    if not (isinstance(found, type) and issubclass(found, Planner)):
        raise TypeError(f"{name!r} names no planner")  # pragma: no cover
    return found
