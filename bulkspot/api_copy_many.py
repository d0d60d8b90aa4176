"""One template, many accounts, for scripts and the command line.

    targets = [bulkspot.api.CopyTarget("north", "a07e...", RunConfig(north_settings)), ...]
    job = bulkspot.api.ManyCopyJob("a07e<template>", targets)
    summary = await bulkspot.api.copy_to_accounts(job, RunConfig(template_settings))
    for account in summary.accounts:
        print(account.name, account.state, account.counts)

Every target runs at once in this process at its own key's rate, keeps its journals and
results in its account's folder, and stops alone; the template is read once for them all.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from pathlib import Path

from bulkspot.config import RunConfig
from bulkspot.connection import connect
from bulkspot.runner.copy_many import (
    AccountCopy,
    CopyTarget,
    ManyCopyJob,
    ManyCopySummary,
    copy_to_accounts,
)
from bulkspot.sources.accounts import AccountLine, read_accounts

__all__ = [
    "AccountCopy",
    "AccountLine",
    "CopyTarget",
    "ManyCopyJob",
    "ManyCopySummary",
    "copy_many",
    "targets_from_file",
]


async def copy_many(
    job: ManyCopyJob,
    source: RunConfig,
    *,
    handle_signals: bool = False,
    on_kind: Callable[[str, str, str], None] | None = None,
) -> ManyCopySummary:
    """Copy `job.from_event` of the `source` account into each target's event, all at once
    in this process. One account's stop is its own (its AccountCopy says why); the
    template's own stop (a bad token there) stops every account."""
    from bulkspot.core.wording import for_library

    with for_library():
        async with connect(source) as reader:
            return await copy_to_accounts(
                job,
                source=reader,
                source_api=source.api.base_url,
                connect=connect,
                handle_signals=handle_signals,
                on_kind=on_kind,
            )


def targets_from_file(
    path: Path, config: RunConfig, environ: Mapping[str, str] | None = None
) -> tuple[CopyTarget, ...]:
    """The accounts file's targets (sources/accounts.py), each with `config`'s limits and
    retry policy and its own API settings; ConfigError naming the line of a mistake."""
    import dataclasses

    lines = read_accounts(path, os.environ if environ is None else environ, config.api.base_url)
    return tuple(_target(line, dataclasses.replace(config, api=line.api)) for line in lines)


def _target(line: AccountLine, config: RunConfig) -> CopyTarget:
    from bulkspot.errors import ConfigError

    try:
        return CopyTarget(line.name, line.to_event, config, given_in=line.where)
    except ConfigError as error:
        raise ConfigError(f"{line.where}: {error}") from None  # "<file> line <n>: ..."
