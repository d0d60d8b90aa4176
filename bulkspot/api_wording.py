"""Who a message speaks to: the command line says so once per command, so the errors raised
inside name options as flags (`--fresh`) rather than a library caller's keywords."""

from __future__ import annotations

from bulkspot.core.wording import for_command_line, for_library

__all__ = ["for_command_line", "for_library"]
