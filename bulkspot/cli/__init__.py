"""The command line: click commands that turn options into settings and call the library.

Nothing here is imported before it is needed: `bulkspot --help` must not pay for the
library, the transport or the simulator (see bulkspot/cli/app.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from bulkspot.cli.app import cli

__all__ = ["cli", "main"]


def main() -> None:
    """The console-script entry point (`bulkspot = "bulkspot.cli:main"`)."""
    from bulkspot.cli.app import main as run

    run()


def __getattr__(name: str) -> Any:
    if name == "cli":
        from bulkspot.cli.app import cli

        return cli
    raise AttributeError(f"module 'bulkspot.cli' has no attribute {name!r}")
