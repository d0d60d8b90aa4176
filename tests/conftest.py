"""Fixtures for the whole suite."""

from __future__ import annotations

from pathlib import Path

import pytest

from bulkspot.sinks.cache_folder import ENV_CACHE_DIR


@pytest.fixture(autouse=True)
def cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Each test's own cache folder (target locks, rate windows): the suite never writes to
    the real home, and no test's locks or windows reach another's. Named both ways, so a
    subprocess started with os.environ less the BULKSPOT_ variables (as the terminal tests
    do) still finds the same folder through XDG_CACHE_HOME."""
    xdg = tmp_path_factory.mktemp("cache")
    folder = xdg / "bulkspot"
    monkeypatch.setenv("XDG_CACHE_HOME", str(xdg))
    monkeypatch.setenv(ENV_CACHE_DIR, str(folder))
    return folder
