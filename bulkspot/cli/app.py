"""The `bulkspot` command group; each command lives in a module of its own."""

from __future__ import annotations

import click

from bulkspot import __version__
from bulkspot.cli.boundary import BulkspotGroup
from bulkspot.cli.columns_cmd import columns_command
from bulkspot.cli.demo_cmd import demo_command
from bulkspot.cli.import_cmd import import_command
from bulkspot.cli.promocodes_cmd import promocodes_group
from bulkspot.cli.serve import serve
from bulkspot.cli.undo_cmd import undo_command


@click.group(
    cls=BulkspotGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(__version__, prog_name="bulkspot")
def cli() -> None:
    """Bulk imports from CSV/XLSX sheets into the Constant Contact v2 EventSpot API.

    Credentials come from CTCT_API_KEY and CTCT_ACCESS_TOKEN; `bulkspot serve` runs a local
    simulator of the API to rehearse against, and `bulkspot demo` shows it all end to end.

    \b
    Example:
      bulkspot demo
      bulkspot columns items
      bulkspot import items inventory.xlsx --event a07e1iw4r2m67314717
    """


for command in (
    import_command,
    promocodes_group,
    columns_command,
    undo_command,
    demo_command,
    serve,
):
    cli.add_command(command)


def main() -> None:
    """The console-script entry point."""
    cli(prog_name="bulkspot")
