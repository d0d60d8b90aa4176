"""Who a message speaks to: the command line's `--fresh`, or a library caller's `fresh=True`.

The stores that raise (the journal) do not know who called them; the facade says so for the
calls it makes (`for_library`), the command line for its own (`for_command_line`), and a
message names an option with `option(...)`. With neither said, the command line's words.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager, contextmanager
from contextvars import ContextVar

_LIBRARY = {
    "--api-key": "api_key=",
    "--event": "event_id=",
    "--to-event": "to_event=",
    "--fresh": "fresh=True",
    "--journal": "journal_path",
    "--map": "column_map",
    "--retry-failed": "retry_failed=True",
    "--token": "token=",
    "--results": "results_path",
    "--output": "output",
    "--no-ids": "with_ids=False",
}
_AUDIENCE: ContextVar[str | None] = ContextVar("bulkspot_audience", default=None)


def option(flag: str) -> str:
    """The option as the caller spells it: `--fresh` on the command line, `fresh=True`
    for a library caller."""
    return _LIBRARY.get(flag, flag) if _AUDIENCE.get() == "library" else flag


def option_given(flag: str, value: str) -> str:
    """An option with its value: `--event ID` / `event_id=ID`, and `--map COLUMN=FIELD` /
    `column_map={'COLUMN': 'FIELD'}`."""
    if _AUDIENCE.get() != "library":
        return f"{flag} {value}"
    if flag == "--map":
        column, _, field = value.partition("=")
        return f"column_map={{{column!r}: {field!r}}}"
    return f"{_LIBRARY.get(flag, flag).rstrip('=')}={value}"


def again() -> str:
    """How the caller goes on where a run stopped: the same command, or the same call."""
    if _AUDIENCE.get() == "library":
        return "make the same call again"
    return "run the same command again"


def interrupted_hint() -> str:
    """How to go on after a first Ctrl-C or SIGTERM, and that a second one stops at once."""
    if _AUDIENCE.get() == "library":
        return "make the same call again to finish the rest (a second signal stops at once)"
    return "run the same command again to finish the rest (Ctrl-C again stops at once)"


@contextmanager
def _speaking(audience: str, *, override: bool) -> Iterator[None]:
    if not override and _AUDIENCE.get() is not None:
        yield
        return
    token = _AUDIENCE.set(audience)
    try:
        yield
    finally:
        _AUDIENCE.reset(token)


def for_library() -> AbstractContextManager[None]:
    """Messages raised inside name options as a library caller spells them, unless the
    command line has said it is the caller."""
    return _speaking("library", override=False)


def for_command_line() -> AbstractContextManager[None]:
    """Messages raised inside name options as flags (the CLI's own calls)."""
    return _speaking("command line", override=True)
