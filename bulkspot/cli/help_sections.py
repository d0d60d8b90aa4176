"""`--help` in sections: each option names the group it belongs to (Input, Limits, Output,
Credentials, a command's own), and a `SectionedCommand` shows each group under its own heading,
so a command of twenty options still reads as four short lists.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

F = TypeVar("F", bound=Callable[..., Any])


class SectionedOption(click.Option):
    """An option that belongs to a named group of the help (Input, Limits, ...)."""

    def __init__(self, *args: Any, section: str = "Options", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.section = section


class SectionedCommand(click.Command):
    """`--help` with the options under their groups' headings, in the order they come, and
    the options of no group (--help among them) last."""

    def format_options(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        sections: dict[str, list[tuple[str, str]]] = {}
        for param in self.get_params(ctx):
            record = param.get_help_record(ctx) if isinstance(param, click.Option) else None
            if record is not None:
                section = getattr(param, "section", "Options")
                sections.setdefault(section, []).append(record)
        plain = sections.pop("Options", [])  # --help and the command's own: last
        for name, records in [*sections.items(), ("Options", plain)]:
            if not records:
                continue
            with formatter.section(name):
                formatter.write_dl(records)


def option(*names: str, section: str, **kwargs: Any) -> Callable[[F], F]:
    """click.option, in a section of the help."""
    return click.option(*names, cls=SectionedOption, section=section, **kwargs)


def stacked(*decorators: Callable[[Any], Any]) -> Callable[[F], F]:
    """The decorators as one, applied as if written one above the other in this order."""

    def apply(func: F) -> F:
        for decorator in reversed(decorators):
            func = decorator(func)
        return func

    return apply
