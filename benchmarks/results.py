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
    limited_by: str = ""  # what sets the figure: the limit, client or server CPU, ...


def retired(was: str) -> str:
    """The goal cell of a figure whose goal issue 24 retired (see RESULTS.md's notes): it is
    measured as before, and no verdict is given."""
    return f"none (retired: was {was})"


def busiest(wall: float, client_cpu: float, server_cpu: float | None = None) -> str:
    """What a run's wall time was spent on, from the CPU seconds each side used in it: the
    side that kept its core busiest (a share near 100% is the one that sets the pace)."""
    shares = {"client CPU": client_cpu / wall}
    if server_cpu is not None:
        shares["server CPU"] = server_cpu / wall
    side = max(shares, key=lambda s: shares[s])
    busy = ", ".join(f"{name} {share:.0%} busy" for name, share in shares.items())
    if shares[side] < 0.5:  # neither side worked for most of the time: it waited
        return f"waiting ({busy})"
    return f"{side} ({busy})"


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
