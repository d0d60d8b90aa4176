"""A scenario's figures: one table row per client, and the request starts drawn in rate.png."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Result:
    """One row of the table: what was measured, the goal, and what limits it."""

    scenario: str
    client: str
    measured: str
    goal: str = ""
    met: bool | None = None  # None: no goal for this row
    note: str = ""


@dataclass
class Findings:
    """Everything a run measured."""

    results: list[Result] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    # the request starts of one at-the-limit round, per client, and the limit
    starts: dict[str, list[float]] = field(default_factory=dict)
    limit: float = 0.0
    title: str = ""

    def add(self, *results: Result) -> None:
        self.results.extend(results)
