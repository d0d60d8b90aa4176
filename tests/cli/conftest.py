"""CLI tests: click's CliRunner in-process, the simulator on a free loopback port, and
subprocesses where a real terminal or a real process matters."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from bulkspot.cli import cli

REPO = Path(__file__).resolve().parents[2]
SAMPLES = REPO / "samples"
CREDENTIAL_ENV = ("CTCT_API_KEY", "CTCT_ACCESS_TOKEN", "BULKSPOT_BASE_URL")


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch) -> None:
    """No credentials leak in from the developer's shell; no colours forced."""
    for name in (*CREDENTIAL_ENV, "FORCE_COLOR", "NO_COLOR", "TTY_COMPATIBLE"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("COLUMNS", "100")


class Cli:
    def __init__(self, cwd: Path) -> None:
        self.runner = CliRunner()
        self.cwd = cwd

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(
            cli, list(args), env=env, catch_exceptions=False, prog_name="bulkspot"
        )


@pytest.fixture
def run_cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Cli]:
    monkeypatch.chdir(tmp_path)
    yield Cli(tmp_path)
