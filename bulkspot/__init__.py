"""bulkspot: bulk spreadsheet imports into the Constant Contact v2 EventSpot API.

The library in one import (loaded on first use, so `import bulkspot` stays cheap):

    import bulkspot

    config = bulkspot.RunConfig(bulkspot.settings_from_env(), limits=bulkspot.Limits(rate=4))
    summary = bulkspot.run_import("items", "inventory.csv", event_id="...", config=config)

    async with bulkspot.open_client(config) as client:   # the API resource by resource
        fees = await client.list("fee", {"event_id": "..."})

`__all__` is the library's surface (a test pins it); see `bulkspot.api` for the facade.
"""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing: this import stays cheap
if TYPE_CHECKING:
    from typing import Any

    from bulkspot.api import (
        EXIT_OK,
        EXIT_SOME_ROWS_BAD,
        EXIT_STOPPED,
        Client,
        CopyJob,
        CopySummary,
        ExportJob,
        ExportSummary,
        ImportJob,
        RunSummary,
        copy,
        export,
        import_sheet,
        open_client,
        run_copy,
        run_export,
        run_import,
        run_undo,
        settings_from_env,
        undo_journal,
        writable,
    )
    from bulkspot.config import ApiSettings, Limits, RetryPolicy, RunConfig
    from bulkspot.core.operation import OnExisting
    from bulkspot.core.outcome import Status
    from bulkspot.errors import (
        ApiError,
        BulkspotError,
        ConfigError,
        ConflictError,
        JournalError,
        NotFoundError,
        StopRun,
        TransferError,
        UnknownKindError,
        UsageError,
    )
    from bulkspot.session import Session
    from bulkspot.types import (
        Attribute,
        Campaign,
        CampaignIds,
        ContactList,
        Event,
        EventIds,
        EventSummary,
        Fee,
        File,
        Folder,
        Item,
        ItemIds,
        Kind,
        NoIds,
        Promocode,
        Registrant,
        Schedule,
    )

    __version__: str

__all__ = [
    "EXIT_OK",
    "EXIT_SOME_ROWS_BAD",
    "EXIT_STOPPED",
    "ApiError",
    "ApiSettings",
    "Attribute",
    "BulkspotError",
    "Campaign",
    "CampaignIds",
    "Client",
    "ConfigError",
    "ConflictError",
    "ContactList",
    "CopyJob",
    "CopySummary",
    "Event",
    "EventIds",
    "EventSummary",
    "ExportJob",
    "ExportSummary",
    "Fee",
    "File",
    "Folder",
    "ImportJob",
    "Item",
    "ItemIds",
    "JournalError",
    "Kind",
    "Limits",
    "NoIds",
    "NotFoundError",
    "OnExisting",
    "Promocode",
    "Registrant",
    "RetryPolicy",
    "RunConfig",
    "RunSummary",
    "Schedule",
    "Session",
    "Status",
    "StopRun",
    "TransferError",
    "UnknownKindError",
    "UsageError",
    "__version__",
    "copy",
    "export",
    "import_sheet",
    "open_client",
    "run_copy",
    "run_export",
    "run_import",
    "run_undo",
    "settings_from_env",
    "undo_journal",
    "writable",
]  # fmt: skip

# Each name's home module; everything else in __all__ comes from the facade, bulkspot.api.
_HOMES = {
    "ApiSettings": "bulkspot.config",
    "Limits": "bulkspot.config",
    "RetryPolicy": "bulkspot.config",
    "RunConfig": "bulkspot.config",
    "OnExisting": "bulkspot.core.operation",
    "Status": "bulkspot.core.outcome",
    "BulkspotError": "bulkspot.errors",
    "ConflictError": "bulkspot.errors",
    "StopRun": "bulkspot.errors",
    "TransferError": "bulkspot.errors",
    "ApiError": "bulkspot.errors",
    "ConfigError": "bulkspot.errors",
    "JournalError": "bulkspot.errors",
    "NotFoundError": "bulkspot.errors",
    "UnknownKindError": "bulkspot.errors",
    "UsageError": "bulkspot.errors",
    "Session": "bulkspot.session",
    **dict.fromkeys(
        (
            "Attribute",
            "Campaign",
            "CampaignIds",
            "ContactList",
            "Event",
            "EventIds",
            "EventSummary",
            "Fee",
            "File",
            "Folder",
            "Item",
            "ItemIds",
            "Kind",
            "NoIds",
            "Promocode",
            "Registrant",
            "Schedule",
        ),
        "bulkspot.types",
    ),
}


def __getattr__(name: str) -> Any:
    """A name of the surface, imported from its home on first use."""
    if name == "__version__":
        from importlib.metadata import version

        return version("bulkspot")
    if name in __all__:
        from importlib import import_module

        return getattr(import_module(_HOMES.get(name, "bulkspot.api")), name)
    raise AttributeError(f"module 'bulkspot' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
