"""Shared option groups as decorators, so every command takes the same flags the same way.

    @input_options       --event, --sheet, --header-row, --map, --date-order, --currency,
                         --decimal-comma, --decimal-point, --partial
    @limits_options      --rate, --concurrency
    @output_options      --results, --journal, --dry-run, --fresh, --strict, --retry-failed,
                         --on-existing, and @view_options
    @view_options        --quiet, --log, -v
    @credentials_options --base-url, --api-key, --token (env CTCT_API_KEY, CTCT_ACCESS_TOKEN,
                         BULKSPOT_BASE_URL)

The command never sees these one by one: `bulkspot.cli.builders.builds` turns them into the
objects the library takes (one RunConfig, one ImportJob, one View). A command made with
`cls=SectionedCommand` shows each group under its own heading in `--help`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar

import click

from bulkspot.api_kinds import (
    CURRENCIES,
    DEFAULT_CURRENCY,
    IMPORTABLE_SHEETS,
    DateOrder,
    OnExisting,
    event_id_problem,
)
from bulkspot.config import DEFAULT_BASE_URL, STANDARD_RATE

F = TypeVar("F", bound=Callable[..., Any])
Decorator = Callable[[F], F]

# what `import KIND` and `columns KIND` accept: the registry's writable kinds, by plural name
KINDS = IMPORTABLE_SHEETS
KINDS_TEXT = f"{', '.join(KINDS[:-1])} or {KINDS[-1]}"  # "events, fees, ... or promocodes"


class SectionedOption(click.Option):
    """An option that belongs to a named group of the help (Input, Limits, ...)."""

    def __init__(self, *args: Any, section: str = "Options", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section = section


class SectionedCommand(click.Command):
    """`--help` with the options under their groups' headings, in the order they come, and
    the options of no group (--help among them) last."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx) if isinstance(param, click.Option) else None
            if record is not None:
                section = getattr(param, "section", "Options")
                sections.setdefault(section, []).append(record)
        plain = sections.pop("Options", [])  # --help and the command's own: last
        for name, records in [*sections.items(), ("Options", plain)]:
            if not records:
                continue
            with formatter.section(name):
                formatter.write_dl(records)


def option(*names: str, section: str, **kwargs: Any) -> Callable[[F], F]:
    """click.option, in a section of the help."""
    return click.option(*names, cls=SectionedOption, section=section, **kwargs)


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
    """`COLUMN=FIELD` pairs: read the sheet's COLUMN as the API's FIELD; `@FILE`: the pairs
    of a mapping file (one a line, # comments; `bulkspot columns KIND --suggest` writes one)."""
    mapped: dict[str, str] = {}
    for value in values:
        if value.startswith("@"):
            for column, field in mapping_file(value[1:]).items():
                if mapped.get(column, field) != field:
                    raise click.BadParameter(f"the column {column!r} is mapped twice")
                mapped[column] = field
            continue
        column, sep, field = value.rpartition("=")  # a field has no "=", a header may
        column, field = column.strip(), field.strip()
        if not sep or not column or not field:
            raise click.BadParameter(f"{value!r} is not COLUMN=FIELD (e.g. --map 'Size=name')")
        if mapped.get(column, field) != field:
            raise click.BadParameter(f"the column {column!r} is mapped twice")
        mapped[column] = field
    return mapped


def constant_values(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> dict[str, str]:
    """`FIELD=VALUE` pairs: the value every row gets for FIELD when its cell is missing."""
    given: dict[str, str] = {}
    for value in values:
        name, sep, constant = value.partition("=")
        name = name.strip()
        if not sep or not name:
            raise click.BadParameter(
                f"{value!r} is not FIELD=VALUE (e.g. --set per_registrant_limit=10)"
            )
        if given.get(name, constant) != constant:
            raise click.BadParameter(f"{name} is given twice ({given[name]!r} and {constant!r})")
        given[name] = constant
    return given


def mapping_file(name: str) -> dict[str, str]:
    """The COLUMN=FIELD lines of a mapping file; BadParameter when it cannot be read."""
    from bulkspot.api_columns import MappingFileError, parse_mapping

    try:
        text = Path(name).read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        why = error.strerror if isinstance(error, OSError) else "it is not UTF-8 text"
        raise click.BadParameter(f"@{name}: the mapping file cannot be read ({why})") from None
    try:
        return parse_mapping(text, name)
    except MappingFileError as error:
        raise click.BadParameter(str(error)) from None


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


def event_id_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An event id becomes a segment of the API's paths and of file names: checked as an
    event_id cell is (core's one id check), nothing that could step into another path."""
    why = event_id_problem(value) if value is not None else None
    if why is not None:
        raise click.BadParameter(why)
    return value


def input_options(func: F) -> F:
    return _stack(
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
    return _stack(
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
    return _stack(
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


def existing_journal(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """A journal that must be there already (undo), checked before anything else is."""
    if value is not None and not value.is_file():
        raise click.BadParameter(f"no journal at {value}")
    return value


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
    return _stack(
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
    return _stack(
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
