"""The Codes group of `bulkspot promocodes generate`: how many codes, what they look like,
and the terms each one carries (a discount or an access fee, uses, paused).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bulkspot.api_codes import DEFAULT_LENGTH, UNLIMITED
from bulkspot.api_kinds import CURRENCIES
from bulkspot.cli.help_sections import F, option, stacked


def quantity_value(ctx: click.Context, param: click.Parameter, value: Any) -> int:
    """Uses per code: a whole number, or unlimited (-1 for the API)."""
    text = str(value).strip().lower()
    if text in ("unlimited", "-1"):
        return UNLIMITED
    if not text.isdigit():
        raise click.BadParameter(f"{value!r} is not a whole number or 'unlimited'")
    return int(text)


def codes_options(func: F) -> F:
    return stacked(
        option(
            "--count",
            section="Codes",
            metavar="N",
            type=click.IntRange(min=1),
            required=True,
            help="How many codes.",
        ),
        option(
            "--prefix",
            section="Codes",
            metavar="P",
            default="",
            help="What every code starts with, e.g. VIP_.",
        ),
        option(
            "--length",
            section="Codes",
            metavar="L",
            type=int,
            default=DEFAULT_LENGTH,
            show_default=True,
            help="Characters per code, prefix included (the API allows 4-12).",
        ),
        option(
            "--seed",
            section="Codes",
            metavar="N",
            type=int,
            help="The same seed gives the same codes.",
        ),
        option(
            "--discount",
            section="Codes",
            metavar="20%|15.00",
            help="A percent (20%) or an amount (15.00).",
        ),
        option(
            "--scope",
            section="Codes",
            type=click.Choice(["FEE_LIST", "ORDER_TOTAL"], case_sensitive=False),
            metavar="FEE_LIST|ORDER_TOTAL",
            help="What the discount applies to [default: FEE_LIST with --fees, else ORDER_TOTAL].",
        ),
        option(
            "--fees",
            section="Codes",
            metavar='"LABEL;LABEL"',
            help="The fees of a FEE_LIST discount.",
        ),
        option(
            "--access-fee",
            section="Codes",
            metavar="LABEL",
            help="Access codes: the restricted fee they open.",
        ),
        option(
            "--quantity",
            section="Codes",
            metavar="N|unlimited",
            callback=quantity_value,
            default="unlimited",
            show_default=True,
            help="Uses per code.",
        ),
        option("--paused", section="Codes", is_flag=True, help="Create the codes paused."),
        option(
            "--output",
            section="Codes",
            metavar="FILE",
            type=click.Path(dir_okay=False, path_type=Path),
            help="The CSV to write [default: promocodes-EVENT-COUNT-DIGEST.csv, where the digest "
            "stands for the options, so the same command finds it again and finishes it].",
        ),
        option("--only-csv", section="Codes", is_flag=True, help="Write the CSV; import nothing."),
        option(
            "--currency",
            section="Codes",
            metavar="CODE",
            type=click.Choice(CURRENCIES, case_sensitive=False),
            help="The currency of an amount --discount, which must be the event's (default: "
            "the one its sign names, else USD).",
        ),
    )(func)
