"""Fixtures for the whole suite."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bulkspot.sinks.cache_folder import ENV_CACHE_DIR


@pytest.fixture(scope="session", autouse=True)
def cache_folder(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The suite's own cache folder (target locks, rate windows), so it never writes to the
    real home. Set for the whole session, before any module's fixture makes a client (a
    rate gate opens its key's window when it is made). Named both ways, so a subprocess
    started with os.environ less the BULKSPOT_ variables (as the terminal tests do) still
    finds the same folder through XDG_CACHE_HOME."""
    xdg = tmp_path_factory.mktemp("cache")
    folder = xdg / "bulkspot"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_CACHE_HOME", str(xdg))
        patch.setenv(ENV_CACHE_DIR, str(folder))
        yield folder
