"""How the sheet is read, the Input group of `--help`: the event its rows belong to, the
worksheet, the header row, column mappings and constants, and how its dates and numbers are
written. `bulkspot import` takes them all (@input_options); other commands take the event or
the header row alone.
"""

from __future__ import annotations

from collections.abc import Callable

import click

from bulkspot.api_kinds import CURRENCIES, DEFAULT_CURRENCY, DateOrder
from bulkspot.cli.help_sections import F, option, stacked
from bulkspot.cli.option_values import constant_values, event_id_value, mapping_values


def header_row_option(func: F) -> F:
    return option(
        "--header-row",
        section="Input",
        metavar="N",
        type=click.IntRange(min=1),
        help="The row that names the columns (default: the first that names two of the "
        "kind's columns; title rows above it are skipped).",
    )(func)


def event_option(
    *,
    required: bool = False,
    help: str = "The event the rows belong to (fees, items, attributes, promocodes).",
) -> Callable[[F], F]:
    return option(
        "--event",
        "event_id",
        section="Input",
        metavar="ID",
        required=required,
        callback=event_id_value,
        help=help,
    )


def input_options(func: F) -> F:
    return stacked(
        event_option(),
        option(
            "--sheet",
            section="Input",
            metavar="NAME",
            help="The worksheet of an XLSX file (default: the first).",
        ),
        header_row_option,
        option(
            "--map",
            "column_map",
            section="Input",
            metavar="COLUMN=FIELD",
            multiple=True,
            callback=mapping_values,
            help="Read the sheet's COLUMN as FIELD (repeatable), or @FILE: the COLUMN=FIELD "
            "lines of a file (`bulkspot columns KIND --suggest SHEET` writes one).",
        ),
        option(
            "--set",
            "constants",
            section="Input",
            metavar="FIELD=VALUE",
            multiple=True,
            callback=constant_values,
            help="Give VALUE to every row whose FIELD column is missing or blank "
            "(repeatable), e.g. --set per_registrant_limit=10.",
        ),
        option(
            "--date-order",
            section="Input",
            metavar="DMY|MDY",
            type=click.Choice([o.value for o in DateOrder], case_sensitive=False),
            help="Whether 12/4/2027 is the 12th of April (DMY) or December the 4th (MDY); "
            "without it such a date is refused when it could be either.",
        ),
        option(
            "--currency",
            section="Input",
            metavar="CODE",
            type=click.Choice(CURRENCIES, case_sensitive=False),
            default=None,
            help="The sheet's currency, which must be the event's (default: the currency its "
            f"cells' signs name, else {DEFAULT_CURRENCY}): an amount with another currency's "
            "sign or code (€4 on a USD sheet) is refused.",
        ),
        option(
            "--decimal-comma",
            section="Input",
            is_flag=True,
            help="Numbers are written 1.234,50 (default: so read only when the sheet is "
            "`;`-separated and its numbers have decimal commas and no decimal points).",
        ),
        option(
            "--decimal-point",
            section="Input",
            is_flag=True,
            help="Numbers are written 1,234.50: an amount of 1.200 is 1.20 (default: so read "
            "when a cell is written so and none has a decimal comma; else 1.200 is refused).",
        ),
        option(
            "--partial",
            section="Input",
            is_flag=True,
            help="Send an item's valid rows even when another row of the item is invalid "
            "(by default the item is sent whole or not at all).",
        ),
    )(func)
