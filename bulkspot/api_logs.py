"""A run's log lines for a command's --log and -v: the library's observer that writes them
to the `bulkspot` loggers, and the formatter that takes the run's secrets out."""

from __future__ import annotations

from bulkspot.runner.log import RedactingFormatter, RunLog

__all__ = ["RedactingFormatter", "RunLog"]
