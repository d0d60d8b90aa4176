"""The edge between the command line and the library: errors become messages, and the
command a person typed becomes the command that resumes it.

Every command runs its work inside `user_errors()`: a BulkspotError (bad settings, a sheet
that cannot be read, a journal of another job, a fatal answer) is printed as one clean line
and exits 2, never as a traceback.
"""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import click

from bulkspot.errors import BulkspotError, StopRun

EXIT_USAGE = 2
ARGV_KEY = "bulkspot.argv"
SECRET_OPTIONS = ("--api-key", "--token")


class Failure(click.ClickException):
    """A clean `Error: ...` line and exit code 2 (usage error or a stopped run)."""

    exit_code = EXIT_USAGE


def can_ask() -> bool:
    """A person is there to answer: stdin and stderr (where the question goes) are a
    terminal."""
    return all(stream is not None and stream.isatty() for stream in (sys.stdin, sys.stderr))


class BulkspotGroup(click.Group):
    """A click group that remembers the arguments it was given, to print resume commands."""

    def make_context(
        self,
        info_name: str | None,
        args: list[str],
        parent: click.Context | None = None,
        **extra: Any,
    ) -> click.Context:
        argv = list(args)
        ctx = super().make_context(info_name, args, parent, **extra)
        ctx.meta[ARGV_KEY] = argv
        return ctx


def _said(error: BulkspotError) -> str:
    """The message, and for a stopped run what to do about it (a refused token: which
    variable or option to fix), as an import's summary says it."""
    hint = error.resume_hint if isinstance(error, StopRun) else ""
    return f"{error}; {hint}" if hint else str(error)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn what a person can fix into a message; set BULKSPOT_DEBUG=1 for tracebacks."""
    try:
        yield
    except (click.ClickException, click.exceptions.Exit, click.Abort):
        raise
    except BulkspotError as error:
        raise Failure(_said(error)) from None
    except ExceptionGroup as group:
        # a BulkspotError raised inside a task group comes out wrapped: it is still one
        first = _only_bulkspot_error(group)
        if first is None:
            if os.environ.get("BULKSPOT_DEBUG"):
                raise
            raise Failure(_bug(group)) from None
        raise Failure(_said(first)) from None
    except OSError as error:
        where = f": {error.filename}" if error.filename else ""
        raise Failure(f"{error.strerror or error}{where}") from None
    except KeyboardInterrupt:
        raise Failure("interrupted; run the same command again to finish the rest") from None
    except Exception as error:
        if os.environ.get("BULKSPOT_DEBUG"):
            raise
        raise Failure(_bug(error)) from None


def _bug(error: Exception) -> str:
    return (
        f"unexpected {type(error).__name__}: {error} (a bug in bulkspot; "
        "set BULKSPOT_DEBUG=1 to see the traceback)"
    )


def _only_bulkspot_error(group: ExceptionGroup[Exception]) -> BulkspotError | None:
    """The first error of a group that holds nothing but BulkspotErrors, else None."""
    mine, rest = group.split(BulkspotError)
    if mine is None or rest is not None:
        return None
    first: BaseException = mine
    while isinstance(first, BaseExceptionGroup):
        first = first.exceptions[0]
    return first if isinstance(first, BulkspotError) else None


def _takes_value(ctx: click.Context) -> dict[str, bool]:
    """Every option string of the command, and whether it is followed by a value."""
    found: dict[str, bool] = {}
    for param in ctx.command.params:
        if isinstance(param, click.Option):
            for opt in (*param.opts, *param.secondary_opts):
                found[opt] = not (param.is_flag or param.count)
    return found


def strip_options(
    argv: Sequence[str], drop: Iterable[str], takes_value: Mapping[str, bool]
) -> list[str]:
    """argv without the options in `drop` (and their values, in either spelling)."""
    dropped = set(drop)
    kept: list[str] = []
    skip_next = False
    for arg in argv:
        if skip_next:
            skip_next = False
            continue
        name = arg.split("=", 1)[0] if arg.startswith("--") else arg
        if name in dropped:
            skip_next = "=" not in arg and takes_value.get(name, True)
            continue
        kept.append(arg)
    return kept


def command_line(
    *,
    drop: Iterable[str] = (),
    add: Sequence[str] = (),
    replace: Sequence[str] | None = None,
) -> str:
    """The command as typed (secrets left out), minus `drop`, plus `add`.

    `replace`: new leading words instead of the command's path (e.g. a generated CSV's own
    import command instead of `promocodes generate`).
    """
    ctx = click.get_current_context()
    argv: list[str] = list(ctx.meta.get(ARGV_KEY, sys.argv[1:]))
    takes = _takes_value(ctx)
    argv = strip_options(argv, (*SECRET_OPTIONS, *drop), takes)
    if replace is not None:
        depth = len(ctx.command_path.split()) - 1  # the words after `bulkspot`
        argv = [*replace, *argv[depth:]]
    argv += [a for a in add if a not in argv]
    return shlex.join(["bulkspot", *argv])
