"""`bulkspot serve`: run the local EventSpot API simulator (filled in by the simulator work)."""

from __future__ import annotations

import click


@click.command()
def serve() -> None:
    """Run the local EventSpot API simulator."""
    raise click.ClickException("the simulator is not built yet")
