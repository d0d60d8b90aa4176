"""The live progress bar on a terminal, apart from bulkspot/cli/progress.py so that a run
on a pipe, in CI or with --quiet never imports rich's live display and its tables."""

from __future__ import annotations

from collections.abc import Callable

from rich.console import Console
from rich.progress import BarColumn, Progress, ProgressColumn, SpinnerColumn, Task
from rich.text import Text


class StatusColumn(ProgressColumn):
    """The view's status line, made when rich draws (a few times a second), not per event."""

    def __init__(self, status_line: Callable[[], str]) -> None:
        super().__init__()
        self.status_line = status_line

    def render(self, task: Task) -> Text:
        return Text(self.status_line())


def live_bar(console: Console, status_line: Callable[[], str]) -> Progress:
    """A spinner, a bar and the status line, redrawn 8 times a second; not started."""
    return Progress(
        SpinnerColumn(),
        BarColumn(bar_width=30),
        StatusColumn(status_line),
        console=console,
        refresh_per_second=8,
    )
