"""The `bulkspot` command group; each command lives in a module of its own, imported only
when it runs (bulkspot/cli/lazy.py), so `bulkspot --help` costs no more than click."""

from __future__ import annotations

import click

from bulkspot.cli.lazy import LazyCommand, LazyGroup

COMMANDS = {
    "import": LazyCommand(
        "bulkspot.cli.import_cmd:import_command",
        "Import the rows of FILE (CSV, XLSX or JSONL) as KIND: events, fees, items, "
        "attributes, promocodes, folders, files, lists, campaigns or schedules.",
    ),
    "promocodes": LazyCommand(
        "bulkspot.cli.promocodes_cmd:promocodes_group", "Promocodes made by bulkspot."
    ),
    "columns": LazyCommand(
        "bulkspot.cli.columns_cmd:columns_command",
        "Show the columns a sheet of KIND may have: events, fees, items, attributes, promocodes, "
        "folders, files, lists, campaigns or schedules.",
    ),
    "events": LazyCommand(
        "bulkspot.cli.events_cmd:events_group",
        "Publish or cancel events by id (a sheet's status column does many).",
    ),
    "export": LazyCommand(
        "bulkspot.cli.export_cmd:export_command",
        "Export KIND as the sheet `bulkspot import KIND` reads, ids filled: import it again "
        "to change exactly the edited rows.",
    ),
    "copy": LazyCommand(
        "bulkspot.cli.copy_cmd:copy_command",
        "Copy an event's fees, items with attributes and promocodes into another event, "
        "maybe of another account: resumable and undoable like an import.",
    ),
    "undo": LazyCommand(
        "bulkspot.cli.undo_cmd:undo_command",
        "Undo an import: delete what its run created, attributes before items, promocodes "
        "before fees; events (which the API cannot delete) are cancelled.",
    ),
    "demo": LazyCommand(
        "bulkspot.cli.demo_cmd:demo_command",
        "Run the whole tool against its built-in simulator: an event, fees, items with "
        "sizes and colours, generated and hand-written promocodes, events published from a "
        "sheet and a tree of MyLibrary folders.",
    ),
    "serve": LazyCommand(
        "bulkspot.cli.serve:serve",
        "Run a local simulator of the EventSpot API (paths under http://HOST:PORT/v2/).",
    ),
}


@click.group(
    cls=LazyGroup,
    lazy=COMMANDS,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.version_option(package_name="bulkspot", prog_name="bulkspot")
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
    from bulkspot.api_wording import for_command_line

    # messages name options as flags (--fresh), not as a library caller's keywords
    click.get_current_context().with_resource(for_command_line())


def main() -> None:
    """The console-script entry point."""
    cli(prog_name="bulkspot")
