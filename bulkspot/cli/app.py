"""The `bulkspot` command group; each command lives in a module of its own."""

from __future__ import annotations

import click

from bulkspot import __version__
from bulkspot.cli.serve import serve


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="bulkspot")
def cli() -> None:
    """Bulk imports from CSV/XLSX sheets into the Constant Contact v2 EventSpot API.

    \b
    Example:
      bulkspot demo
    """


cli.add_command(serve)


def main() -> None:
    """The console-script entry point."""
    cli(prog_name="bulkspot")
