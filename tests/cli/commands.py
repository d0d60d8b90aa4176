"""Every command path of `bulkspot`, for tests that must cover each one."""

from __future__ import annotations

import click

from bulkspot.cli import cli


def all_commands() -> list[tuple[str, ...]]:
    """Every command path, loading the lazy ones (`group.commands` holds only those loaded)."""
    found: list[tuple[str, ...]] = [()]

    def walk(group: click.Group, path: tuple[str, ...]) -> None:
        ctx = click.Context(group)
        for name in group.list_commands(ctx):
            command = group.get_command(ctx, name)
            assert command is not None, name
            found.append((*path, name))
            if isinstance(command, click.Group):
                walk(command, (*path, name))

    walk(cli, ())
    return found
