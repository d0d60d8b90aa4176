"""What the shared options' values must be, checked as click reads them: a bad value is a
usage error naming the option (exit 2) before anything is opened or sent.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import click

from bulkspot.api_kinds import event_id_problem


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


def event_id_value(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An event id becomes a segment of the API's paths and of file names: checked as an
    event_id cell is (core's one id check), nothing that could step into another path."""
    why = event_id_problem(value) if value is not None else None
    if why is not None:
        raise click.BadParameter(why)
    return value


def existing_journal(ctx: click.Context, param: click.Parameter, value: Path | None) -> Path | None:
    """A journal that must be there already (undo), checked before anything else is."""
    if value is not None and not value.is_file():
        raise click.BadParameter(f"no journal at {value}")
    return value
