"""The planners of each kind (see `bulkspot.core.plan`): the common work in `base`, the
kinds with more to do in a module each."""

from __future__ import annotations

from bulkspot.core.planners.attributes import AttributePlanner
from bulkspot.core.planners.base import Planner
from bulkspot.core.planners.items import ItemPlanner
from bulkspot.core.planners.promocodes import PromocodePlanner

__all__ = ["PLANNERS", "AttributePlanner", "ItemPlanner", "Planner", "PromocodePlanner"]

PLANNERS: dict[str, type[Planner]] = {
    "item": ItemPlanner,
    "attribute": AttributePlanner,
    "promocode": PromocodePlanner,
}
