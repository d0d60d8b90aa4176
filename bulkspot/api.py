"""The library facade: one call per job, the same guarantees as the command line.

    import bulkspot

    config = bulkspot.RunConfig(bulkspot.settings_from_env())
    summary = bulkspot.run_import("items", "inventory.csv", event_id="a07e...", config=config)
    print(summary.counts, summary.results_path, summary.exit_code)

`open_client(config)` is the API resource by resource for a script's own requests, kept to
the same rules as an import: the rate is never exceeded, over-limit answers slow it down,
transient failures are retried with backoff, a create whose outcome is unknown is looked up
by its natural key before it is ever sent again, and a fatal answer (401, the daily quota,
an unknown key) raises StopRun at once and for every later call.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

from bulkspot.api_codes import generate_promocodes
from bulkspot.config import (
    DEFAULT_BASE_URL,
    ApiSettings,
    Limits,
    RetryPolicy,
    RunConfig,
    checked_config,
)
from bulkspot.connection import connect
from bulkspot.events import Observer
from bulkspot.runner.job import (
    EXIT_OK,
    EXIT_SOME_ROWS_BAD,
    EXIT_STOPPED,
    ImportJob,
    RunSummary,
)
from bulkspot.session import import_sheet, open_client, run_import, run_undo, undo_journal

if TYPE_CHECKING:
    from bulkspot.api_copy_many import (
        AccountCopy,
        CopyTarget,
        ManyCopyJob,
        ManyCopySummary,
        copy_many,
        targets_from_file,
    )
    from bulkspot.runner.client import Client
    from bulkspot.runner.copy import CopyJob, CopySummary
    from bulkspot.runner.export import ExportJob, ExportSummary
    from bulkspot.runner.generate import GeneratedCodes, PromocodeBatch
    from bulkspot.runner.page_reader import ExportProgress as ExportProgress
    from bulkspot.runner.pathargs import StrPath
    from bulkspot.transport.base import Sender
    from bulkspot.types import writable

__all__ = [
    "EXIT_OK",
    "EXIT_SOME_ROWS_BAD",
    "EXIT_STOPPED",
    "AccountCopy",
    "ApiSettings",
    "Client",
    "CopyJob",
    "CopySummary",
    "CopyTarget",
    "ExportJob",
    "ExportSummary",
    "GeneratedCodes",
    "ImportJob",
    "Limits",
    "ManyCopyJob",
    "ManyCopySummary",
    "PromocodeBatch",
    "RetryPolicy",
    "RunConfig",
    "RunSummary",
    "copy",
    "copy_many",
    "export",
    "generate_promocodes",
    "import_sheet",
    "open_client",
    "run_copy",
    "run_export",
    "run_import",
    "run_undo",
    "settings_from_env",
    "targets_from_file",
    "undo_journal",
    "writable",
]

# Imported on first use: an import, the command run most, loads none of these modules
# before its first request (the other jobs, and the API resource by resource).
_LAZY = {
    "Client": "bulkspot.runner.client",
    **dict.fromkeys(("CopyJob", "CopySummary"), "bulkspot.runner.copy"),
    **dict.fromkeys(  # one template, many accounts
        ("AccountCopy", "CopyTarget", "ManyCopyJob", "ManyCopySummary", "copy_many"),
        "bulkspot.api_copy_many",
    ),
    "targets_from_file": "bulkspot.api_copy_many",
    **dict.fromkeys(("ExportJob", "ExportSummary"), "bulkspot.runner.export"),
    "ExportProgress": "bulkspot.runner.page_reader",
    **dict.fromkeys(
        ("CodesWritten", "GeneratedCodes", "PromocodeBatch"), "bulkspot.runner.generate"
    ),
    "writable": "bulkspot.types",  # typed per kind there, with the other generated types
}


def __getattr__(name: str) -> Any:
    """A name of `_LAZY`, imported from its home on first use."""
    if name in _LAZY:
        from importlib import import_module

        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'bulkspot.api' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *_LAZY})


ENV_API_KEY, ENV_TOKEN, ENV_BASE_URL = "CTCT_API_KEY", "CTCT_ACCESS_TOKEN", "BULKSPOT_BASE_URL"
SOURCE_ENV = ("CTCT_SOURCE_API_KEY", "CTCT_SOURCE_ACCESS_TOKEN", "BULKSPOT_SOURCE_BASE_URL")


def settings_from_env(environ: Mapping[str, str] | None = None) -> ApiSettings:
    """ApiSettings from CTCT_API_KEY, CTCT_ACCESS_TOKEN and BULKSPOT_BASE_URL, as the command
    line reads them; ConfigError names the variable that is missing."""
    from bulkspot.core.wording import for_library

    env = os.environ if environ is None else environ
    with for_library():
        return ApiSettings(
            api_key=env.get(ENV_API_KEY, ""),
            token=env.get(ENV_TOKEN, ""),
            base_url=env.get(ENV_BASE_URL) or DEFAULT_BASE_URL,
        )


async def export(
    job: ExportJob,
    config: RunConfig,
    *,
    on_progress: Callable[[ExportProgress], None] | None = None,
    sender: Sender | None = None,
) -> ExportSummary:
    """Write what the API holds of `job.kind` as the sheet `bulkspot import` reads (the
    `id` column filled, unless `job.with_ids` is False); a stopped export resumes from its
    journal of pages. Read only: every request passes the job's rate gate."""
    from bulkspot.core.wording import for_library
    from bulkspot.runner.export import export_sheet

    with for_library():
        async with connect(config, sender=sender) as requester:
            return await export_sheet(
                job, requester, api=config.api.base_url, on_progress=on_progress
            )


