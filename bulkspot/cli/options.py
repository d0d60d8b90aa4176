"""Shared option groups as decorators, so every command takes the same flags the same way.

    @input_options       --event, --sheet, --map
    @limits_options      --rate, --concurrency
    @output_options      --results, --journal, --quiet, --dry-run, --fresh, --strict,
                         --retry-failed, --on-existing
    @credentials_options --base-url, --api-key, --token (env CTCT_API_KEY, CTCT_ACCESS_TOKEN,
                         BULKSPOT_BASE_URL)

Each group hands its values to the command as keyword arguments; `limits_from`,
`column_map_from` and `credentials.api_settings` turn them into settings.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from bulkspot.config import DEFAULT_BASE_URL, STANDARD_RATE, Limits
from bulkspot.core.operation import OnExisting

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]

KINDS = ("events", "fees", "items", "attributes", "promocodes")


def _stack(*decorators: Callable[[Any], Any]) -> Callable[[F], F]:
    def apply(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply


def concurrency_value(ctx: click.Context, param: click.Parameter, value: Any) -> int | None:
    """A positive whole number, or `auto` (None): enough to fill the rate at the latency."""
    text = str(value).strip().lower()
    if value is None or text == "auto":
        return None
    try:
        number = int(text)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a whole number or 'auto'") from None
    if number < 1:
        raise click.BadParameter("must be at least 1 (or auto)")
    return number


def mapping_values(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    """`COLUMN=FIELD` pairs: read the sheet's COLUMN as the API's FIELD."""
    mapped: dict[str, str] = {}
    for value in values:
        column, sep, field = value.partition("=")
        column, field = column.strip(), field.strip()
        if not sep or not column or not field:
            raise click.BadParameter(f"{value!r} is not COLUMN=FIELD (e.g. --map 'Size=name')")
        if mapped.get(column, field) != field:
            raise click.BadParameter(f"the column {column!r} is mapped twice")
        mapped[column] = field
    return mapped


def event_option(*, required: bool = False) -> Callable[[F], F]:
    return click.option(
        "--event",
        "event_id",
        metavar="ID",
        required=required,
        help="The event the rows belong to (fees, items, attributes, promocodes).",
    )


def input_options(func: F) -> F:
    return _stack(
        event_option(),
        click.option(
            "--sheet", metavar="NAME", help="The worksheet of an XLSX file (default: the first)."
        ),
        click.option(
            "--map",
            "column_map",
            metavar="COLUMN=FIELD",
            multiple=True,
            callback=mapping_values,
            help="Read the sheet's COLUMN as FIELD (repeatable); see `bulkspot columns KIND`.",
        ),
    )(func)


def rate_option(default: float = STANDARD_RATE) -> Callable[[F], F]:
    return click.option(
        "--rate",
        metavar="R",
        type=click.FloatRange(min=0, min_open=True),
        default=default,
        show_default=True,
        help="Requests per second, never exceeded (a standard key allows 4).",
    )


def limits_options(func: F) -> F:
    return _stack(
        rate_option(),
        click.option(
            "--concurrency",
            metavar="N|auto",
            callback=concurrency_value,
            default="auto",
            show_default=True,
            help="Requests in flight at once; auto fills the rate at the latency seen.",
        ),
    )(func)


def quiet_option(func: F) -> F:
    return click.option(
        "--quiet", "-q", is_flag=True, help="No progress; only the summary and errors."
    )(func)


def journal_option(*, required: bool = False, help: str | None = None) -> Callable[[F], F]:
    return click.option(
        "--journal",
        "journal_path",
        metavar="FILE",
        type=click.Path(dir_okay=False, path_type=Path),
        required=required,
        help=help or "The journal that makes the run resumable (default: beside the input file).",
    )


def output_options(func: F) -> F:
    return _stack(
        click.option(
            "--results",
            "results_path",
            metavar="FILE",
            type=click.Path(dir_okay=False, path_type=Path),
            help="The results file, one line per input row (default: beside the input file).",
        ),
        journal_option(),
        quiet_option,
        click.option(
            "--dry-run", is_flag=True, help="Say what would be done, with read-only requests."
        ),
        click.option(
            "--fresh", is_flag=True, help="Start over: ignore the journal of an earlier run."
        ),
        click.option("--strict", is_flag=True, help="Send nothing if any row is invalid."),
        click.option(
            "--retry-failed", is_flag=True, help="Send the rows that failed last time again."
        ),
        click.option(
            "--on-existing",
            type=click.Choice([o.value for o in OnExisting]),
            default=OnExisting.SKIP.value,
            show_default=True,
            help="When the name is already in use: skip it, update it to the row, or fail.",
        ),
    )(func)


def credentials_options(func: F) -> F:
    return _stack(
        click.option(
            "--base-url",
            metavar="URL",
            envvar="BULKSPOT_BASE_URL",
            show_envvar=True,
            default=DEFAULT_BASE_URL,
            show_default=True,
            help="The API; plain http only to the loopback (the simulator).",
        ),
        click.option(
            "--api-key",
            metavar="K",
            envvar="CTCT_API_KEY",
            show_envvar=True,
            help="The API key (prefer the environment variable).",
        ),
        click.option(
            "--token",
            metavar="T",
            envvar="CTCT_ACCESS_TOKEN",
            show_envvar=True,
            help="The OAuth access token (prefer the environment variable).",
        ),
    )(func)


def limits_from(rate: float, concurrency: int | None) -> Limits:
    return Limits(rate=rate, concurrency=concurrency)
