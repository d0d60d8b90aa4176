"""Fixtures of the CLI tests: a clean environment, click's CliRunner in-process, and the
simulator on a free loopback port (subprocesses, where a real terminal or a real process
matters, are started by the tests themselves)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.cli.invoke import Cli
from tests.cli.sandbox import Sandbox, start_sandbox

CREDENTIAL_ENV = ("CTCT_API_KEY", "CTCT_ACCESS_TOKEN", "BULKSPOT_BASE_URL")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials leak in from the developer's shell; no colours forced."""
    for name in (*CREDENTIAL_ENV, "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    monkeypatch.chdir(tmp_path)
    yield Cli(tmp_path)


@pytest.fixture(scope="module")
def sandbox() -> Iterator[Sandbox]:
    """A quick simulator: no latency, a rate the tests never reach."""
    yield from start_sandbox(rate=1000, latency_ms=0, seed=1)
