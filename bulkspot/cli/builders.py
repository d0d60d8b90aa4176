"""From options to objects: each command gets one RunConfig, one ImportJob and one View
instead of the 18-22 values of the option groups (bulkspot/cli/options.py).

    @builds(config=build_config, job=build_job, view=build_view)
    def import_command(config: RunConfig, job: ImportJob, view: View) -> None: ...

A value that cannot work (no api key, plain http to a remote host) is a clean usage error,
exit 2, before the command runs, as it would be inside it.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TypeVar, cast

from bulkspot.api import ImportJob
from bulkspot.api_kinds import DateOrder, OnExisting
from bulkspot.cli.boundary import user_errors
from bulkspot.cli.credentials import api_settings
from bulkspot.cli.logging_observer import LogTarget
from bulkspot.config import Limits, RunConfig

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True, slots=True)
class View:
    """How a command shows its run: the progress (or --quiet) and where its log goes."""

    quiet: bool = False
    log: LogTarget = field(default_factory=LogTarget)
    json: bool = False  # --json: the summary as one JSON object, the only thing on stdout


def build_config(
    rate: float,
    concurrency: int | None,
    base_url: str,
    api_key: str | None,
    token: str | None,
    on_existing: str = OnExisting.SKIP.value,
) -> RunConfig:
    """@limits_options, @credentials_options (and --on-existing) as one RunConfig."""
    return RunConfig(
        api=api_settings(base_url, api_key, token),
        limits=Limits(rate=rate, concurrency=concurrency),
        on_existing=OnExisting(on_existing),
    )


def build_job(
    kind: str,
    file: Path,
    event_id: str | None,
    sheet: str | None,
    column_map: Mapping[str, str],
    results_path: Path | None,
    journal_path: Path | None,
    dry_run: bool,
    strict: bool,
    fresh: bool,
    retry_failed: bool,
    date_order: str | None = None,
    currency: str | None = None,
    partial: bool = False,
    header_row: int | None = None,
    decimal_comma: bool = False,
    decimal_point: bool = False,
    limit: int | None = None,
    verify: bool = False,
    log_path: Path | None = None,
    constants: Mapping[str, str] | None = None,
) -> ImportJob:
    """KIND FILE, @input_options and @output_options as one ImportJob."""
    return ImportJob(
        kind=kind,
        source=file,
        event_id=event_id,
        sheet=sheet,
        column_map=dict(column_map),
        results_path=results_path,
        journal_path=journal_path,
        dry_run=dry_run,
        strict=strict,
        fresh=fresh,
        retry_failed=retry_failed,
        date_order=DateOrder(date_order.upper()) if date_order else None,
        currency=currency.upper() if currency else None,
        partial=partial,
        header_row=header_row,
        decimal_comma=decimal_comma,
        decimal_point=decimal_point,
        limit=limit,
        verify=verify,
        log_path=log_path,
        constants=dict(constants or {}),
    )


def build_view(
    quiet: bool, log_path: Path | None, verbose: bool, json_summary: bool = False
) -> View:
    """@view_options (and --json) as one View."""
    return View(quiet=quiet, log=LogTarget(path=log_path, verbose=verbose), json=json_summary)


def builds(**builders: Callable[..., Any]) -> Callable[[F], F]:
    """Hand the command one object per builder instead of the options that make it.

    Each builder is called, in the order given, with the command's values named like its
    parameters (and the objects built before it), and its result passed to the command as
    the keyword it is given under; the values it took are not passed on. An error a person
    can fix (a ConfigError, say) is a clean message and exit 2, as inside the command.
    """
    wanted = {name: inspect.signature(build).parameters for name, build in builders.items()}

    def decorate(func: F) -> F:
        @functools.wraps(func)
        def command(**values: Any) -> Any:
            built: dict[str, Any] = {}
            taken: set[str] = set()
            with user_errors():
                for name, build in builders.items():
                    known = {**values, **built}
                    given = {p: known[p] for p in wanted[name] if p in known}
                    built[name] = build(**given)
                    taken.update(p for p in given if p in values)
            rest = {k: v for k, v in values.items() if k not in taken}
            return func(**rest, **built)

        return cast(F, command)

    return decorate
