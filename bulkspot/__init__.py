"""bulkspot: bulk spreadsheet imports into the Constant Contact v2 EventSpot API.

The library in one import (loaded on first use, so `import bulkspot` stays cheap):

    import bulkspot

    config = bulkspot.RunConfig(bulkspot.settings_from_env(), limits=bulkspot.Limits(rate=4))
    summary = bulkspot.run_import("items", "inventory.csv", event_id="...", config=config)

    async with bulkspot.open_client(config) as client:   # the API resource by resource
        fees = await client.list("fee", {"event_id": "..."})

See `bulkspot.api` for the whole facade.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"

if TYPE_CHECKING:
    from bulkspot.api import (
        EXIT_OK,
        EXIT_SOME_ROWS_BAD,
        EXIT_STOPPED,
        ApiSettings,
        Client,
        ImportJob,
        Limits,
        RetryPolicy,
        RunConfig,
        RunSummary,
        import_sheet,
        open_client,
        run_import,
        run_undo,
        settings_from_env,
        undo_journal,
    )
    from bulkspot.errors import BulkspotError, StopRun

__all__ = [
    "EXIT_OK", "EXIT_SOME_ROWS_BAD", "EXIT_STOPPED", "ApiSettings", "BulkspotError", "Client",
    "ImportJob", "Limits", "RetryPolicy", "RunConfig", "RunSummary", "StopRun", "__version__",
    "import_sheet", "open_client", "run_import", "run_undo", "settings_from_env",
    "undo_journal",
]  # fmt: skip
_FROM_ERRORS = ("BulkspotError", "StopRun")


def __getattr__(name: str) -> Any:
    if name in _FROM_ERRORS:
        from bulkspot import errors

        return getattr(errors, name)
    if name in __all__:
        from bulkspot import api

        return getattr(api, name)
    raise AttributeError(f"module 'bulkspot' has no attribute {name!r}")
