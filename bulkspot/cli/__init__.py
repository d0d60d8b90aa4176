"""The command line: click commands that turn options into settings and call the library."""

from bulkspot.cli.app import cli, main

__all__ = ["cli", "main"]
