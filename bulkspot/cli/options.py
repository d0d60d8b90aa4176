"""Shared option groups as decorators, so every command takes the same flags the same way.

    @input_options       --event, --sheet, --header-row, --map, --date-order, --currency,
                         --decimal-comma, --decimal-point, --partial (cli/input_options.py)
    @limits_options      --rate, --concurrency
    @output_options      --results, --journal, --dry-run, --fresh, --strict, --retry-failed,
                         --on-existing, and @view_options
    @view_options        --quiet, --log, -v
    @credentials_options --base-url, --api-key, --token (env CTCT_API_KEY, CTCT_ACCESS_TOKEN,
                         BULKSPOT_BASE_URL)

The command never sees these one by one: `bulkspot.cli.builders.builds` turns them into the
objects the library takes (one RunConfig, one ImportJob, one View). A command made with
`cls=SectionedCommand` (cli/help_sections.py) shows each group under its own heading in
`--help`; the values are checked as click reads them (cli/option_values.py).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from bulkspot.api_kinds import IMPORTABLE_SHEETS, OnExisting
from bulkspot.cli.help_sections import F, option, stacked
from bulkspot.cli.option_values import concurrency_value, existing_journal
from bulkspot.config import DEFAULT_BASE_URL, STANDARD_RATE

# what `import KIND` and `columns KIND` accept: the registry's writable kinds, by plural name
KINDS = IMPORTABLE_SHEETS
KINDS_TEXT = f"{', '.join(KINDS[:-1])} or {KINDS[-1]}"  # "events, fees, ... or promocodes"


def rate_option(default: float = STANDARD_RATE) -> Callable[[F], F]:
    return option(
        "--rate",
        section="Limits",
        metavar="R",
        type=click.FloatRange(min=0, min_open=True),
        default=default,
        show_default=True,
        help="Requests per second, never exceeded (a standard key allows 4).",
    )


def limits_options(func: F) -> F:
    return stacked(
        rate_option(),
        option(
            "--concurrency",
            section="Limits",
            metavar="N|auto",
            callback=concurrency_value,
            default="auto",
            show_default=True,
            help="Requests in flight at once; auto fills the rate at the latency seen.",
        ),
    )(func)


def quiet_option(func: F) -> F:
    return option(
        "--quiet",
        "-q",
        section="Output",
        is_flag=True,
        help="No progress; only the summary and errors.",
    )(func)


def view_options(func: F) -> F:
    return stacked(
        quiet_option,
        option(
            "--log",
            "log_path",
            section="Output",
            metavar="FILE",
            type=click.Path(dir_okay=False, path_type=Path),
            help="Append a log of the run to FILE: each request (method, path, status, "
            "latency), retry and row outcome; secrets redacted.",
        ),
        option(
            "--verbose",
            "-v",
            section="Output",
            is_flag=True,
            help="Write that log to stderr as well.",
        ),
    )(func)


def journal_option(
    *,
    required: bool = False,
    help: str | None = None,
    section: str = "Output",
    must_exist: bool = False,
) -> Callable[[F], F]:
    return option(
        "--journal",
        "journal_path",
        section=section,
        metavar="FILE",
        type=click.Path(dir_okay=False, path_type=Path),
        required=required,
        callback=existing_journal if must_exist else None,
        help=help or "The journal that makes the run resumable (default: beside the input file).",
    )


def output_options(func: F) -> F:
    return stacked(
        option(
            "--results",
            "results_path",
            section="Output",
            metavar="FILE",
            type=click.Path(dir_okay=False, path_type=Path),
            help="The results file, one line per input row (default: beside the input file).",
        ),
        journal_option(),
        option(
            "--dry-run",
            section="Output",
            is_flag=True,
            help="Say what would be done, with read-only requests.",
        ),
        option(
            "--fresh",
            section="Output",
            is_flag=True,
            help="Start over: ignore the journal of an earlier run.",
        ),
        option(
            "--strict",
            section="Output",
            is_flag=True,
            help="Send nothing if any row is invalid.",
        ),
        option(
            "--retry-failed",
            section="Output",
            is_flag=True,
            help="Send the rows that failed last time again.",
        ),
        option(
            "--on-existing",
            section="Output",
            type=click.Choice([o.value for o in OnExisting]),
            default=OnExisting.SKIP.value,
            show_default=True,
            help="When the name is already in use: skip it, update it to the row, or fail.",
        ),
        view_options,
    )(func)


def credentials_options(func: F) -> F:
    return stacked(
        option(
            "--base-url",
            section="Credentials",
            metavar="URL",
            envvar="BULKSPOT_BASE_URL",
            show_envvar=True,
            default=DEFAULT_BASE_URL,
            show_default=True,
            help="The API; plain http only to the loopback (the simulator).",
        ),
        option(
            "--api-key",
            section="Credentials",
            metavar="K",
            envvar="CTCT_API_KEY",
            show_envvar=True,
            help="The API key (prefer the environment variable).",
        ),
        option(
            "--token",
            section="Credentials",
            metavar="T",
            envvar="CTCT_ACCESS_TOKEN",
            show_envvar=True,
            help="The OAuth access token (prefer the environment variable).",
        ),
    )(func)
