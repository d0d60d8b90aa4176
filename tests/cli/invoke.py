"""bulkspot's commands run in-process with click's CliRunner, from a given folder."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner, Result

from bulkspot.cli import cli


class Cli:
    def __init__(self, cwd: Path) -> None:
        self.runner = CliRunner()
        self.cwd = cwd

    def __call__(self, *args: str, env: dict[str, str] | None = None) -> Result:
        return self.runner.invoke(
            cli, list(args), env=env, catch_exceptions=False, prog_name="bulkspot"
        )
