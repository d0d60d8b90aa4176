"""`bulkspot.__all__` is the library's surface: pinned here, every name resolves from its
home, and `__version__` is the installed package's."""

from __future__ import annotations

import importlib.metadata

import pytest

import bulkspot
from bulkspot import config, errors
from bulkspot.core.operation import OnExisting
from bulkspot.core.outcome import Status

SURFACE = [
    "EXIT_OK", "EXIT_SOME_ROWS_BAD", "EXIT_STOPPED", "ApiError", "ApiSettings", "Attribute",
    "BulkspotError", "Campaign", "CampaignIds", "Client", "ConfigError", "ConflictError",
    "ContactList", "CopyJob", "CopySummary", "Event", "EventIds", "EventSummary", "ExportJob",
    "ExportSummary", "Fee", "File", "Folder", "ImportJob", "Item", "ItemIds", "JournalError",
    "Kind", "Limits", "NoIds", "NotFoundError", "OnExisting", "Promocode", "Registrant",
    "RetryPolicy", "RunConfig", "RunSummary", "Schedule", "Session", "Status", "StopRun",
    "TransferError", "UnknownKindError", "UsageError", "__version__", "copy", "export",
    "import_sheet", "open_client", "run_copy", "run_export", "run_import", "run_undo",
    "settings_from_env", "undo_journal", "writable",
]  # fmt: skip


def test_the_surface_is_pinned() -> None:
    """A change here is a change of the library's API: say so in the changelog."""
    assert bulkspot.__all__ == SURFACE


@pytest.mark.parametrize("name", SURFACE)
def test_every_name_of_the_surface_resolves(name: str) -> None:
    assert getattr(bulkspot, name) is not None
    assert name in dir(bulkspot)


def test_names_come_from_their_home_modules() -> None:
    assert bulkspot.Status is Status and bulkspot.OnExisting is OnExisting
    assert bulkspot.RunConfig is config.RunConfig and bulkspot.Limits is config.Limits
    for name in ("BulkspotError", "ConflictError", "StopRun", "TransferError", "UsageError"):
        assert getattr(bulkspot, name) is getattr(errors, name)


def test_the_version_is_the_package_metadata() -> None:
    assert bulkspot.__version__ == importlib.metadata.version("bulkspot")


def test_a_name_outside_the_surface_is_an_attribute_error() -> None:
    with pytest.raises(AttributeError, match="module 'bulkspot' has no attribute 'Executor'"):
        _ = bulkspot.Executor  # type: ignore[attr-defined]
