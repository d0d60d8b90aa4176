"""`bulkspot columns KIND`: the sheet format of a kind, from the mapping's own description.

Off a terminal it prints plain text, so it imports rich only to draw the table.
"""

from __future__ import annotations

import shlex
from pathlib import Path
from typing import TYPE_CHECKING

import click

from bulkspot.api_columns import ColumnDoc, describe_columns, privileges_line
from bulkspot.cli.boundary import user_errors
from bulkspot.cli.input_options import header_row_option
from bulkspot.cli.options import KINDS

if TYPE_CHECKING:
    from rich.console import Console


def make_console() -> Console:
    """The console of every command (bulkspot/cli/execution.py), imported when it is used."""
    from bulkspot.cli.execution import make_console as make

    return make()


def _also(doc: ColumnDoc) -> str:
    return ", ".join(doc.aliases)


def markdown(kind: str, docs: list[ColumnDoc]) -> str:
    """A Markdown table of the columns (the README's sheet formats are made of these)."""
    lines = [
        "| column | required | what it holds | also read from |",
        "|---|---|---|---|",
    ]
    for doc in docs:
        holds = f"{doc.type}; {doc.doc}" if doc.doc else doc.type
        cells = [f"`{doc.name}`", "yes" if doc.required else "", holds, _also(doc)]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines)


def plain(docs: list[ColumnDoc]) -> str:
    """One block per column, for pipes and files: no table to break at a narrow width."""
    blocks = []
    for doc in docs:
        lines = [f"{doc.name}{'  (required)' if doc.required else ''}", f"    {doc.type}"]
        if doc.doc:
            lines.append(f"    {doc.doc}")
        if doc.aliases:
            lines.append(f"    also read from: {_also(doc)}")
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


def suggestion(kind: str, path: Path, sheet: str | None, header_row: int | None) -> str:
    """The mapping file for a person's sheet: how each of its headers would be read."""
    from bulkspot.api_columns import mapping_suggestion

    command = ["bulkspot", "import", kind, str(path)]
    command += ["--sheet", sheet] if sheet else []
    command += ["--header-row", str(header_row)] if header_row else []
    return mapping_suggestion(
        kind, path, sheet=sheet, header_row=header_row, command=shlex.join(command)
    )


@click.command("columns")
@click.argument("kind", type=click.Choice(KINDS), metavar="KIND")
@click.option("--markdown", "as_markdown", is_flag=True, help="A Markdown table instead.")
@click.option(
    "--suggest",
    metavar="SHEET",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="Write a mapping file for SHEET instead: each header with the column it is read "
    "as, the others commented out with the closest columns (use it with --map @FILE).",
)
@click.option("--sheet", metavar="NAME", help="With --suggest: the worksheet of an XLSX file.")
@header_row_option
def columns_command(
    kind: str,
    as_markdown: bool,
    suggest: Path | None,
    sheet: str | None,
    header_row: int | None,
) -> None:
    """Show the columns a sheet of KIND may have: events, fees, items, attributes,
    promocodes, folders, files, lists, campaigns or schedules. Headers match ignoring case,
    spaces, dashes and underscores, or by one of the other names shown; any other header can
    be mapped with --map COLUMN=FIELD. The privileges the access token needs close the list.

    \b
    Example:
      bulkspot columns items
      bulkspot columns promocodes --markdown
      bulkspot columns items --suggest inventory.csv > items.map
      bulkspot import items inventory.csv --map @items.map
    """
    if suggest is not None:
        with user_errors():
            click.echo(suggestion(kind, suggest, sheet, header_row), nl=False)
        return
    docs = describe_columns(kind)
    if as_markdown:
        click.echo(markdown(kind, docs))
        return
    console = make_console()
    if not console.is_terminal:
        click.echo(plain(docs))
        click.echo(privileges_line(kind))  # what the access token must hold
        return
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=f"columns of a {kind} sheet", box=box.SIMPLE_HEAD, title_justify="left")
    table.add_column("column", no_wrap=True)
    table.add_column("required", no_wrap=True)
    table.add_column("type", ratio=2)
    table.add_column("what it holds", ratio=3)
    table.add_column("also read from", ratio=2)
    for doc in docs:
        table.add_row(
            Text(doc.name, style="bold"),
            Text("yes" if doc.required else ""),
            Text(doc.type),
            Text(doc.doc),
            Text(_also(doc), style="dim"),
        )
    console.print(table)
    console.print(privileges_line(kind), highlight=False)
