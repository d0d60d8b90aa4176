"""The planners of each kind (see `bulkspot.core.plan`): the common work in `base`, the
kinds with more to do in a module each. A kind without one here plans with `Planner`."""

from __future__ import annotations

from bulkspot.core.planners.attributes import AttributePlanner
from bulkspot.core.planners.base import Planner
from bulkspot.core.planners.campaigns import CampaignPlanner
from bulkspot.core.planners.events import EventPlanner
from bulkspot.core.planners.files import FilePlanner
from bulkspot.core.planners.folders import FolderPlanner
from bulkspot.core.planners.items import ItemPlanner
from bulkspot.core.planners.promocodes import PromocodePlanner
from bulkspot.core.planners.schedules import SchedulePlanner
from bulkspot.core.resources import (
    ATTRIBUTE,
    CAMPAIGN,
    EVENT,
    FILE,
    FOLDER,
    ITEM,
    PROMOCODE,
    SCHEDULE,
)

__all__ = [
    "PLANNERS",
    "AttributePlanner",
    "CampaignPlanner",
    "EventPlanner",
    "FilePlanner",
    "FolderPlanner",
    "ItemPlanner",
    "Planner",
    "PromocodePlanner",
    "SchedulePlanner",
    "planner_for",
]

PLANNERS: dict[str, type[Planner]] = {
    EVENT.kind: EventPlanner,
    FOLDER.kind: FolderPlanner,
    FILE.kind: FilePlanner,
    ITEM.kind: ItemPlanner,
    ATTRIBUTE.kind: AttributePlanner,
    PROMOCODE.kind: PromocodePlanner,
    CAMPAIGN.kind: CampaignPlanner,
    SCHEDULE.kind: SchedulePlanner,
}


def planner_for(kind: str) -> type[Planner]:
    """The planner class of a kind (singular, as `ResourceSpec.kind`)."""
    return PLANNERS.get(kind, Planner)
