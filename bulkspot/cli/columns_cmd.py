"""`bulkspot columns KIND`: the sheet format of a kind, from the mapping's own description."""

from __future__ import annotations

from typing import Any

import click
from rich import box
from rich.table import Table

from bulkspot.cli.boundary import user_errors
from bulkspot.cli.execution import make_console
from bulkspot.cli.options import KINDS

HEADINGS = ("column", "required", "type", "what it holds")


def column_rows(kind: str) -> list[tuple[str, str, str, str]]:
    from bulkspot.core.columns import describe_columns

    return [_row(doc) for doc in describe_columns(kind)]


def _row(doc: Any) -> tuple[str, str, str, str]:
    required = getattr(doc, "required", False)
    return (
        str(doc.name),
        required if isinstance(required, str) else ("yes" if required else ""),
        str(getattr(doc, "type", "") or ""),
        str(getattr(doc, "doc", "") or getattr(doc, "description", "") or ""),
    )


@click.command("columns")
@click.argument("kind", type=click.Choice(KINDS), metavar="KIND")
def columns_command(kind: str) -> None:
    """Show the columns a sheet of KIND may have: events, fees, items, attributes or
    promocodes. Other headers can be mapped with --map COLUMN=FIELD.

    \b
    Example:
      bulkspot columns items
    """
    with user_errors():
        rows = column_rows(kind)
    console = make_console()
    if console.is_terminal:
        table = Table(*HEADINGS, title=f"columns of a {kind} sheet", box=box.SIMPLE_HEAD)
        for row in rows:
            table.add_row(*row)
        console.print(table)
        return
    widths = [max(len(h), *(len(r[i]) for r in rows)) for i, h in enumerate(HEADINGS[:3])]
    for row in [HEADINGS, *rows]:
        cells = [cell.ljust(width) for cell, width in zip(row[:3], widths, strict=True)]
        click.echo("  ".join([*cells, row[3]]).rstrip())
