"""A click group whose commands are imported only when they run or show their own help.

`bulkspot --help` lists every command, and click would import each one to ask for its
one-line summary: the library, rich and (for `serve`) the simulator on aiohttp.web, for a
screen of text. The group keeps each command's summary beside where it lives instead, and
imports a command's module only when that command is asked for; a test holds the summaries
against the commands' own.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import click

from bulkspot.cli.boundary import BulkspotGroup


@dataclass(frozen=True, slots=True)
class LazyCommand:
    """Where a command lives ("module:attribute") and the summary `--help` lists for it."""

    target: str
    summary: str

    def short_help(self, limit: int) -> str:
        """The summary shortened the way click shortens a command's own help."""
        return click.Command(None, help=self.summary).get_short_help_str(limit)

    def load(self) -> click.Command:
        module_name, _, attribute = self.target.partition(":")
        command = getattr(importlib.import_module(module_name), attribute)
        if not isinstance(command, click.Command):
            raise TypeError(f"{self.target} is not a click command")
        return command


class LazyGroup(BulkspotGroup):
    """A group of commands named in `lazy`, each imported on first use."""

    def __init__(self, *args: Any, lazy: Mapping[str, LazyCommand], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lazy = dict(lazy)

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *self.lazy})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in self.lazy:
            self.add_command(self.lazy[cmd_name].load(), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        """The command list, from the summaries: nothing is imported to show it."""
        names = self.list_commands(ctx)
        if not names:
            return
        limit = formatter.width - 6 - max(len(name) for name in names)
        rows = []
        for name in names:
            loaded = self.commands.get(name)
            if loaded is not None and loaded.hidden:
                continue
            # the kept summary, loaded or not: a command's own short_help is not shortened
            # by click, and the list must read the same before and after a command has run
            summary = (
                self.lazy[name].short_help(limit)
                if name in self.lazy
                else loaded.get_short_help_str(limit)  # type: ignore[union-attr]
            )
            rows.append((name, summary))
        with formatter.section("Commands"):
            formatter.write_dl(rows)