def describe_export(summary: ExportSummary) -> str:
    """One line for a person: what an export wrote where, and what it cost."""
    from bulkspot.runner.export import describe

    return describe(summary)


def run_export(
    kind: str,
    output: StrPath,
    *,
    config: RunConfig,
    event_id: str | None = None,
    with_ids: bool = True,
    fresh: bool = False,
) -> ExportSummary:
    """`export`, blocking; the keywords are `bulkspot export`'s options."""
    import anyio

    from bulkspot.runner.export import ExportJob

    job = ExportJob(kind, output, event_id, with_ids=with_ids, fresh=fresh)
    return anyio.run(lambda: export(job, config))


def source_settings(
    destination: ApiSettings, environ: Mapping[str, str] | None = None
) -> ApiSettings:
    """The source account of a copy: CTCT_SOURCE_API_KEY, CTCT_SOURCE_ACCESS_TOKEN and
    BULKSPOT_SOURCE_BASE_URL, each the destination's own when not set (one account)."""
    env = os.environ if environ is None else environ
    key, token, base = (env.get(name) for name in SOURCE_ENV)
    return ApiSettings(
        api_key=key or destination.api_key,
        token=token or destination.token,
        base_url=base or destination.base_url,
    )


async def copy(
    job: CopyJob,
    config: RunConfig,
    source: RunConfig | None = None,
    observers: Sequence[Observer] = (),
    *,
    handle_signals: bool = False,
    on_progress: Callable[[ExportProgress], None] | None = None,
    on_kind: Callable[[str, str], None] | None = None,
    sender: Sender | None = None,
    source_sender: Sender | None = None,
) -> CopySummary:
    """Copy an event's fees, items with attributes and promocodes into another event
    (`config`'s account); `source`: the account to read from (default: the same). Each kind
    is an import with its own journal in `job.work_folder`: resumable, undoable."""
    from bulkspot.core.wording import for_library
    from bulkspot.runner.copy import copy_event

    source_config = config if source is None else checked_config(source, "source")
    with for_library():
        async with (
            connect(source_config, sender=source_sender or sender) as reader,
            connect(config, observers, sender=sender) as requester,
        ):
            return await copy_event(
                job,
                source=reader,
                source_api=source_config.api.base_url,
                config=config,
                requester=requester,
                handle_signals=handle_signals,
                on_progress=on_progress,
                on_kind=on_kind,
            )


def run_copy(
    from_event: str,
    to_event: str,
    *,
    config: RunConfig,
    source: RunConfig | None = None,
    kinds: Sequence[str] = (),
    folder: StrPath | None = None,
    observers: Sequence[Observer] = (),
    keep_amounts: bool = False,
) -> CopySummary:
    """`copy`, blocking; the keywords are `bulkspot copy`'s options (`keep_amounts`:
    between currencies, the numbers kept as they are in the new one)."""
    import anyio

    from bulkspot.runner.copy import CopyJob

    job = CopyJob(from_event, to_event, tuple(kinds), folder or None, keep_amounts=keep_amounts)
    return anyio.run(lambda: copy(job, config, source, observers))
